"""Products a message names: title words found despite punctuation, abbreviations and typos.

"Which is cheaper, the Apple AirPods (3rd Generation) with MagSafe Charging
Case or the Skullcandy Sesh ANC True Wireless Headphones?" names two products.
Each message word is matched to title words exactly, as a plural, as two words
written as one ("air pods" / "airpods"), or within one or two typos (rapidfuzz).
A product's matched words form runs in the message, split at ", or / vs / ?";
the best run is the product's *span*. Its score (0-100) is the share of that run's weight
(rare words weigh more) the title explains; a product only counts when it explains a rare
word that is not a type, category or brand word. Two titles explaining a run fully tie.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from assistant.qa.knowledge.textnorm import COMMON as _COMMON
from assistant.qa.knowledge.textnorm import fold, singular, word_spans

if TYPE_CHECKING:
    from assistant.catalog import Product

# Words that carry no name (they neither explain nor spoil a run).
_LIGHT = frozenset(str.split("""
a an the and or of for to in on at by with from is are was were be do does did have has i me my
we you your it its this that these those what which who how why when where can could would
should will any some all about as than then so if not no please thanks hi hello hey want need
looking find show tell give get buy one ones other more most less much many very really just
also only like cheaper cheapest expensive price cost costs better best between compare
versus vs difference rather prefer which's whats what's how's is it's under over below above
around within less least most than dollars bucks budget cost costs price priced pricey
""")) | _COMMON
# A run that states the whole title scores this much above one that leaves title words out
# (so "iPad Air 10.9-inch, 64GB, Wi-Fi (5th Generation)" is not tied with its "+ Cellular"
# variant, while "the LG gram 17" stays tied between its four variants).
FULL_TITLE = 0.98
PARTIAL_TITLE_PENALTY = 0.03
_UNIT_WORDS = frozenset(str.split("""
inch inches in gb tb mb lb lbs oz l qt mm cm ft w hz mah k p h hours hour pack count piece pieces
cup cups quart quarts liter liters litre litres degrees f c year years month months day days
"""))
# Separators between two names in one message (a comma is not: titles have commas).
_HARD = re.compile(r"[;?!]|\b(?:or|vs|versus|and|than)\b|\s-{2,}\s", re.I)
# "The Bolt", "or the Breeze" call a product by name; "fit on the Bolt" names what fits.
_THE = re.compile(r"(?<!\bon )(?<!\bonto )(?<!\bwith )(?<!\bfor )(?<!\bto )\bthe\s+$", re.I)


@dataclass(frozen=True)
class NamedMatch:
    """A product the message names: score 0-100 (100 = the run is all title words)."""

    product: Product
    score: float
    span: tuple[int, int]  # characters of the message that name it
    coverage: float = 0.0  # share of the title's weight the message states (orders ties)


class TitleNamer:
    """Inverted index of title words for `find`.

    Held as flat arrays (each title's word ids, each word's products, how many titles use
    it), not one Python set per title and per word: at 100,000 products that is ~100 MB
    instead of ~800 MB, and it opens from the catalog cache in a fraction of the time.
    """

    def __init__(self, products: Sequence[Product], generic: frozenset[str] = frozenset(),
                 min_idf: float = 2.5) -> None:
        self.products = list(products)
        self.generic = generic
        self.min_idf = min_idf
        self.ids: dict[str, int] = {}  # title token -> its id
        tok_of: list[int] = []  # each product's token ids, products one after another
        word_of: list[int] = []  # each product's title words (a subset of its tokens)
        tok_at, word_at = [0], [0]
        choices: set[str] = set()
        for p in self.products:
            words = [w for w, _, _ in _spans(p.title)]
            toks = set(words) | {singular(w) for w in words}
            toks |= {a + b for a, b in zip(words, words[1:], strict=False)}  # "wi fi" -> "wifi"
            tok_of += [self.ids.setdefault(sys.intern(t), len(self.ids)) for t in toks]
            word_of += [self.ids[w] for w in set(words)]
            tok_at.append(len(tok_of))
            word_at.append(len(word_of))
            choices.update(w for w in words if w.isalpha() and len(w) >= 3 and w not in _LIGHT)
        self.words = list(self.ids)  # token id -> token
        self._tok_of, self._tok_at = np.array(tok_of, np.int32), np.array(tok_at, np.int64)
        self._word_of, self._word_at = np.array(word_of, np.int32), np.array(word_at, np.int64)
        owner = np.repeat(np.arange(len(self.products), dtype=np.int32), np.diff(self._tok_at))
        order = np.argsort(self._tok_of, kind="stable")  # by token, products ascending
        self._posted = owner[order]
        self.df = np.bincount(self._tok_of, minlength=len(self.words)).astype(np.int32)
        self._post_at = np.concatenate(([0], np.cumsum(self.df))).astype(np.int64)
        n = max(1, len(self.products))
        self.n = n
        self.idf = _Idf(self.ids, self.df, n)
        self.max_idf = math.log((n + 1) / 0.5)
        # typo targets: real title words, not joined pairs
        self._choices = sorted(choices)
        # how many products use a word anywhere (title or features): a single word names a
        # product only when it is a name ("Sesh"), not a description ("waterproof")
        self.text_df: Counter[str] = Counter()
        for p in self.products:
            self.text_df.update(set(_FAST_WORD.findall(
                fold(" ".join((p.title, *p.features))).replace("'", ""))))
        self.brand_words = {w for b in {p.brand for p in self.products}
                            for w, _, _ in _spans(b)}
        # each title's weight: its words' idf, words that carry no name left out
        weight = np.array([0.0 if w in _LIGHT else x
                           for w, x in zip(self.words, self.idf.values, strict=True)])
        owners = np.repeat(np.arange(len(self.products)), np.diff(self._word_at))
        self.title_mass = np.bincount(owners, weights=weight[self._word_of],
                                      minlength=len(self.products))

    def postings(self, tok: str) -> set[int]:
        """The products whose title has this token (a set built as the old index held it,
        products added in ascending order, so candidates iterate in the same order)."""
        j = self.ids.get(tok)
        if j is None:
            return set()
        return set(self._posted[self._post_at[j]:self._post_at[j + 1]].tolist())

    def title_tokens(self, i: int) -> set[str]:
        """Product i's title tokens: words, their singulars, adjacent pairs joined."""
        return {self.words[j] for j in self._tok_of[self._tok_at[i]:self._tok_at[i + 1]]}

    def title_words(self, i: int) -> set[str]:
        """Product i's title words."""
        return {self.words[j] for j in self._word_of[self._word_at[i]:self._word_at[i + 1]]}

    def title_sequence(self, i: int) -> list[str]:
        """Product i's title words in order (made when asked: a large catalog keeps no copy)."""
        return [w for w, _, _ in _spans(self.products[i].title)]

    @functools.cached_property
    def head_vocabulary(self) -> frozenset[str]:
        """Every word some title ends its kind with ("pajamas" of "... Cotton Pajamas")."""
        return frozenset(w for i in range(len(self.products)) for w in self.head_words(i))

    def head_words(self, i: int) -> set[str]:
        """What product i's title says it is: the last word before " - ", "," or "("."""
        return _head_words(self.products[i].title)

    def _w(self, tok: str) -> float:
        if tok in _LIGHT:
            return 0.0
        return self.idf.get(tok, self.idf.get(singular(tok), self.max_idf))

    def _matches(self, word: str) -> dict[str, float]:
        """Title words this message word stands for, with a quality (1.0 exact)."""
        out = {}
        for form in (word, singular(word)):
            if form in self.ids:
                out[form] = 1.0
        if len(word) >= 3 and word.isalpha() and word not in _LIGHT:  # "gen" -> "generation"
            at = bisect.bisect_left(self._choices, word)
            for cand in self._choices[at : at + 8]:
                if not cand.startswith(word):
                    break
                if len(cand) > len(word) + 1:
                    out.setdefault(cand, 0.9)
        if out or len(word) < 4 or word.isdigit():
            return out
        limit = 1 if len(word) < 7 else 2
        for cand, dist, _ in process.extract(word, self._choices, scorer=Levenshtein.distance,
                                             score_cutoff=limit, limit=5):
            if not cand.isdigit() and abs(len(cand) - len(word)) <= limit:
                out[cand] = 0.9 if dist == 1 else 0.8
        return out

    def find(self, text: str, among: Sequence[Product] | None = None) -> list[NamedMatch]:
        spans = _spans(text[:2000])
        if not spans:
            return []
        words = [w for w, _, _ in spans]
        cuts = _cut_points(text, spans)
        # numbers with a unit ("65 inch", '65"', "16GB") are specs, not model numbers ("the
        specs = {k for k, (w, _, end) in enumerate(spans) if w.isdigit() and (  # aero 55 in
            text[end:end + 1] in ('"', "\u201d", "'") or k + 1 < len(spans)  # inches": "in" a
            and spans[k + 1][0] in _UNIT_WORDS and not (spans[k + 1][0] == "in" and k + 2 < len(
                spans) and spans[k + 2][0].isalpha()))}  # preposition before a word)
        matched: list[dict[str, float]] = [self._matches(w) for w in words]
        for i in range(len(words) - 1):  # "air pods" -> "airpods"
            joined = words[i] + words[i + 1]
            if joined in self.ids and not (matched[i] and matched[i + 1]):
                matched[i] = {**matched[i], joined: 1.0}
                matched[i + 1] = {**matched[i + 1], joined: 1.0}
        weights = [self._w(w) if w not in _LIGHT else 0.0 for w in words]
        allowed = None if among is None else {p.id for p in among}
        rare = {t: self._rare(t) for m in matched for t in m}  # worked out once per message
        candidates: set[int] = set()
        for m in matched:
            for tok in m:
                if self._rare(tok) or tok.isdigit() and self.idf.get(tok, 0.0) >= self.min_idf:
                    candidates |= self.postings(tok)
        runs: list[tuple[int, int, int, float, float]] = []  # product, lo, hi, score, stated
        hits: dict[int, list[float]] = {}
        for i in candidates:
            if allowed is not None and self.products[i].id not in allowed:
                continue
            title = self.title_tokens(i)
            hit = [max((q for t, q in m.items() if t in title), default=0.0) for m in matched]
            # a title pasted word for word names its product, whatever its words are like
            # ('Samsung 65" Class - CU7000D Series - ...' among five sizes of that series)
            sequence = self.title_sequence(i)
            at = _run_at(words, sequence)
            found = (at, at + len(sequence) - 1, 1.0, sum(weights[at: at + len(sequence)])) \
                if at is not None else \
                self._best_run(i, hit, matched, weights, cuts, words, specs, title, rare,
                               frozenset(k for k, (_, at, _) in enumerate(spans)  # "the Bolt"
                                         if text[at].isupper() and _THE.search(text[:at])))
            if found is not None:
                hits[i] = hit
                runs.append((i, *found))
        runs.sort(key=lambda r: (-r[3] * r[4], -r[3]))
        out = []
        for i, lo, hi, score, stated in runs:
            # judged on the widest overlapping name a better product explains ("True Wireless"
            # alone fits many earbuds; inside "Skullcandy Sesh ANC True Wireless" it does not)
            for _, lo2, hi2, score2, stated2 in runs:
                if lo2 <= hi and lo <= hi2 and score2 * stated2 >= score * stated \
                        and (lo2 < lo or hi2 > hi):
                    lo, hi = min(lo, lo2), max(hi, hi2)
            total = sum(weights[lo : hi + 1])
            got = sum(w * h for w, h in zip(weights[lo : hi + 1], hits[i][lo : hi + 1],
                                            strict=True))
            score = got / total if total > 0 else 0.0
            coverage = self._coverage(i, matched[lo : hi + 1])
            if coverage < FULL_TITLE:  # the whole title, said, beats a longer variant's
                score -= PARTIAL_TITLE_PENALTY
            out.append(NamedMatch(self.products[i], round(max(0.0, 100 * score), 1),
                                  (spans[lo][1], spans[hi][2]), round(coverage, 3)))
        return _prefer_verbatim(out, spans)

    def _coverage(self, i: int, matched: list[dict[str, float]]) -> float:
        """Share of the title's weight that the run's words state."""
        said = {t for m in matched for t in m} & self.title_words(i)
        return min(1.0, sum(self._w(t) for t in said) / max(float(self.title_mass[i]), 1e-9))

    def _rare(self, tok: str) -> bool:
        return (self.idf.get(tok, 0.0) >= self.min_idf and tok not in self.generic
                and not tok.isdigit())

    def _best_run(self, i: int, hit: list[float], matched: list[dict[str, float]],
                  weights: list[float], cuts: set[int], words_: list[str],
                  specs: set[int], title: set[str] | None = None,
                  is_rare: dict[str, bool] | None = None, called: frozenset[int] = frozenset()
                  ) -> tuple[int, int, float, float] | None:
        """The product's best run of message words: (first, last word, score, stated weight).
        `title` (its tokens) and `is_rare` (per matched token) may be passed in, worked out."""
        title = self.title_tokens(i) if title is None else title
        rare = [[t for t in m if t in title and (self._rare(t) if is_rare is None
                                                  else is_rare[t])] for m in matched]
        best: tuple[int, int, float, float] | None = None
        start = 0
        for j in range(len(hit) + 1):  # segments between separators
            if j < len(hit) and j not in cuts or j == start:
                continue
            a, b, start = start, j, j
            pos = [k for k in range(a, b) if hit[k] > 0 and weights[k] > 0]
            while len(pos) > 1 and words_[pos[-1]].isdigit() and pos[-1] - pos[-2] > 1:
                pos.pop()  # "the Jetboil Flash weigh under 1 lb": that 1 is no part of it
            while len(pos) > 1 and words_[pos[0]].isdigit() and pos[1] - pos[0] > 1:
                pos.pop(0)
            named = [k for k in pos if rare[k]]
            numbers = [k for k in pos if words_[k].isdigit() and self.idf.get(words_[k], 0.0)
                       >= self.min_idf and hit[k] == 1.0 and k not in specs]
            brand = any(words_[k] in self.brand_words for k in pos)
            # a name needs two rare words, or one with a rare number ("LG C3 65"), or a brand
            # with a rare number ("Vitamix 5200"), or one exact word few products use ("Sesh")
            # that is not what the product is ("pajamas" ends "... Cotton Pajamas")
            if not (named and (len(named) >= 2 or numbers or (
                    hit[named[0]] == 1.0 and min(self.text_df[t] for t in rare[named[0]]) <= 2
                    and not set(rare[named[0]]) <= self.head_words(i)))
                    or brand and numbers
                    or self._branded_name(i, [words_[k] for k in pos], named, hit, rare)
                    or self._called(i, named, hit, rare, called)):
                continue
            lo, hi = pos[0], pos[-1]
            total = sum(weights[lo : hi + 1])
            got = sum(weights[k] * hit[k] for k in range(lo, hi + 1))
            if total <= 0:
                continue
            stated = sum(weights[k] for k in pos)
            cand = (lo, hi, got / total, stated)
            if best is None or (cand[2] * cand[3], cand[2]) > (best[2] * best[3], best[2]):
                best = cand
        return best

    def _called(self, i: int, named: list[int], hit: list[float], rare: list[list[str]],
                called: frozenset[int]) -> bool:
        """One capitalised word after "the" (in `called`) only its title has: "the Bolt"."""
        return len(named) == 1 and named[0] in called and hit[named[0]] == 1.0 and all(
            len(self.postings(t)) == 1 for t in rare[named[0]]) \
            and not set(rare[named[0]]) <= self.head_words(i)

    def _branded_name(self, i: int, said: list[str], named: list[int], hit: list[float],
                      rare: list[list[str]]) -> bool:
        """Its own brand and one exact word at most one other title uses, not what it is:
        "the Aeroglide Bolt" though other products' features say "fits the Bolt"."""
        own = {w for w, _, _ in _spans(self.products[i].brand)}
        words = [t for k in named if hit[k] == 1.0 for t in rare[k]]
        return bool(own) and any(w in own for w in said) and any(
            self.df[self.ids[t]] <= 2 and t not in self.head_words(i) for t in words)


_FAST_WORD = re.compile(r"[a-z0-9]+")


class _Idf:
    """idf of a title token: log((n + 1) / (df + 0.5)), one float per token id (as the dict
    of floats it replaces held them)."""

    def __init__(self, ids: dict[str, int], df: np.ndarray, n: int) -> None:
        self.ids = ids
        self.values = [math.log((n + 1) / (c + 0.5)) for c in df.tolist()]

    def get(self, tok: str, default: float = 0.0) -> float:
        j = self.ids.get(tok)
        return default if j is None else self.values[j]

    def __getitem__(self, tok: str) -> float:
        return self.values[self.ids[tok]]

    def __contains__(self, tok: str) -> bool:
        return tok in self.ids


def _prefer_verbatim(matches: list[NamedMatch],
                     spans: list[tuple[str, int, int]]) -> list[NamedMatch]:
    """Best first; a title said word for word, in its own order, beats titles that only share
    its words ('Touchscreen All-in-One Desktop' vs 'All-in-One Touchscreen Desktop'). It
    names the whole stretch it covers, cuts ("... 12-core CPU and 18-core GPU") included, and
    no match overlapping that stretch names anything else."""
    words = [w for w, _, _ in spans]
    whole: dict[int, tuple[int, int]] = {}
    for m in matches:
        title = [w for w, _, _ in _spans(m.product.title)]
        for k in range(len(words) - len(title) + 1):
            if title and words[k : k + len(title)] == title:
                whole[id(m)] = (spans[k][1], spans[k + len(title) - 1][2])
                break
    if whole:
        said = list(whole.values())
        matches = [replace(m, span=whole[id(m)]) if id(m) in whole else replace(
            m, score=round(max(0.0, m.score - 100 * PARTIAL_TITLE_PENALTY), 1))
            for m in matches
            if id(m) in whole or not any(m.span[0] < b and a < m.span[1] for a, b in said)]
    return sorted(matches, key=lambda m: (-m.score, -m.coverage, len(m.product.title)))


def _run_at(words: list[str], title: list[str]) -> int | None:
    """Where the title's words stand in the message's, in order and together (or None)."""
    n = len(title)
    if n < 3:
        return None
    for k in range(len(words) - n + 1):
        if words[k] == title[0] and words[k: k + n] == title:
            return k
    return None


def _head_words(title: str) -> set[str]:
    """{'pajamas', 'pajama'} for "Hanna Andersson Kids' Organic Cotton Pajamas"."""
    first = re.split(r"\s+[-\u2013\u2014]\s+|[,(|]", title)[0]
    words = [w for w, _, _ in _spans(first) if w.isalpha()]
    return {words[-1], singular(words[-1])} if words else set()


def _spans(text: str) -> list[tuple[str, int, int]]:
    """Words with spans; an apostrophe is dropped ("Chef's" and "chefs" are one word)."""
    return [(w.replace("'", ""), a, b) for w, a, b in word_spans(text)]


def _cut_points(text: str, spans: list[tuple[str, int, int]]) -> set[int]:
    """Indexes of words that start a new name (after a comma, 'or', 'vs', '?')."""
    cuts = set()
    for k, (w, start, _) in enumerate(spans):
        if w in ("or", "vs", "versus", "and", "than"):
            cuts.add(k)
            cuts.add(k + 1)
        elif k and _HARD.search(text[spans[k - 1][2]:start]):
            cuts.add(k)
        elif k and w in ("the", "a", "an") and "," in text[spans[k - 1][2]:start]:
            cuts.add(k)  # "the A, the B and the C"
    return cuts


__all__ = ["NamedMatch", "TitleNamer"]
