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
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.catalog.units import convert
from assistant.qa.knowledge.stated import own_description, own_text
from assistant.qa.knowledge.textnorm import singular
from assistant.qa.query import AttributeFilter

if TYPE_CHECKING:
    from assistant.catalog import Product

# Plain-English equivalents a feature may be stated with (not a shop's vocabulary).
EQUIVALENT = {
    "waterproof": ("water resistant", "water-resistant", "weatherproof", "weather resistant",
                   "weather-resistant"),
    "water resistant": ("waterproof", "water-resistant"),
    "wireless": ("cordless", "bluetooth", "wi-fi", "wifi"),
    "cordless": ("wireless", "battery-powered", "battery powered"),
    "fragrance": ("scented", "perfumed"),
}

# An IP code whose second digit is 5-8 (or IPX5-8) rates protection against water jets or
# immersion (IEC 60529): "Rated IP56" states water resistance.
IP_WATER = re.compile(r"\bip[0-6x][5-8]\b")

# What a product is unfit for, said before it: "too soft for standing poses", "not suitable
# for people with latex allergies", "unsuitable for", "not recommended for beginners".
_UNFIT = (r"(?:\btoo\s+[\w'-]+|\bunsuitable|\bnot\s+(?:suitable|recommended|intended|designed|"
          r"meant|safe|rated))\s+(?:for|with)")
_DENY_BEFORE = re.compile(r"(?:\b(?:not|no|never|nor|without|isn'?t|aren'?t|doesn'?t|don'?t|"
                          r"cannot|can'?t|won'?t)\s+(?:[\w'-]+\s+){0,3}|\bnon[\s-]?|\bno-|"
                          rf"{_UNFIT}\s+(?:[\w'-]+\s+){{0,3}})$",
                          re.I)  # "non-slip" denies slip, not the pad after it
# Up to three words after the word, then what is said of it ("battery and charger sold
# separately", "hose (not included)").
_AFTER = r"^(?:\s+(?:and|or|&|[\w'-]+)){0,3}?[\s(-]+(?:(?:is|are)\s+)?"
_NOT_INCLUDED = r"sold\s+separately|not\s+(?:included|supplied|provided)"
_DENY_AFTER = re.compile(rf"{_AFTER}(?:{_NOT_INCLUDED}|free\b)", re.I)
# Said after a word: it does not come with the product, whatever else says the word.
_EXCLUDED = re.compile(rf"{_AFTER}(?:{_NOT_INCLUDED})", re.I)
_ANY_LEFT_OUT = re.compile(_NOT_INCLUDED, re.I)
# A word's own negating prefix: "Unstrung", "non-removable" (words of five letters or more:
# "unlock" says nothing against a lock).
_UN = r"(?P<un>un|non[\s-]?)?"
_CLAUSE = re.compile(r"[,;:]|\s[-–—]\s|\bbut\b", re.I)
# What a product is not for, listed: "Not for pearls, opals, turquoise or costume jewelry"
# is one clause denying each (`_UNFIT_LIST` reads it).
_NOT_FOR = re.compile(r"\bnot\s+(?:[\w-]+\s+)?for\s+[^.;:()]+", re.I)
_UNFIT_LIST = re.compile(r"\bnot\s+(?:[\w-]+\s+)?for\s+(?:[\w'-]+,?\s+(?:or\s+)?)+$", re.I)


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


def _orders(word: str) -> tuple[str, ...]:
    """A two-word feature in either order: "cups removable" is said "non-removable cups"."""
    parts = word.split()
    return (word, f"{parts[1]} {parts[0]}") if len(parts) == 2 else (word,)


def says_absence(p: Product, word: str) -> bool:
    """The product's text says the word is absent ("unscented", "grain-free", "no
    stuffing", "non-stick", "not leather"), in either order for two words."""
    return any(_says_absence(p, form) for w in dict.fromkeys((word, singular(word)))
               for form in _orders(w))  # "sulfates" of "Sulfate-free"


# What a product runs on or needs, though it does not come with it.
_NEEDS = re.compile(r"\b(?:runs?\s+on|requires?|needs?|uses?|powered\s+by|takes)\b", re.I)


def _says_absence(p: Product, word: str) -> bool:
    if not mentions(p, word):
        return False
    w = re.escape(word.lower())
    return bool(re.search(rf"\b(?:un|non-?){w}\b|\b(?:no|non|without|free\s+of)[\s-]+{w}\b|"
                          rf"(?<!not )(?<!isn't )(?<!never )\b{w}[\s-]+free\b",  # "not gluten
                          own_text(p).lower())) or bool(denial(p, word)) and not (  # free"
        _NEEDS.search(not_included(p, word)))  # has gluten; "runs on 2 x AAA batteries (not
    # included)" still needs them, "earplugs not included" comes without



# A feature that is the absence of a word: "fragrance free", "free of parabens", "unscented".
_FREE = re.compile(r"^(?:(?P<w>[a-z][a-z ]*?)[\s-]+free|free\s+of\s+(?P<o>[a-z][a-z ]*)|"
                   r"un(?P<u>[a-z]{5,}))$")


def free_of(p: Product, feature: str) -> bool | None:
    """"Is it fragrance free?": yes where the text says the word is absent ("Fragrance-free",
    "no fragrance"), no where it says the word plainly ("Scented with essential oils" of
    "unscented"); None for another feature, or a text silent on the word."""
    word = _free_word(feature)
    if not word:
        return None
    if says_absence(p, word):
        return True
    said = any(says_word(p, form) for form in (word, *EQUIVALENT.get(word, ())))
    return False if said else None  # "fragrance free?" of "Scented with lemon oil"


def names_none(record: object) -> bool:
    """A recorded value that says the thing is absent: "Fragrance: Fragrance-free", "None"."""
    value = getattr(record, "value", None) or getattr(record, "text", None)
    return isinstance(value, str) and bool(re.fullmatch(r"(?:[\w ]+[\s-])?free|none|no",
                                                        value.strip().lower()))


def free_line(p: Product, feature: str) -> str:
    """The line `free_of` read its verdict from ("Fragrance-free and soap-free"), or ""."""
    word = _free_word(feature)
    return next((line for line in lines(p) if any(_mentions_in(line, word))), "") if word else ""


def _free_word(feature: str) -> str:
    """The word a feature is the absence of ("fragrance" of "fragrance free"), or ""."""
    m = _FREE.match(feature.lower().replace("_", " ").strip())
    return (m.group("w") or m.group("o") or m.group("u")) if m else ""


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
    return [p.title, *p.features, *_sentences(p.description)]


@lru_cache(maxsize=4096)  # a need's shortlist reads its products' lines once per word
def _sentences(description: str) -> tuple[str, ...]:
    """The description's sentences, without any addressed to an assistant."""
    return tuple(s.strip() for s in re.split(r"(?<=[.!?])\s+", own_description(description))
                 if s.strip())


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
    else names it: a hose reel "holds 45 m of hose" and comes with none. Two words are
    also read in the other order ("cups removable": "Moulded, non-removable cups")."""
    return next((said for form in _orders(word) if (said := _denial(p, form))), "")


def _denial(p: Product, word: str) -> str:
    if left_out := not_included(p, word):
        return left_out
    exact = []
    for line in lines(p):
        named = list(_mentions_in(line, word, False))
        if not _of_a_part(named):  # "a molded waterproof base" is not the bag
            exact.append((line, [_denied(clause, m) for clause, m in named]))
    if any(any(said) for _, said in exact) and all(all(said) for _, said in exact):
        return _beside_title(p, [line for line, said in exact if said])  # "water resistant,
        # not waterproof"
    denying = []
    for line in lines(p):
        said = list(_clauses_naming(line, word))
        if any(not denied for denied in said):
            return ""
        if said:
            denying.append(line)
    return _beside_title(p, denying)


def _of_a_part(said: list[tuple[str, re.Match[str]]]) -> bool:
    """Each time a line names the word (`said`: its mentions), it qualifies a noun after it
    ("with a molded waterproof base"): a part of the product, not the product."""
    return bool(said) and all(re.match(r"\s+(?!(?:and|or|to|for|with|in|on|up)\b)[a-z]{3,}",
                                       clause[m.end():], re.I) for clause, m in said)


def _beside_title(p: Product, found: list[str]) -> str:
    """The first of `found` that is not the title (it says more: "Sold unstrung, without a
    cover"), else the title, else ""."""
    return next((line for line in found if line != p.title), found[0] if found else "")


def not_included(p: Product, word: str) -> str:
    """The line saying the word does not come with the product ("bulb not included",
    "charger sold separately"), or ""."""
    for line in lines(p):
        if any(_EXCLUDED.match(clause[m.end():]) for clause, m in _mentions_in(line, word)):
            return line
    return ""


def left_out(p: Product, word: str) -> str:
    """The line saying the thing asked of does not come with the product: "batteries
    included?" of "4 x AA batteries (not included)", "an sd card?" of "microSD cards up
    to 128 GB (card not included)" (its head noun said alone)."""
    if not _ANY_LEFT_OUT.search(own_text(p)):
        return ""  # one search of the cached text, not one a line per word (a list's filter)
    word = word.removesuffix(" included")
    head = word.split()[-1] if " " in word else ""
    return not_included(p, word) or (not_included(p, head) if len(head) > 2 else "")


def _denied_in(line: str, word: str) -> bool:
    said = list(_clauses_naming(line, word))
    return bool(said) and all(said)


def _clauses_naming(line: str, word: str, equivalents: bool = True) -> Iterator[bool]:
    """For each time a clause of the line names the word: is it denied there?"""
    for clause, m in _mentions_in(line, word, equivalents):
        yield _denied(clause, m)


def _denied(clause: str, m: re.Match[str]) -> bool:
    """Is the word the match names denied in its clause?"""
    before = bool(_DENY_BEFORE.search(clause[: m.start()]) or m.groupdict().get("un")
                  or _UNFIT_LIST.search(clause[: m.start()]))
    return before != bool(_DENY_AFTER.match(clause[m.end():]))  # "not gluten free": gluten


def _mentions_in(line: str, word: str, equivalents: bool = True
                 ) -> Iterator[tuple[str, re.Match[str]]]:
    """Each clause of the line naming the word (or an equivalent), with the match."""
    also = EQUIVALENT.get(word.lower(), ()) if equivalents else ()
    forms = [re.findall(r"[a-z0-9]+", f) for f in (word.lower(), *also)]
    patterns = [re.compile(r"(?<![a-z0-9])" + _UN * (len("".join(parts)) >= 5)
                           + r"[\s\-‐‑]*".join(_plural_y([re.escape(x) for x in parts]))
                           + r"(?:e?s)?(?![a-z0-9])", re.I) for parts in forms if parts]
    for clause in _CLAUSE.split(_NOT_FOR.sub(lambda m: m.group(0).replace(",", " or"), line)):
        for pattern in patterns:
            for m in pattern.finditer(clause):
                yield clause, m


def _plural_y(parts: list[str]) -> list[str]:
    """"allergy" as the last word is also "allergies" (the pattern adds -s/-es itself)."""
    if parts and len(parts[-1]) > 3 and parts[-1].endswith("y") and parts[-1][-2] not in "aeiou":
        return [*parts[:-1], parts[-1][:-1] + "(?:y|ie)"]
    return parts


def stated_range(p: Product, value: float, unit: str) -> str:
    """The line stating a range that holds `value` `unit` ("Dual voltage 110-240 V" holds
    240 V; "riders 155–190 cm tall" holds 74 in), or ""."""
    pattern = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-|\u2013|to)\s*(\d+(?:\.\d+)?)\s*"
                         r"([a-z]+)(?![a-z])", re.I)
    for line in lines(p):
        for m in pattern.finditer(line):
            said = m.group(3).lower()
            want = value if said == unit.lower() else convert(value, unit, said)
            if want is not None and float(m.group(1)) - 1e-9 <= want <= float(m.group(2)) + 1e-9:
                return line
    return ""


def evidence_line(p: Product, f: AttributeFilter, value: bool) -> str:
    """The line of the product's text that decided a word's verdict: the one stating it,
    or the one denying it ("Not vegan", "Non-skid bottom", "sold separately")."""
    word = f.text or f.name
    if f.op == "has" and f.value is None and (free := free_line(p, word)):
        return free  # "Fragrance-free and soap-free", "Scented with essential oils"
    if f.value is not None and f.unit and value:
        return stated_range(p, f.value, f.unit)
    if f.op in ("has", "lacks") and value == (f.op == "lacks"):
        return denial(p, word) or left_out(p, word) or denial(p, singular(word))
    return stated_line(p, word) if value or f.op == "lacks" else ""


__all__ = ["EQUIVALENT", "IP_WATER", "denial", "evidence_line", "free_line", "free_of", "left_out",
           "names_none",
           "lines", "mentions", "not_included",
           "says_absence", "says_word", "stated_line", "stated_range", "states"]
