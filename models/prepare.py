"""`python -m models.prepare [--llm NAME]`: make the local chat models ready.

Joins and verifies the GGUF weights, converts them once into the cache
(Settings.cache_dir) and exits fast when that is already done. It also converts
the sentence embedder to OpenVINO (models/embedder_ov.py) and builds its static
token table for large catalogs (models/embedder_static.py). By default it
prepares the configured model (CLEARCART_LLM, default qwen2.5-0.5b) and
smollm2 (the tests use it). Run by `make demo` and `make test`.

The first run on a machine also calibrates the configured model: it measures
the candidate engines (transformers int8/bf16, OpenVINO int8/int4, exported
once into the cache) and records the fastest one whose answers match fp32 for
this CPU (models/llm/calibrate.py; a few minutes, once). CLEARCART_ENGINE skips
that and uses the named engine; `--no-calibrate` skips it too (the app then uses
transformers int8); `--recalibrate` measures again.
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
        folder = ensure_converted(SPECS[key], settings.cache_dir, progress=progress)
        from models.llm.int8_store import ensure_int8  # the default engine loads it at start

        ensure_int8(folder)
        done[key] = str(folder)
    return done


def prepare_embedder(settings: Settings) -> str:
    """Convert the sentence embedder once into an OpenVINO IR (models/embedder_ov.py), so
    the app runs it without torch; returns the folder."""
    from models.embedder import Embedder
    from models.embedder_ov import ensure_embedder_ir, ir_dir

    embedder = Embedder(settings)
    folder = ir_dir(settings.cache_dir, embedder.version)
    ensure_embedder_ir(embedder.path, folder)
    embedder.static(progress=True)  # its token table, for catalogs too large for the model
    return str(folder)


def prepare_engine(
    name: str, settings: Settings, calibrate: bool = True, again: bool = False
) -> str | None:
    """Make the engine for local model `name` ready; calibrate on first run (or `again`).
    Returns the engine."""
    from models.llm.engine import cpu_model, read_choice

    key = resolve_name(name, settings)
    if key not in SPECS:
        return None
    spec = SPECS[key]
    if settings.engine:  # the override: export what it needs, measure nothing
        from models.llm.engine import check_engine

        engine = check_engine(settings.engine)
        if engine.startswith("openvino-"):
            from models.llm.ov_convert import ensure_ov_converted

            ensure_ov_converted(spec, settings.cache_dir, engine.split("-", 1)[1])
        return engine
    recorded = read_choice(settings.cache_dir, key, cpu_model())
    if (recorded is not None and not again) or not calibrate:
        return recorded
    from models.llm.calibrate import calibrate as run_calibration

    engine, _ = run_calibration(spec, settings.cache_dir, threads=settings.threads)
    return engine


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
    parser.add_argument(
        "--no-calibrate", action="store_true", help="skip measuring engines on this CPU"
    )
    parser.add_argument(
        "--recalibrate", action="store_true",
        help="measure the engines again even if this CPU has a recorded choice",
    )
    args = parser.parse_args(argv)
    names = args.llm or list(dict.fromkeys([resolve_name(None, settings), "smollm2"]))
    start = time.perf_counter()
    try:
        done = prepare(names, settings, progress=not args.quiet)
        done["embedder"] = prepare_embedder(settings)
        engine = prepare_engine(names[0], settings, calibrate=not args.no_calibrate,
                                again=args.recalibrate)
    except ClearCartError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for name, folder in done.items():
        print(f"{name}: ready at {folder}")
    if engine:
        print(f"{resolve_name(names[0], settings)}: engine {engine}")
    print(f"models ready in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
