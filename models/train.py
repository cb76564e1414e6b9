"""`python -m models.train`: simulate (or read a shop's log), build features, train, evaluate, save.

With no `--log`, a seeded shopper simulator (models/simulator.py) produces the
interaction log over the catalog. A real shop passes `--log EVENTS.csv`
(`user_id,product_id,event,timestamp`; events view/click/purchase) and, if it
has them, `--requests REQUESTS.csv` (`user_id,timestamp,request_text,category,
max_price,min_price`; clicks/purchases after a request answer it). Without
requests every click/purchase becomes one example whose request group is at
its not-shared value (no text, no category, no price limit) and whose other
candidates are drawn from the whole catalog.

Each example context uses only history before its time. Browsing and purchase
history are each dropped (set to not shared) at random in `consent_drop` of the
examples, so the model ranks well for shoppers who share nothing.
The artifact (model.npz, card.json, card.md, ground_truth.json) goes to
models/artifacts/ranker/ by default.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from models.data import DEMO_CATALOG
from models.errors import ClearCartError, InputError
from models.features import (
    FEATURE_GROUPS,
    FEATURE_NAMES,
    NOT_SHARED,
    FeatureGroup,
    ProductTable,
    hashed_embeddings,
    product_texts,
)
from models.log_examples import Embed, Examples, examples_from_log
from models.metrics import evaluate
from models.ranker import DEFAULT_DIR, Ranker, RankerConfig, fit_ranker
from models.simulator import SimConfig, SimLog, ground_truth, simulate


@dataclass(frozen=True)
class TrainConfig:
    # Catalog file with the canonical columns; None: the demo catalog (models.data.DEMO_CATALOG).
    catalog: Path | None = None
    # A shop's event log; None: simulate one.
    log: Path | None = None
    # The shop's requests file (optional, only with `log`).
    requests: Path | None = None
    # "minilm" (models.embedder), "hashed" (cheap stand-in) or "auto" (minilm if present).
    embedder: str = "auto"
    # Simulator settings (used when no log is given).
    sim: SimConfig = field(default_factory=SimConfig)
    # Tree settings.
    ranker: RankerConfig = field(default_factory=RankerConfig)
    # Non-clicked candidates kept per training request (all are kept for evaluation).
    negatives: int = 30
    # Extra negatives per training request that named a category: products of OTHER
    # categories that match the request text best (teaches the model the category asked).
    outside_negatives: int = 5
    # Share of training examples with browsing (and, independently, purchase) history hidden.
    consent_drop: float = 0.3
    # The last N requests of each shopper are held out for evaluation.
    test_requests: int = 2
    # Rows in the stored reference (background) sample.
    reference_rows: int = 48
    # Master seed (sampling negatives, consent drops, reference rows, simulator, trees).
    seed: int = 0
    # Where the artifact goes.
    out: Path = DEFAULT_DIR


@dataclass
class TrainRun:
    ranker: Ranker
    metrics: dict[str, float]  # see evaluate()
    train: Examples
    test: Examples  # held-out requests: all candidates, full consent
    table: ProductTable
    sim_log: SimLog | None  # None when trained on a shop's log


def load_catalog_frame(path: Path | None = None) -> pd.DataFrame:
    """The catalog as a frame with canonical columns (CSV, Parquet or JSON)."""
    p = Path(path) if path is not None else DEMO_CATALOG
    if not p.is_file():
        raise InputError(f"catalog {p} not found", fix="pass --catalog PATH (canonical columns).")
    if p.suffix == ".parquet":
        return pd.read_parquet(p)
    if p.suffix == ".json":
        return pd.read_json(p)
    return pd.read_csv(p, dtype={"id": str})


def make_embed(kind: str) -> tuple[Embed, str]:
    """An embedding function and its name for the card."""
    if kind in ("auto", "minilm"):
        try:
            from models.embedder import Embedder
        except ImportError:
            if kind == "minilm":
                raise InputError("models.embedder is not available",
                                 fix="install the package or pass --embedder hashed.") from None
        else:
            emb = Embedder()

            def embed(texts: list[str]) -> np.ndarray:
                return np.asarray(emb.encode(texts), dtype=np.float32)

            return embed, "all-MiniLM-L6-v2"
    return hashed_embeddings, "hashed bag of words (stand-in)"


def reference_sample(X: np.ndarray, rows: int, seed: int, feature_names: Sequence[str],
                     not_shared: dict[str, float]) -> np.ndarray:
    """R logged rows, personal and sponsorship features set to their not-shared values."""
    rng = np.random.default_rng(seed + 2)
    ref = X[np.sort(rng.choice(len(X), size=min(rows, len(X)), replace=False))].copy()
    pos = {f: i for i, f in enumerate(feature_names)}
    for name, value in not_shared.items():
        if name in pos:
            ref[:, pos[name]] = value
    return ref


def fit(X: np.ndarray, y: np.ndarray, feature_names: Sequence[str], groups: Sequence[FeatureGroup],
        config: RankerConfig | None = None, reference_rows: int = 48,
        not_shared: dict[str, float] | None = None, card: dict[str, Any] | None = None) -> Ranker:
    """Fit a ranker on any feature matrix (the shop's or a benchmark's)."""
    cfg = config or RankerConfig()
    ref = reference_sample(X, reference_rows, cfg.seed, feature_names, not_shared or {})
    return fit_ranker(X, y, feature_names, groups, ref, cfg, card)


def train(
    cfg: TrainConfig, progress: bool = True, save: bool = True
) -> tuple[Ranker, dict[str, float]]:
    """The whole pipeline; returns the ranker and its metrics (and saves the artifact)."""
    out = run(cfg, progress)
    ranker = out.ranker
    if save:
        ranker.card["created"] = _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
        ranker.save(cfg.out)
        if out.sim_log is not None:
            gt = ground_truth(out.sim_log) | {"sim_config": asdict(replace(cfg.sim, seed=cfg.seed))}
            text = json.dumps(gt, indent=1, sort_keys=True) + "\n"
            (Path(cfg.out) / "ground_truth.json").write_text(text)
    return ranker, out.metrics


def run(cfg: TrainConfig, progress: bool = True) -> TrainRun:
    """Simulate or read the log, build features, fit and evaluate (nothing is saved)."""
    from tqdm import tqdm

    steps = tqdm(total=5, desc="train", disable=not progress)
    frame = load_catalog_frame(cfg.catalog)
    embed, embed_name = make_embed(cfg.embedder)
    table = ProductTable.from_frame(frame, embed(product_texts(frame)))
    steps.update()
    sim_log: SimLog | None = None
    if cfg.log is None:
        steps.set_description("simulate")
        sim_log = simulate(table, replace(cfg.sim, seed=cfg.seed))
        events, requests = sim_log.events, sim_log.requests
        source = (f"simulated: {cfg.sim.n_users} shoppers x {cfg.sim.sessions_per_user} requests "
                  f"over {len(table)} products (models/simulator.py, seed {cfg.seed})")
    else:
        events = pd.read_csv(cfg.log, dtype={"user_id": str, "product_id": str})
        requests = pd.read_csv(cfg.requests, dtype={"user_id": str}) if cfg.requests else None
        source = f"shop log {cfg.log.name}"
        if cfg.requests:
            source += f" with requests {cfg.requests.name}"
    steps.update()
    steps.set_description("features")
    tr, te = examples_from_log(events, requests, table, embed, cfg, progress=progress)
    steps.update()
    steps.set_description("fit")
    rcfg = replace(cfg.ranker, seed=cfg.seed)
    card = {
        "training_data": f"{source}; {len(tr.y)} training rows, {len(np.unique(tr.qid))} "
        f"requests; catalog {len(table)} products; embeddings: {embed_name}",
        "model": "HistGradientBoosting trees, pointwise logistic; score = log-odds; "
        "sponsorship added linearly with weight 1",
        "embedder": embed_name,
    }
    ranker = fit(
        tr.X, tr.y, FEATURE_NAMES, FEATURE_GROUPS, rcfg, cfg.reference_rows, NOT_SHARED, card
    )
    steps.update()
    steps.set_description("evaluate")
    metrics = evaluate(ranker, te, tr) if len(te.y) else {}
    ranker.card["metrics"] = metrics
    ranker.card["notes"] = (
        "Personal groups are held at their not-shared values in the reference "
        "sample; a shopper who shares nothing is scored from request and product "
        "facts only. No location, age, gender or special-category data is used."
    )
    steps.update()
    steps.close()
    return TrainRun(ranker, metrics, tr, te, table, sim_log)


def main(argv: Sequence[str] | None = None) -> int:
    from models.settings import offline_env

    offline_env()
    ap = argparse.ArgumentParser(prog="python -m models.train", description=__doc__.split("\n")[0])
    ap.add_argument("--catalog", type=Path, help="catalog file (default: the demo catalog)")
    ap.add_argument("--log", type=Path, help="events CSV user_id,product_id,event,timestamp")
    ap.add_argument("--requests", type=Path, help="requests CSV (optional, with --log)")
    ap.add_argument("--out", type=Path, default=DEFAULT_DIR, help="artifact folder")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--users", type=int, default=SimConfig.n_users, help="simulated shoppers")
    ap.add_argument("--embedder", choices=["auto", "minilm", "hashed"], default="auto")
    ap.add_argument("--max-iter", type=int, default=RankerConfig.max_iter, help="boosting rounds")
    ap.add_argument("--quiet", action="store_true", help="no progress bars")
    a = ap.parse_args(argv)
    import threadpoolctl

    cfg = TrainConfig(catalog=a.catalog, log=a.log, requests=a.requests, out=a.out, seed=a.seed,
                      embedder=a.embedder, sim=SimConfig(n_users=a.users),
                      ranker=RankerConfig(max_iter=a.max_iter))
    start = time.perf_counter()
    try:
        with threadpoolctl.threadpool_limits(2):
            ranker, metrics = train(cfg, progress=not a.quiet)
    except ClearCartError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for k, v in sorted(metrics.items()):
        print(f"{k:40s} {v:.4f}")
    seconds = time.perf_counter() - start
    print(f"saved {cfg.out} (hash {ranker.card['content_hash'][:12]}) in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
