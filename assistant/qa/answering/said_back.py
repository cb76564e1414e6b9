"""The shopper's own words said back to them: "for my daughter" -> "for your daughter",
"my son wants a mountain bike" -> "for your son"."""

from __future__ import annotations

import re

# "my daughter" said back to the shopper is "your daughter".
_PRONOUNS = {"my": "your", "our": "your", "i": "you", "i'm": "you're", "me": "you",
             "we": "you", "us": "you", "myself": "yourself", "mine": "yours"}


def said_back(words: str) -> str:
    """The shopper's words as said back to them ("for my daughter" -> "for your daughter")."""
    out = []
    for w in words.split():
        key = w.lower()
        out.append(_PRONOUNS.get(key, w) if key in _PRONOUNS else w)
    return " ".join(out)


def as_for(words: str) -> str:
    """A recipient said as who it is for: "gift for my wife" -> "for my wife", "my son wants
    a mountain bike" -> "for my son"."""
    words = re.sub(r"^((?:my|our)\s+.+?)\s+(?:wants?|needs?|would\s+like|is\s+after|"
                   r"(?:is|are)\s+looking\s+for|asked\s+for)\b.*$", r"for \1", words,
                   flags=re.I)
    said = re.sub(r"^(?:an? )?(?:gifts?|presents?|get|buy)\s+(?!for\b)", "for ",
                  re.sub(r"^(?:an? )?(?:gifts?|presents?)\s+(?=for\b)", "", words, flags=re.I),
                  flags=re.I)
    return f"for {said}" if re.match(r"(?:my|our)\b", said, re.I) else said  # "my 2 year old"


__all__ = ["as_for", "said_back"]
