"""Environment variables, read in this one place.

Everything else receives a `Settings` (or a component config built from it)
and never reads `os.environ` itself. `offline_env()` sets the variables that
keep Hugging Face / Gradio from reaching the network.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def offline_env() -> None:
    """Force offline mode for every library that might phone home."""
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    # Where the store (SQLite), key file and logs live.
    home: Path = field(default_factory=lambda: Path("var"))
    # Converted model weights (kept across clones so conversion runs once).
    cache_dir: Path = field(default_factory=lambda: Path.home() / ".cache" / "clearcart")
    # LM backend name: "qwen2.5-0.5b" (default), "smollm2", "qwen2.5-1.5b", "openai".
    llm: str = "qwen2.5-0.5b"
    # CPU threads for torch (the demo machine has 2 cores).
    threads: int = 2
    # Inference engine for local models ("transformers-int8", "transformers-bf16",
    # "openvino-int8", "openvino-int4"); None: the one `python -m models.prepare`
    # measured fastest on this CPU with answers unchanged (recorded in cache_dir).
    engine: str | None = None
    # OpenAI-compatible server base URL (vLLM, TGI, Ollama, llama.cpp server).
    llm_url: str | None = None
    # Model name to ask that server for.
    llm_model: str | None = None
    # SQLAlchemy URL of the store; None means SQLite (WAL) under `home`.
    db_url: str | None = None
    # Encryption key for personal fields (urlsafe base64, 32 bytes); None: key file under `home`.
    key: str | None = None
    # Catalog file (CSV, Parquet or JSON); None: the demo catalog shipped in the package
    # (models/data/electronics.csv, see models.data.DEMO_CATALOG).
    catalog: Path | None = None
    # Secret a shop signs its customers' tokens with (HS256 JWT, see assistant/identity.py);
    # None: customer tokens are refused and only server-issued sessions are accepted.
    customer_secret: str | None = None
    # Mark cookies Secure (sent over HTTPS only): set it when a TLS proxy fronts the app.
    secure_cookies: bool = False
    # Other origins (e.g. "https://shop.example") whose pages may call the web app with the
    # shopper's cookie; none by default: only pages the app serves itself.
    allowed_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls) -> Settings:
        """Read CLEARCART_* variables (see README, "Configuration")."""
        d = cls()
        catalog = _env("CLEARCART_CATALOG")
        return cls(
            home=Path(_env("CLEARCART_HOME", str(d.home)) or d.home),
            cache_dir=Path(_env("CLEARCART_CACHE", str(d.cache_dir)) or d.cache_dir),
            llm=_env("CLEARCART_LLM", d.llm) or d.llm,
            threads=int(_env("CLEARCART_THREADS", str(d.threads)) or d.threads),
            engine=_env("CLEARCART_ENGINE"),
            llm_url=_env("CLEARCART_LLM_URL"),
            llm_model=_env("CLEARCART_LLM_MODEL"),
            db_url=_env("CLEARCART_DB_URL"),
            key=_env("CLEARCART_KEY"),
            catalog=Path(catalog) if catalog else None,
            customer_secret=_env("CLEARCART_CUSTOMER_SECRET"),
            secure_cookies=(_env("CLEARCART_SECURE_COOKIES", "0") or "0").lower()
            in ("1", "true", "yes"),
            allowed_origins=tuple(o.strip() for o in (_env("CLEARCART_ALLOWED_ORIGINS") or "")
                                  .split(",") if o.strip()),
        )


__all__ = ["OFFLINE_ENV", "Settings", "offline_env"]
