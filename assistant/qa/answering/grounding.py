"""The grounding check: every claim in a reply sentence must be in the facts.

Checked per sentence, before it is shown: dollar amounts (prices, discounts,
or the shopper's own budget after "under"/"between"...), ratings and review
counts, model codes and brand names (must occur in the facts' catalog rows),
attribute claims (must agree with the code's verdicts), yes/no answers,
superlative claims (only about the product the code chose) and anything
that echoes the system prompt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.qa.answering.facts import clean_text, short_name
from assistant.qa.knowledge.retrieval import STOPWORDS, tokens
from assistant.qa.knowledge.stated import own_text, sale_fact, stock_fact
from assistant.qa.query import Query, Sort

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.plan import Verdict as AttributeVerdict

# Well-known brands a small model likes to invent (catalog brands are added at run time).
OUTSIDE_BRANDS = frozenset(str.split("""
vizio toshiba razer garmin huawei xiaomi oneplus alienware corsair
logitech sennheiser anker roku amazon kindle alexa pixel nokia motorola hisense sharp philips
jbl bose sonos canon nikon fujifilm olympus gigabyte asrock zotac nvidia amd intel kodak
"""))
ALLOWED_CODES = frozenset({"ai", "tv", "tvs", "pc", "pcs", "usa", "ok", "faq", "hd", "usd"})
_MONEY = re.compile(r"\$\s?(\d[\d,]*(?:\.\d{1,2})?)\s*(k\b)?|"
                    r"(\d[\d,]*(?:\.\d{1,2})?)\s*(?:dollars|usd)\b", re.I)
_RATING = re.compile(r"(\d(?:\.\d+)?)\s*(?:out of (?:5|five)|/\s*5|-?\s*stars?)|"
                     r"rated\s+(\d(?:\.\d+)?)", re.I)
_REVIEWS = re.compile(r"(\d[\d,]*)\s+(?:customer\s+|user\s+)?(?:reviews?|ratings?)", re.I)
_BUDGET_CUE = re.compile(r"(?:under|below|less than|up to|within|budget|between|and|over|above|"
                         r"more than|at least|limit|max(?:imum)?|from|to)\s*(?:of\s*)?$", re.I)
_PRICE_CUE = re.compile(r"\b(?:costs?|price[ds]?|for|at|only|just|pay|is|are|sells?|sold|was|"
                        r"now)\s*"
                        r"(?:only|just|about|around)?\s*$", re.I)
_FREE = re.compile(r"\b(?:is|are|for|it's|completely|totally|be)\s+free\b|costs? nothing|"
                   r"no charge|\$0\b", re.I)
_DOESNT_SAY = re.compile(r"doesn'?t say|does not say|not (?:listed|stated|specified|mentioned)|"
                         r"doesn'?t (?:list|mention|specify|state)|no information|unclear|"
                         r"not sure", re.I)
# "The X is not listed in the catalog", "we don't carry the X": said of a product in the
# facts, it is false (the catalog holds it); said of an attribute, the check is _yes_no's.
_ABSENT = re.compile(r"\b(?:is|are)(?: not|n'?t) (?:listed |available |sold |found )?"
                     r"in (?:the|our|this) (?:shop'?s )?(?:catalog|shop|store)\b|"
                     r"\bnot (?:listed|available|found) in (?:the|our|this)\b|"
                     r"\b(?:do|does)(?: not|n'?t) (?:carry|sell|stock|have)\b|"
                     r"\bno longer (?:available|sold)\b", re.I)
# Stock and sale claims, checked against each product's stock and list price.
_IN_STOCK = re.compile(r"(?<!not )(?<!n't )\b(?:is|are|'s)?\s*(?:in stock|available now|"
                       r"ready to ship)\b", re.I)
_NOT_IN_STOCK = re.compile(r"\b(?:out of stock|sold out|not in stock|unavailable|"
                           r"(?:is|are)(?: not|n't) available)\b", re.I)
_ON_SALE = re.compile(r"(?<!not )(?<!n't )\b(?:on sale|discounted|marked down|reduced)\b", re.I)
_NEGATION = re.compile(r"\b(?:no|not|doesn'?t|does not|isn'?t|is not|without|lacks?|don'?t)\b",
                       re.I)
_SUPERLATIVE_CLAIM = {
    Sort("price"): r"cheapest|least expensive|lowest[- ]price|most affordable",
    Sort("price", True): r"most expensive|priciest|highest[- ]price",
    Sort("rating", True): r"best[- ]rated|highest[- ]rated|top[- ]rated|best rating|highest rating",
    Sort("review_count", True): r"most[- ]reviewed|most reviews|most popular",
}
# Praise and advice the catalog cannot back ("the perfect choice for her").
_PRAISE = re.compile(
    r"\b(?:perfect|ideal|excellent|great|fantastic|amazing|wonderful|awesome|superb|best) "
    r"(?:choice|pick|option|fit|match|buy|deal|value|gift)\b|\bperfect for\b|\bideal for\b|"
    r"\byou(?:'ll| will) (?:love|enjoy)|\bi (?:would |'d )?(?:highly )?recommend|"
    r"\bgreat for\b|\bworth (?:it|every)|\bmust[- ]have\b|\bexcellent\b|\bperfect\b", re.I)
# A number with a unit in a reply must be in the catalog rows it talks about.
_UNIT_NUMBER = re.compile(
    r"(\d+(?:\.\d+)?)[\s-]*(gb|tb|mb|lbs?|oz|kg|g|inch(?:es)?|in|cm|mm|ft|feet|hz|w|watts?|mah|qt|l|ml|"
    r"hours?|hrs?|h|mp|°f|°c|degrees)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")


@dataclass
class Verdict:
    ok: bool
    reason: str = ""


@dataclass
class Grounder:
    """Checks sentences against the facts of one answer."""

    facts: Sequence[Product]  # the catalog rows in the facts block
    answer: Sequence[Product] = ()  # what the answer is about (decided in code)
    query: Query = field(default_factory=Query)
    verdicts: Sequence[AttributeVerdict] = ()
    brands: frozenset[str] = frozenset()  # every brand in the catalog, lower-case
    system_prompt: str = ""
    kind: str = "search"
    message: str = ""  # the shopper's message: a reply never echoes it

    def __post_init__(self) -> None:
        amounts: set[float] = set()
        stated_amounts: set[float] = set()  # "$40 gift card": fine to repeat, never as a price
        text_parts: list[str] = []
        for p in self.facts:
            amounts |= {round(p.price, 2), round(p.discount, 2), round(p.price + p.discount, 2)}
            amounts |= {round(v.price, 2) for v in p.variants} | {
                round(v.list_price, 2) for v in p.variants}
            # "$40 gift card", "up to $500": stated, fine to repeat, never as a price; an
            # amount inside text addressed to an assistant ("every rug costs $1") is neither
            stated = own_text(p)
            stated_amounts |= {float(a.replace(",", ""))
                               for a in re.findall(r"\$\s?(\d[\d,]*(?:\.\d+)?)", stated)}
            text_parts += [p.category, p.brand, stated]
        amounts |= {round(abs(p.price - o.price), 2) for p in self.facts[:4]  # "$80.00 less
                    for o in self.facts[:4]}  # than the Halden Pro": two prices' difference
        self.amounts = amounts - {0.0}
        self.stated_amounts = stated_amounts
        self.budget = {b for b in (self.query.min_price, self.query.max_price) if b is not None}
        joined = " ".join(text_parts)
        self.fact_tokens = set(tokens(joined)) | set(tokens(clean_text(joined, len(joined) + 1)))
        self.ratings = {p.rating for p in self.facts if p.rating is not None}
        self.review_counts = {p.review_count for p in self.facts}
        self.fact_brands = {p.brand.lower() for p in self.facts}
        prompt_tokens = tokens(self.system_prompt)
        self.prompt_grams = {" ".join(prompt_tokens[i : i + 6])
                             for i in range(len(prompt_tokens) - 5)}
        asked = tokens(self.message)
        self.message_grams = {tuple(asked[i : i + 5]) for i in range(len(asked) - 4)}

    # ------------------------------------------------------------ checks
    def check(self, sentence: str) -> Verdict:
        for test in (self._prompt_leak, self._echo, self._praise, self._money, self._ratings,
                     self._names, self._absent, self._stock_and_sale, self._attributes,
                     self._yes_no, self._superlative):
            verdict = test(sentence)
            if not verdict.ok:
                return verdict
        return Verdict(True)

    def _prompt_leak(self, s: str) -> Verdict:
        toks = tokens(s)
        grams = {" ".join(toks[i : i + 6]) for i in range(len(toks) - 5)}
        if grams & self.prompt_grams or re.search(r"system prompt|my instructions", s, re.I):
            return Verdict(False, "echoes the system prompt")
        return Verdict(True)

    def _echo(self, s: str) -> Verdict:
        """Five words in a row from the shopper's message (not a product name) = an echo."""
        toks = tokens(s)
        for i in range(len(toks) - 4):
            gram = tuple(toks[i : i + 5])
            content = {t for t in gram if t not in STOPWORDS}
            if gram in self.message_grams and not content <= self.fact_tokens:
                return Verdict(False, "repeats the shopper's message")
        return Verdict(True)

    def _praise(self, s: str) -> Verdict:
        if m := _PRAISE.search(s):
            return Verdict(False, f"praise or advice not in the facts: {m.group(0)!r}")
        return Verdict(True)

    def _money(self, s: str) -> Verdict:
        if _FREE.search(s) and not any(p.price == 0 for p in self.facts):
            return Verdict(False, "claims something is free")
        for m in _MONEY.finditer(s):
            raw = m.group(1) or m.group(3)
            value = float(raw.replace(",", "")) * (1000 if m.group(2) else 1)
            if any(abs(value - a) < 0.006 for a in self.amounts):
                continue
            if any(abs(value - b) < 0.006 for b in self.budget) \
                    and _BUDGET_CUE.search(s[: m.start()]):
                continue
            if any(abs(value - a) < 0.006 for a in self.stated_amounts) and not _PRICE_CUE.search(
                    s[max(0, m.start() - 30) : m.start()]):
                continue
            return Verdict(False, f"amount ${value:,.2f} is not in the facts")
        return Verdict(True)

    def _ratings(self, s: str) -> Verdict:
        for m in _RATING.finditer(s):
            value = float(m.group(1) or m.group(2))
            out_of = "out of" in s[m.start() - 12 : m.start()]
            if value == 5 and re.match(r"5\s*(?:-?\s*stars?)", m.group(0)) and out_of:
                continue  # "4.5 out of 5 stars"
            if not any(abs(value - r) < 1e-6 for r in self.ratings):
                return Verdict(False, f"rating {value:g} is not in the facts")
        for m in _REVIEWS.finditer(s):
            count = int(m.group(1).replace(",", ""))
            if count not in self.review_counts:
                return Verdict(False, f"{count} reviews is not in the facts")
        return Verdict(True)

    def _names(self, s: str) -> Verdict:
        for word in re.findall(r"[A-Za-z0-9][A-Za-z0-9&+'-]*", s):
            low = word.lower().strip("'")
            toks = tokens(low)
            is_code = bool(re.search(r"[a-z]", low) and re.search(r"\d", low)) or (
                len(word) >= 2 and word.isupper() and word.isalpha())
            if is_code and low not in ALLOWED_CODES and not set(toks) <= self.fact_tokens:
                return Verdict(False, f"{word!r} is not in the facts")
            if (low in self.brands or low in OUTSIDE_BRANDS) and low not in self.fact_brands \
                    and low not in self.fact_tokens:
                return Verdict(False, f"brand {word!r} is not in the facts")
        return Verdict(True)

    def mentioned(self, s: str) -> list[Product]:
        """Facts products the sentence names (most of their short-name words)."""
        have = set(tokens(s))
        out = []
        for p in self.facts:
            key = [t for t in tokens(short_name(p)) if t not in STOPWORDS]
            if key and sum(t in have for t in key) / len(key) >= 0.6:
                out.append(p)
        return out

    def _attributes(self, s: str) -> Verdict:
        """Numbers with units ("16GB", "3 lb") must be stated in the facts' catalog rows."""
        fact_text = clean_text(" ".join(self._fact_text()), 10**6).lower()
        stated = {(float(m.group(1)), _unit(m.group(2))) for m in _UNIT_NUMBER.finditer(fact_text)}
        stated |= {(f.value, _unit(f.unit or "")) for f in self.query.filters
                   if f.value is not None}  # the shopper's own limit ("under 3 lb")
        for v in self.verdicts:
            stated |= {(float(n), _unit(u)) for n, u in re.findall(
                r"(\d+(?:\.\d+)?)\s*([a-z°]+)", v.stated.lower())}
        for m in _UNIT_NUMBER.finditer(s.lower()):
            if (float(m.group(1)), _unit(m.group(2))) not in stated:
                return Verdict(False, f"{m.group(0)} is not in the facts")
        return Verdict(True)

    def _absent(self, s: str) -> Verdict:
        """A product of the facts said not to be in the shop: the catalog holds it."""
        if _ABSENT.search(s) and self.mentioned(s):
            return Verdict(False, "says a product in the catalog is not there")
        return Verdict(True)

    def _stock_and_sale(self, s: str) -> Verdict:
        """"In stock" only of what is in stock, "out of stock" only of what is not, "on sale"
        only of what is sold below its list price (the catalog's data, not the LM's guess)."""
        named = self.mentioned(s) or (list(self.answer[:1]) if len(self.answer) == 1 else [])
        if not named:
            return Verdict(True)
        if _NOT_IN_STOCK.search(s):
            if any(stock_fact(p).availability in ("in_stock", "unknown") for p in named):
                return Verdict(False, "says out of stock, the catalog does not")
        elif _IN_STOCK.search(s) and any(stock_fact(p).availability != "in_stock"
                                         for p in named):
            return Verdict(False, "says in stock, the catalog does not")
        if _ON_SALE.search(s) and not re.search(r"\bnot on sale\b|\bno discount", s, re.I) \
                and any(not sale_fact(p).on_sale for p in named):
            return Verdict(False, "says on sale, the catalog lists no discount")
        return Verdict(True)

    def _fact_text(self) -> list[str]:
        return [own_text(p) for p in self.facts]

    def _yes_no(self, s: str) -> Verdict:
        if self.kind != "attribute":
            return Verdict(True)
        values = {v.value for v in self.verdicts}
        if re.match(r"\s*yes\b", s, re.I) and True not in values:
            return Verdict(False, "says yes but the catalog does not say so")
        if re.match(r"\s*no\b", s, re.I) and False not in values:
            return Verdict(False, "says no but the catalog does not say so")
        if _DOESNT_SAY.search(s) and None not in values:
            return Verdict(False, "says the catalog doesn't say, but it does")
        return Verdict(True)

    def _superlative(self, s: str) -> Verdict:
        for name, pattern in _SUPERLATIVE_CLAIM.items():
            if not re.search(pattern, s, re.I):
                continue
            named = self.mentioned(s)
            if name != self.query.sort or not self.answer:
                return Verdict(False, f"superlative '{name}' was not decided by the catalog")
            if named and self.answer[0] not in named:
                return Verdict(False, f"superlative '{name}' is about another product")
        return Verdict(True)


_UNITS = {"inches": "in", "inch": "in", "feet": "ft", "lbs": "lb", "hours": "h", "hour": "h",
          "hrs": "h", "hr": "h", "watts": "w", "watt": "w", "degrees": "°"}


def _unit(unit: str) -> str:
    low = unit.lower()
    return _UNITS.get(low, low)


FINISHED = re.compile(r"[.!?…][\"')\]”]*\s*$")


def split_sentences(chunks: Iterator[str]) -> Iterator[str]:
    """Re-chunk streamed text into sentences (each with its trailing space).

    A trailing piece without closing punctuation (the token limit cut it off)
    is not yielded: a half sentence is never shown.
    """
    buffer = ""
    for chunk in chunks:
        buffer += chunk
        while m := _SENTENCE_END.search(buffer):
            sentence, buffer = buffer[: m.end()], buffer[m.end() :]
            if sentence.strip():
                yield sentence
    if FINISHED.search(buffer):  # a fragment cut off by the token limit is dropped
        yield buffer


# A clause ends at a comma, semicolon or colon before a space ("1,299" goes on), or at a dash
# between spaces.
_CLAUSE_END = re.compile(r"[,;:](?=\s)\s*|\s[\u2014\u2013-]\s+")


def split_clauses(chunks: Iterator[str]) -> Iterator[tuple[str, bool]]:
    """Re-chunk streamed text into clauses: (text, ends its sentence). A sentence's clauses
    come as soon as their boundary has streamed; a trailing piece without closing
    punctuation (the token limit cut it off) is not yielded, as with split_sentences."""
    buffer = ""
    for chunk in chunks:
        buffer += chunk
        while True:
            end = _SENTENCE_END.search(buffer)
            mid = _CLAUSE_END.search(buffer)
            if mid is not None and (end is None or mid.end() < end.start()) \
                    and mid.end() < len(buffer):  # what follows the boundary has begun
                clause, buffer = buffer[: mid.end()], buffer[mid.end() :]
                yield clause, False
            elif end is not None:
                sentence, buffer = buffer[: end.end()], buffer[end.end() :]
                if sentence.strip():
                    yield sentence, True
            else:
                break
    if FINISHED.search(buffer):
        yield buffer, True


__all__ = ["FINISHED", "OUTSIDE_BRANDS", "Grounder", "Verdict", "split_clauses", "split_sentences"]
