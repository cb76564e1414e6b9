"""Rules that read attributes stated only in prose, each with the verbatim span.

"Dry clean only" -> care; "137 cm wide", "W 54 in" -> width (in cm); "Sizes EU 36-41"
-> size 36 ... 41 and size_system EU; "100% merino wool" -> material; "Thread count:
400" -> thread_count; "Available in black, pine green and pink" -> color x3;
"Currently out of stock, back in about 3 weeks" -> availability and restock (days);
"Women's" -> gender. One function per kind of fact; each sees one piece of text (the
title, the description, one feature) and yields `Attribute`s whose span is a slice of
it. General shop words only (`assistant.catalog.vocab`): nothing product-specific.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from assistant.catalog.types import SOURCE_TEXT, Attribute, age_group_of, gender_of
from assistant.catalog.units import NUMBER_PATTERN, UNIT_PATTERN, number, to_canonical
from assistant.catalog.vocab import (
    COLOR_PHRASE,
    COLORS,
    LETTER_SIZE,
    MATERIAL_PHRASE,
    MATERIALS,
    letter_range,
)

Rule = Callable[[str], Iterator[Attribute]]

NUM = rf"(?:{NUMBER_PATTERN})"
_UNIT = rf"(?i:{UNIT_PATTERN})(?![a-zA-Z])"
_I = re.I

# Care phrases, most specific first (an overlapped later match is not read again).
CARE = (
    (r"dry[- ]clean(?:ing)?(?: only)?", "dry clean only"),
    (r"(?:not|never) machine[- ]wash(?:able)?|do not machine[- ]wash", "not machine washable"),
    (r"machine[- ]wash(?:able)?(?: (?:cold|warm|gentle|on gentle))?", "machine washable"),
    (r"hand[- ]wash(?: only| cold)?", "hand wash"),
    (r"vacuum(?: regularly)? only", "vacuum only"),
    (r"do not wash|don't wash|not washable|never wash", "do not wash"),
    (r"spot[- ]clean(?: only)?", "spot clean"),
    (r"do not tumble[- ]dry", "do not tumble dry"),
    (r"tumble[- ]dry(?: low)?", "tumble dry"),
    (r"do not bleach", "do not bleach"),
    (r"do not iron", "do not iron"),
    (r"wipe clean(?: with a damp cloth)?", "wipe clean"),
    (r"(?:not|never) dishwasher[- ]safe|(?:do not|don't|never) (?:put|place|wash) (?:it )?in "
     r"(?:the|a) dishwasher", "not dishwasher safe"),
    (r"dishwasher[- ]safe", "dishwasher safe"),
    (r"professional(?:ly)? clean(?:ed)?(?: only)?", "professional clean"),
)
_CARE = [(re.compile(rf"\b{p}\b", _I), v) for p, v in CARE]
_DIM_WORDS = {"wide": "width", "width": "width", "tall": "height", "high": "height",
              "height": "height", "deep": "depth", "depth": "depth", "long": "length",
              "thick": "thickness", "thin": "thickness", "thickness": "thickness",
              "length": "length", "w": "width", "h": "height", "d": "depth", "l": "length"}
_QTY = rf"(?P<n>{NUM})\s?(?P<u>{_UNIT})"
_DIM_AFTER = re.compile(
    rf"{_QTY}(?:\s*\([^)]{{1,20}}\))?\s+(?:in\s+)?(?P<w>wide|width|tall|high|height|deep|"
    rf"depth|long|length|thick|thin)\b", _I)
_DIM_BEFORE = re.compile(
    rf"\b(?P<w>width|height|depth|length)\s*(?:[:=]|of|is)?\s*(?:about\s+)?{_QTY}", _I)
_DIM_LETTER = re.compile(rf"(?<!\w)(?P<w>[WHDL])\s*[:.]?\s*{_QTY}")
_DIM_PAIR = re.compile(
    rf"(?<![\d.])(?<![x\u00d7] )(?<![x\u00d7])(?P<a>{NUM})\s?(?P<ua>{_UNIT})?\s*[x\u00d7]\s*"
    rf"(?P<b>{NUM})\s?(?P<u>{_UNIT})"
    rf"(?!\s*[x\u00d7])", _I)
_FILLER = r"(?:[:=]|of|is|only|just|about|approx\.?|\s)*"
# Words before "weight" that make it a limit the product takes ("Max user weight: 110 kg").
_LIMITED = "".join(rf"(?<!{w} )" for w in ("max", "max.", "maximum", "user", "child", "rider",
                                            "body", "load", "carrying", "recommended"))
_WEIGHT = (re.compile(rf"\b{_LIMITED}(?:weighs|weight(?!\s+(?:limit|capacity))|weighing)\s*"
                      rf"{_FILLER}{_QTY}(?!\s*(?:per\b|/))", _I),
           re.compile(rf"{_QTY}\s+(?:in\s+)?weight\b", _I))
_CAPACITY = (re.compile(rf"\bcapacity\s*{_FILLER}{_QTY}", _I),
             re.compile(rf"{_QTY}\s+capacity\b", _I))
_SYSTEM = r"(?P<s{k}>US|UK|EU|DE|FR|IT|JP|AU|MEX|BR|CN)"
_SIZE_RANGE = re.compile(
    rf"\bsizes?\s*(?:[:=]\s*)?(?:range\s+)?(?:{_SYSTEM.format(k=1)}\s*)?(?P<lo>\d{{1,3}}(?:\.5)?)"
    rf"\s*(?:-|\u2013|\u2014|to|through)\s*(?P<hi>\d{{1,3}}(?:\.5)?)"
    rf"(?:\s*\(?{_SYSTEM.format(k=2)}\b\)?)?", _I)
_LETTER_RANGE = re.compile(
    rf"\b(?i:sizes?)\s*(?:[:=]\s*)?(?P<lo>{LETTER_SIZE})\s*(?:-|\u2013|\u2014|to|through)\s*"
    rf"(?P<hi>{LETTER_SIZE})\b")
_SIZE_LIST = re.compile(
    rf"\b(?i:sizes?)\s*(?:[:=]\s*)?(?:{_SYSTEM.format(k=1)}\s+)?(?P<list>(?:{LETTER_SIZE}|\d{{1,3}})"
    rf"(?:\s*(?:,|/|\band\b|\bor\b)\s*(?:{LETTER_SIZE}|\d{{1,3}}))+)\b")
_MATERIAL_SHARE = re.compile(rf"\b(?P<pct>\d{{1,3}})\s?%\s*(?P<m>{MATERIAL_PHRASE})\b", _I)
_MATERIAL_CUE = re.compile(
    rf"\b(?:made\s+(?:of|from|with|in)|crafted\s+(?:of|from|in)|woven\s+(?:of|from)|"
    rf"knit\s+(?:of|from|in)|material\s*[:=]|fabric\s*[:=]|shell\s*[:=]|upper\s*[:=])\s*"
    rf"(?:(?:soft|durable|premium|fine|thick|heavy|lightweight|100%)\s+)?(?P<m>{MATERIAL_PHRASE})\b"
    rf"|\b(?P<m2>{MATERIAL_PHRASE})\s+(?:upper|shell|construction|body|frame)\b", _I)
# a material word in a title, unless it names a colour ("Pine Green", "Steel Blue")
_MATERIAL_WORD = re.compile(rf"\b(?P<m>{MATERIAL_PHRASE})\b(?![ -](?:{COLOR_PHRASE})\b)", _I)
_THREADS = re.compile(
    rf"\bthread[- ]count\s*(?:[:=]|of|is)?\s*(?P<n>{NUM})|(?P<m>{NUM})[- ]thread[- ]count\b"
    rf"|\b(?P<k>\d{{3,4}})\s?TC\b", _I)
_COLORS = re.compile(
    rf"\b(?:(?:available|comes?|offered|sold|made)\s+in|colou?rs?\s*[:=]|in\s+(?:the\s+)?"
    rf"colou?rs?)\s+(?P<list>{COLOR_PHRASE}(?:\s*(?:,|/|\band\b|\bor\b|,\s*and|,\s*or)\s*"
    rf"{COLOR_PHRASE})*)\b", _I)
_COLOR_ITEM = re.compile(rf"\b{COLOR_PHRASE}\b", _I)
_STOCK = (
    (re.compile(r"\b(?:currently\s+|temporarily\s+)?(?:out of stock|sold out|not in stock|"
                r"unavailable)\b", _I), "out_of_stock"),
    (re.compile(r"\b(?<!of )(?<!not )(?<!back )(?:currently\s+)?in stock\b", _I), "in_stock"),
    (re.compile(r"\bpre-?order(?:s|ed)?\b", _I), "preorder"),
    (re.compile(r"\bback-?order(?:s|ed)?\b", _I), "backorder"),
)
_WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a few": 3}
_RESTOCK = re.compile(
    rf"\b(?:back(?:\s+in\s+stock)?|restock(?:ed|ing)?|available(?:\s+again)?|ships?)\s+in\s+"
    rf"(?:about\s+|around\s+|approximately\s+|roughly\s+|~\s*)?(?P<n>{NUM}|a few|an?|one|two|"
    rf"three|four|five|six|seven|eight|nine|ten)\s+(?P<u>days?|weeks?|months?)\b", _I)
_WHO = re.compile(
    r"\b(?:(?P<g>women|men|ladies|girls|boys)['\u2019]?s?\b|(?P<u>unisex)\b|for\s+(?P<f>"
    r"women|men)\b|(?P<a>kids|children|toddlers?|baby|infant)['\u2019]?s?\b)", _I)


def _attr(name: str, value: str | float, span: str, unit: str = "") -> Attribute:
    return Attribute(name, value, unit, SOURCE_TEXT, span)


def _length(m: re.Match[str], n: str = "n", u: str = "u") -> tuple[float, str] | None:
    return to_canonical(number(m.group(n)), m.group(u))


def care(text: str) -> Iterator[Attribute]:
    taken: list[tuple[int, int]] = []
    for pattern, value in _CARE:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            yield _attr("care", value, m.group(0))


def dimensions(text: str) -> Iterator[Attribute]:
    for pattern in (_DIM_AFTER, _DIM_BEFORE, _DIM_LETTER):
        for m in pattern.finditer(text):
            q = _length(m)
            if q and q[1] == "cm":
                yield _attr(_DIM_WORDS[m.group("w").lower()], q[0], m.group(0), q[1])
    for m in _DIM_PAIR.finditer(text):  # "50 x 60 in": width x length
        unit = m.group("u")
        a = to_canonical(number(m.group("a")), m.group("ua") or unit)
        b = to_canonical(number(m.group("b")), unit)
        if a and b and a[1] == b[1] == "cm":
            yield _attr("width", a[0], m.group(0), "cm")
            yield _attr("length", b[0], m.group(0), "cm")


def _quantity(
    name: str, patterns: tuple[re.Pattern[str], ...], unit: str, kind: str = ""
) -> Rule:
    def rule(text: str) -> Iterator[Attribute]:
        for pattern in patterns:
            for m in pattern.finditer(text):
                q = to_canonical(number(m.group("n")), m.group("u"), kind)
                if q and q[1] == unit:
                    yield _attr(name, q[0], m.group(0), unit)

    return rule


def sizes(text: str) -> Iterator[Attribute]:
    for m in _SIZE_RANGE.finditer(text):
        lo, hi = float(m.group("lo")), float(m.group("hi"))
        step = 0.5 if (lo % 1 or hi % 1) else 1.0
        if not 0 < hi - lo <= 30:
            continue
        system = m.group("s1") or m.group("s2")
        if system:
            yield _attr("size_system", system.upper(), m.group(0))
        value = lo
        while value <= hi:
            yield _attr("size", f"{value:g}", m.group(0))
            value += step
    for m in _LETTER_RANGE.finditer(text):
        for size in letter_range(m.group("lo"), m.group("hi")):
            yield _attr("size", size, m.group(0))
    for m in _SIZE_LIST.finditer(text):
        if m.group("s1"):
            yield _attr("size_system", m.group("s1").upper(), m.group(0))
        for item in re.split(r"\s*(?:,|/|\band\b|\bor\b)\s*", m.group("list")):
            if item:
                yield _attr("size", item.upper(), m.group(0))


def materials(text: str, title: bool = False) -> Iterator[Attribute]:
    for m in _MATERIAL_SHARE.finditer(text):
        yield _attr("material", " ".join(m.group("m").lower().split()), m.group(0))
    for m in _MATERIAL_CUE.finditer(text):
        phrase = m.group("m") or m.group("m2")
        yield _attr("material", " ".join(phrase.lower().split()), m.group(0))
    if title:  # a title names what the thing is made of: "Cashmere Turtleneck"
        for m in _MATERIAL_WORD.finditer(text):
            yield _attr("material", " ".join(m.group("m").lower().split()), m.group(0))


def thread_count(text: str) -> Iterator[Attribute]:
    for m in _THREADS.finditer(text):
        digits = m.group("n") or m.group("m") or m.group("k")
        yield _attr("thread_count", number(digits), m.group(0))


def colors(text: str) -> Iterator[Attribute]:
    for m in _COLORS.finditer(text):
        for item in _COLOR_ITEM.finditer(m.group("list")):
            yield _attr("color", " ".join(item.group(0).lower().split()), m.group(0))


def stock(text: str) -> Iterator[Attribute]:
    for pattern, value in _STOCK:
        for m in pattern.finditer(text):
            yield _attr("availability", value, m.group(0))
    for m in _RESTOCK.finditer(text):
        word = m.group("n").lower()
        n = float(_WORD_NUMBERS[word]) if word in _WORD_NUMBERS else number(word)
        q = to_canonical(n, m.group("u"))
        if q:
            yield _attr("restock", q[0], m.group(0), q[1])


def shopper(text: str) -> Iterator[Attribute]:
    """Who it is for: "Women's" -> gender female; "Kids'" -> age_group kids."""
    for m in _WHO.finditer(text):
        word = m.group("g") or m.group("f") or m.group("u")
        if word and (g := gender_of(word)):
            yield _attr("gender", g, m.group(0))
        if m.group("a") and (a := age_group_of(m.group("a"))):
            yield _attr("age_group", a, m.group(0))


weight = _quantity("weight", _WEIGHT, "kg")
capacity = _quantity("capacity", _CAPACITY, "l", kind="volume")

# Every rule, in the order its attributes are listed on a product.
RULES: tuple[Rule, ...] = (
    care, dimensions, weight, capacity, sizes, materials, thread_count, colors, stock,
    shopper,
)


# When a rule can find something in a text (given the text and its casefold): it needs
# these words, a digit, a material or colour word. A rule missing here always runs. Only
# saves time: a rule skipped would have found nothing (tests/assistant/catalog/
# test_rules_speed.py checks every shop's text reads to the same attributes).
Cue = Callable[[str, str], bool]
_DIGIT = re.compile(r"\d")
_DIM_CUES = ("wide", "width", "tall", "high", "height", "deep", "depth", "long", "length", "thick",
             "thin")
_PAIR_CUE = re.compile(r"[xX\u00d7]\s*\d")  # "50 x 60 in": an x before a number
_LETTER_CUE = re.compile(r"(?<!\w)[WHDL]\s*[:.]?\s*\d")  # "W 54 in"


def _words(*words: str) -> Cue:
    return lambda text, low: any(w in low for w in words)


def _material(text: str, low: str) -> bool:
    return any(m in low for m in MATERIALS)


CUES: dict[Rule, Cue] = {
    care: _words("dry", "wash", "vacuum", "spot", "tumble", "bleach", "iron", "wipe",
                 "professional"),
    dimensions: lambda text, low: any(w in low for w in _DIM_CUES) and _DIGIT.search(
        text) is not None or _PAIR_CUE.search(text) is not None
        or _LETTER_CUE.search(text) is not None,
    weight: _words("weigh"),
    capacity: _words("capacity"),
    sizes: _words("size"),
    materials: lambda text, low: any(w in low for w in (
        "%", "made", "crafted", "woven", "knit", "material", "fabric", "shell", "upper",
        "construction", "body", "frame")) and _material(text, low),
    thread_count: _words("thread", "tc"),
    colors: lambda text, low: any(w in low for w in (
        "available", "come", "offered", "sold", "made", "colo")) and any(c in low for c in COLORS),
    stock: _words("stock", "sold", "unavailable", "order", "day", "week", "month"),
    shopper: _words("men", "ladies", "girls", "boys", "unisex", "kids", "children", "toddler",
                    "baby", "infant"),
}
# Texts whose rule results are remembered while a catalog loads (feature bullets and
# descriptions recur across a shop's products and variants); `forget()` empties it.
MEMO_TEXTS = 1 << 16


@lru_cache(maxsize=MEMO_TEXTS)
def _by_rule(text: str) -> tuple[tuple[Attribute, ...], ...]:
    """What each rule of RULES finds in one text (attributes are frozen: shared freely)."""
    low = text.casefold()
    return tuple(tuple(rule(text)) if (cue := CUES.get(rule)) is None or cue(text, low) else ()
                 for rule in RULES)


def forget() -> None:
    """Drop the remembered texts (called when a catalog is built)."""
    _by_rule.cache_clear()


def read_rules(title: str, parts: tuple[str, ...], brand: str = "") -> list[Attribute]:
    """Attributes the rules read in the title and in each other piece of text.

    A material word anywhere in the title counts ("Cashmere Turtleneck"), except in
    the brand's name ("Hearth & Oak" says nothing of oak).
    """
    found_by = [_by_rule(text) for text in (title, *parts)]
    found = [a for k in range(len(RULES)) for by in found_by for a in by[k]]
    scan = title.replace(brand, " " * len(brand)) if brand else title
    if _material(scan, scan.casefold()):
        found += list(materials(scan, title=True))
    return found


__all__ = [
    "CARE", "CUES", "RULES", "Rule", "capacity", "care", "colors", "dimensions", "materials",
    "forget", "read_rules", "shopper", "sizes", "stock", "thread_count", "weight",
]  # fmt: skip
