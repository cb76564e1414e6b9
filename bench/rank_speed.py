"""Ranking speed: one shopper over the demo catalog, and a catalog scaled to 100k products.

Uses the shipped ranker artifact (models/artifacts/ranker) and the demo catalog
with hashed stand-in embeddings (speed does not depend on which embedder made
them). Scaled catalog: the demo rows replicated with jittered prices, ratings
and embeddings. Per request: retrieve (numpy dot-product top-k over the
embeddings) + build features + score, then explain the top 5 with
explain.shapley when that module is available.

    .venv/bin/python bench/rank_speed.py
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.features import (  # noqa: E402
    ProductTable,
    ShopperContext,
    build_features,
    hashed_embeddings,
    product_texts,
    shared_groups,
)
from models.ranker import Ranker  # noqa: E402
from models.simulator import simulate_shopper  # noqa: E402
from models.train import load_catalog_frame  # noqa: E402


def median_ms(fn: Callable[[], object], repeat: int = 50) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return float(np.median(times) * 1e3)


def scaled(frame: pd.DataFrame, emb: np.ndarray, n: int, seed: int = 0) -> ProductTable:
    rng = np.random.default_rng(seed)
    reps = int(np.ceil(n / len(frame)))
    big = pd.concat([frame] * reps, ignore_index=True).iloc[:n].copy()
    big["id"] = [f"{pid}-{k}" for k, pid in enumerate(big["id"])]
    big["price"] = big["price"].to_numpy() * rng.uniform(0.8, 1.2, n)
    big["rating"] = np.clip(big["rating"].to_numpy() + rng.normal(0, 0.2, n), 1, 5)
    big["review_count"] = (big["review_count"].to_numpy() * rng.uniform(0.5, 1.5, n)).astype(int)
    E = np.tile(emb, (reps, 1))[:n] + rng.normal(0, 0.05, (n, emb.shape[1])).astype(np.float32)
    E /= np.linalg.norm(E, axis=1, keepdims=True)
    return ProductTable.from_frame(big, E)


def main() -> None:
    import threadpoolctl

    threadpoolctl.threadpool_limits(2)
    ranker = Ranker.load()
    frame = load_catalog_frame()
    emb = hashed_embeddings(product_texts(frame))
    table = ProductTable.from_frame(frame, emb)
    # the app's first demo shopper (assistant/demo.py): its last 12 page views
    shopper = simulate_shopper(table, "budget_gamer", sessions=3, seed=7)
    ctx = ShopperContext(
        request_text="a gaming laptop under $1500",
        request_embedding=emb[0],
        request_max_price=1500.0,
        viewed_ids=shopper.viewed_ids[-12:],
        bought=shopper.bought,
        sponsorships={table.ids[5]: ("Acme Ads", 0.5)},
    )
    all_idx = np.arange(len(table))
    X = build_features(ctx, table, all_idx)
    # the demo catalog: score 643 candidates (rows repeated up to 643 if the catalog is smaller)
    X643 = np.resize(X, (643, X.shape[1]))
    features_ms = median_ms(lambda: build_features(ctx, table, np.resize(all_idx, 643)))
    score_ms = median_ms(lambda: ranker.score(X643))
    print(f"demo catalog, one shopper, 643 candidates: features {features_ms:.3f} ms, "
          f"score {score_ms:.3f} ms (median), {len(ranker.ensemble().trees)} trees")

    try:
        from explain.shapley import explain_rows
    except ImportError:
        explain_rows = None  # type: ignore[assignment]
        print("explain.shapley not available: skipping the explain step")

    big = scaled(frame, emb, 100_000)
    q = big.embeddings[7]
    k = 200

    def request(explain: bool) -> None:
        sims = big.embeddings @ q
        top = np.argpartition(-sims, k)[:k]
        Xb = build_features(ctx, big, top)
        s = ranker.score(Xb)
        best = top[np.argsort(-s)[:5]]
        if explain and explain_rows is not None:
            explain_rows(ranker, build_features(ctx, big, best), shared_groups(ctx))

    retrieve_ms = median_ms(lambda: np.argpartition(-(big.embeddings @ q), k)[:k], 20)
    rank_ms = median_ms(lambda: request(False), 20)
    full_ms = median_ms(lambda: request(True), 20) if explain_rows is not None else float("nan")
    print(f"100k products: retrieve top-{k} {retrieve_ms:.2f} ms; retrieve+features+score "
          f"{rank_ms:.2f} ms; + explain top-5 {full_ms:.2f} ms (median)")
    print(json.dumps({
        "bench": "rank_speed", "score_643_ms": round(score_ms, 3),
        "features_643_ms": round(features_ms, 3), "n_trees": len(ranker.ensemble().trees),
        "retrieve_100k_ms": round(retrieve_ms, 2), "rank_100k_ms": round(rank_ms, 2),
        "rank_explain5_100k_ms": None if np.isnan(full_ms) else round(full_ms, 2),
    }))


if __name__ == "__main__":
    main()
