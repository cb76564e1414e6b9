"""Conversion bookkeeping: once, atomic, redone when the source changes.

The real GGUF -> transformers conversion is exercised by test_llm_local.py
(SmolLM2); here a cheap converter checks the cache logic.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

import pytest

from models.llm.convert import MARKER, converted_dir, ensure_converted, is_current
from models.llm.weights import WeightPart, WeightSpec


@pytest.fixture
def spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WeightSpec:
    site = tmp_path / "site"
    pkg = site / "fakeconv_weights_pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "m.gguf").write_bytes(b"v1 weights")
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    part = WeightPart("fakeconv-weights", "0.1", "fakeconv_weights_pkg", "m.gguf", None)
    return WeightSpec("fakeconv", "Fake/Conv", "m.gguf", (part,), None, "MIT", 1)


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.calls: list[bytes] = []
        self.fail = fail

    def __call__(self, gguf: Path, out: Path) -> None:
        self.calls.append(gguf.read_bytes())
        (out / "model.safetensors").write_bytes(b"converted " + gguf.read_bytes())
        if self.fail:
            raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-conversion


def test_converts_once_then_reuses(spec: WeightSpec, tmp_path: Path) -> None:
    conv = Recorder()
    cache = tmp_path / "cache"
    first = ensure_converted(spec, cache, progress=False, converter=conv)
    second = ensure_converted(spec, cache, progress=False, converter=conv)
    assert first == second == converted_dir(spec, cache)
    assert conv.calls == [b"v1 weights"]
    assert (first / "model.safetensors").read_bytes() == b"converted v1 weights"
    assert is_current(first, hashlib.sha256(b"v1 weights").hexdigest())


def test_changed_source_reconverts(spec: WeightSpec, tmp_path: Path) -> None:
    conv = Recorder()
    ensure_converted(spec, tmp_path, progress=False, converter=conv)
    src = tmp_path / "site" / "fakeconv_weights_pkg" / "m.gguf"
    src.write_bytes(b"v2 weights, longer")
    out = ensure_converted(spec, tmp_path, progress=False, converter=conv)
    assert conv.calls == [b"v1 weights", b"v2 weights, longer"]
    assert (out / "model.safetensors").read_bytes() == b"converted v2 weights, longer"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".fakeconv")]


def test_interrupted_conversion_leaves_no_half_copy(spec: WeightSpec, tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        ensure_converted(spec, tmp_path, progress=False, converter=Recorder(fail=True))
    assert not converted_dir(spec, tmp_path).exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".fakeconv")]
    out = ensure_converted(spec, tmp_path, progress=False, converter=Recorder())
    assert (out / MARKER).is_file()


def test_stale_copy_without_marker_is_replaced(spec: WeightSpec, tmp_path: Path) -> None:
    stale = converted_dir(spec, tmp_path)
    stale.mkdir(parents=True)
    (stale / "model.safetensors").write_bytes(b"half written")
    out = ensure_converted(spec, tmp_path, progress=False, converter=Recorder())
    assert (out / "model.safetensors").read_bytes() == b"converted v1 weights"
