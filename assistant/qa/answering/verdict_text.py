"""Verdicts on what a product is, said in code: its colours and sizes, what it is made of, how to
care for it, who it is for, its stock and its sale price, each with the catalog's own words.

    "No, the Hearth & Oak Braided Jute Rug ($129.00) is not washable: "Vacuum only, do not wash.""
    "No, the Blundstone Women's Original Chelsea Boots ($229.00) come in sizes 36–41, not 42."

`record_sentence(v)` returns "" for an attribute it does not phrase (the older specs'
sentences are `replies.verdict_sentence`'s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.qa.answering.facts import cap, money, short_name, the
from assistant.qa.answering.options import options_named, size_range
from assistant.qa.answering.sizes import option_values, priced_options

if TYPE_CHECKING:
    from assistant.qa.plan import Verdict

# The attributes phrased here.
RECORD_NAMES = frozenset({"availability", "on_sale", "care", "color", "size", "pattern",
                          "material", "gender", "age_group"})
# A care question as a predicate ("is it ... ?").
_CARE = {"washable": "washable", "machine washable": "machine washable",
         "hand wash": "hand washable", "dry clean only": "dry clean only",
         "tumble dry": "safe to tumble dry", "dishwasher safe": "dishwasher safe"}
_OPTION_WORD = {"color": "", "size": "size ", "pattern": "the pattern "}


def _quote(v: Verdict) -> str:
    return f': "{v.evidence.strip()}"' if v.evidence.strip() else ""



def _listed(v: Verdict) -> str:
    """The stated values as a list ('Black, Pine Green and Pink', 'sizes 36–41')."""
    values = [x for x in v.stated.split(", ") if x]
    if v.attribute == "size":
        return f"size{'s' * (len(values) > 1)} {size_range(values)}"
    if len(values) > 1:
        return ", ".join(values[:-1]) + f" and {values[-1]}"
    return v.stated


def _lists_options(v: Verdict) -> bool:
    """The verdict states just the values of an option of its product ("1 kg, 2 kg" of a
    Weight option), not a figure worked out from them (in other units, with prices)."""
    values = options_named(v.product, v.attribute)
    return not v.wanted and v.value is not None and len(values) > 1 \
        and set(v.stated.split(", ")) == set(values)


def record_sentence(v: Verdict) -> str:
    """The sentence for one verdict on a record attribute; '' for other attributes."""
    if v.attribute not in RECORD_NAMES and not _lists_options(v):
        return ""  # an option of the shop's own name ("what weights?") is phrased below
    said = _sentence(v)
    return said[:-1] if said.endswith(('.".', '!".', '?".')) else said


def _sentence(v: Verdict) -> str:
    n = f"{the(short_name(v.product))} ({money(v.product.price)})"
    want = v.wanted
    if v.attribute == "availability":
        return _stock(v, n, want)
    if v.attribute == "on_sale":
        if v.value is True and v.stated.startswith("the "):  # some of its options only
            return f"{cap(n)}: {v.stated}{_quote(v)}."
        if v.value is True:
            return f"Yes, {n} is on sale: {v.stated}{_quote(v)}."
        if v.value is False:
            return f"No, {n} is not on sale: {v.stated}."
        return f"The catalog doesn't say whether {n} is on sale."
    if v.attribute == "care":
        pred = _CARE.get(want, want)
        said = _quote(v) or (f" (care: {v.stated})" if v.stated else "")
        if not want:
            return (f"Care for {n}: {v.stated}{_quote(v)}." if v.stated
                    else f"The catalog doesn't say how to care for {n}.")
        if v.value is None:
            return f"The catalog doesn't say whether {n} is {pred}."
        return f"{'Yes' if v.value else 'No'}, {n} is {'' if v.value else 'not '}{pred}{said}."
    if v.attribute == "material":
        if v.value is None:
            return f"The catalog doesn't say what {n} is made of."
        if not want or v.value:
            lead = "Yes, " if want else ""
            made = _listed(v) or want  # stated in its text only ("Solid brass")
            return f"{lead}{n if lead else cap(n)} is made of {made}{_quote(v)}."
        return f"No, {n} is made of {_listed(v)}, not {want}{_quote(v)}."
    if v.attribute in ("gender", "age_group"):
        if v.value is None:
            return f"The catalog doesn't say who {n} is for."
        lead = "" if not want else "Yes, " if v.value else "No, "
        return f"{lead}{n if lead else cap(n)} is for {v.stated}{_quote(v)}."
    word = _OPTION_WORD.get(v.attribute, f"{v.attribute.replace('_', ' ')} ")
    if v.value is None:
        what = f"{word}{want}".strip() or v.attribute.replace("_", " ")
        return f"The catalog doesn't say whether {n} comes in {what}."
    if not want and v.attribute not in RECORD_NAMES:  # "which designs?": the shop's option
        return f"{cap(n)} comes in {option_values(v.product, v.attribute)}."
    if not want:  # "what sizes does it come in?": each one's price where they differ
        priced = priced_options(v.product) if v.attribute in ("size", "color") else ""
        return f"{cap(n)} comes in {_listed(v)}{f': {priced}' if priced else _quote(v)}."
    if v.value:
        return f"Yes, {n} comes in {word}{want} ({_listed(v)}){_quote(v)}."
    return f"No, {n} comes in {_listed(v)}, not {word}{want}{_quote(v)}."


def _stock(v: Verdict, n: str, want: str) -> str:
    if v.value is None:
        return f"The catalog doesn't say whether {n} is in stock."
    if not want:
        return f"{cap(n)} is {v.stated}{_quote(v)}."
    if want in ("in stock", "available") or want.startswith("in stock "):
        if v.value:
            return f"Yes, {n} is {want} ({v.stated})."
        return f"No, {n} is not {want} ({v.stated}){_quote(v)}."
    return f"{'Yes' if v.value else 'No'}, {n} is {v.stated}{_quote(v)}."


__all__ = ["RECORD_NAMES", "record_sentence"]
