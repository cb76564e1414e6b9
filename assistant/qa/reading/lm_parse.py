"""The LM as a parser: a second reading of a message, as a `Query`, when the rules are unsure.

The local model writes the query as JSON under a grammar built from the
catalog (`models/llm/constrained.py`): intents, categories, product types,
brands and attribute names are enums, so it cannot name a category the shop
does not have. It sees the message, a short dialogue context and the rules'
reading (the hint). Code then checks every field against the catalog and
the message, and drops what fails:

- prices and numeric filter values must be numbers the message (or the
  hint) states ("under 1k" counts as 1000);
- brands must be named in the message (or kept from the hint);
- categories and product types must be named in the message, the context
  or the hint, or be those of the products retrieval finds for the message
  (so "something to boil water" may become stoves, "tents" never "touch");
- text filter values ("propane") must appear in the message;
- scope "previous" needs an earlier turn to point at.

Products, the free-text need and the notes come from the hint (the rules'
fuzzy title matching finds named products better than a 0.5B model). With
`merge_hint`, a field the LM leaves empty keeps the rules' value (prices
and named brands, which the rules read reliably, survive a terse LM).
`parse` returns None when the LM is unavailable, too slow, or writes
nothing usable; the caller keeps the rules' reading then. A message (or a
product name in it) that tries to instruct the model can at most change
which valid query fields it writes: the grammar admits nothing else, and
code checks every value.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.qa.query import INTENTS, OPS, AttributeFilter, Query, Scope, Sort
from assistant.qa.reading.lm_schema import BASE_SORT_KEYS, RULES, examples, query_schema
from models.errors import ClearCartError
from models.llm.base import LMBackend, Message

if TYPE_CHECKING:
    from assistant.qa.knowledge import ShopKnowledge


@dataclass(frozen=True)
class LMParseConfig:
    # Seconds of decoding before the LM's reading is abandoned (the rules' one stands).
    timeout_s: float = 6.0
    # A compact query is 10-40 tokens; this bounds a runaway list.
    max_new_tokens: int = 80
    # At most this many values in each list the LM fills (categories, brands, filters...).
    max_items: int = 3
    # Characters of dialogue context shown to the LM (the most recent are kept).
    max_context_chars: int = 400
    # Longer messages are cut to this many characters before the LM sees them.
    max_message_chars: int = 400
    # Categories named in the system prompt (the rest are still allowed by the grammar).
    prompt_categories: int = 30
    # Fields the LM leaves empty keep the rules' value (False: the LM's reading alone).
    merge_hint: bool = True
    # Show the rules' reading in the prompt (False: the LM reads the message unaided;
    # bench/lm_parse_eval.py --lm-alone measures that).
    show_hint: bool = True
    # Retrieval hits whose categories and types count as support for the LM's choice.
    support_hits: int = 20


_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(k\b)?", re.I)


class LMParser:
    """Fills a `Query` from a message with the LM under a catalog grammar; code validates it."""

    def __init__(
        self, lm: LMBackend, knowledge: ShopKnowledge, config: LMParseConfig | None = None
    ) -> None:
        self.lm = lm
        self.knowledge = knowledge
        self.config = config or LMParseConfig()
        vocab = knowledge.vocab
        self._categories = tuple(vocab.categories)
        self._types = tuple(vocab.types())
        self._brands = tuple(vocab.brands)
        self._units: dict[str, str | None] = dict(knowledge.attributes.names())
        self.schema = query_schema(
            self._categories, self._types, self._brands, self._units, self.config.max_items
        )
        self.system_prompt = RULES.format(
            categories=", ".join(self._categories[: self.config.prompt_categories]),
            examples=examples(self._categories, self._types, self._brands),
        )
        self.last_seconds = 0.0  # wall time of the last parse (for benchmarks)
        self.last_raw = ""  # the LM's JSON text of the last parse (for debugging)

    def messages(self, text: str, context: str, hint: Query) -> list[Message]:
        """The chat the LM answers: fixed system prompt (prefix-cached), then this turn."""
        cfg = self.config
        earlier = context.strip()[: cfg.max_context_chars] or "(nothing)"
        reading = json.dumps(_hint_dict(hint), separators=(",", ":"))
        user = (
            f"Earlier: {earlier}\n"
            + (f"Rules' reading: {reading}\n" if cfg.show_hint else "")
            + f"Message: {text.strip()[: cfg.max_message_chars]}"
        )
        return [
            {"role": "system", "content": self.system_prompt},
            {"role": "user", "content": user},
        ]

    def parse(self, text: str, context: str, hint: Query) -> Query | None:
        """The LM's reading of `text`, validated; None if there is none worth using."""
        start = time.perf_counter()
        self.last_raw = ""
        try:
            raw = self.lm.complete_json(
                self.messages(text, context, hint),
                self.schema,
                max_new_tokens=self.config.max_new_tokens,
                timeout_s=self.config.timeout_s,
            )
        except ClearCartError:
            return None  # backend cannot constrain, or failed: the rules' reading stands
        finally:
            self.last_seconds = time.perf_counter() - start
        self.last_raw = raw
        try:
            data = json.loads(raw)
        except ValueError:
            return None  # cut off by the budget or timeout
        if not isinstance(data, dict):
            return None
        return self.validate(data, text, context, hint)

    # -- validation --------------------------------------------------------------

    def validate(self, data: dict[str, Any], text: str, context: str, hint: Query) -> Query | None:
        """A `Query` from the LM's JSON with every field checked; None without a valid intent."""
        intent = data.get("intent")
        if intent not in INTENTS:
            return None
        low = text.lower()
        numbers = _numbers(text) | {p for p in (hint.min_price, hint.max_price) if p is not None}
        named_brands = self._brands_named(text) | set(hint.brands) | set(hint.exclude_brands)
        min_price = _price(data.get("min_price"), numbers)
        max_price = _price(data.get("max_price"), numbers)
        if self.config.merge_hint and (hint.min_price is not None or hint.max_price is not None):
            # the rules read prices with their direction ("under $800"); the LM mixed
            # them up (min_price 800 for "under $800")
            min_price, max_price = hint.min_price, hint.max_price
        if min_price is not None and max_price is not None and min_price > max_price:
            min_price = max_price = None
        # a sort only orders a superlative (or keeps the rules' one): the 0.5B model
        # copied the examples' price sort onto 8 plain searches in the bench
        sort = self._sort(data.get("sort")) if intent == "superlative" or hint.sort else None
        scope: Scope = (
            "previous" if data.get("scope") == "previous" and context.strip() else "catalog"
        )
        categories = _keep(data.get("categories"), self._categories)
        types = _keep(data.get("product_types"), self._types)
        if categories or types:
            cats_ok, types_ok = self._supported(text, context, hint)
            categories = tuple(c for c in categories if c in cats_ok)
            types = tuple(t for t in types if t in types_ok)
        query = Query(
            intent=intent,
            categories=categories,
            product_types=types,
            min_price=min_price,
            max_price=max_price,
            brands=tuple(b for b in _keep(data.get("brands"), self._brands) if b in named_brands),
            exclude_brands=tuple(
                b for b in _keep(data.get("exclude_brands"), self._brands) if b in named_brands
            ),
            filters=self._filters(data.get("filters"), low, numbers, hint),
            products=hint.products,
            asked=_keep(data.get("asked"), tuple(self._units)),
            sort=sort,
            scope=scope,
            need=hint.need,
            notes=hint.notes,
        )
        return _merge(query, hint) if self.config.merge_hint else query

    def _supported(self, text: str, context: str, hint: Query) -> tuple[set[str], set[str]]:
        """Categories and types the message, context, hint or retrieval give grounds for."""
        cats, types = set(hint.categories), set(hint.product_types)
        for m in self.knowledge.vocab.mentions(text):
            (cats if m.kind == "category" else types).add(m.value)
        low = context.lower()
        cats.update(c for c in self._categories if c.lower() in low)
        types.update(t for t in self._types if f"'{t.lower()}'" in low or f'"{t}"' in low)
        for product, _ in self.knowledge.index.search(text, k=self.config.support_hits):
            cats.add(product.category)
            types.add(self.knowledge.vocab.type_of(product))
        return cats, types

    def _brands_named(self, text: str) -> set[str]:
        named = {m.value for m in self.knowledge.vocab.mentions(text) if m.kind == "brand"}
        low = f" {text.lower()} "
        named.update(b for b in self._brands if f" {b.lower()} " in low or f"{b.lower()}'" in low)
        return named

    def _filters(
        self, raw: Any, low: str, numbers: set[float], hint: Query
    ) -> tuple[AttributeFilter, ...]:
        out: list[AttributeFilter] = []
        hinted = {f.name for f in hint.filters}
        for item in raw if isinstance(raw, list) else []:
            if not isinstance(item, dict) or item.get("name") not in self._units:
                continue
            name, op = str(item["name"]), item.get("op", "has")
            if op not in OPS:
                continue
            value, text = item.get("value"), item.get("text")
            if op in ("has", "lacks") and isinstance(text, str) and text.strip() \
                    and text.strip().lower() in low:  # "not leather": material lacks leather
                out.append(AttributeFilter(name, op, text=text.strip().lower()))
            elif op in ("has", "lacks"):
                # the attribute must be named in the message ("a remote?") or by the rules
                if name in hinted or all(w in low for w in name.lower().split("_")):
                    out.append(AttributeFilter(name, op))
            elif isinstance(value, int | float) and _stated(float(value), self._units[name],
                                                            low, numbers):
                out.append(AttributeFilter(name, op, float(value), self._units[name]))
            elif op == "eq" and isinstance(text, str) and text.strip() and text.lower() in low:
                out.append(AttributeFilter(name, "eq", text=text.strip().lower()))
        return tuple(dict.fromkeys(out))

    def _sort(self, raw: Any) -> Sort | None:
        if not isinstance(raw, dict):
            return None
        key = raw.get("key")
        if key not in BASE_SORT_KEYS and key not in self._units:
            return None
        return Sort(str(key), raw.get("first") == "highest")


def _merge(query: Query, hint: Query) -> Query:
    """`query` with each empty field filled from the rules' reading `hint`."""
    changes: dict[str, Any] = {}
    for name in ("categories", "product_types", "brands", "exclude_brands", "filters", "asked",
                 "min_price", "max_price", "sort"):
        if getattr(query, name) in (None, ()) and getattr(hint, name) not in (None, ()):
            changes[name] = getattr(hint, name)
    # a brand the LM rules out is not kept as wanted (and the reverse)
    if "brands" in changes:
        changes["brands"] = tuple(b for b in hint.brands if b not in query.exclude_brands)
    if "exclude_brands" in changes:
        changes["exclude_brands"] = tuple(b for b in hint.exclude_brands if b not in query.brands)
    if hint.scope == "previous":
        changes["scope"] = "previous"
    sort = changes.get("sort", query.sort)
    if sort is not None and hint.sort is not None and sort.key == hint.sort.key:
        changes["sort"] = hint.sort  # "cheapest" / "most" are read reliably by the rules
    return query.but(**changes) if changes else query


def _hint_dict(hint: Query) -> dict[str, Any]:
    """The rules' reading as the LM sees it: the fields it may correct."""
    data = hint.to_dict()
    for key in ("products", "need", "notes"):
        data.pop(key, None)
    if hint.sort is not None:  # in the LM's own words
        data["sort"] = {"key": hint.sort.key,
                        "first": "highest" if hint.sort.descending else "lowest"}
    return data


def _keep(raw: Any, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """The values of a JSON list that the catalog has, in order, without repeats."""
    if not isinstance(raw, list):
        return ()
    known = set(allowed)
    return tuple(dict.fromkeys(v for v in raw if isinstance(v, str) and v in known))


_WORDS_TO_20 = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                "fourteen fifteen sixteen seventeen eighteen nineteen twenty")
_SMALL = {w: float(i) for i, w in enumerate(_WORDS_TO_20.split())}
_SMALL.update({"a": 1.0, "thirty": 30.0, "forty": 40.0, "fifty": 50.0, "sixty": 60.0,
               "seventy": 70.0, "eighty": 80.0, "ninety": 90.0})
_SCALE = {"hundred": 100.0, "thousand": 1000.0, "grand": 1000.0}
_WORD_NUMBER = re.compile(rf"\b(?:({'|'.join(_SMALL)})\s+)?({'|'.join(_SCALE)})\b", re.I)


def _numbers(text: str) -> set[float]:
    """Every number the text states ("$1,299.99", "16GB", "1.5k" -> 1500.0 too,
    "a thousand" / "two hundred" / "5 grand" in words)."""
    out: set[float] = set()
    for small, scale in _WORD_NUMBER.findall(text):
        out.add(_SMALL.get(small.lower(), 1.0) * _SCALE[scale.lower()])
    for digits, scale in re.findall(r"(\d+(?:\.\d+)?)\s*(hundred|thousand|grand)\b", text, re.I):
        out.add(float(digits) * _SCALE[scale.lower()])
    for digits, k in _NUMBER.findall(text):
        try:
            value = float(digits.replace(",", ""))
        except ValueError:
            continue
        out.add(value * 1000 if k else value)
        out.add(value)
    return out


def _stated(value: float, unit: str | None, low: str, numbers: set[float]) -> bool:
    """Is `value` stated in the message, in `unit` when the attribute has one?

    "16GB" states 16 GB; "50 quarts" does not state 50 L (the rules convert units,
    the LM does not), so such a filter is left to the rules' reading.
    """
    if value not in numbers:
        return False
    if not unit:
        return True
    shown = f"{value:g}"
    return re.search(rf"(?<![\d.]){re.escape(shown)}\s*-?\s*{re.escape(unit.lower())}\b",
                     low) is not None


def _price(raw: Any, numbers: set[float]) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    return float(raw) if float(raw) in numbers and raw >= 0 else None


__all__ = ["BASE_SORT_KEYS", "LMParseConfig", "LMParser", "query_schema"]
