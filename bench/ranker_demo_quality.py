"""Demo ranker quality on held-out simulated sessions (each shopper's last 2 requests).

Trains exactly like `python -m models.train` (nothing is saved), then reports
NDCG@10 / HR@10 over each held-out request's full candidate set for: the model
with all data, with each personal category switched off (its features at the
not-shared values, as for a shopper without consent), with no personal data,
and catalog popularity (review count). Also per persona driver: switching off
a persona's true strongest driver should cost the most.

    .venv/bin/python bench/ranker_demo_quality.py [--embedder hashed|auto] [--users N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.categories import BROWSING_HISTORY, PURCHASE_HISTORY  # noqa: E402
from models.features import FEATURE_GROUPS, FEATURE_INDEX  # noqa: E402
from models.metrics import hide, ndcg_at  # noqa: E402
from models.simulator import SimConfig, personas  # noqa: E402
from models.train import TrainConfig, run  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--embedder", default="auto", choices=["auto", "minilm", "hashed"])
    ap.add_argument("--users", type=int, default=SimConfig.n_users)
    a = ap.parse_args()
    import threadpoolctl

    threadpoolctl.threadpool_limits(2)
    start = time.perf_counter()
    out = run(TrainConfig(embedder=a.embedder, sim=SimConfig(n_users=a.users)), progress=False)
    m, te = out.metrics, out.test
    print(f"held-out requests: {int(m['test_queries'])}; training rows {int(m['train_rows'])}; "
          f"embedder: {out.ranker.card.get('embedder')}")
    print(f"{'variant':42s} {'NDCG@10':>8s} {'HR@10':>8s}")
    for key in sorted(k for k in m if k.startswith("ndcg10_")):
        name = key[len("ndcg10_"):]
        print(f"{name:42s} {m[key]:8.4f} {m['hr10_' + name]:8.4f}")

    # per strongest driver: loss in NDCG@10 when each personal category is off
    driver_of = {p.name: p.driver for p in personas()}
    assert out.sim_log is not None
    row_driver = np.array([driver_of[out.sim_log.users[u]] for u in te.user])
    cats = (BROWSING_HISTORY, PURCHASE_HISTORY)
    drops: dict[str, dict[str, float]] = {}
    print(f"\n{'true driver':18s} {'full':>7s} " + " ".join(f"{'-' + c:>18s}" for c in cats))
    for driver in ("browsing_history", "purchase_history", "none"):
        sel = row_driver == driver
        X, y, q = te.X[sel], te.y[sel], te.qid[sel]
        full = ndcg_at(out.ranker.score(X), y, q)[0]
        drops[driver] = {}
        for c in cats:
            names = [g.name for g in FEATURE_GROUPS if g.category == c]
            drops[driver][c] = full - ndcg_at(out.ranker.score(hide(X, names)), y, q)[0]
        print(f"{driver:18s} {full:7.4f} " + " ".join(f"{drops[driver][c]:18.4f}" for c in cats))
    pop = ndcg_at(te.X[:, FEATURE_INDEX["log_reviews"]], te.y, te.qid)[0]
    ratio = m["ndcg10_model"] / pop if pop > 0 else float("inf")
    secs = time.perf_counter() - start
    print(f"\nmodel / popularity NDCG@10: {ratio:.2f}x; {secs:.0f} s")
    print(json.dumps({
        "bench": "ranker_demo_quality", "embedder": out.ranker.card.get("embedder"),
        **{k: round(v, 4) for k, v in sorted(m.items()) if k.startswith(("ndcg10_", "hr10_"))},
        "ndcg10_ratio_vs_popularity": round(ratio, 3),
        **{f"ndcg10_drop_{d}_without_{c}": round(v, 4)
           for d, row in drops.items() for c, v in row.items()},
        "seconds": round(secs, 1),
    }))


if __name__ == "__main__":
    main()
