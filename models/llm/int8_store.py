"""The weight-only int8 model kept on disk beside its converted checkpoint.

    path = ensure_int8(folder)    # once (python -m models.prepare): fp32 -> int8, saved
    model = load_int8(folder)     # every start: memory-mapped, no fp32 step

Quantizing the fp32 checkpoint at every start cost a 3.4 GB resident process
(the fp32 weights, then freed pages glibc kept) for a model of about 1 GB.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

INT8_FORMAT = 1  # bump when Int8Linear's layout changes: older cached files are rebuilt


def int8_path(folder: Path) -> Path:
    """Where the int8 model is kept beside its converted checkpoint (per torch/transformers
    version: the file is a pickled module)."""
    import torch
    import transformers

    return folder / f"int8-v{INT8_FORMAT}-torch{torch.__version__}-tf{transformers.__version__}.pt"


def load_int8(folder: Path) -> Any:
    """The weight-only int8 model, straight from the cache (memory-mapped, no fp32 step).

    The first call builds it: loads the fp32 checkpoint, quantizes its Linear
    layers and saves the module (`python -m models.prepare` does this once), then
    loads that file back so the fp32 copy is gone. Steady RSS is then the int8
    weights plus fp32 embeddings (about 1 GB for qwen2.5-0.5b, against 3.4 GB
    when the fp32 checkpoint was quantized at every start).
    """
    import torch

    path = ensure_int8(folder)
    # our own file, written by ensure_int8: a whole module, so weights_only cannot load it
    return torch.load(path, weights_only=False, mmap=True)


def ensure_int8(folder: Path) -> Path:
    """Build the int8 model file beside the checkpoint once; return its path."""
    import os

    import torch

    path = int8_path(folder)
    if not path.exists():
        from transformers import AutoModelForCausalLM

        from models.llm.quant import quantize_int8_weight_only

        model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32)
        model.eval()
        quantize_int8_weight_only(model)
        tmp = path.with_suffix(".tmp")
        torch.save(model, tmp)
        os.replace(tmp, path)
        del model
        release_freed_memory()
    return path


def release_freed_memory() -> None:
    """Hand memory that Python and torch have freed back to the operating system.

    glibc keeps freed heap pages for re-use, so after the fp32 checkpoint is
    quantized the process would stay at its load-time peak (3.4 GB measured for
    qwen2.5-0.5b) although it uses about 1 GB. `malloc_trim` returns them; on a
    libc without it this does nothing.
    """
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


__all__ = ["INT8_FORMAT", "ensure_int8", "int8_path", "load_int8", "release_freed_memory"]
