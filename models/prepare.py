"""`python -m models.prepare [--llm NAME]`: make the local chat models ready.

Joins and verifies the GGUF weights, converts them once into the cache
(Settings.cache_dir) and exits fast when that is already done. By default it
prepares the configured model (CLEARCART_LLM, default qwen2.5-0.5b) and
smollm2 (the tests use it). Run by `make demo` and `make test`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from models.errors import ClearCartError
from models.llm.registry import resolve_name
from models.llm.weights import SPECS
from models.settings import Settings, offline_env


def prepare(names: Sequence[str], settings: Settings, progress: bool = True) -> dict[str, str]:
    """Convert each named local model if needed; return {name: converted folder}."""
    from models.llm.convert import ensure_converted

    done: dict[str, str] = {}
    for name in names:
        key = resolve_name(name, settings)
        if key not in SPECS:  # "openai": nothing local to prepare
            continue
        done[key] = str(ensure_converted(SPECS[key], settings.cache_dir, progress=progress))
    return done


def main(argv: Sequence[str] | None = None) -> int:
    offline_env()
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(
        prog="python -m models.prepare", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--llm",
        action="append",
        help="model to prepare (repeatable); default: configured + smollm2",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    args = parser.parse_args(argv)
    names = args.llm or list(dict.fromkeys([resolve_name(None, settings), "smollm2"]))
    start = time.perf_counter()
    try:
        done = prepare(names, settings, progress=not args.quiet)
    except ClearCartError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for name, folder in done.items():
        print(f"{name}: ready at {folder}")
    print(f"models ready in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
