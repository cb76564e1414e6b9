"""What a message says of a product's options and sub-kinds in the shop's own words.

An option of a named product asked by its own name: "what weights does the sloth come
in?", "how many designs does the floor puzzle come in?", "which characters can I get the
figure as?" The option names are the shop's (Shopify's Option1 Name, a feed's size or
colour), so no list of them is kept here.

    option_name_asked(knowledge, "what editions does it come in?", ("sneaky-llamas",))
    -> ("edition",)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.catalog.types import canonical_name
from assistant.catalog.units import convert
from assistant.catalog.vocab import COLOR_PHRASE
from assistant.qa.knowledge.spec_text import extract
from assistant.qa.knowledge.textnorm import singular
from assistant.qa.query import AttributeFilter, Query
from assistant.qa.reading.cues import asks_price, ruled_out

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.knowledge import ShopKnowledge
    from assistant.qa.knowledge.vocab import Mention

# A feature asked by its colour: "a green dial", "a rose gold case".
_COLOURED = re.compile(rf"({COLOR_PHRASE})\s+[a-z]+", re.I)
# The plural or singular of a name, as a whole word: "weights", "designs", "board size".
_PLURAL = r"(?:s|es)?"


def option_name_asked(k: ShopKnowledge, text: str, named: Sequence[str]) -> tuple[str, ...]:
    """The canonical name of the one option of the named products the message names, when
    it names it as a word of its own; () when none, or more than one, is named."""
    names: set[str] = set()
    if asks_price(text):
        return ()  # "how much is the size L?" picks a size, asks its price
    for pid in named:
        p = k.catalog.by_id.get(pid)
        if p is None:
            continue
        for option, values in p.options().items():
            if len(values) < 2 or option.lower() in ("title", "default") \
                    or re.search(rf"\b{re.escape(option)}\b", p.title, re.I):
                continue  # "the Circuit Explorer Kit" names no Kit option
            words = r"\s+".join(map(re.escape, option.lower().split()))
            picked = any(re.search(rf"(?<!\w){re.escape(v)}(?!\w)", text, re.I) for v in values)
            if not picked and re.search(rf"\b{words}{_PLURAL}\b", text, re.I):
                names.add(canonical_name(option))
    return tuple(names) if len(names) == 1 else ()


def about_named(k: ShopKnowledge, text: str, named: Sequence[str],
                filters: tuple[AttributeFilter, ...]) -> tuple[AttributeFilter, ...]:
    """The filters a message puts on the products it names: none a title's own figures
    state, plus the options it picks by a word (`own_figures_out`, `named_options`)."""
    filters = own_figures_out(k, filters, named)
    p = k.catalog.by_id.get(named[0]) if len(named) == 1 else None
    if p is not None:
        filters = tuple(figure_option(p.options(), f, text) for f in filters)
    return named_options(k, text, named, filters)


# An option value that is a figure and its unit ("0.5 mm", "7.5 in").
_FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")


def as_option(p: Product, q: Query) -> Query:
    """`q` with each figure asked of `p` that one of its options sells by read as that
    option ("does it come in a 5000?" of a reel sold in 2500, 3000 and 4000)."""
    options = p.options()
    renamed = {}
    for f in q.filters:
        g = figure_option(options, f)
        if g is f and f.op == "has" and f.value is None and re.fullmatch(r"\d+", f.name):
            g = next((AttributeFilter(canonical_name(o), "eq", text=f.name)
                      for o, vs in options.items() if _numbered(vs)), f)
        if g is not f:
            renamed[f] = g
    if not renamed:
        return q
    names = {f.name: g.name for f, g in renamed.items()}
    return q.but(filters=tuple(renamed.get(f, f) for f in q.filters),
                 asked=tuple(names.get(a, a) for a in q.asked))


def _numbered(values: tuple[str, ...]) -> bool:
    """An option of several values that are bare numbers ("2500", "3000", "4000")."""
    return len(values) > 1 and all(re.fullmatch(r"\d+", v.strip()) for v in values)


def figure_option(options: dict[str, tuple[str, ...]], f: AttributeFilter,
                  text: str = "") -> AttributeFilter:
    """A figure asked of a product sold in one option of figures in a unit of its kind is
    that option, in the shop's unit: "in 0.9mm?" of one whose Lead Size is 0.3, 0.5 or
    0.7 mm asks the lead size 0.9 mm (read as some other attribute in inches)."""
    if f.value is None or not f.unit or any(canonical_name(o) == f.name for o in options):
        return f
    fits = []
    for option, values in options.items():
        said = [_FIGURE.fullmatch(v.strip().lower()) for v in values]
        units = {m.group(2) for m in said if m}
        if len(values) > 1 and all(said) and len(units) == 1 \
                and (value := convert(f.value, f.unit, next(iter(units)))) is not None:
            said_so = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)
                       if abs(float(x) - value) <= 0.02 * value]  # "0.9", not 0.8992
            fits.append(AttributeFilter(canonical_name(option), "eq", unit=next(iter(units)),
                                        value=said_so[0] if said_so else round(value, 4)))
    return fits[0] if len(fits) == 1 else f


def named_options(k: ShopKnowledge, text: str, named: Sequence[str],
                  filters: tuple[AttributeFilter, ...]) -> tuple[AttributeFilter, ...]:
    """The options of the one named product the message picks by a word ("the large Oriel
    toiletry bag" of one sold in Standard and Large) that no filter read (a plain size word
    before a name reads as an adjective elsewhere)."""
    p = k.catalog.by_id.get(named[0]) if len(named) == 1 else None
    if p is None:
        return filters
    out = list(filters)
    for option, values in p.options().items():
        name = canonical_name(option)
        if len(values) < 2 or any(f.name == name for f in out):
            continue
        hits = [v for v in values if re.fullmatch(r"[^\W\d]{3,}(?:-[^\W\d]+)?", v) and re.search(
            rf"(?<!\w){re.escape(v)}s?(?!\w)", text, re.I) and not re.search(
            rf"(?<!\w){re.escape(v)}(?!\w)", p.title, re.I)]
        if len(hits) == 1:  # "as clip-ons": the option, not a feature of that name
            out = [f for f in out if not (f.op == "has" and f.value is None and f.name.rstrip(
                "s") == hits[0].lower())]
            out.append(AttributeFilter(name, "eq", text=hits[0].lower()))
    return tuple(out)


def feature_filter(k: ShopKnowledge, named: Sequence[str], feature: str,
                   text: str = "") -> tuple[tuple[AttributeFilter], tuple[str]]:
    """The filter and the attribute a feature question asks of the named product: "with a
    green dial?" of one sold in colours asks its colour, "as clip-ons?" of one sold so that
    option, "an OLED screen?" that feature, "on my opal ring?" opals."""
    p = k.catalog.by_id.get(named[0]) if len(named) == 1 else None
    m = _COLOURED.fullmatch(feature)
    if p is not None and m and "color" in {canonical_name(o) for o in p.options()}:
        return (AttributeFilter("color", "eq", text=m.group(1).lower()),), ("color",)
    words = feature.split()
    if len(words) > 1 and singular(words[-1]) in k.vocab.type_words() and re.search(
            rf"\bmy\s+{re.escape(feature)}", text, re.I):  # "on my opal ring?": of opals
        feature = " ".join(words[:-1])
    for option, values in p.options().items() if p is not None else ():
        for v in values:  # "come as clip-ons?" of one sold in Pierced and Clip-on
            if v.lower() in (feature, feature.removesuffix("s")):
                name = canonical_name(option)
                return (AttributeFilter(name, "eq", text=v.lower()),), (name,)
        if re.fullmatch(r"\d+", feature) and _numbered(values):
            name = canonical_name(option)  # "in a 5000?" of one sold in 2500, 3000, 4000
            return (AttributeFilter(name, "eq", text=feature),), (name,)
    return (AttributeFilter(feature, "has"),), (feature,)


# "What packing cubes do you sell?", "any X?", "do you have X?": all of a product line.
_LINE_ASKED = re.compile(r"\s*(?:what|which|any|are\s+any|do\s+you\s+(?:have|sell|carry)|show\s+"
                         r"me)\b(?!.*\b(?:the|it|this|that)\b)", re.I)  # ...on sale, in stock
_LISTED = ("on_sale", "availability")


def line_asked(k: ShopKnowledge, text: str, named: Sequence[str], tied: Sequence[str],
               spans: Sequence[tuple[int, int]], asked: Sequence[str],
               filters: Sequence[AttributeFilter]) -> tuple[str, ...] | None:
    """The categories to search when a message asks for the kind its words name rather
    than the product they fit: products tied for "packing cubes" (() : the tied line), or
    "neck pillows" of the one product titled "Neck Pillow" (its category); None otherwise."""
    if not _LINE_ASKED.match(text) or not all(f.name in _LISTED for f in filters):
        return None
    if tied:
        return ()
    last = re.findall(r"\w+", text[spans[0][0]:spans[0][1]])[-1:] if spans else []
    p = k.catalog.by_id.get(named[0]) if len(named) == 1 and not asked else None
    if p is None or not last or not re.fullmatch(r"\w+[^s\W]s", last[0]) \
            or re.search(rf"\b{last[0]}\b", p.title, re.I):  # "magnetic tiles" of "... Tiles"
        return None
    return (p.category,)


def sub_kind_out(low: str, m: Mention, found: list[Mention]) -> AttributeFilter | None:
    """"dolls but not baby dolls": the words the ruled-out mention adds to a category also
    asked for ("baby") are ruled out, not the whole category; None when it adds none."""
    if not any(o.value == m.value and o.start != m.start and not ruled_out(low, o.start)
               for o in found):
        return None
    own = {singular(w) for w in re.findall(r"[a-z]+", m.value.lower())}
    extra = [w for w in re.findall(r"[a-z]+", low[m.start:m.end]) if singular(w) not in own]
    return AttributeFilter(" ".join(extra), "lacks") if extra else None


def categories_out(k: ShopKnowledge, low: str, found: list[Mention], types: Sequence[str]
                   ) -> tuple[AttributeFilter, ...]:
    """The categories a message rules out ("laptops but not gaming laptops"), each as a
    category filter; as a word where it holds all of a kind asked ("collars, not leashes"
    of Collars & Leashes) or sells none of the kinds asked ("a cleanser with no fragrance":
    the word, not the Fragrance aisle), or the words it adds (`sub_kind_out`)."""
    out = []
    for m in found:
        if m.kind != "category" or not ruled_out(low, m.start):
            continue
        sold = [[p.category == m.value for p in k.vocab.products_of_type(t)] for t in types]
        word = any(all(s) for s in sold) or bool(sold) and not any(any(s) for s in sold)
        out.append(AttributeFilter(low[m.start:m.end], "lacks") if word
                   else sub_kind_out(low, m, found)
                   or AttributeFilter("category", "lacks", text=m.value))
    return tuple(out)


def own_figures_out(k: ShopKnowledge, filters: tuple[AttributeFilter, ...],
                    named: Sequence[str]) -> tuple[AttributeFilter, ...]:
    """The filters but a figure the named product's own title states ("the 12 inch Titan
    Legends figure" of the "Titan Legends 12-inch Hero Figure" asks nothing of 12 in)."""
    stated = [a for i in named if (p := k.catalog.by_id.get(i)) is not None
              for a in extract(p.title, title=True) if a.value is not None and a.unit]
    return tuple(f for f in filters if f.value is None or not f.unit or not any(
        (same := convert(f.value, f.unit, str(a.unit))) is not None
        and abs(same - float(a.value or 0)) <= 0.02 * abs(same) for a in stated))


__all__ = ["about_named", "as_option", "categories_out", "feature_filter", "figure_option",
           "line_asked", "named_options", "option_name_asked", "own_figures_out", "sub_kind_out"]
