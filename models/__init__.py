"""Model backends and training: LM backends, embedder, ranker, simulator.

`models` imports neither `assistant` nor `explain`.
"""

from models.errors import ClearCartError
from models.settings import Settings, offline_env

__all__ = ["ClearCartError", "Settings", "offline_env"]
