"""Cheap shared data for the ranker tests: the demo catalog with hashed embeddings."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from models.features import ProductTable, hashed_embeddings, product_texts
from models.ranker import RankerConfig
from models.simulator import SimConfig
from models.train import TrainConfig, load_catalog_frame


@lru_cache(maxsize=1)
def demo_table() -> ProductTable:
    """The demo catalog, embedded with the deterministic hashed stand-in (no model weights)."""
    frame = load_catalog_frame()
    return ProductTable.from_frame(frame, hashed_embeddings(product_texts(frame)))


def small_config(out: Path, seed: int = 0, users: int = 80) -> TrainConfig:
    """A training run that takes a few seconds on one core."""
    return TrainConfig(
        embedder="hashed", seed=seed, out=out,
        sim=SimConfig(n_users=users, sessions_per_user=5),
        ranker=RankerConfig(max_iter=40, max_leaf_nodes=12, min_samples_leaf=20),
    )
