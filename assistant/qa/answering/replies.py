"""The facts-only answer, written in code from a `Plan`.

It is the LM's draft and the fallback when a phrasing fails the grounding
check. It never repeats the shopper's message, praises nothing and gives no
advice: it states what the catalog says, and says when it says nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.catalog.injection import instruction_spans
from assistant.qa.answering.facts import (
    cap,
    clean_text,
    money,
    price_phrase,
    rating_phrase,
    short_name,
    the,
)
from assistant.qa.answering.facts import product_sentence as one_product
from assistant.qa.answering.options import options_named, options_phrase
from assistant.qa.answering.quoted import QUOTED
from assistant.qa.answering.sizes import priced, priced_options
from assistant.qa.answering.verdict_text import record_sentence
from assistant.qa.knowledge.value_match import matching_variants
from assistant.qa.query import Query, Sort
from assistant.qa.reading.cues import asks_price

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.knowledge import ShopKnowledge
    from assistant.qa.plan import Plan, Verdict

_SORT_WORDS = {("price", False): "cheapest", ("price", True): "most expensive",
               ("rating", True): "best-rated", ("rating", False): "lowest-rated",
               ("review_count", True): "most-reviewed", ("review_count", False): "least-reviewed"}


def attr_words(name: str) -> str:
    return name.replace("_", " ")


# Attributes a shopper calls small or large, light or heavy, not low or high.
_SIZES = frozenset({"screen_size", "capacity", "size", "storage", "memory", "cups", "length"})
_WEIGHTS = frozenset({"weight"})
_EXTENTS = {"width": ("widest", "narrowest"), "height": ("tallest", "shortest"),
            "depth": ("deepest", "shallowest"), "thickness": ("thickest", "thinnest")}
_DURATIONS = frozenset({"battery_life", "burn_time", "duration", "insulation_time", "boil_time"})


def sort_phrase(sort: Sort | None) -> str:
    if sort is None:
        return "best"
    if (sort.key, sort.descending) in _SORT_WORDS:
        return _SORT_WORDS[(sort.key, sort.descending)]
    if sort.key in _WEIGHTS:
        return "heaviest" if sort.descending else "lightest"
    if sort.key in _EXTENTS:
        return _EXTENTS[sort.key][0 if sort.descending else 1]
    end = (("largest", "smallest") if sort.key in _SIZES else ("longest", "shortest")
           if sort.key in _DURATIONS else ("highest", "lowest"))
    return f"{end[0] if sort.descending else end[1]} {attr_words(sort.key)}"


def describe(q: Query) -> str:
    """Plain words for what was searched, e.g. 'laptop, under $750.00, not Apple'."""
    parts: list[str] = []
    if q.product_types:
        parts.append(" / ".join(q.product_types))
    elif q.categories:
        parts.append(" / ".join(q.categories))
    if q.brands:
        parts.append("brand " + " or ".join(q.brands))
    if q.exclude_brands:
        parts.append("not " + " or ".join(q.exclude_brands))
    if q.min_price is not None and q.max_price is not None:
        parts.append(f"between {money(q.min_price)} and {money(q.max_price)}")
    elif q.max_price is not None:
        parts.append(f"under {money(q.max_price)}")
    elif q.min_price is not None:
        parts.append(f"over {money(q.min_price)}")
    for f in q.filters:
        if f.name == "on_sale":
            parts.append("not on sale" if f.op == "lacks" else "on sale")
        elif f.text and f.name in _PLAIN_VALUES:  # "in stock", "women's", "washable"
            word = _PLAIN_VALUES[f.name].get(f.text, f.text.replace("_", " "))
            parts.append(f"not {word}" if f.op == "lacks" else word)
        elif f.text and f.op == "lacks":
            parts.append(f"not {f.text}")
        elif f.text:
            parts.append(f"{attr_words(f.name)} {f.text}")
        elif f.value is not None:
            op = {"eq": "", "lt": "under ", "le": "at most ", "gt": "over ",
                  "ge": "at least "}.get(f.op, "")
            parts.append(f"{attr_words(f.name)} {op}{f.value:g} {f.unit or ''}".strip())
        elif f.op == "lacks":
            parts.append(f"no {attr_words(f.name)}")
        else:
            parts.append(attr_words(f.name))
    return ", ".join(parts)


# Word values said as shoppers say them in a list of what was searched.
_PLAIN_VALUES: dict[str, dict[str, str]] = {
    "availability": {"in_stock": "in stock", "out_of_stock": "out of stock"},
    "gender": {"female": "women's", "male": "men's", "unisex": "unisex"},
    "age_group": {"kids": "kids'", "adult": "adults'"},
    "care": {},
}


def _matches(total: int, what: str, previous: bool) -> str:
    noun = f"match{'es' * (total != 1)}"
    where = " among the previous results" if previous else ""
    return f"{total:,} {noun}" + (f" ({what})" if what else "") + where


def verdict_sentence(v: Verdict) -> str:
    said = record_sentence(v)
    if said:
        return said
    name, price = short_name(v.product), money(v.product.price)
    what = attr_words(v.attribute)
    if v.value is None:
        return f"The catalog doesn't say the {what} of the {name} ({price})."
    if v.attribute == QUOTED:  # its figures in the units asked, if any ("about 47 × 16.5 in")
        said = f" ({v.stated})" if v.stated else ""
        return f'The catalog says of the {name} ({price}): "{v.evidence.rstrip(".")}"{said}.'
    if not v.wanted:  # a value question
        if v.value is True and v.stated:
            said = v.stated.rstrip(".")  # "Weight: 52 kg" is said once
            label = "" if said.lower().startswith(what.lower()) else f"{what}: "
            return f"The {name} ({price}) lists {label}{said}."
        if v.value is True and v.evidence:
            return (f'Yes, the catalog lists {what} for the {name} ({price}): '
                    f'"{v.evidence.rstrip(".")}".')
        if v.value is True:
            return f"Yes, the catalog lists {what} for the {name} ({price})."
    stated = f" ({what}: {v.stated})" if v.stated else ""
    evidence = f': "{v.evidence}"' if v.evidence and not v.stated else ""
    wanted = f" {v.wanted}" if v.wanted and v.wanted.lower() != what.lower() else ""
    if v.wanted and v.stated and wanted:  # a word value: "does it use propane?"
        word = "Yes" if v.value else "No"
        tail = "" if v.value else f", not {v.wanted}"
        return f"{word}, the catalog lists the {name} ({price}) with {what}: {v.stated}{tail}."
    if v.wanted.lower() == f"no {what.lower()}" and not v.evidence:  # "gluten free?"
        return (f"Yes, the {name} ({price}) has no {what}{stated}." if v.value
                else f"No, the {name} ({price}) has {what}{stated}.")
    if v.evidence and not v.stated:  # the catalog's own words decide it
        word = "Yes" if v.value else "No"
        return f'{word}, the catalog says of the {name} ({price}): "{v.evidence.rstrip(".")}".'
    if v.value:
        return f"Yes, the {name} ({price}) has {what}{wanted}{stated}{evidence}."
    return f"No, the {name} ({price}) does not have {what}{wanted}{stated}."


def _how_many(plan: Plan) -> str:
    """"5 shades" for "how many shades does it come in?" of one product sold in 5, or ""."""
    asked = re.match(r"\s*(?:and\s+|so\s+)?how\s+many\s+([a-z]+)", plan.message, re.I)
    if asked is None or len(plan.verdicts) != 1 or not plan.verdicts[0].value:
        return ""
    v = plan.verdicts[0]
    values = options_named(v.product, v.attribute)
    return f"{len(values)} {asked.group(1).lower()}" if len(values) > 1 else ""


def compare_word(sort: Sort) -> str:
    """"cheaper", "better rated": what a comparison by `sort` picks."""
    return {("price", False): "cheaper", ("price", True): "more expensive",
            ("rating", True): "better rated",
            ("review_count", True): "more reviewed"}.get((sort.key, sort.descending),
                                                         sort_phrase(sort))


# A question about what shoppers thought of a product, not what it is.
_RATING = re.compile(r"\b(?:rating|rated|reviews?|stars?)\b", re.I)
# Features said of one product asked about in general ("tell me about the ...").
MAX_FEATURES_SAID = 3


def features_said(p: Product) -> str:
    """': 6 hardened steel plates; 85 cm open length; 1.1 kg' (none that instructs)."""
    said = [clean_text(f, 90).rstrip(".") for f in p.features if not instruction_spans(f)]
    said = [f for f in said if f][:MAX_FEATURES_SAID]
    return f": {'; '.join(said)}" if said else ""


def code_answer(plan: Plan, knowledge: ShopKnowledge) -> str:
    text = _answer(plan, knowledge)
    said = [n for n in plan.notes if n.startswith("The catalog doesn't say")]
    return " ".join([text, *said])


def _answer(plan: Plan, knowledge: ShopKnowledge) -> str:
    q, answer, total = plan.query, plan.answer_products, plan.total or 0

    def product_sentence(p: Product) -> str:  # with the options the question picked
        return one_product(p, matching_variants(p, q.filters) if q.filters else None)

    what = describe(q)
    previous = q.scope == "previous"
    if plan.kind == "attribute" and plan.verdicts:
        said = _merged([verdict_sentence(v) for v in plan.verdicts])
        if counted := _how_many(plan):  # "5 shades: the Aurelle foundation comes in ..."
            said = [f"{counted}: {said[0][:1].lower()}{said[0][1:]}"]
        return " ".join(said)
    if plan.kind == "lookup" and answer:
        if len(answer) == 1:
            p = answer[0]
            rated = "it has no reviews yet" if p.rating is None else f"it is {_rating(p)}"
            chosen = matching_variants(p, q.filters) if q.filters else None
            options = options_phrase(p, chosen)
            extra = f" ({options})" if options else ""
            price = priced(min(chosen, key=lambda v: v.price), stock=False) if chosen else (
                priced_options(p) if not p.discount else "") or price_phrase(p)
            about = "" if asks_price(plan.message) or q.filters or _RATING.search(
                plan.message) else features_said(p)  # "tell me about it": what it is
            return f"{cap(the(short_name(p)))} costs {price}{extra}{about}; {rated}."
        return f"I found {len(answer)} matching products: " + "; ".join(
            product_sentence(p) for p in answer) + "."
    if plan.kind == "compare" and answer:
        lines = "; ".join(product_sentence(p) for p in answer)
        head = ""
        if q.sort is not None and len(answer) >= 2:
            first = answer[0]
            word, name = compare_word(q.sort), the(short_name(first))
            head = f"The {word} one is {name} at {money(first.price)}. "
        extra = " ".join(verdict_sentence(v) for v in plan.verdicts)
        return (head + f"Side by side: {lines}." + (f" {extra}" if extra else "")).strip()
    if plan.kind == "superlative":
        if not answer:
            key = attr_words(q.sort.key) if q.sort else "that"
            return (f"None of the {_matches(total, what, previous)} states its {key} in the "
                    "catalog, so I can't say which is " + sort_phrase(q.sort) + ".")
        top = answer[0]
        text = (f"The {sort_phrase(q.sort)} of {_matches(total, what, previous)} is "
                f"{product_sentence(top)}{_stated(knowledge, q, top)}.")
        if len(answer) > 1:
            text += " Next: " + "; ".join(f"{short_name(p)} at {money(p.price)}"
                                          for p in answer[1:3]) + "."
        return text
    if plan.kind == "count":
        head = f"There {'is' if total == 1 else 'are'} {_matches(total, what, previous)}."
        if answer:
            head += " For example: " + "; ".join(product_sentence(p) for p in answer[:3]) + "."
        return head
    if plan.kind == "more":
        if not answer:
            return "That's all of them; I have no more matches to show."
        return "More matches: " + "; ".join(product_sentence(p) for p in answer) + "."
    if plan.kind == "search" and answer:
        head = (f"I found {_matches(total, what, previous)}" if plan.total is not None
                else "These match best")
        return head + ": " + "; ".join(product_sentence(p) for p in answer) + "."
    if previous and what:
        text = f"None of the products I listed matches that ({what})."
    else:
        text = (f"Sorry, I couldn't find {what} in this shop's catalog." if what
                else "Sorry, I couldn't find that in this shop's catalog.")
    alt = list(plan.candidates)[:3]
    if alt:
        text += " The nearest alternatives: " + "; ".join(
            f"{short_name(p)} at {money(p.price)}" for p in alt) + "."
    else:
        text += f" This shop sells {knowledge.vocab.describe()}."
    return text


def _stated(knowledge: ShopKnowledge, q: Query, p: Product) -> str:
    """' (weight: 3 oz)' for an attribute superlative's winner."""
    if q.sort is None or q.sort.key in ("price", "rating", "review_count", "relevance"):
        return ""
    from assistant.qa.answering.evidence import stated_text

    value = stated_text(knowledge.attributes.value(p, q.sort.key))
    return f" ({attr_words(q.sort.key)}: {value})" if value else ""


def _merged(sentences: list[str]) -> list[str]:
    """'The X ($1) lists width: a. The X ($1) lists depth: b.' -> one sentence for X."""
    out: list[str] = []
    for s in sentences:
        head, sep, rest = s.partition(" lists ")
        if out and sep and out[-1].startswith(head + " lists "):
            out[-1] = out[-1][:-1] + "; " + rest
        else:
            out.append(s)
    return out



def _rating(p: Product) -> str:
    return rating_phrase(p)


__all__ = ["attr_words", "code_answer", "compare_word", "describe", "sort_phrase",
           "verdict_sentence"]
