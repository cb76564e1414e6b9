"""The rules parser: one shopper message -> a `Query`, plus how it points at earlier turns.

Everything domain-specific comes from the loaded catalog through `ShopKnowledge`: category,
type and brand mentions (`vocab.mentions`), attributes with units (`attributes.read`), named
products (`index.find_named`) and spelling (`vocab.correct`). The rules here only know shop
English: prices, "cheapest", "how many", "which is cheaper, A or B", "of those", "not Apple".

`Parsed.unsure` lists why the rules may have misread the message (nothing recognised, unknown
words, a spelling fix); the LM parser reads it again when `QAConfig.lm_parse` allows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from assistant.qa.knowledge.retrieval import STOPWORDS
from assistant.qa.knowledge.vocab import Mention
from assistant.qa.query import AttributeFilter, Query, Sort
from assistant.qa.reading.asked_units import named_units
from assistant.qa.reading.attribute_reading import read_attributes
from assistant.qa.reading.category_words import (
    category_from_words,
    either_kind,
    mostly_stated,
    type_across_parts,
)
from assistant.qa.reading.cues import ORDINAL_NUMBER as ORDINAL_NUMBER
from assistant.qa.reading.cues import (
    Reference,
    compare_sort,
    read_intent,
    read_reference,
    ruled_out,
    sort_word,
)
from assistant.qa.reading.feature_asked import asks_is_a, feature_asked, question_part
from assistant.qa.reading.mention_roles import (
    after_the,
    asks_of_a_list,
    no_kind_here,
    ruled_out_span,
    subject_part,
)
from assistant.qa.reading.option_asked import (
    about_named,
    categories_out,
    feature_filter,
    line_asked,
    option_name_asked,
)
from assistant.qa.reading.predicate import (
    ASKING,
    known_word,
    names_a_kind,
    predicate_names,
    predicate_out,
    unknown_next,
)
from assistant.qa.reading.word_level import (
    VERB,
    blank,
    content_outside,
    cut_at_verb,
    edits,
    holding_every_word,
    is_english_word,
    need_words,
    overlap,
    residual,
    size_superlative_form,
    superlative_form,
    title_coverage,
    title_fits,
    uniq,
)
from assistant.qa.reading.words import (
    EXCLUDE_LIST,
    FILLER,
    INCLUDED,
    KEYWORDS,
    NEED_CUE,
    YES_NO_START,
    prices,
)

if TYPE_CHECKING:
    from assistant.qa.knowledge import ShopKnowledge


@dataclass(frozen=True)
class Parsed:
    """What the rules read in one message."""

    query: Query
    ref: Reference = field(default_factory=Reference)
    unsure: tuple[str, ...] = ()  # why the rules may be wrong; empty = sure
    tied: tuple[str, ...] = ()  # product ids named equally well: ask which one
    unknown: tuple[str, ...] = ()  # content words the catalog never uses ("tents")
    text: str = ""  # the message after spelling correction
    content: tuple[str, ...] = ()  # words left once every recognised part is taken out

    @property
    def sure(self) -> bool:
        return not self.unsure


# How close (0-100, rapidfuzz scale or the index's own) a named match must be to count,
# and how far behind the best another may be to count as a tie.
NAMED_MIN_SCORE = 80.0
NAMED_TIE_GAP = 1.0
# Weakest catalog-word mention taken (1.0 exact; fuzzy matches of one letter in a
# short word score about 0.8 and are left to the LM parser).
MIN_MENTION_SCORE = 0.9
# Share of a title's words a message must contain to name that exact product.
FULL_TITLE = 0.9
# More products than this fitting one name equally well: a product line, not a name.
NAMED_MAX_TIED = 4


class RuleParser:
    """Reads messages against one catalog's knowledge."""

    def __init__(self, knowledge: ShopKnowledge) -> None:
        self.k = knowledge

    # ------------------------------------------------------------------ entry point
    def parse(self, message: str) -> Parsed:
        raw = " ".join(message.replace("\u2019", "'").split())
        raw = re.sub(r"\b(what|how|where)s\b", r"\1's", raw, flags=re.I)  # "whats the max ...?"
        raw = question_part(raw)  # "is it water resistant? going swimming"
        raw = re.sub(r"\byou\s+(?:guys|folks|all)\b", "you", raw, flags=re.I)  # "do you guys"
        text, notes = self._correct(raw)
        low = text.lower()
        spans: list[tuple[int, int]] = []

        min_price, max_price, price_spans = prices(low)
        spans += price_spans
        # "mowers" is no "towers": a weak mention is none
        found = [m for m in self._all_mentions(text) if m.score >= MIN_MENTION_SCORE]
        # brand and category names are no values ("Black+Decker", "Kids' Jackets")
        avoid = [(m.start, m.end) for m in found if m.kind in ("brand", "category")]
        known = partial(known_word, self.k)
        reading = read_attributes(self.k.attributes, text, [*avoid, *price_spans], known)
        counted = [sp for f, sp in zip(reading.filters, reading.filter_spans, strict=False)
                   if f.value is not None]
        if any(overlap(p, c) for p in price_spans for c in counted):  # "thread count over 300"
            min_price, max_price, price_spans = prices(blank(low, counted))
            spans = list(price_spans)
        filters = tuple(getattr(reading, "filters", ()) or ())
        asked = tuple(getattr(reading, "asked", ()) or ())
        attr_sort: Sort | None = getattr(reading, "sort", None)
        spans += [tuple(s) for s in getattr(reading, "spans", ()) or ()]  # type: ignore[misc]
        attr_spans = list(spans[len(price_spans):])
        mention_all = [(m.start, m.end) for m in found]
        kinds = [(m.start, m.end) for m in found if m.kind != "brand"]
        named, tied, named_spans = self._named(text, [*spans, *mention_all], [*spans, *kinds])
        if named_spans and re.match(r"\s*(?:and\s+)?(?:is|are)\b", low):
            named_spans = predicate_out(text, named_spans, reading)
        if named_spans:  # a spec inside a product's own name is not asked about
            hidden = list(named_spans)
            verb = VERB.search(text, named_spans[0][0])
            if verb and re.match(YES_NO_START, low) and len(  # "does <name> have X?": X
                    text[named_spans[0][1]:verb.start()].split()) <= 2:  # follows the verb
                hidden.append((0, verb.start()))
            asking = bool(re.match(ASKING, low)) or low.endswith("?")  # "Boost 1000 weight?"
            reading = read_attributes(self.k.attributes, blank(text, hidden),
                                      [*avoid, *price_spans], known, question=asking or None)
            filters = about_named(self.k, text, named, tuple(getattr(reading, "filters", ()) or ()))
            asked = tuple(getattr(reading, "asked", ()) or ()) or option_name_asked(
                self.k, text, named)  # "what weights does it come in?": the shop's options
            attr_sort = getattr(reading, "sort", None)
            spans = [*price_spans, *(tuple(s) for s in getattr(reading, "spans", ()) or ())]
            attr_spans = list(spans[len(price_spans):])
        spans += named_spans
        categories, types, brands, excluded, mention_spans = self._mentions(
            found, text, low, named_spans, attr_spans)
        categories, types = either_kind(self.k, categories, types)  # "bras or leggings"
        spans += mention_spans
        filters += categories_out(self.k, low, found, types)  # "but not gaming laptops"
        if not named and filters and mention_spans and re.match(ASKING, low):
            asked = predicate_names(asked, filters, reading, max(b for _, b in mention_spans))

        # "20 degrees or colder", "60 L or more": the comparative qualifies a filter
        plain = re.sub(r"\bor (?:\w+er|more|less)\b", " ", text, flags=re.I)
        plain = re.sub(r"\b\w+er\s+than\s+(?:an?\s+)?\$?\d", " ", plain, flags=re.I)  # a bound
        if attr_sort is None and (est := superlative_form(plain)) != plain:
            # "which is lighter?" read as "lightest"
            again = read_attributes(self.k.attributes, est)
            if getattr(again, "sort", None) is not None:
                attr_sort = again.sort
        if attr_sort is None and not named and (size := size_superlative_form(plain)) != plain:
            # "a small TV": the smallest screens first
            again = read_attributes(self.k.attributes, size)
            soft: Sort | None = getattr(again, "sort", None)
            if soft is not None and mostly_stated(self.k, soft.key, types, categories):
                attr_sort = soft
        if not (categories or types or named or NEED_CUE.search(text)
                or asks_of_a_list(low) and attr_sort is None):  # "which jigsaw has the most"
            categories = category_from_words(self.k, residual(text, spans))  # not "which one
            # fits in a jersey pocket?" (of the pumps listed)
        sort = attr_sort or sort_word(low)
        if sort is None and len(asked) == 1 and (most := re.search(
                r"(?<!\bat )\b(?:the )?(least|most|lowest|highest|fewest|smallest|largest)\b",
                low)):  # "at least 60 liters" is a bound, not "the least"
            sort = Sort(asked[0], descending=most.group(1) in ("most", "highest", "largest"))
        ref = read_reference(low)
        which = ref.previous and sort is None and re.match(r"\s*(?:which|what)\b", low) \
            and INCLUDED.search(low)  # "which one comes with a battery?": a feature word
        if (not filters or asks_is_a(text)) and ((named or ref.pronoun or ref.ordinal is not None)
                            and re.match(YES_NO_START, low) or which):  # "does it have Wi-Fi?"
            generic = {w for name in self.k.attributes.names() for w in name.split("_")}
            titles = [self.k.catalog.by_id[i].title for i in named if i in self.k.catalog.by_id]
            if feature := feature_asked(text, generic, asked, named_spans, titles):
                filters, asked = feature_filter(self.k, named, feature, text)  # "OLED screen"
        intent = read_intent(low, named, asked, filters, sort, ref)
        if (line := line_asked(self.k, text, named, tied, named_spans, asked, filters)) is not None:
            intent, asked, named = "search", (), named if tied else []  # "what packing cubes
            categories = categories or line  # do you sell?", "what neck pillows ...?"
        if intent == "compare" and sort is None:
            sort = compare_sort(low)
        need = "" if (categories or types or named or sort or ref.points
                      or intent not in ("search", "count")) else need_words(text, spans)
        if need and notes:  # a needs sentence is read by retrieval, which copes with typos
            need = need_words(raw, [])
        elif need and NEED_CUE.search(text):  # the embedder reads "cook on at a campsite"
            need = " ".join(residual(text, spans).split()).strip(" ?.!,")  # better than "cook"
        if need and not filters and (ref.refine or ref.previous) and len(need.split()) <= 2 \
                and not (categories or types or named):  # "only the ones that use isobutane"
            filters, need = (AttributeFilter(need.lower(), "has"),), ""
        elif need and not (categories or types or named) and names_a_kind(self.k, need):
            filters, need = (*filters, AttributeFilter(need.lower(), "has")), ""  # "pajamas"
        unknown = tuple(self.k.index.unknown_words(residual(text, spans)))
        query = Query(
            intent=intent, categories=categories, product_types=types,
            min_price=min_price, max_price=max_price, brands=brands, exclude_brands=excluded,
            filters=filters, products=tuple(p for p in named), asked=asked, sort=sort,
            scope="previous" if ref.previous else "catalog", need=need, notes=tuple(notes),
            units=named_units(raw),
        )
        unsure = []
        if notes:
            unsure.append("spelling corrected")
        if unknown:
            unsure.append("unknown words: " + ", ".join(unknown[:3]))
        if not (query.has_filters or named or sort or asked or ref.any or intent != "search"):
            unsure.append("nothing recognised")
        content = tuple(w for w in re.findall(r"[a-z][a-z'-]+", residual(text, spans).lower())
                        if w not in STOPWORDS and w not in FILLER and w not in KEYWORDS)
        return Parsed(query, ref, tuple(unsure), tied, unknown, text, content)

    # ------------------------------------------------------------------ pieces
    def _correct(self, text: str) -> tuple[str, list[str]]:
        """Spelling fixes against the catalog's words, keeping only plausible typos.

        One edit, or two in a long word, of a word that is not English: "laptp" ->
        "laptop" stays, while "hiking" -> "king" or "hoses" -> "homes" is undone.
        """
        try:
            fixed, notes = self.k.vocab.correct(text, keep=KEYWORDS)
        except Exception:  # a speller failure must not lose the message
            return text, []
        kept = []
        for note in notes:
            m = re.match(r"read '(.+)' as '(.+)'$", note)
            if m is None:
                kept.append(note)
                continue
            was, now = m.groups()
            named = was[:1].isupper() and re.search(rf"[a-z,] {re.escape(was)}\b", text)
            if edits(was.lower(), now.lower()) <= (2 if len(was) >= 7 else 1) \
                    and not is_english_word(was) and not named:  # "stock Lamy pens": a name
                kept.append(note)
            else:
                fixed = re.sub(rf"\b{re.escape(now)}\b", was, fixed, count=1)
        return fixed, kept

    def _named(self, text: str, covered: list[tuple[int, int]],
               not_names: list[tuple[int, int]]
               ) -> tuple[list[str], tuple[str, ...], list[tuple[int, int]]]:
        """(ids of the products the text names, ids tied for one name, the names' spans).

        A span made only of category, brand, price or attribute words is no name
        ("Samsung", "desktops", "under $750"); a span that fits more than
        NAMED_MAX_TIED products is a product line, not a name. Longer names win
        over names inside them; equal scores on one span are a tie.
        """
        find = getattr(self.k.index, "find_named", None)
        if find is None:
            return [], (), []
        try:
            matches = [m for m in find(subject_part(text))  # "is the X an extra virgin oil?"
                       if m.score >= NAMED_MIN_SCORE and m.span]
        except Exception:  # a matcher failure must not lose the message
            return [], (), []
        by_span: dict[tuple[int, int], list[Any]] = {}
        for m in matches:
            by_span.setdefault(cut_at_verb(text, (int(m.span[0]), int(m.span[1]))), []).append(m)
        order = sorted(by_span, key=lambda sp: (-(sp[1] - sp[0]),
                                                -max(m.score for m in by_span[sp]), sp[0]))
        accepted: list[tuple[tuple[int, int], list[Any]]] = []
        for span in order:
            if any(overlap(span, other) for other, _ in accepted) or ruled_out_span(text, span) \
                    or unknown_next(self.k, text, span[1]):  # nor "a compact travel umbrella"
                continue  # "mountain bikes without full suspension" names no product
            fits = [m for m in by_span[span] if title_fits(text[span[0]: span[1]], m.product)]
            n_words = len(re.findall(r"[A-Za-z0-9]+", text[span[0]: span[1]]))
            unique = (len(fits) == 1 and n_words >= 2
                      and content_outside(text, span, not_names))  # not a price or a spec
            if not unique and not content_outside(text, span, covered):
                continue
            words = re.findall(r"[A-Za-z0-9]+", text[span[0]: span[1]])
            content = [w for w in words if w.lower() not in STOPWORDS and w.lower() not in FILLER]
            if len(content) == 1 and is_english_word(content[0]) and not (
                    len(by_span[span]) <= 2 and after_the(text, span[0])):
                continue  # "outdoors" names no product; "Chemex", "Xbox", "the marinara" may
            group = [m for m in by_span[span] if title_fits(text[span[0]: span[1]], m.product)]
            if not group:
                continue
            top = max(m.score for m in group)
            group = holding_every_word(text[span[0]: span[1]],
                                       [m for m in group if m.score >= top - NAMED_TIE_GAP])
            cover = {id(m): title_coverage(text, m.product) for m in group}
            ranked = sorted(cover.values(), reverse=True)
            best = ranked[0]
            clear = len(ranked) > 1 and best >= 0.6 and best - ranked[1] >= 0.15
            if best >= FULL_TITLE or clear:  # the title was typed: that product, not its cousins
                group = [m for m in group if cover[id(m)] >= best - 0.02]
            if len(group) > NAMED_MAX_TIED:
                continue
            accepted.append((span, group))
        verb = VERB.search(text)
        if re.match(YES_NO_START, text.lower()) and verb and len(accepted) > 1:
            # "does the Mac mini have Wi-Fi 7?": what follows the verb is the feature
            accepted = [sg for sg in accepted if sg[0][0] < verb.start()] or accepted[:1]
        accepted.sort(key=lambda sg: sg[0][0])  # in message order: "A or B"
        named: list[str] = []
        tied: list[str] = []
        for _, g in accepted:
            if len({m.product.title for m in g}) == 1:  # one title sold at several prices
                named += [m.product.id for m in g]
            else:
                named.append(g[0].product.id)
                tied += [m.product.id for m in g] if len(g) > 1 else []
        return named, tuple(dict.fromkeys(tied)), [span for span, _ in accepted]

    def _all_mentions(self, text: str) -> list[Any]:
        """The vocabulary's mentions plus brands written out exactly ("Beats", "Apple")."""
        found: list[Any] = [m for m in self.k.vocab.mentions(text)  # "fragrance-free": no
                            if not re.match(r"[\s-]free\b", text[m.end:], re.I)]  # aisle
        taken = [(m.start, m.end) for m in found]
        for brand in self.k.vocab.brands:
            if len(brand) < 2:
                continue
            for hit in re.finditer(rf"(?<![\w-]){re.escape(brand)}(?![\w-])", text, re.I):
                if not any(overlap(hit.span(), t) for t in taken):
                    found.append(Mention("brand", brand, hit.start(), hit.end(), 1.0))
                    taken.append(hit.span())
        return sorted(found, key=lambda m: m.start)

    def _mentions(self, found: list[Any], text: str, low: str,
                  named_spans: list[tuple[int, int]], attr_spans: list[tuple[int, int]]
                  ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...],
                             list[tuple[int, int]]]:
        categories: list[str] = []
        types: list[str] = []
        brands: list[str] = []
        excluded: list[str] = []
        spans: list[tuple[int, int]] = []
        last_excluded_end = -1
        for m in found:  # the message's mentions, each scored at least MIN_MENTION_SCORE
            if any(overlap((m.start, m.end), s) for s in attr_spans):
                continue  # "longest battery life" is an attribute, not the type "battery"
            inside_name = any(a <= m.start and m.end <= b for a, b in named_spans)
            if m.kind == "brand":
                listed = last_excluded_end >= 0 and EXCLUDE_LIST.match(
                    low[last_excluded_end: m.start])
                if ruled_out(low, m.start) or listed:
                    excluded.append(m.value)
                    last_excluded_end = m.end
                elif not inside_name:
                    brands.append(m.value)
            elif inside_name or no_kind_here(low, m.start):
                continue  # "which ... can I buy?", "which one comes with a wall mount?"
            elif m.kind == "category" and ruled_out(low, m.start):
                pass  # "laptops but not gaming laptops": a filter that rules them out (parse)
            elif m.kind == "category":
                categories.append(m.value)
                types += type_across_parts(self.k, text[m.start:m.end], m.value)
            else:
                types.append(m.value)
            spans.append((m.start, m.end))
        return (uniq(categories), uniq(types), uniq(brands), uniq(excluded), spans)


__all__ = ["NAMED_MIN_SCORE", "Parsed", "Reference", "RuleParser"]
