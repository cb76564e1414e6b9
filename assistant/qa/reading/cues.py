"""Shop-English cues the rules parser reads: sort words, comparisons, references, intent.

Pure functions of the lower-cased message (no catalog): "cheapest", "which is
cheaper", "the second one", "of those", "how many". `assistant/qa/reading/parse.py`
combines them with the catalog's mentions into a `Query`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.qa.query import AttributeFilter, Sort
from assistant.qa.reading.words import (
    COUNT,
    EXCLUDE_CUE,
    MORE,
    ORDINALS,
    PICK_CHEAPER,
    PICK_PRICIER,
    PREVIOUS,
    PRONOUN,
    REFINE_START,
    RELATIVE_CHEAPER,
    RELATIVE_PRICIER,
    SORT_WORDS,
    YES_NO_START,
)

_PRICE_ASKED = re.compile(r"\b(?:how\s+much|price|cost)", re.I)


def ruled_out(low: str, start: int) -> bool:
    """Is what starts at `start` ruled out by the words before it ("but not gaming laptops",
    "anything except Apple")?"""
    return bool(EXCLUDE_CUE.search(low[max(0, start - 30):start]))


def asks_price(text: str) -> bool:
    """"How much is the ...?", "what does it cost?", "its price?"."""
    return bool(_PRICE_ASKED.search(text))


@dataclass(frozen=True)
class Reference:
    """How a message points into the conversation (resolved by `DialogueState`)."""

    ordinal: int | None = None  # "the second one": 1-based position in the last list (-1: last)
    pick: str | None = None  # "the cheaper one" / "which is pricier?": choose among those shown
    relative: str | None = None  # "anything cheaper?": a new search below/above the last price
    pronoun: bool = False  # "it", "that one", "this": the product talked about last
    previous: bool = False  # "of those", "among them": within the last result set
    refine: bool = False  # "and under $500?", "what about Samsung?", "not Apple"
    more: bool = False  # "show me more"

    @property
    def any(self) -> bool:
        return self.points or self.refine

    @property
    def points(self) -> bool:
        """Points at earlier products or results (a refinement cue alone does not)."""
        return bool(self.ordinal is not None or self.pick or self.relative or self.pronoun
                    or self.previous or self.more)


ORDINAL_NUMBER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
                  "4th": 4, "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7,
                  "eighth": 8, "8th": 8, "ninth": 9, "9th": 9, "tenth": 10, "10th": 10,
                  "last": -1}


def sort_word(low: str) -> Sort | None:
    for pattern, key, descending in SORT_WORDS:
        if re.search(pattern, low):
            return Sort(key, descending)
    return None


def compare_sort(low: str) -> Sort | None:
    if re.search(PICK_CHEAPER, low) or re.search(r"\bcosts? less\b|\bless money\b|\bprice "
                                                 r"(?:difference|gap)\b|\bdifference in (?:the )?"
                                                 r"price\b", low):
        return Sort("price")  # "the price difference between them": the cheaper, and by how much
    if re.search(PICK_PRICIER, low) or re.search(r"\bcosts? more\b|\bmore money\b", low):
        return Sort("price", True)
    if re.search(r"\b(?:better|higher)[- ]rated\b|\bbetter reviews?\b|\bbetter rating\b|"
                 r"\brated (?:higher|better)\b|\bhigher rating\b", low):
        return Sort("rating", True)
    if re.search(r"\bmore (?:reviews|popular)\b", low):
        return Sort("review_count", True)
    if re.search(r"\bweighs? (?:less|more)\b", low):
        return Sort("weight", "more" in low.split("weigh", 1)[1][:6])  # "which weighs less?"
    if re.search(r"\bhow much (?:more|extra)\b", low):
        return Sort("price", True)  # "how much more is the 30?": the pricier, and by how much
    return None


def read_reference(low: str) -> Reference:
    ordinal = None
    if m := re.search(ORDINALS, low):
        word = m.group(1)
        ordinal = ORDINAL_NUMBER[word]
    pick = relative = None
    if re.search(rf"\b(?:the|which(?: one)?(?: is)?|which of (?:them|those|these|the two)"
                 rf"(?: is)?)\s+(?:{PICK_CHEAPER})", low):
        pick = "cheaper"
    elif re.search(rf"\b(?:the|which(?: one)?(?: is)?|which of (?:them|those|these|the two)"
                   rf"(?: is)?)\s+(?:{PICK_PRICIER})", low):
        pick = "pricier"
    elif re.search(RELATIVE_CHEAPER, low):
        relative = "cheaper"
    elif re.search(RELATIVE_PRICIER, low):
        relative = "pricier"
    return Reference(
        ordinal=ordinal, pick=pick, relative=relative,
        pronoun=bool(re.search(PRONOUN, low)),
        previous=bool(re.search(PREVIOUS, low)),
        refine=bool(re.match(REFINE_START, low)) or bool(re.match(r"\s*(?:not|no|except)\b", low)),
        more=bool(re.search(MORE, low)),
    )


def read_intent(low: str, named: list[str], asked: tuple[str, ...],
                filters: tuple[AttributeFilter, ...], sort: Sort | None, ref: Reference) -> Any:
    if re.search(COUNT, low):
        return "count"
    if ref.more and not named:
        return "more"
    comparing = re.search(r"\b(?:compare|versus|vs\.?|difference between|which is|which one is|"
                          r"which (?:of )?(?:the two|them|these|those) is)\b", low)
    if len(named) >= 2 and (comparing or " or " in low or compare_sort(low) is not None):
        return "compare"
    if ref.pick is not None:
        return "compare"
    if (asked or filters) and (named or ref.pronoun or ref.ordinal is not None) and (
            re.match(YES_NO_START, low) or re.search(r"\b(?:what|how|when)\b", low)) \
            and (asked or not asks_price(low)):  # "how much is the large one?": its price
        return "attribute"
    if sort is not None:
        return "superlative"
    if named:
        return "lookup"
    if ref.ordinal is not None or (ref.pronoun and not ref.previous):
        return "lookup"
    return "search"


__all__ = ["ORDINAL_NUMBER", "Reference", "asks_price", "compare_sort", "read_intent",
           "read_reference", "ruled_out", "sort_word"]
