"""Chat-model backends: one interface (`LMBackend.stream`), one factory (`load_lm`).

Importing this package is light: torch/transformers load only when a local
model answers its first message, httpx only when a server backend does.
"""

from models.llm.base import GenerationConfig, LMBackend, Message, apply_stop
from models.llm.registry import DEFAULT_LLM, ModelInfo, available_models, load_lm, resolve_name

__all__ = [
    "DEFAULT_LLM",
    "GenerationConfig",
    "LMBackend",
    "Message",
    "ModelInfo",
    "apply_stop",
    "available_models",
    "load_lm",
    "resolve_name",
]
