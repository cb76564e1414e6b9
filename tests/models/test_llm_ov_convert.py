"""OpenVINO IR export bookkeeping (fake exporter) and the backend's load errors (no model run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.errors import ModelLoadError
from models.llm.convert import MARKER
from models.llm.openvino_backend import OpenVINOLM
from models.llm.ov_convert import ensure_ov_converted, is_ov_current, ov_dir
from models.llm.weights import SPECS

SPEC = SPECS["smollm2"]


def _source(cache: Path, sha: str = "abc") -> None:
    folder = cache / SPEC.name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text(json.dumps({"source_sha256": sha, "format": 1}))


def _fake_exporter(calls: list[str]):  # type: ignore[no-untyped-def]
    def export(source: Path, out: Path, weights: str) -> None:
        calls.append(weights)
        out.mkdir(parents=True)
        (out / "openvino_model.xml").write_text(f"<net from='{source.name}'/>")

    return export


def test_exports_once_then_reuses(tmp_path: Path) -> None:
    _source(tmp_path)
    calls: list[str] = []
    folder = ensure_ov_converted(SPEC, tmp_path, "int8", exporter=_fake_exporter(calls))
    assert folder == ov_dir(SPEC, tmp_path, "int8")
    assert is_ov_current(folder, "abc", "int8")
    ensure_ov_converted(SPEC, tmp_path, "int8", exporter=_fake_exporter(calls))
    assert calls == ["int8"]
    ensure_ov_converted(SPEC, tmp_path, "int4", exporter=_fake_exporter(calls))
    assert calls == ["int8", "int4"]  # each weight format has its own IR


def test_changed_source_re_exports(tmp_path: Path) -> None:
    _source(tmp_path, "abc")
    calls: list[str] = []
    ensure_ov_converted(SPEC, tmp_path, "int8", exporter=_fake_exporter(calls))
    _source(tmp_path, "def")
    folder = ensure_ov_converted(SPEC, tmp_path, "int8", exporter=_fake_exporter(calls))
    assert calls == ["int8", "int8"] and is_ov_current(folder, "def", "int8")


def test_failed_export_leaves_no_half_copy(tmp_path: Path) -> None:
    _source(tmp_path)

    def broken(source: Path, out: Path, weights: str) -> None:
        out.mkdir(parents=True)
        (out / "openvino_model.xml").write_text("<half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        ensure_ov_converted(SPEC, tmp_path, "int8", exporter=broken)
    assert not ov_dir(SPEC, tmp_path, "int8").exists()
    assert list((tmp_path / "openvino").iterdir()) == []


def test_needs_the_converted_copy_and_a_known_format(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="models.prepare"):
        ensure_ov_converted(SPEC, tmp_path, "int8", exporter=_fake_exporter([]))
    _source(tmp_path)
    with pytest.raises(ModelLoadError, match="int4"):
        ensure_ov_converted(SPEC, tmp_path, "fp8", exporter=_fake_exporter([]))


def test_missing_ir_says_how_to_fix(tmp_path: Path) -> None:
    lm = OpenVINOLM("smollm2", tmp_path / "nowhere")
    with pytest.raises(ModelLoadError) as err:
        lm.generate([{"role": "user", "content": "hi"}])
    assert "models.prepare" in str(err.value) and "CLEARCART_ENGINE" in str(err.value)


def test_an_old_compile_cache_is_removed(tmp_path: Path) -> None:
    calls: list[str] = []
    _source(tmp_path)
    folder = ensure_ov_converted(SPEC, tmp_path, "int8", exporter=_fake_exporter(calls))
    (folder / "compiled").mkdir()
    (folder / "compiled" / "123.blob").write_bytes(b"x" * 1000)  # what earlier versions left
    assert ensure_ov_converted(SPEC, tmp_path, "int8", exporter=_fake_exporter(calls)) == folder
    assert not (folder / "compiled").exists() and calls == ["int8"]  # not exported again
