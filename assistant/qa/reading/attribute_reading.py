"""The attribute side of a shopper's message: spec filters, superlative sorts, asked specs.

`read_attributes(table, text)` reads it against a catalog's `AttributeTable`. Words that
name an attribute ("battery life", "memory", "screen") and superlatives ("lightest",
"warmest", "biggest") are plain English; which attribute a bare "16GB" means is
decided by the catalog (the attribute that most often states 16 GB).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.qa.knowledge.attribute_words import ALIASES, COMPARATIVES, SUPERLATIVES
from assistant.qa.knowledge.spec_text import _NAMES, _UNIT_RE, _UNITS, _VOLUME_CUES, _name_for
from assistant.qa.knowledge.textnorm import fold
from assistant.qa.query import AttributeFilter, Op, Sort
from assistant.qa.reading.asked_units import asks_how_many
from assistant.qa.reading.value_reading import option_mentions, read_values

if TYPE_CHECKING:
    from assistant.qa.knowledge.attributes import AttributeTable


@dataclass(frozen=True)
class AttributeReading:
    """The attribute side of a shopper's message, with the spans it came from."""

    filters: tuple[AttributeFilter, ...] = ()
    sort: Sort | None = None
    asked: tuple[str, ...] = ()  # attribute names a question asks about
    spans: tuple[tuple[int, int], ...] = ()  # character spans of the message these came from
    filter_spans: tuple[tuple[int, int], ...] = ()  # span of each filter, in `filters` order


_LE = re.compile(r"(?:under|below|less\s+than|lower\s+than|at\s+most|no\s+more\s+than|max(?:imum)?"
                 r"|up\s+to|within|<=?|lighter\s+than|smaller\s+than|shorter\s+than|"
                 r"narrower\s+than|thinner\s+than|"
                 r"no\s+heavier\s+than|not\s+over|colder\s+than|down\s+to|"
                 r"rated\s+(?:to|for)|good\s+(?:down\s+)?to)\s*$", re.I)
_GE = re.compile(r"(?:over|above|more\s+than|greater\s+than|at\s+least|min(?:imum)?|>=?|"
                 r"heavier\s+than|bigger\s+than|larger\s+than|longer\s+than|no\s+less\s+than|"
                 r"wider\s+than|taller\s+than|deeper\s+than|higher\s+than|thicker\s+than)"
                 r"\s*$", re.I)
_GE_AFTER = re.compile(r"^\s*(?:\+|or\s+more|and\s+up|or\s+(?:higher|bigger|larger|greater|"
                       r"longer|above))", re.I)
_LE_AFTER = re.compile(r"^\s*(?:or\s+(?:less|lower|under|smaller|lighter|below|colder)|"
                       r"and\s+under)", re.I)
# A part named before "size" ("barrel size", "wheel size"): a size of that part.
_OF_A_PART = re.compile(r"\b(?!(?:what|which|the|a|an|any|other|shoe|clothing|dress|ring|bed|"
                        r"your|my|its|their|in|of|and|or|same|right|correct|usual|uk|us|eu)\b)"
                        r"([a-z]{3,})\s+$")
# Figures a product is asked to reach, never to equal ("60 miles of range").
_AT_LEAST = frozenset({"range", "load_capacity", "torque", "pressure"})
# Measures whose units say what they are, however few products state them.
_OWN_UNITS = frozenset({"pressure", "speed", "torque", "sound", "voltage", "rotation",
                        "distance"})
# What a product reaches, asked of it: "does it get to 10 bar?", "assist up to 20 mph?".
_REACH = re.compile(r"\b(?:up\s+to|gets?\s+to|go(?:es)?\s+(?:up\s+)?to|reach(?:es)?|hits?|"
                    r"handles?|takes?|carry|carries|supports?|holds?|lasts?(?:\s+for)?|"
                    r"runs?\s+for)\s*$", re.I)
# A question looking for products, where "up to" bounds what is wanted.
_LOOKING = re.compile(r"\s*(?:do\s+you|have\s+you|is\s+there|are\s+there|any)\b", re.I)
_MORE = re.compile(r"\b(most|highest|largest|biggest|longest|greatest|best|max(?:imum)?|top|"
                   r"least|lowest|smallest|shortest|fewest|min(?:imum)?)\s+", re.I)
_QUESTION = re.compile(r"^[\s,:;-]*(?:and\s+)?(?:does|do|did|is|are|can|has|have|will|what|"
                       r"what's|whats|how|which|when)\b", re.I)  # "<name> - how heavy?"
# "in inches", "in cm": after a number, "in" introduces the units asked, no inch figure.
_IN_UNITS = re.compile(r"\s+(?:inch|inches|cm|centimet|millimet|mm\b|feet|foot|ft\b|met|kg\b|"
                       r"kilo|pound|lbs?\b|ounce|oz\b|gram|litre|liter)", re.I)
_USES = re.compile(r"\b(?:(don't|doesn't|do\s+not|does\s+not|not|never|without)\s+)?"
                   r"(?:use|uses|using|run\s+on|runs\s+on|burn|burns|take|takes)\s+"
                   r"(?:a\s+|an\s+)?(?!time\b|it\b|them\b|the\b|to\b)([a-z][a-z-]+)", re.I)
_HAS = re.compile(r"\b(?:does|do)\s+(?:it|they|this|that|the\s+\w+(?:\s+\w+){0,6})\s+"
                  r"(?:have|has|come\s+with|include|support|contain)\s+(?:a\s+|an\s+|any\s+|the\s+)?"
                  r"([a-z][a-z -]*?[a-z])(?=\s+or\s|\s*[?.!,]|\s*$)", re.I)  # "..., or do I"
_IS = re.compile(r"^\s*(?:and\s+)?(?:is|are)\s+(?:it|they|this|that|these|those|the\s.+?)\s+"
                 r"((?:[a-z][a-z-]+\s+(?=(?:safe|proof|resistant|compatible|friendly|free)\b))?"
                 r"[a-z][a-z-]+)\s*\??\s*$", re.I)
# "Is it OK for hot water?", "is the rug safe for pets?": what it is fit for, in full.
_FIT_FOR = re.compile(r"^\s*(?:and\s+)?(?:is|are)\s+(?:it|they|this|that|these|those|the\s.+?)\s+"
                      r"(?:ok|okay|good|fine|suitable|safe|made|designed|meant|rated)\s+"
                      r"(?:to\s+use\s+)?(?:for|with)\s+((?:[a-z][a-z-]+\s+){0,2}[a-z][a-z-]+)"
                      r"\s*\??\s*$", re.I)
# "Are the armrests adjustable on the <name>?": what a part of the named product is asked
# to be (the name is blanked out before this is read).
_PART_IS = re.compile(r"^\s*(?:and\s+)?(?:is|are)\s+(?:the|its|their)\s+((?:[a-z][a-z-]+\s+){1,2}"
                      r"[a-z][a-z-]+)\s+(?:on|of|in)\s+(?:the|this|that|your|it)?"
                      r"(?:\s{3,}[a-z]+)?\s*\??\s*$",  # "on the <name> bra?": its kind word
                      re.I)
_DIM_OF = {name: dim for dim, _, name in _NAMES}
# Words before a mass that make it what the product must take: "carriers good up to 40 lb",
# "rated for 280 lb", "a chair that holds 130 kg" (at least that much).
_TAKING = r"holds?|takes?|supports?|carr(?:y|ies)|bears?"
_TAKES = re.compile(rf"\b(?:good|rated|safe|ok|okay|suitable|{_TAKING})"
                    r"\s+(?:for\s+|up\s+to\s+|to\s+)?(?:an?\s+)?(?:\w+\s+)?$")
# A person's weight, which a product must take: "someone who weighs 230 lb", "I weigh 95 kg",
# "a 230 lb rider".
_WHO_WEIGHS = re.compile(r"\b(?:someone|somebody|anyone|person|people|user|rider|i|he|she|who|"
                         r"kid|child|husband|wife|son|daughter)\s+(?:who\s+|that\s+)?"
                         r"(?:weighs?|weighing|am|is)\s+(?:about\s+|around\s+|over\s+)?$")
_WEIGHED = re.compile(r"^\s*(?:person|guy|man|woman|user|rider|adult|teen|kid|child)\b")
# Verbs that make "more weight" what a product takes, not what it weighs.
_HOLDS = re.compile(rf"\b(?:{_TAKING})\b")


def read_attributes(table: AttributeTable, text: str, avoid: list[tuple[int, int]] | None = None,
                    known: Callable[[str], bool] | None = None,
                    question: bool | None = None) -> AttributeReading:
    """Filters, a superlative sort and asked attributes stated in `text`.

    Word values ("in blue", "not leather", "in stock"; `value_reading`) are read outside
    the `avoid` spans (brands, category names); `known` says a word is the catalog's;
    `question` says the message asks (for a text whose question word was blanked).
    """
    text = spelled_figures(text)  # "about a pound of coffee": 1 pound (same length)
    names = table.names()
    filters: list[AttributeFilter] = []
    filter_spans: list[tuple[int, int]] = []
    spans: list[tuple[int, int]] = []
    asked: list[str] = []
    low = fold(text) if len(fold(text)) == len(text) else text.lower()
    question = bool(_QUESTION.search(low)) if question is None else question  # a name blanked
    mentioned = option_mentions(table, text)  # the shop's option values, read once
    options = [span for _, value, span in mentioned
               if any(ch.isdigit() for ch in value)]  # "the 1 L one" is an option
    for m in _UNIT_RE.finditer(text):
        if any(a <= m.start() and m.end() <= b for a, b in options) or _IN_UNITS.match(
                text, m.end()) and m.group(0).rstrip().lower().endswith("in"):
            continue  # "the aero 55 in inches": a name's number, then the units asked
        f = _filter_from(table, text, low, m)
        if f is not None:
            filters.append(f[0])
            filter_spans.append(f[1])
    for counted, span in _counts(table, text):  # "a thread count of at least 400"
        filters.append(counted)
        filter_spans.append(span)
    values = read_values(table, text, [*(avoid or []), *filter_spans], known, mentioned)
    filters += values.filters
    filter_spans += values.spans
    sort, sort_span = _superlative(table, low)
    if sort is None:
        sort, sort_span = _comparative(table, low)
    uses = _USES.search(low)
    if uses and ("fuel" in names or not names):
        word = uses.group(2)
        if word not in ("batteries", "battery", "less", "more", "up"):
            filters.append(AttributeFilter("fuel", "lacks" if uses.group(1) else "eq", text=word))
            filter_spans.append(uses.span())
            if question:
                asked.append("fuel")
    if question:
        # a compared figure is asked about ("under 1 lb?"); a bare one may be a name ("32 oz")
        asked += [f.name for f in filters if f.op != "eq" or f.text]
        longer = _alias_hits(table, low)
        for name, words in table.aliases().items():
            if name in asked or sort is not None and sort.key == name:
                continue
            for w in words:
                hit = re.search(rf"\b{re.escape(w)}\b", low)
                if hit and any(a <= hit.start() < b for a, b in filter_spans):
                    continue  # "in stock" already read as a filter
                if hit and any(n != name and a <= hit.start() and hit.end() <= b
                               and b - a > hit.end() - hit.start() for n, (a, b) in longer):
                    continue  # "weight" inside "how much weight" (the load it takes)
                if hit and name == "dimensions":  # "what are its dimensions?"
                    asked += [n for n in ("dimensions", "width", "depth", "height", "length")
                              if n in names]
                    spans.append(hit.span())
                    break
                part = _OF_A_PART.search(low[:hit.start()]) if hit and name == "size" else None
                if part and f"{part.group(1)}_size" not in names:
                    continue  # "the barrel size of the curling iron": no size it is sold in
                if part and hit:  # "what grip sizes?": the shop's "Grip Size"
                    asked.append(f"{part.group(1)}_size")
                    spans.append((part.start(), hit.end()))
                    break
                if hit and (name in names or name == "fuel"):
                    asked.append(name)
                    spans.append(hit.span())
                    break
        if not asked:  # "how many grams is the jar?": the figure the unit measures
            asked += _measured_by(table, asks_how_many(low))
        has = _HAS.search(low)
        if has and not asked:
            word = has.group(1).strip()
            filters.append(AttributeFilter(word.replace(" ", "_"), "has", text=word))
            filter_spans.append(has.span(1))
            asked.append(word.replace(" ", "_"))
        is_ = _FIT_FOR.search(low) or _PART_IS.search(low) or _IS.search(low)
        if is_ and not asked and not _DEGREE_WORDS.search(is_.group(1)) \
                and not re.search(r"\bincluded\b", low):  # "are batteries included with"
            # the Cleaner?" asks of batteries (`feature_asked`), not of a cleaner
            word = is_.group(1)
            filters.append(AttributeFilter(word.replace(" ", "_"), "has", text=word))
            filter_spans.append(is_.span(1))
            asked.append(word.replace(" ", "_"))
    all_spans = filter_spans + ([sort_span] if sort_span else []) + spans
    return AttributeReading(tuple(filters), sort, tuple(dict.fromkeys(asked)), tuple(all_spans),
                            tuple(filter_spans))


# A number in words before a unit: "a pound", "an ounce", "two litres" (same length).
_SPELLED = re.compile(r"(?<!half )\b(a|an|one|two|three|four|five|ten)(\s+)(?=(?:pound|kilo|"
                      r"kilogram|litre|liter|gallon|mile|foot|metre|meter|ounce|quart|inch|gram)"
                      r"s?\b)", re.I)
_DIGITS = {"a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
           "ten": "10"}


def spelled_figures(text: str) -> str:
    """'about a pound of coffee' -> 'about 1 pound of coffee', "I'm 6'2\"" -> "I'm 74\"", each
    figure padded to the words' length so that spans read from it hold for the message."""
    text = _FEET_INCHES.sub(lambda m: f'{12 * int(m.group(1)) + int(m.group(2))}"'.ljust(
        len(m.group(0))), text)
    return _SPELLED.sub(lambda m: _DIGITS[m.group(1).lower()].ljust(len(m.group(1)))
                        + m.group(2), text)


# A height in feet and inches: 6'2", 5' 10", 6′1″.
_FEET_INCHES = re.compile(r"(?<![\d'])([3-7])\s?['′’]\s?(\d{1,2})\s?(?:\"|''|″|”)")


def _measured_by(table: AttributeTable, units: tuple[str, ...]) -> list[str]:
    """The catalog attribute each asked unit measures ('g' -> weight, 'mi' -> range)."""
    out = []
    for unit in units:
        m = _UNIT_RE.match(f"1 {'fl oz' if unit == 'oz' else unit}") if unit != "oz" else None
        dims = [_UNITS[i - 2][1] for i in range(2, len(_UNITS) + 2) if m and m.group(i)] \
            if m else ["mass", "volume"]
        for dim in dims:
            stated = [n for n in table.names() if _DIM_OF.get(n) == dim]
            if stated:
                out.append(max(stated, key=table.count))
                break
    return out


def _alias_hits(table: AttributeTable, low: str) -> list[tuple[str, tuple[int, int]]]:
    """Every attribute phrase in the message, with its span."""
    return [(name, hit.span()) for name, words in table.aliases().items() for w in words
            for hit in re.finditer(rf"\b{re.escape(w)}\b", low)]


_DEGREE_WORDS = re.compile(r"\b(?:degrees?|cheap|expensive|good|available|new|better|best|"
                           r"have|got|sell|carry|stock|offer)\b")  # "...you have?" asks none


def _comparative(table: AttributeTable, low: str) -> tuple[Sort | None, tuple[int, int] | None]:
    """'which is lighter, A or B?' -> Sort('weight')."""
    names = table.names()
    for word, (options, desc) in COMPARATIVES.items():
        hit = re.search(rf"\b{word}\b(?!\s+than\s+(?:an?\s+)?\$?\d)", low)
        if hit is None:
            continue  # "lighter than 2 lb" is a bound, not "which is lighter?"
        present = [n for n in options if n in names and _sortable(table, n)]
        return Sort(present[0] if present else options[0], desc), hit.span()
    return None, None


def _filter_from(table: AttributeTable, text: str, low: str,
                 m: re.Match[str]) -> tuple[AttributeFilter, tuple[int, int]] | None:
    start = m.start()
    if start > 0 and text[start - 1] == "$":
        return None
    group = next(i for i in range(2, len(_UNITS) + 2) if m.group(i) is not None)
    _, dim, unit, factor = _UNITS[group - 2]
    if dim in ("resolution", "count") and not re.search(r"\d\s?(?:k|p)\b", m.group(0), re.I) \
            and dim == "resolution":
        return None
    number = float(m.group(1).replace(",", ""))
    value = number * 9 / 5 + 32 if dim == "temperature" and factor < 0 else number * factor
    window = low[max(0, start - 30): m.end() + 30]
    if dim == "mass" and factor == 1 / 16 and _VOLUME_CUES.search(window):
        dim, unit, value = "volume", "L", number * 0.0295735
    name = _pick_name(table, dim, low, round(value, 4))
    if name is None or name == "duration" or 0 < table.count(name) < 2 and dim not in _OWN_UNITS:
        return None  # "a 3-day hike" is no spec filter; "10 bar" is a pressure however rare
    before, after = low[:start], low[m.end():]
    span_start, span_end = start, m.end()
    who = _WHO_WEIGHS.search(before[-40:])  # "weighs" there is no weight asked of it
    if dim == "mass" and "load_capacity" in table.names() and (
            _TAKES.search(before[-30:]) or who or _WEIGHED.match(after)):
        begin = start - (len(before[-40:]) - who.start()) if who else start
        return AttributeFilter("load_capacity", "ge", round(value, 4), unit), (begin, m.end())
    op: Op = "eq"
    le, ge = _LE.search(before[-40:]), _GE.search(before[-40:])
    reach = _REACH.search(before[-40:]) if dim != "temperature" else None
    if reach and _QUESTION.search(low) and not _LOOKING.match(low):  # "does it get to 10
        # bar?": its limit is at least that; "do you have a pack up to 30 L?" is a bound
        op, span_start = "ge", start - (len(before[-40:]) - reach.start())
    elif le:
        op, span_start = "le", start - (len(before[-40:]) - le.start())
    elif ge:
        op, span_start = "ge", start - (len(before[-40:]) - ge.start())
    elif (a := _GE_AFTER.search(after)) is not None:
        op, span_end = "ge", m.end() + a.end()
    elif (a := _LE_AFTER.search(after)) is not None:
        op, span_end = "le", m.end() + a.end()
    if op == "eq" and name in _AT_LEAST:
        op = "ge"  # "an e-bike with 60 miles of range", "my commute is 20 km": that far at least
    words = "|".join(re.escape(w) for w in ALIASES.get(name, ()))
    said = re.match(rf"\s+(?:of\s+)?(?:{words})\b", text[span_end:], re.I) if words else None
    if said:  # "16GB of memory": the attribute's own word is part of the filter, no name
        span_end += said.end()
    return AttributeFilter(name, op, round(value, 4), unit), (span_start, span_end)


def _pick_name(table: AttributeTable, dim: str, low: str, value: float) -> str | None:
    """The catalog attribute a number + unit in a message means."""
    names = table.names()
    candidates = [n for n in names if _DIM_OF.get(n) == dim]
    by_words = _name_for(dim, low)
    default = next((n for d, w, n in _NAMES if d == dim and not w), by_words)
    if by_words != default and (by_words in names or not candidates):
        return by_words
    for name, words in ALIASES.items():
        if name in candidates and any(re.search(rf"\b{re.escape(w)}\b", low) for w in words):
            return name
    if not candidates:
        return by_words
    # a bare "16GB" means a dimension's first or default attribute (memory or storage), not a
    # secondary one (graphics memory); the catalog decides which by the values it states
    primary = {n for i, (d, w, n) in enumerate(_NAMES) if d == dim
               and (not w or i == next(j for j, e in enumerate(_NAMES) if e[0] == dim))
               } - {"load_capacity"}  # a bare "under 12 lb" is a weight, not what it takes
    pool = [n for n in candidates if n in primary] or candidates
    return max(pool, key=lambda n: (table.typical(n, value), table.count(n)))


def _superlative(table: AttributeTable, low: str) -> tuple[Sort | None, tuple[int, int] | None]:
    names = table.names()
    for m in _MORE.finditer(low):  # "longest battery life", "most storage", "least memory"
        if any(re.match(rf"{re.escape(w)}\b", low[m.start():]) for words in ALIASES.values()
               for w in words):
            continue  # "the max weight for the carrier" names its load capacity
        rest = low[m.end():]
        for name, words in table.aliases().items():
            for w in words:
                if re.match(rf"{re.escape(w)}\b", rest) and name in names \
                        and _sortable(table, name):
                    desc = m.group(1).lower() not in ("least", "lowest", "smallest", "shortest",
                                                      "fewest", "min", "minimum")
                    if name == "temperature_rating" and m.group(1).lower() == "lowest":
                        desc = False
                    if name == "weight" and _HOLDS.search(low) and "load_capacity" in names \
                            and _sortable(table, "load_capacity"):
                        name = "load_capacity"  # "which one holds most weight?": what it takes
                    return Sort(name, desc), (m.start(), m.end() + len(w))
    for word, (options, desc) in SUPERLATIVES.items():
        hit = re.search(rf"\b{word}\b", low)
        if hit is None:
            continue
        present = [n for n in options if n in names and _sortable(table, n)]
        key = max(present, key=table.count) if present and options[0] not in present \
            else options[0]
        return Sort(key, desc), hit.span()
    return None, None


_CUE = (r"(at\s+least|over|more\s+than|above|min(?:imum)?|under|below|at\s+most|"
        r"less\s+than|up\s+to|no\s+more\s+than|max(?:imum)?)?\s*")


def _counts(table: AttributeTable, text: str) -> list[tuple[AttributeFilter, tuple[int, int]]]:
    """Filters on a quantity without a unit that the message names ("thread count"):
    "a thread count of at least 400", "400 thread count", "over 300 thread count"."""
    out = []
    for name, unit in table.names().items():
        if unit != "" or not _sortable(table, name):
            continue
        for w in ALIASES.get(name, (name.replace("_", " "),)):
            word = re.escape(w).replace(r"\ ", r"[\s-]")
            for m in re.finditer(rf"\b{word}\s*(?:of\s+|:\s*|is\s+)?{_CUE}(?P<n>\d[\d,]*)\b"
                                 rf"|{_CUE}(?P<m>\d[\d,]*)[\s-]*{word}\b", text, re.I):
                cue = (m.group(1) or m.group(3) or "").lower()
                number = float((m.group("n") or m.group("m")).replace(",", ""))
                op: Op = "eq" if not cue else "le" if cue.split()[0] in (
                    "under", "below", "at", "less", "up", "no", "max", "maximum") \
                    and not cue.startswith("at least") else "ge"
                out.append((AttributeFilter(name, op, number, ""), m.span()))
            if out:
                return out
    return out


def _sortable(table: AttributeTable, name: str) -> bool:
    """A quantity the catalog states (a size of "S" or "Queen" orders nothing)."""
    is_numeric = getattr(table, "is_numeric", None)
    return is_numeric is None or is_numeric(name)


__all__ = ["ALIASES", "SUPERLATIVES", "AttributeReading", "read_attributes"]
