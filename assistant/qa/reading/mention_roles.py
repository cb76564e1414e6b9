"""What a catalog word in a message is doing there, where it is not simply asked for.

A name or kind may be ruled out ("mountain bikes without full suspension"), be a verb
("which wheelbarrows can I buy?": no watering can), be a part of the products just listed
("which one comes with a wall mount?") or name the one product titled so ("the marinara").
Each test sees the message around the word; plain English only, no shop's words.
"""

from __future__ import annotations

import re

# Words before a span that rule it out rather than name it.
_RULED_OUT = re.compile(r"\b(?:without|not|no|except|excluding|isn'?t|aren'?t|non)[\s-]+"
                        r"(?:an?\s+|the\s+|any\s+)?$", re.I)
_RULING_OUT = re.compile(r"\b(?:without|except|excluding|isn'?t|aren'?t|but\s+(?:not|no))\b|"
                         r",\s*(?:not|no)\s", re.I)  # "A4 copy paper, not recycled"
# A kind's name that is a verb where a pronoun follows: "can I", "can you".
_MODAL = re.compile(r"can\s+(?:i|you|we|they|it|he|she|u)\b")
# A kind named as a part of the products asked about: "which one comes with a wall mount?",
# "which of them fits in a jersey pocket?".
_PART_OF = re.compile(r"^\s*(?:and\s+|so\s+)?which\b.*\b(?:with|in|includes?|has|have)\s+"
                      r"(?:an?\s+|the\s+|its\s+)?(?:[a-z-]+\s+){0,2}$")
_WHICH = re.compile(r"\s*(?:and\s+|so\s+)?which\b")
# "the marinara", "the 2 g jar of saffron": a word pointed at with "the".
_THE = re.compile(r"\bthe\s+(?:(?:[\w.-]+\s+){0,3}?(?:jar|bag|bottle|tin|box|pack|can|tube|"
                  r"pot|tub|one)s?\s+of\s+)?$", re.I)  # not "the armrests adjustable"


def ruled_out_span(text: str, span: tuple[int, int]) -> bool:
    """The span follows or holds words that rule it out ("without full suspension")."""
    return bool(_RULED_OUT.search(text[:span[0]]) or _RULING_OUT.search(text[span[0]:span[1]]))


def no_kind_here(low: str, start: int) -> bool:
    """The kind word at `start` names no kind asked for: a verb ("can I") or a part of the
    listed products ("which one comes with a wall mount?")."""
    return bool(_MODAL.match(low[start:]) or _PART_OF.search(low[:start]))


def asks_of_a_list(low: str) -> bool:
    """"Which ...?": a question about the products listed, not about a new kind."""
    return bool(_WHICH.match(low))


def after_the(text: str, start: int) -> bool:
    """The word at `start` follows "the": "the marinara" points at the one titled so."""
    return bool(_THE.search(text[:start]))


# "Is the lemon agrumato an extra virgin olive oil?": the subject, then what it may be.
_IS_A = re.compile(r"^\s*(?:is|are)\s+(?:the|this|that|your)\s+\S.*?(?=\s+an?\s+\S)", re.I)


def subject_part(text: str) -> str:
    """The message up to what an "is the X a Y?" question asks X to be: a product is named
    in "the lemon agrumato", not in "the lemon agrumato an extra virgin olive oil"."""
    m = _IS_A.match(text)
    return m.group(0) if m else text


__all__ = ["after_the", "asks_of_a_list", "no_kind_here", "ruled_out_span", "subject_part"]
