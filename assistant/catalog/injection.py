"""Product text that reads as instructions to an assistant ("Ignore previous instructions").

A shop's titles and descriptions are data. A phrase addressed to an assistant, or
to "the shopper" through one, is flagged at load (`Catalog.flagged`) and by
`catalog check` with the product, row and field it sits in; the text itself is
kept as written (it is the shop's, and quoting it is how a reply shows it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Phrases that address an assistant or a language model rather than a shopper.
_PATTERNS = (
    r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,40}?\b(?:previous|prior|above|"
    r"earlier|all|your|the)\b[^.!?\n]{0,20}?\b(?:instructions?|prompts?|rules?|messages?)",
    r"\b(?:tell|inform|assure|convince)\s+(?:the\s+|every\s+|all\s+)?(?:shoppers?|customers?|"
    r"users?|buyers?)\b",
    r"\bsystem\s+(?:prompt|message|instructions?)\b",
    r"\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|chat\s?bot|language\s+model|llm)\b",
    r"\b(?:as\s+an?\s+)?(?:ai|assistant)\s*,?\s+(?:you\s+)?(?:must|should|will)\s+"
    r"(?:say|answer|reply|respond|recommend)",
    r"\b(?:respond|reply|answer)\s+(?:only\s+)?with\b",
    r"<\|?(?:im_start|im_end|system|assistant)\|?>",
    r"^\s*(?:system|assistant)\s*:",
    r"\b(?:note|message|memo|instructions?)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+)?(?:ai\b|"
    r"(?:ai\s+|shopping\s+)?(?:assistants?|chat\s?bots?|language\s+models?|llms?)\b)",
    r"\b(?:ai\s+|shopping\s+)?assistants?\s*[:,]\s*(?:always\s+|please\s+)?(?:quote|say|tell|"
    r"recommend|state|claim|describe|mention|call|list|present)\b",
)
_INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.I | re.M)


@dataclass(frozen=True)
class TextFlag:
    """A phrase of product text that reads as an instruction to an assistant."""

    product_id: str
    row: int  # data row (or feed item) it was read from, as the shop counts it
    field: str  # "title", "description", "features", ...
    span: str  # the flagged phrase, verbatim
    sentence: str  # the sentence around it, verbatim (what `catalog check` prints)


# Every pattern needs one of these words (case-folded): most product text has none, and
# is not scanned (a speed-up only; tests/assistant/catalog/test_rules_speed.py checks it).
_CUES = ("ignore", "disregard", "forget", "override", "tell", "inform", "assure", "convince",
         "system", "you", "must", "should", "will", "respond", "reply", "answer", "<",
         "assistant", "note", "message", "memo", "instruction")


# The end of a sentence: not the point of a price or a figure ("$9.99", "2.5 kg").
_SENTENCE_END = re.compile(r"[.!?](?!\d)|\n")


def instruction_spans(text: str) -> list[tuple[str, str]]:
    """(phrase, its sentence) for each phrase of `text` addressed to an assistant."""
    out: list[tuple[str, str]] = []
    low = text.casefold()
    if not any(c in low for c in _CUES):
        return out
    for m in _INSTRUCTION.finditer(text):
        before = [e.end() for e in _SENTENCE_END.finditer(text, 0, m.start())]
        start = before[-1] if before else 0
        after = _SENTENCE_END.search(text, m.end())
        end = after.end() if after else len(text)
        sentence = text[start:end].strip()
        if not any(s == sentence for _, s in out):  # one flag per sentence
            out.append((m.group(0), sentence))
    return out


def flag_text(product_id: str, row: int, fields: dict[str, str]) -> list[TextFlag]:
    """Flags for every field of one product (field name -> its text)."""
    return [
        TextFlag(product_id, row, name, span, sentence)
        for name, text in fields.items()
        for span, sentence in instruction_spans(text)
    ]


__all__ = ["TextFlag", "flag_text", "instruction_spans"]
