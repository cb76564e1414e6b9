"""Do explanations name the true drivers? Checked on simulated shoppers with known truth.

1. Driver match: for fresh simulated shoppers (personas with a known strongest
   personal driver, models.simulator; --users per simulator seed, three seeds
   pooled), with full consent, the top suggestions of their last request are
   explained; the personal category with the largest |SHAP| mass (the largest
   share in the data-used disclosure) must be the persona's driver (target
   >= 90%). Printed per driver and per seed, with a bootstrap interval.
2. Deletion test: removing the top-k groups by SHAP value (v(players minus them),
   the model's exact expected score) drops the score more than removing k random
   groups (median drop, and share of suggestions where it does).

Uses the trained ranker artifact when present (and the same embedder), else
trains a small ranker in memory on the simulator with hashed embeddings.

Usage: .venv/bin/python bench/explain_truth.py [--users 192] [--top 3] [--seeds 123,7,1]
Ends with one JSON line of metrics.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explain.shapley import GroupExplainer  # noqa: E402
from models.categories import PERSONAL_CATEGORIES  # noqa: E402
from models.settings import offline_env  # noqa: E402


def _ranker_and_table(users: int, path: Path | None = None) -> tuple[Any, Any, Any, str]:
    from models.features import ProductTable, product_texts
    from models.ranker import Ranker
    from models.simulator import SimConfig
    from models.train import TrainConfig, load_catalog_frame, make_embed, train

    frame = load_catalog_frame()
    try:
        ranker = Ranker.load(path)
        kind = "minilm" if "MiniLM" in str(ranker.card.get("embedder", "")) else "hashed"
        source = "trained ranker artifact"
    except Exception as exc:
        print(f"(no trained ranker: {str(exc).splitlines()[0]}; training a small one in memory)")
        cfg = TrainConfig(embedder="hashed", sim=SimConfig(n_users=users))
        ranker, _ = train(cfg, progress=False, save=False)
        kind, source = "hashed", f"in-memory ranker ({users} simulated shoppers, hashed embeddings)"
    embed, _ = make_embed(kind)
    table = ProductTable.from_frame(frame, embed(product_texts(frame)))
    return ranker, table, embed, source


def _contexts(table: Any, embed: Any, n_users: int, seed: int) -> list[tuple[str, Any, np.ndarray]]:
    """(true driver, full-consent context of the last request, candidate rows) per shopper."""
    from models.features import ShopperContext
    from models.simulator import SimConfig, personas, simulate

    log = simulate(table, SimConfig(n_users=n_users, seed=seed))
    driver = {p.name: p.driver for p in personas()}
    ev = log.events
    out = []
    for uid, rq in log.requests.groupby("user_id", sort=True):
        d = driver[log.users[str(uid)]]
        if d not in PERSONAL_CATEGORIES:
            continue
        last = rq.iloc[-1]
        before = ev[(ev.user_id == uid) & (ev.timestamp < last.timestamp)]
        viewed = tuple(before.loc[before.event == "view", "product_id"])[-50:]
        bought = tuple((p, float(table.price[table.index[p]]))
                       for p in before.loc[before.event == "purchase", "product_id"])
        mp = last.max_price
        ctx = ShopperContext(
            request_text=str(last.request_text),
            request_embedding=np.asarray(embed([str(last.request_text)]))[0],
            request_category=str(last.category),
            request_max_price=None if pd.isna(mp) else float(mp),
            viewed_ids=viewed, bought=bought)
        cand = np.flatnonzero(table.cat_codes == table.category_names.index(str(last.category)))
        out.append((d, ctx, cand))
    return out


def _interval(groups: list[list[bool]], draws: int = 2000) -> tuple[float, float]:
    """95% bootstrap interval of the pooled hit rate, resampling whole shoppers
    (one shopper's suggestions are not independent)."""
    if not groups:
        return float("nan"), float("nan")
    hits = np.array([sum(g) for g in groups], dtype=float)
    sizes = np.array([len(g) for g in groups], dtype=float)
    idx = np.random.default_rng(0).integers(0, len(groups), size=(draws, len(groups)))
    rate = hits[idx].sum(axis=1) / sizes[idx].sum(axis=1)
    return float(np.quantile(rate, 0.025)), float(np.quantile(rate, 0.975))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=192,
                    help="fresh simulated shoppers to check "
                         "(96 moves a group by ~3 points per shopper)")
    ap.add_argument("--train-users", type=int, default=240,
                    help="if no artifact: shoppers to train on")
    ap.add_argument("--ranker", type=Path, help="ranker artifact folder (default: the shipped one)")
    ap.add_argument("--top", type=int, default=3, help="suggestions explained per shopper")
    ap.add_argument("--seeds", default="123,7,1",
                    help="simulator seeds, comma-separated (not the training seed); each seed "
                         "simulates --users fresh shoppers and the figures pool all of them")
    args = ap.parse_args(argv)
    offline_env()
    import threadpoolctl

    from models.features import build_features

    with threadpoolctl.threadpool_limits(2):
        ranker, table, embed, source = _ranker_and_table(args.train_users, args.ranker)
    ex = GroupExplainer(ranker.ensemble(), ranker.feature_names, ranker.groups, ranker.reference)
    seeds = [int(x) for x in args.seeds.split(",") if x.strip()]
    rng = np.random.default_rng(seeds[0])
    # (seed, shopper, true driver, hit) per suggestion
    records: list[tuple[int, int, str, bool]] = []
    masses: list[tuple[str, dict[str, float]]] = []  # (true driver, personal |SHAP| mass)
    drops: dict[int, tuple[list[float], list[float]]] = {k: ([], []) for k in (1, 2, 3)}
    shoppers = [(seed, *c) for seed in seeds for c in _contexts(table, embed, args.users, seed)]
    for shopper, (seed, true_driver, ctx, cand) in enumerate(shoppers):
        X = build_features(ctx, table, cand)
        top = np.argsort(-ranker.score(X), kind="stable")[: args.top]
        for e in ex.explain(X[top]):
            mass = {c: sum(abs(v) for g, v in e.values.items() if e.category_of[g] == c)
                    for c in PERSONAL_CATEGORIES}
            if max(mass.values()) <= 0:
                continue
            top_driver = max(mass, key=lambda c: mass[c])
            records.append((seed, shopper, true_driver, top_driver == true_driver))
            masses.append((true_driver, mass))
            order = sorted(e.players, key=lambda g: -e.values[g])
            for k in drops:
                rest = set(e.players) - set(order[:k])
                drops[k][0].append(e.score - e.value_of(rest))
                rand = [e.score - e.value_of(set(e.players) - set(
                    rng.choice(list(e.players), size=k, replace=False))) for _ in range(5)]
                drops[k][1].append(float(np.mean(rand)))
    all_hits = [r[3] for r in records]
    hits = {c: [r[3] for r in records if r[2] == c] for c in PERSONAL_CATEGORIES}
    per_seed = {s: [r[3] for r in records if r[0] == s] for s in seeds}
    by_shopper: dict[int, list[bool]] = {}  # for a bootstrap over shoppers
    for r in records:
        by_shopper.setdefault(r[1], []).append(r[3])
    match = float(np.mean(all_hits)) if all_hits else float("nan")
    print(f"model: {source}")
    lo, hi = _interval(list(by_shopper.values()))
    print(f"driver match: {match:.1%} of {len(all_hits)} suggestions (target >= 90%); "
          f"95% bootstrap over shoppers {lo:.1%}-{hi:.1%}")
    for c, v in hits.items():
        if v:
            print(f"  persona driver {c}: {np.mean(v):.1%} of {len(v)}")
    for seed, v in per_seed.items():
        print(f"  simulator seed {seed}: {np.mean(v):.1%} of {len(v)}")
    # Relative view: which personal category is unusually strong for this shopper,
    # i.e. mass divided by its mean over all checked suggestions (removes the model's
    # global preference for one kind of history).
    mean_mass = {c: float(np.mean([m[c] for _, m in masses])) or 1.0 for c in PERSONAL_CATEGORIES}
    rel = [max(m, key=lambda c: m[c] / mean_mass[c]) == d for d, m in masses]
    rel_match = float(np.mean(rel)) if rel else float("nan")
    print(f"relative driver match (mass / its mean over all shoppers): {rel_match:.1%}")
    for d in sorted({d for d, _ in masses}):
        driven = [m for dd, m in masses if dd == d]
        share = {c: float(np.mean([m[c] / max(sum(m.values()), 1e-12) for m in driven]))
                 for c in PERSONAL_CATEGORIES}
        print(f"  shoppers driven by {d}: personal |SHAP| shares "
              + ", ".join(f"{c} {v:.0%}" for c, v in share.items()))
    min_seed_match = min(float(np.mean(v)) for v in per_seed.values() if v)
    metrics: dict[str, Any] = {"model": source, "driver_match": round(match, 4),
                               "relative_driver_match": round(rel_match, 4),
                               "driver_match_ci95": [round(lo, 4), round(hi, 4)],
                               "suggestions": len(all_hits), "seeds": seeds,
                               "driver_match_min_seed": round(min_seed_match, 4),
                               "driver_match_ok": bool(match >= 0.9)}
    for k, (top_d, rand_d) in drops.items():
        if not top_d:
            continue
        med_top, med_rand = statistics.median(top_d), statistics.median(rand_d)
        share = float(np.mean(np.array(top_d) > np.array(rand_d)))
        print(f"deletion k={k}: median score drop {med_top:.3f} (top-k by SHAP) vs {med_rand:.3f} "
              f"(random k); top-k drops more in {share:.1%} of suggestions")
        metrics |= {f"del{k}_top_median": round(med_top, 4),
                    f"del{k}_random_median": round(med_rand, 4),
                    f"del{k}_top_beats_random": round(share, 4)}
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
