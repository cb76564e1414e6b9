"""What a product's own text says of a word: states it, says it is absent, or denies it.

The catalog's prose is read as a shopper reads it: "Not frost resistant - bring it indoors"
and "Battery and charger sold separately" say no, though the asked words are in them. A
word counts as denied where every clause that names it negates it: a negation up to three
words before it ("not", "no", "never", "isn't"...) or a denial right after it ("sold
separately", "not included", "-free"). Clauses end at , ; : and a spaced dash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.qa.knowledge.stated import own_text

if TYPE_CHECKING:
    from assistant.catalog import Product

# Plain-English equivalents a feature may be stated with (not a shop's vocabulary).
EQUIVALENT = {
    "waterproof": ("water resistant", "water-resistant", "weatherproof", "weather resistant",
                   "weather-resistant"),
    "water resistant": ("waterproof", "water-resistant"),
    "wireless": ("cordless", "bluetooth", "wi-fi", "wifi"),
    "cordless": ("wireless", "battery-powered", "battery powered"),
}

# An IP code whose second digit is 5-8 (or IPX5-8) rates protection against water jets or
# immersion (IEC 60529): "Rated IP56" states water resistance.
IP_WATER = re.compile(r"\bip[0-6x][5-8]\b")

_DENY_BEFORE = re.compile(r"(?:\b(?:not|no|never|nor|without|isn'?t|aren'?t|doesn'?t|don'?t|"
                          r"cannot|can'?t|won'?t)\s+(?:[\w'-]+\s+){0,3}|\bnon[\s-]?|\bno-)$",
                          re.I)  # "non-slip" denies slip, not the pad after it
# Up to three words after the word, then what is said of it ("battery and charger sold
# separately", "hose (not included)").
_AFTER = r"^(?:\s+(?:and|or|&|[\w'-]+)){0,3}?[\s(-]+(?:(?:is|are)\s+)?"
_NOT_INCLUDED = r"sold\s+separately|not\s+(?:included|supplied|provided)"
_DENY_AFTER = re.compile(rf"{_AFTER}(?:{_NOT_INCLUDED}|free\b)", re.I)
# Said after a word: it does not come with the product, whatever else says the word.
_EXCLUDED = re.compile(rf"{_AFTER}(?:{_NOT_INCLUDED})", re.I)
_CLAUSE = re.compile(r"[,;:]|\s[-–—]\s|\bbut\b", re.I)


def _squash(text: str) -> str:
    return re.sub(r"[\s\-‐‑]+", "", text.lower())


def states(p: Product, word: str) -> bool:
    """The catalog text states the word, ignoring spaces and hyphens, or an equivalent."""
    text = " ".join((p.title, *p.features, own_text(p) if p.description else "")).lower()
    if word.lower() in ("waterproof", "water resistant") and IP_WATER.search(text):
        return True
    squashed = _squash(text)
    for form in (word.lower(), *EQUIVALENT.get(word.lower(), ())):
        key = _squash(form)
        if len(key) >= 4 and key in squashed:
            return True
        if len(key) < 4 and re.search(rf"\b{re.escape(form)}", text):
            return True
    return False


def mentions(p: Product, word: str) -> bool:
    """The word is somewhere in the product's fields: a cheap test before reading its own
    text (which drops sentences addressed to an assistant, ~0.4 ms a product uncached)."""
    low = word.lower()
    return any(low in part.lower() for part in (p.title, p.description, *p.features,
                                                p.discount_text) if part)


def says_absence(p: Product, word: str) -> bool:
    """The product's text says the word is absent ("unscented", "grain-free", "no
    stuffing", "non-stick", "not leather")."""
    if not mentions(p, word):
        return False
    w = re.escape(word.lower())
    return bool(re.search(rf"\b(?:un|non-?){w}\b|\b(?:no|non|without|free\s+of)[\s-]+{w}\b|"
                          rf"\b{w}[\s-]+free\b", own_text(p).lower())) or bool(denial(p, word))


def says_word(p: Product, word: str) -> bool:
    """The product's text has the word as a word, not its absence (`says_absence`)."""
    if not mentions(p, word):
        return len(word) >= 6 and states(p, word)  # "wi-fi" stated as "WiFi"
    if says_absence(p, word):
        return False
    text = own_text(p).lower()
    w = re.escape(word.lower())
    return bool(re.search(rf"\b{w}(?:s|es)?\b", text)) or len(word) >= 6 and states(p, word)


def lines(p: Product) -> list[str]:
    """The title, each feature and each sentence of the description."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", own_text(replace(
        p, title="", features=(), discount_text=""))) if s.strip()]
    return [p.title, *p.features, *sentences]


def stated_line(p: Product, word: str) -> str:
    """The title, feature or description sentence that states the word or an equivalent
    ("Rated IP56 ..."), not one that denies it."""
    for line in lines(p):
        if IP_WATER.search(line.lower()) and word.lower() in ("waterproof", "water resistant"):
            return line
        if states(replace(p, title=line, features=(), description=""), word) \
                and not _denied_in(line, word):
            return line
    return ""


def denial(p: Product, word: str) -> str:
    """The line that denies the word ("Not dishwasher safe - hand wash only."), when every
    line naming it denies it; "" when a line states it plainly or none names it. A line
    saying it is not included ("Hose not included", "sold separately") denies it whatever
    else names it: a hose reel "holds 45 m of hose" and comes with none."""
    for line in lines(p):
        if any(_EXCLUDED.match(clause[m.end():]) for clause, m in _mentions_in(line, word)):
            return line
    denying = ""
    for line in lines(p):
        said = list(_clauses_naming(line, word))
        if any(not denied for denied in said):
            return ""
        if said and not denying:
            denying = line
    return denying


def _denied_in(line: str, word: str) -> bool:
    said = list(_clauses_naming(line, word))
    return bool(said) and all(said)


def _clauses_naming(line: str, word: str) -> Iterator[bool]:
    """For each time a clause of the line names the word: is it denied there?"""
    for clause, m in _mentions_in(line, word):
        yield bool(_DENY_BEFORE.search(clause[: m.start()]) or _DENY_AFTER.match(clause[m.end():]))


def _mentions_in(line: str, word: str) -> Iterator[tuple[str, re.Match[str]]]:
    """Each clause of the line naming the word (or an equivalent), with the match."""
    forms = [re.findall(r"[a-z0-9]+", f) for f in (word.lower(), *EQUIVALENT.get(word.lower(), ()))]
    patterns = [re.compile(r"(?<![a-z0-9])" + r"[\s\-‐‑]*".join(map(re.escape, parts))
                           + r"(?:e?s)?(?![a-z0-9])", re.I) for parts in forms if parts]
    for clause in _CLAUSE.split(line):
        for pattern in patterns:
            for m in pattern.finditer(clause):
                yield clause, m


__all__ = ["EQUIVALENT", "IP_WATER", "denial", "lines", "mentions", "says_absence", "says_word",
           "stated_line", "states"]
