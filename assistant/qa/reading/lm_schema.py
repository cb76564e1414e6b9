"""The LM parser's grammar and prompt, built from the catalog's own words.

`query_schema` is the JSON schema the LM writes under (`models/llm/constrained.py`
turns it into a grammar); `RULES` and `examples` make its system prompt.
`assistant/qa/reading/lm_parse.py` checks what the LM writes.
"""

from __future__ import annotations

import json
from typing import Any

from assistant.qa.query import INTENTS, OPS

BASE_SORT_KEYS = ("price", "rating", "review_count")

RULES = """You read a shopper's message to an online shop and write what it asks as JSON.
intent: search (find products), lookup (about a named product), compare (two or more named \
products), count (how many), superlative (the one best by price, rating or an attribute: \
cheapest, best rated, lightest), attribute (a yes/no or value question about a feature), \
more (show more results), smalltalk (hello, thanks), out_of_scope (anything else).
scope: "previous" when the message points at earlier results ("of those", "which one", "it").
categories, product_types, brands: only those the message asks for. exclude_brands: brands \
it rules out ("not X"). filters: conditions on attributes, {{"name", "op", "value" or \
"text"}}; op "eq" for a value asked for ("in blue": color eq blue), "lacks" for one ruled out \
("not leather": material lacks leather). min_price, max_price: numbers the message states; \
"nothing over 120" is max_price 120. sort: \
{{"key": "price", "rating" or an attribute, "first": "lowest" (cheapest, lightest) or \
"highest" (most expensive, best rated)}}.
Leave out everything the message does not say. The rules' reading may be wrong; fix it.
The shop sells: {categories}.
Examples:
{examples}"""


def query_schema(
    categories: tuple[str, ...],
    types: tuple[str, ...],
    brands: tuple[str, ...],
    units: dict[str, str | None],
    max_items: int = 3,
) -> dict[str, Any]:
    """The JSON schema the LM writes under; property order is the order it writes them."""

    def listing(values: tuple[str, ...]) -> dict[str, Any]:
        return {"type": "array", "items": {"enum": list(values)}, "maxItems": max_items}

    props: dict[str, Any] = {
        "intent": {"enum": list(INTENTS)},
        "scope": {"enum": ["catalog", "previous"]},
    }
    if categories:
        props["categories"] = listing(categories)
    if types:
        props["product_types"] = listing(types)
    if brands:
        props["brands"] = listing(brands)
        props["exclude_brands"] = listing(brands)
    props["min_price"] = {"type": "number", "minimum": 0}
    props["max_price"] = {"type": "number", "minimum": 0}
    names = tuple(units)
    if names:
        props["filters"] = {
            "type": "array",
            "maxItems": max_items,
            "items": {
                "type": "object",
                "properties": {
                    "name": {"enum": list(names)},
                    "op": {"enum": list(OPS)},
                    "value": {"type": "number"},
                    "text": {"type": "string", "maxLength": 40},
                },
                "required": ["name", "op"],
                "additionalProperties": False,
            },
        }
        props["asked"] = listing(names)
    props["sort"] = {
        "type": "object",
        "properties": {
            "key": {"enum": list(dict.fromkeys(BASE_SORT_KEYS + names))},
            # words, not a boolean: the 0.5B model wrote "descending": true for
            # "cheapest" 7 times in 7 (bench/lm_parse_eval.py)
            "first": {"enum": ["lowest", "highest"]},
        },
        "required": ["key", "first"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": props,
        "required": ["intent"],
        "additionalProperties": False,
    }


def examples(categories: tuple[str, ...], types: tuple[str, ...], brands: tuple[str, ...]) -> str:
    """A few worked examples made from this catalog's own words (no domain in the code)."""
    kind = types[0] if types else (categories[0].lower() if categories else "item")
    kind_field: dict[str, Any] = (
        {"product_types": [types[0]]} if types
        else {"categories": [categories[0]]} if categories else {}
    )
    cheap = {"key": "price", "first": "lowest"}
    shots: list[tuple[str, dict[str, Any]]] = [
        (f"how many {kind}s do you have", {"intent": "count", **kind_field}),
        (f"cheapest {kind} under $300",
         {"intent": "superlative", **kind_field, "max_price": 300, "sort": cheap}),
        ("which of those is the most expensive",
         {"intent": "superlative", "scope": "previous",
          "sort": {"key": "price", "first": "highest"}}),
    ]
    if len(brands) >= 2:
        shots += [
            (f"what about {brands[1]}?",
             {"intent": "search", "scope": "previous", "brands": [brands[1]]}),
            (f"any {kind} that is not {brands[0]}?",
             {"intent": "search", **kind_field, "exclude_brands": [brands[0]]}),
        ]
    shots += [
        ("thanks, bye", {"intent": "smalltalk"}),
        ("what's the weather tomorrow?", {"intent": "out_of_scope"}),
    ]
    return "\n".join(
        f"Message: {msg}\nJSON: {json.dumps(q, separators=(',', ':'))}" for msg, q in shots
    )


__all__ = ["BASE_SORT_KEYS", "RULES", "examples", "query_schema"]
