"""Word values a message names: colours, sizes, materials, who it is for, stock, sale, care,
and what it rules out ("not leather", "without cashmere", "no shag", "leather-free").

    read_values(table, "women's jackets in blue, not leather, in stock")
    # color eq blue, gender eq female, material lacks leather, availability eq in_stock

Which names are read comes from the loaded catalog: a colour, material, size, gender
or age group only when some product states one (`AttributeTable.words`), care only
when some product states its care. The words themselves are general shop English
(`assistant.catalog.vocab`'s colours and materials, the catalog's own values, "women's",
"in stock", "on sale", "washable", "not", "without"). A word the catalog uses that is
ruled out but is none of these ("no shag") becomes a word exclusion: the product's text
must not say it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.catalog.types import age_group_of, gender_of
from assistant.catalog.vocab import (
    COLOR_MODIFIERS,
    COLOR_PHRASE,
    COLORS,
    LETTER_SIZE,
    MATERIAL_PHRASE,
    MATERIALS,
)
from assistant.qa.knowledge.attribute_words import CARE_WORDS
from assistant.qa.knowledge.retrieval import STOPWORDS
from assistant.qa.query import AttributeFilter, Op
from assistant.qa.reading.ruled_out import exclusions

if TYPE_CHECKING:
    from assistant.qa.knowledge.attributes import AttributeTable

Span = tuple[int, int]

# A cue that rules out what follows ("not", "without", "but no", "anything but", "non-").
NEGATION = re.compile(
    r"\b(?:but\s+)?(?:not|no|without|except|excluding|non|never|avoid|instead\s+of|"
    r"nothing|isn'?t|aren'?t|other\s+than|anything\s+but|(?:do|does)(?:n'?t|\s+not)\s+(?:want|"
    r"like|need|have|contain|use|come\s+(?:with|on|in)))(?:[\s-]+(?:made\s+(?:of|from|in)|in|from|"
    r"any|an?|real|genuine|the|(?:one|any|some)\s+of\s+(?:those|these|the|your)|those|these))*"
    r"[\s-]+$", re.I)  # "not one of those steel cable ones"
# Words before "out of stock" that ask for the rest: "nothing out of stock", "none sold out".
_NONE_OF = re.compile(r"\b(?:nothing|none|no\s+\w+|not|never|but\s+not)\s+(?:that(?:'s|\s+is)\s+|"
                      r"which\s+is\s+|\w+\s+)?$", re.I)
_MATERIAL_CUE = re.compile(r"(?:made\s+(?:of|from|in|with)|in|pure|100\s?%|all)\s+$", re.I)
# A word after a material that shows it is no material here ("down to 20 degrees").
_NOT_MODIFIED = frozenset(str.split("""to from the for at by and or with on in under over below
above is are was it them there a an of than free allergy allergies allergic intolerance
sensitivity"""))  # "latex free": no latex; "a latex allergy" asks no latex
_SIZE_VALUE = (rf"\d{{1,2}}(?:\.5)?|extra[- ]large|extra[- ]small|small|medium|large|"
               rf"(?-i:{LETTER_SIZE})|(?i:xxs|xs|xl|xxl|2xl|3xl|s|m|l)")
_SIZE = re.compile(
    rf"\b(?:in\s+(?:a\s+)?)?sizes?\b\s*(?:[:=]\s*)?(?:(?P<sys>US|UK|EU)\s*)?"
    rf"(?P<v>{_SIZE_VALUE})\b"
    rf"|\b(?P<sys2>US|UK|EU)\s?(?P<v2>\d{{1,2}}(?:\.5)?)\b"
    rf"|\b(?:in\s+)?(?:an?\s+)?(?P<v3>{_SIZE_VALUE})[\s-]+size\b"
    r"|\bin\s+(?:an?\s+)?(?P<v4>xxs|xs|xl|xxl|xxxl|[2-5]xl)\b", re.I)  # "in XL": no other word
_WHO = re.compile(r"\b(?P<g>women|woman|men|man|ladies|lady|girls|boys)['\u2019]?s?\b"
                  r"|\bfor\s+(?P<f>her|him|women|men)\b|\b(?P<u>unisex)\b"
                  r"|\b(?P<a>kids|kid|children|childrens|child|toddlers?|baby|babies|infants?)"
                  r"['\u2019]?s?\b", re.I)
_STOCK = (
    (re.compile(r"\b(?<!back\s)(?:in[- ]stock|available\s+(?:now|today|right\s+now|to\s+buy)|"
                r"ready\s+to\s+ship|available(?=\s*[?.!]*\s*$|\s+in\s+\w)|"  # "available in grey?"
                r"right\s+now(?=\s*[?.!]*\s*$)|"
                r"(?:can\s+i|to)\s+(?:actually\s+)?(?:buy|get|order)\b(?=.*\b(?:at\s+the\s+moment|"
                r"currently|right\s+now|today)\b)|"  # "which can I buy at the moment?"
                r"(?:get|buy|order)\s+(?:it\s+|them\s+|one\s+)?(?:today|now)|"
                r"(?:is|are)\s+(?:still\s+)?left\b)|"  # "what sizes are left?"
                r"^\s*(?:so\s+|and\s+)?(?:can|could)\s+i\s+(?:still\s+)?(?:order|buy|purchase)"
                r"\s+(?:the|it|this|that)\b(?![^?]*\bfor\b)|"  # "can I order the glide bait?"
                r"^\s*(?:so\s+|and\s+)?(?:do\s+you\s+have|have\s+you\s+got|can\s+i\s+"
                r"(?:get|buy|order))(?=\s+(?:the|it|them|this|that|these|those)\b[^?]*\bin\s+\w)",
                re.I), "in_stock"),  # "do you have the X in a large?": one to buy now
    (re.compile(r"\b(?:out\s+of\s+stock|sold\s+out)\b", re.I), "out_of_stock"),
    (re.compile(r"\bback-?order(?:ed)?\b", re.I), "backorder"),
)
_SALE = re.compile(r"\b(?:on\s+sale|discount(?:s|ed)?|marked\s+down|on\s+special|how\s+much\s+"
                   r"(?:is\s+)?off|how\s+much\s+(?:would|do|will|can|could)\s+(?:i|we)\s+save|"
                   r"cheaper\s+than\s+(?:usual|normal|before)|"
                   r"on\s+offer|on\s+promotion|deals|any\s+deal|clearance|reduced|bargains?|"
                   r"special\s+offers?|promos?|(?<!for\s)(?<!on\s)sales?(?=\s*(?:items?|"
                   r"prices?)?\s*[?!.]?$)|in\s+the\s+sale)\b", re.I)
_CARE = [(re.compile(rf"\b(?:{p})", re.I), value) for p, value in CARE_WORDS]
_COLOR = re.compile(rf"\b{COLOR_PHRASE}\b", re.I)
_MATERIAL = re.compile(rf"\b{MATERIAL_PHRASE}\b", re.I)


@dataclass(frozen=True)
class ValueReading:
    filters: tuple[AttributeFilter, ...] = ()
    spans: tuple[Span, ...] = ()  # one per filter


def read_values(table: AttributeTable, text: str, avoid: list[Span] | None = None,
                known: Callable[[str], bool] | None = None,
                options: list[tuple[str, str, Span]] | None = None) -> ValueReading:
    """Filters on word values stated in `text`, outside the `avoid` spans (names, brands).

    `known(word)`: is it a word the catalog uses (for word exclusions like "no shag")?
    """
    avoid = list(avoid or [])
    found: list[tuple[AttributeFilter, Span]] = []
    names = table.names()

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in [*avoid, *(s for _, s in found)])

    def add(name: str, value: str | None, a: int, b: int, op: Op = "eq") -> None:
        start, neg = _negated(text, a)
        if neg:
            op, a = "lacks", start
        found.append((AttributeFilter(name, op, text=value), (a, b)))

    for pattern, state in _STOCK:
        for m in pattern.finditer(text):
            if not free(*m.span()):
                continue
            if state == "out_of_stock" and (no := _NONE_OF.search(text[:m.start()])):
                found.append((AttributeFilter("availability", "eq", text="in_stock"),
                              (no.start(), m.end())))  # "nothing out of stock": in stock
            else:
                add("availability", state, *m.span())
    for m in _SALE.finditer(text):
        if free(*m.span()):
            add("on_sale", None, *m.span(), op="has")
    if table.words("care"):
        for pattern, care in _CARE:
            for m in pattern.finditer(text):
                if free(*m.span()):
                    add("care", care, *m.span(), op="has")
    for name, value, span in option_mentions(table, text) if options is None else options:
        if free(*span):  # the shop's own values first: "size 18-36M" is no size 18
            add(name, value, *span)
    if table.words("size"):
        for m in _SIZE.finditer(text):
            value = m.group("v") or m.group("v2") or m.group("v3") or m.group("v4")
            if free(*m.span()) and value:
                add("size", value.lower(), *m.span())
        _catalog_sizes(table, text, free, add)
    if table.words("gender") or table.words("age_group"):
        for m in _WHO.finditer(text):
            if not free(*m.span()):
                continue
            if m.group("a") and table.words("age_group"):
                age = age_group_of(m.group("a")) or "kids"
                stated = {w.lower() for w in table.words("age_group")}
                if age not in stated and "kids" in stated:  # "my toddler" where the shop says
                    found.append((AttributeFilter("age_group", "eq", _AGED.get(age), text="kids"),
                                  m.span()))  # only "kids": a kids' one that fits a toddler
                else:
                    add("age_group", age, *m.span())
            word = m.group("g") or m.group("f") or m.group("u")
            if word and table.words("gender"):
                word = {"her": "women", "him": "men"}.get(word.lower(), word)
                add("gender", gender_of(word) or word.lower(), *m.span())
    if "material" in names:  # "natural rubber" before the colour "natural"
        _materials(table, text, free, add, phrases=True)
    if "color" in names:
        for m in _COLOR.finditer(text):
            if free(*m.span()) and not _NOT_A_COLOUR.match(text, m.end()) \
                    and not _SAID_OF_ELSE.search(text, 0, m.start()):
                add("color", " ".join(m.group(0).lower().split()), *m.span())
    if "material" in names:
        _materials(table, text, free, add)
    exclusions(text, free, found, known)
    kept = list({f: s for f, s in found}.items())  # a value said twice: once, at its last place
    return ValueReading(tuple(f for f, _ in kept), tuple(s for _, s in kept))


def _materials(table: AttributeTable, text: str, free: Callable[[int, int], bool],
               add: Callable[..., None], phrases: bool = False) -> None:
    """Materials named in `text` (with `phrases`, only those of two words or more)."""
    stated = {w for v in table.words("material") for w in v.lower().split()}
    for m in _MATERIAL.finditer(text):
        words = m.group(0).lower().replace("-", " ").split()
        if (len(words) > 1 or not phrases) and free(*m.span()) and _is_material(text, m, stated):
            add("material", " ".join(words), *m.span())
    low = text.lower()
    own = [] if phrases else [w for w in sorted(stated - _KNOWN_MATERIALS)
                              if w.isalpha() and len(w) > 3 and w in low]  # (a hot path)
    for w in own:  # the shop's own material words, ruled out or cued:
        for m in re.finditer(rf"\b{re.escape(w)}\b", text, re.I):  # "that aren't cardboard"
            before = text[max(0, m.start() - 20): m.start()]
            if free(*m.span()) and (
                    _MATERIAL_CUE.search(before) and before.split()[-1].lower() != "in"
                    or _negated(text, m.start())[1]):
                add("material", w, *m.span())


# Materials MATERIAL_PHRASE reads already; a shop's other material words are read only when
# ruled out or cued ("not cardboard", "made of birch").
_KNOWN_MATERIALS = frozenset(MATERIALS)


# The second of a list ruled out: "aren't leather or fake leather", "no wool, nor silk".
_NEGATED_LIST = re.compile(r"\b(?:not|no|without|isn'?t|aren'?t|never|nothing)\s+[\w-]+\s*"
                           r"(?:,|\bor\b|\bnor\b)\s*(?:[\w-]+\s+)?$", re.I)


def _negated(text: str, start: int) -> tuple[int, bool]:
    """(start of the negation cue, True) when `text[start:]` is ruled out ("not leather")."""
    m = NEGATION.search(text[max(0, start - 40): start]) or _NEGATED_LIST.search(
        text[max(0, start - 40): start])  # "aren't leather or fake leather": both
    if m is None:
        return start, False
    return max(0, start - 40) + m.start(), True


def _is_material(text: str, m: re.Match[str], stated: set[str]) -> bool:
    """A material word as a material: after "made of" (any material), or one the catalog
    states after "in" / a negation, naming what the next word is made of ("wool throws") or
    ending the question ("is it wool?"), not "down to"."""
    before = text[max(0, m.start() - 20): m.start()]
    if re.search(r"made\s+(?:of|from|with)\s+$", before, re.I):
        return True
    if not set(m.group(0).lower().replace("-", " ").split()) & stated:
        return False
    if _MATERIAL_CUE.search(before) or _negated(text, m.start())[1]:
        return True
    if not text[m.end():].strip(" ?.!"):
        return True
    nxt = re.match(r"[\s-]+([A-Za-z']+)", text[m.end():])
    return nxt is not None and nxt.group(1).lower() not in _NOT_MODIFIED


def _catalog_sizes(table: AttributeTable, text: str, free: Callable[[int, int], bool],
                   add: Callable[..., None]) -> None:
    """Sizes the catalog names in words ("queen", "king"), next to "size" or a noun."""
    words = {v.lower() for v in table.words("size")
             if v.isalpha() and len(v) >= 4 and v.lower() not in _PLAIN_SIZES}
    for w in words:
        for m in re.finditer(rf"\b{re.escape(w)}\b(?:[\s-]+size\b)?", text, re.I):
            nxt = re.match(r"[\s-]+([A-Za-z']+)", text[m.end():])
            if free(*m.span()) and (m.group(0).lower().endswith("size") or nxt is not None
                                    and nxt.group(1).lower() not in _NOT_MODIFIED):
                add("size", w, *m.span())


# The age (years) an age group too young for a shop's own groups means ("toddler" is 2).
_AGED = {"newborn": 0.0, "infant": 0.5, "toddler": 2.0}
# Names whose word values are read elsewhere, or are no option a shopper picks.
_NOT_OPTIONS = frozenset({"material", "care", "gender", "age_group", "availability", "on_sale",
                          "size_system", "condition"})
# A short option value ("XL", "1 L") is read after one of these ("in XL", "the 1 L one").
_OPTION_CUE = re.compile(r"\b(?:in|the|an?|sizes?)\s+$", re.I)
# A figure compared is a quantity, not an option ("at least 25 m").
_COMPARED = re.compile(r"\b(?:least|most|over|under|than|above|below|up\s+to|from|to)\s+$", re.I)
# Before an option value, words that make it who the product is for ("for a newborn").
_FOR_WHOM = re.compile(r"\bfor\s+(?:an?|my|our|the|your)?\s*$", re.I)
# An option value's head before its note in brackets: "Size 2" of "Size 2 (5-9 kg)".
_HEAD = re.compile(r"^(.*?\w)\s*\([^)]*\)$")
# An option value of two or three figures and a unit ("160 x 80 cm"): said without the unit.
_MEASURED = re.compile(r"^(\d[\d.,]*\s*x\s*\d[\d.,]*(?:\s*x\s*\d[\d.,]*)?)\s*(cm|mm|m|in|ft)$")
# More values than this under one name are no list of options a shopper picks from.
MAX_OPTION_VALUES = 80


def option_mentions(table: AttributeTable, text: str) -> list[tuple[str, str, Span]]:
    """The shop's own option values named in the message, as (name, value, span): "in XL",
    "in Honey", "the 25 m one", "is Berry Crush in stock?" (a value of two letters or three
    needs a cue before; a figure after "at least" is a quantity, not an option)."""
    out: list[tuple[str, str, Span]] = []
    for name in table.names():
        values = table.option_words(name)
        if name in _NOT_OPTIONS or not values or len(values) > MAX_OPTION_VALUES:
            continue
        said = {v.lower().strip(): v.lower().strip() for v in values}
        said |= {m.group(1): v for v in said if (m := _HEAD.match(v)) and m.group(1) not in said}
        said |= _first_words(said)  # "the mirrored lens" of "Mirrored Blue"
        for written, value in sorted(said.items(), key=lambda wv: (-len(wv[0]), wv[0])):
            if value in STOPWORDS and len(value) > 1 or value == "default title":
                continue
            parts = [re.escape(w) for w in written.split()]
            if len(parts) > 1 and re.fullmatch(r"[a-z]{3,}s", written.split()[-1]):
                parts[-1] = re.escape(written.split()[-1][:-1]) + "s?"  # "1000 piece version"
            elif re.fullmatch(r"[a-z][a-z-]{3,}[a-rt-z]", written.split()[-1]):
                parts[-1] += "s?"  # "as clip-ons" of "Clip-on"
            pattern = r"(?<![\w.])" + r"\s*".join(parts) + r"(?![\w])"
            if sized := _MEASURED.match(written):  # "in 160 x 80 oak" of "160 x 80 cm"
                pattern = (r"(?<![\w.])" + r"\s*".join(map(re.escape, sized.group(1).split()))
                           + rf"(?:\s*{re.escape(sized.group(2))})?(?![\w])")
            for m in re.finditer(pattern, text, re.I):
                before = text[max(0, m.start() - 12): m.start()]
                if _FOR_WHOM.search(before):
                    continue  # "car seats for a newborn": who it is for, not a size sold
                if _COMPARED.search(before) or any(a < m.end() and m.start() < b
                                                   for _, _, (a, b) in out):
                    continue
                if _NOT_A_COLOUR.match(text, m.end()) or _SAID_OF_ELSE.search(text, 0, m.start()):
                    continue  # "the Red Sea" of a shop selling Red
                shade = re.search(r"(\w+)[ -]$", before)
                if shade and shade.group(1).lower() in _SHADES and \
                        f"{shade.group(1)} {written}".lower() not in said:
                    continue  # "in rose gold" where the shop sells "Gold": another shade
                if len(written) <= 3 and not _OPTION_CUE.search(before) or len(written) == 1 and (
                        not m.group(0).isupper() or not re.search(r"\b(?:in|size)\s+$", before)):
                    continue  # "in M" is a size, "a m" is not
                if value in _PLAIN_SIZES and not (m.group(0)[0].isupper()
                                                  and _OPTION_CUE.search(before)):
                    continue  # "the Large" is a size, "a large lamp" is not
                out.append((name, value, m.span()))
        out += _size_words(name, {v.lower().strip(): v for v in values}, text, out)
    return out


_SHADES = frozenset((*COLORS, *COLOR_MODIFIERS))
# A colour word naming no product's colour: a place ("the Red Sea", "Black Friday") or what
# something else turned ("my ears get itchy and red").
_NOT_A_COLOUR = re.compile(r"\s+(?:sea|friday|carpet|tape|wine|meat|pepper|cross|eye|alert|"
                           r"flag|light|zone)s?\b", re.I)
_SAID_OF_ELSE = re.compile(r"\b(?:itchy|sore|swollen|irritated|sunburnt|dry|puffy|\w+ed)\s+"
                           r"(?:and|or)\s+$|\b(?:turns?|turned|goes|went|gets?|got)\s+$", re.I)


def _first_words(said: dict[str, str]) -> dict[str, str]:
    """An option value's first word where no other value of that option starts with it and
    it is no colour word ("mirrored" of "Mirrored Blue"; not "light" of "Light Grey")."""
    firsts: dict[str, list[str]] = {}
    for written, value in said.items():
        words = written.split()
        if len(words) > 1:
            firsts.setdefault(words[0], []).append(value)
    return {w: vs[0] for w, vs in firsts.items() if len(set(vs)) == 1 and len(w) >= 5
            and w.isalpha() and w not in said and w not in COLORS and w not in COLOR_MODIFIERS}


# Size words for the letters shops sell by ("in a large": L).
_SIZE_LETTERS = {"extra small": "xs", "small": "s", "medium": "m", "large": "l",
                 "extra large": "xl", "x-large": "xl"}


def _size_words(name: str, values: dict[str, str], text: str,
                taken: list[tuple[str, str, Span]]) -> list[tuple[str, str, Span]]:
    """"In a large", "in small", "size medium" for a shop whose option values are S, M, L;
    "the medium nib" where the option is the nib."""
    out: list[tuple[str, str, Span]] = []
    for word, letter in _SIZE_LETTERS.items():
        if letter not in values:
            continue
        own = re.escape(name.replace("_", " "))  # "the medium nib" of nibs sold in F and M
        for m in re.finditer(rf"\b(?:in|size)\s+(?:an?\s+|the\s+)?({word})\b|"
                             rf"\b({word})\s+{own}s?\b", text, re.I):
            g = 1 if m.group(1) else 2
            if not any(a < m.end(g) and m.start(g) < b for _, _, (a, b) in [*taken, *out]):
                out.append((name, values[letter], m.span(g)))
    return out


# Size words that are plain adjectives too ("a small lamp" asks for small lamps, not size S).
_PLAIN_SIZES = frozenset({"small", "medium", "large", "regular", "standard", "petite", "tall"})


__all__ = ["NEGATION", "ValueReading", "option_mentions", "read_values"]
