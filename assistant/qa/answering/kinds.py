"""A need in words -> the kind of product the shop sells for it, by retrieval over the catalog.

    finder = NeedFinder(knowledge, executor)
    found = finder.find("grandpa can barely hear the TV", exclude_categories={"TVs"})
    found.products      # the soundbars, best first; found.kind == "soundbar"

Each product is scored by how close the need reads to it: the index's need score (its whole
text by sentence embedding and by words, and its category's name) plus its closest single
line (title or one feature: "Hear conversations better with dialogue mode"). The best
product sets the kind; the answer is that product and the others of its kind that read
nearly as close: same category, and either a distinctive title word in common
("thermostat") or close in meaning to it. Only what a category really sells counts (not a
mounting service listed with TVs), and what the shopper already has ("my TV") is not
suggested again. The LM may choose among the kinds
retrieval found (answering/need_lm.py); nothing outside them can be chosen.
"""

from __future__ import annotations

import re
from collections import Counter, OrderedDict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from assistant.qa.knowledge.retrieval import STOPWORDS
from assistant.qa.knowledge.textnorm import fold, singular

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.answering.execute import Executor
    from assistant.qa.knowledge import ShopKnowledge


@dataclass(frozen=True)
class FinderConfig:
    # Weight of the closest single line (title or one feature) added to the index's own
    # need score (ProductIndex.scores(mode="need")). 0.5: bench/conversation_eval.py --no-lm
    # 83/97 needs and bench/understanding_eval.py's outdoor needs all right; 1.0 gave 85/97
    # but lost "what can I cook on at a campsite?" (cookware, not stoves); 0.7 82/97.
    line_weight: float = 0.5
    # A product joins the best one's kind when it reads at most this much less close
    # (0.2 kept the big backpacks out of "a daypack for short hikes"; 0.3 let them in)
    within: float = 0.2
    # ...and its text is this close to the best one's (cosine of the product texts)
    same_kind_cosine: float = 0.5
    # A title word shared with the best product marks one kind when at most this share of
    # its category's titles have it ("thermostat" yes, "smart" no).
    distinctive_share: float = 0.5
    # Most products of the kind returned (the answer's candidates).
    max_products: int = 12
    # A kind of fewer products than this is joined by the next closest products of any kind
    # that read at most `fill_within` less close (a reply offers two options where it can).
    min_products: int = 2
    fill_within: float = 0.25
    # A problem told ("my grandpa can barely hear the TV") whose best product reads less
    # close than this (real embedder) is one the shop has nothing for: said, not guessed.
    # In a pet shop that need's best was a cat tower (0.20), in an outdoor shop an air fryer
    # (0.23); monitors for "my neck hurts looking down at my laptop, under $300" read 0.297,
    # and curtains for the grandpa in the home shop 0.295: the two overlap above 0.25.
    min_problem_score: float = 0.25
    # Products scored in full per need (closest line, kind): the best this many by the
    # index's need score. A catalog this small has every line embedded once (on disk); in
    # a larger one the shortlist's lines are embedded when asked and kept for the last
    # `kept_products` products (~45 MB; all lines of 100,000: ~6 s and ~850 MB a process).
    shortlist: int = 2000
    kept_products: int = 4000


@dataclass(frozen=True)
class Found:
    """The kind a need was read as: its products, best first, and how they scored."""

    products: tuple[Product, ...]
    scores: dict[str, float] = field(default_factory=dict)  # product id -> closeness
    kind: str = ""  # a plain word for the kind ("thermostat"), else the category's name
    category: str = ""
    runner_up: str = ""  # the next kind retrieval found (another category), for the LM
    categories: tuple[str, ...] = ()  # every category retrieval found, closest first
    margin: float = 0.0  # how much closer the best product reads than the next category's

    @property
    def best(self) -> float:
        """How close the best product reads (0 with none)."""
        return max(self.scores.values(), default=0.0)


class NeedFinder:
    """Finds the kind of product a need in words asks for, in one catalog."""

    def __init__(self, knowledge: ShopKnowledge, executor: Executor,
                 config: FinderConfig | None = None) -> None:
        self.k = knowledge
        self.x = executor
        self.config = config or FinderConfig()
        self.products = list(knowledge.index.products)
        self._lines: tuple[np.ndarray, np.ndarray] | None = None
        self._kept: OrderedDict[int, np.ndarray] = OrderedDict()  # row -> its line vectors
        self._core: dict[int, bool] = {}
        self._title_words: dict[int, set[str]] = {}
        self._brands = frozenset(fold(b) for b in knowledge.vocab.brands)
        self._df: dict[str, Counter[str]] = {}  # category -> title words' product counts
        self._need: tuple[str, np.ndarray] | None = None

    # -- what is embedded once -----------------------------------------------------------
    @property
    def semantic(self) -> bool:
        return bool(getattr(self.k.index.embedder, "semantic", True))

    @property
    def small(self) -> bool:
        """Every product is scored in full (see FinderConfig.shortlist)."""
        return len(self.products) <= self.config.shortlist

    def lines(self) -> tuple[np.ndarray, np.ndarray]:
        """(vectors of every title and feature line, the product row of each), cached: made
        for a catalog of at most `FinderConfig.shortlist` products."""
        if self._lines is None:
            texts, owner = _line_texts(self.products, range(len(self.products)))
            emb = self.k.index.embedder
            cached = getattr(emb, "encode_cached", None)
            vecs = cached(texts) if cached is not None else emb.encode(texts)
            self._lines = (np.asarray(vecs, dtype=np.float32), np.asarray(owner, dtype=int))
        return self._lines

    def line_vectors(self, rows: Sequence[int]) -> list[np.ndarray]:
        """Each row's line vectors (its title first, then each feature)."""
        if self.small:
            vecs, owner = self.lines()
            starts = np.searchsorted(owner, rows, side="left")
            ends = np.searchsorted(owner, rows, side="right")
            return [vecs[a:b] for a, b in zip(starts, ends, strict=True)]
        missing = [r for r in dict.fromkeys(rows) if r not in self._kept]
        if missing:
            texts, _ = _line_texts(self.products, missing)
            vecs = np.asarray(self.k.index.embedder.encode(texts), dtype=np.float32)
            at = 0
            for r in missing:  # each row's lines are consecutive, in the order of `missing`
                n = 1 + len(self.products[r].features)
                self._kept[r] = vecs[at:at + n]
                at += n
        out = [self._kept[r] for r in rows]
        for r in rows:
            self._kept.move_to_end(r)
        while len(self._kept) > max(self.config.kept_products, len(rows)):
            self._kept.popitem(last=False)
        return out

    def is_core(self, row: int) -> bool:
        """Of a type its category sells (no add-on, service or plan), worked out once."""
        if row not in self._core:
            self._core[row] = self.x.is_core(self.products[row])
        return self._core[row]

    def title_words(self, row: int) -> set[str]:
        if row not in self._title_words:
            self._title_words[row] = {
                singular(w) for w in re.findall(r"[a-z]{3,}", fold(self.products[row].title))
                if w not in self._brands and w not in STOPWORDS}
        return self._title_words[row]

    def closest_line(self, p: Product, text: str, min_cosine: float = 0.2) -> str:
        """The product's feature line that reads closest to `text` ("" if none is close)."""
        if not self.semantic or not p.features or not text.strip():
            return ""
        row = self.k.index.position.get(p.id)
        if row is None:
            return ""
        vecs = self.line_vectors([row])[0][1:]  # its feature lines (the title is first)
        if not len(vecs):
            return ""
        q = np.asarray(self.k.index.embedder.encode([text]), dtype=np.float32)[0]
        sims = vecs @ q
        best = int(np.argmax(sims))
        return p.features[best] if float(sims[best]) >= min_cosine else ""

    # -- scoring ---------------------------------------------------------------------------
    def need_scores(self, text: str) -> np.ndarray:
        """The index's need score of every product (the last text's kept)."""
        if self._need is None or self._need[0] != text:
            self._need = (text, np.asarray(self.k.index.scores(text, "need"), dtype=np.float64))
        return self._need[1]

    def shortlisted(self, text: str) -> list[Product] | None:
        """The products a need is read among, in catalog order: None (all of them) in a
        catalog of at most `FinderConfig.shortlist` products."""
        if self.small:
            return None
        rows = np.argpartition(-self.need_scores(text), self.config.shortlist)
        return [self.products[i] for i in np.sort(rows[: self.config.shortlist])]

    def scores(self, text: str, rows: np.ndarray | None = None) -> np.ndarray:
        """How close the need reads to every product (catalog order), among `rows` (None:
        all); -inf for a product left out or past the shortlist."""
        index = self.k.index
        need = self.need_scores(text)
        if rows is None:
            rows = np.arange(len(self.products))
        if len(rows) > self.config.shortlist:  # the best by need score are read in full
            rows = rows[np.argpartition(-need[rows], self.config.shortlist)[
                : self.config.shortlist]]
        out = np.full(len(self.products), -np.inf)
        if not self.semantic or not len(rows):
            out[rows] = need[rows]
            return out
        rows = np.sort(rows)
        q = np.asarray(index.embedder.encode([text]), dtype=np.float32)[0]
        best = np.array([float(np.max(v @ q)) if len(v) else -1.0
                         for v in self.line_vectors(rows.tolist())])
        out[rows] = need[rows] + self.config.line_weight * best
        return out

    def find(self, text: str, pool: Collection[str] | None = None,
             exclude_categories: Collection[str] = (),
             exclude: Collection[str] = (), fill: bool = False) -> Found | None:
        """The products of the kind `text` asks for, among `pool` ids (None: all); `fill`: a
        kind of one product is joined by the next closest ones (gift ideas may differ)."""
        if not text.strip() or not self.products:
            return None
        rows = np.array([i for i, p in enumerate(self.products)
                         if (pool is None or p.id in pool)
                         and p.category not in exclude_categories and p.id not in exclude],
                        dtype=int)
        s = self.scores(text, rows)
        scored = np.flatnonzero(np.isfinite(s))
        s[[i for i in scored.tolist() if not self.is_core(i)]] = -np.inf
        if not np.isfinite(s).any():
            return None
        order = [int(i) for i in np.argsort(-s, kind="stable") if np.isfinite(s[i])]
        top = order[0]
        members = self.kind_of(top, order, s)
        if fill and len(members) < self.config.min_products:  # the next closest ideas too
            members += [i for i in order[1:] if s[i] >= s[top] - self.config.fill_within
                        and i not in members][: self.config.min_products - len(members)]
        cats = tuple(dict.fromkeys(self.products[i].category for i in order))
        runner = cats[1] if len(cats) > 1 else ""
        second = next((s[i] for i in order if self.products[i].category == runner), s[top])
        return Found(tuple(self.products[i] for i in members),
                     {self.products[i].id: float(s[i]) for i in members},
                     self.kind_word(top, members), self.products[top].category, runner, cats,
                     float(s[top] - second))

    def closest(self, text: str, products: Sequence[Product],
                k: int) -> list[tuple[Product, float]]:
        """The `k` of `products` that read closest to `text`, closest first, with closeness."""
        pos = self.k.index.position
        s = self.scores(text, np.array([pos[p.id] for p in products if p.id in pos], dtype=int))
        scored = [(p, float(s[pos[p.id]])) for p in products
                  if p.id in pos and np.isfinite(s[pos[p.id]])]
        scored.sort(key=lambda ps: -ps[1])
        return scored[:k]

    def kind_of(self, top: int, order: Sequence[int], s: np.ndarray) -> list[int]:
        """The best product and those of its kind, best first."""
        cfg = self.config
        cat = self.products[top].category
        shared = self._distinctive(top)
        emb = self.k.index.embeddings
        out = [top]
        for i in order[1:]:
            if len(out) >= cfg.max_products:
                break
            p = self.products[i]
            if p.category != cat:
                continue
            close = s[i] >= s[top] - cfg.within and float(emb[i] @ emb[top]) >= cfg.same_kind_cosine
            if close or self.title_words(i) & shared:
                out.append(i)
        return out

    def _distinctive(self, top: int) -> set[str]:
        """Title words of the best product that few titles of its category have."""
        cat = self.products[top].category
        rows = self.x.rows().category.get(cat, [])  # the index's order is the catalog's
        if cat not in self._df:
            self._df[cat] = Counter(w for i in rows for w in self.title_words(i))
        df = self._df[cat]
        limit = max(2, self.config.distinctive_share * len(rows))  # two alike are a kind
        return {w for w in self.title_words(top) if 2 <= df[w] <= limit}

    def kind_word(self, top: int, members: Sequence[int]) -> str:
        """A plain word for the kind: a product type all members' titles share ("thermostat",
        "power station" with the word before it they share), else the best one's type where
        its category sells it, else its category's name ("smart home products")."""
        p = self.products[top]
        part = p.category.split(" & ")[0].split(",")[0].lower()
        types = set(self.k.vocab.types())
        if " " in part:  # "smart" or "home" of "Smart Home" names no kind
            types -= set(part.split())
        words = [self.title_words(i) for i in members]
        common = (set.intersection(*words) if words else set()) & types
        if common:
            word = sorted(common, key=lambda w: (-len(w), w))[0]
            return self._with_modifier(word, members)
        own = self.x.type_of(p)
        if own in types and own in self.k.vocab.category_types(p.category):
            return own
        return part if " " not in part else f"{part} products"

    def _with_modifier(self, word: str, members: Sequence[int]) -> str:
        """The kind word with the word every member's title has right before it, where they
        agree ("Portable Power Station" and "Pro Portable Power Station": "power station")."""
        before = set()
        for i in members:
            words = re.findall(r"[a-z]+", fold(self.products[i].title))
            at = [j for j, w in enumerate(words) if singular(w) == word and j > 0]
            if not at:
                return word
            before.add(words[at[0] - 1])
        if len(before) == 1:
            (modifier,) = before
            brands = {w for i in members for w in fold(self.products[i].brand).split()}
            if len(modifier) > 2 and modifier not in brands and not modifier.isdigit():
                return f"{modifier} {word}"
        return word


def _line_texts(products: Sequence[Product], rows: Iterable[int]) -> tuple[list[str], list[int]]:
    """The title and feature lines of the products at `rows`, with the row of each."""
    texts: list[str] = []
    owner: list[int] = []
    for i in rows:
        p = products[i]
        for line in (p.title, *p.features):
            texts.append(line[:200])
            owner.append(i)
    return texts, owner


__all__ = ["FinderConfig", "Found", "NeedFinder"]
