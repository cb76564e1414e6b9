"""The catalog cache: built once per key, opened read-only (arrays mapped), shared safely."""

from __future__ import annotations

import gc
import multiprocessing
import os
from pathlib import Path

import numpy as np
import pytest

from assistant.catalog import cache as cache_mod
from assistant.catalog import load_catalog
from assistant.catalog.cache import ArtefactStore, load_catalog_cached
from assistant.catalog.parallel import fork_map, shares

DATA = Path(__file__).resolve().parents[2] / "data"


class Live:
    """An object that must come back by reference, never as a copy."""


def test_built_once_then_opened_with_arrays_mapped_read_only(tmp_path: Path) -> None:
    store = ArtefactStore(tmp_path / "catalogs")
    built = []
    live = Live()

    def build() -> dict[str, object]:
        built.append(1)
        return {"vectors": np.arange(12, dtype=np.float32).reshape(3, 4), "live": live}

    refs = {id(live): ("live",)}
    first, how = store.get_or_build("knowledge", "k1", build, refs, lambda ref: live)
    second, how2 = store.get_or_build("knowledge", "k1", build, refs, lambda ref: live)
    assert (how, how2, len(built)) == ("built", "opened", 1)
    assert np.array_equal(first["vectors"], second["vectors"])  # type: ignore[arg-type]
    vectors = second["vectors"]
    assert isinstance(vectors, np.ndarray) and not vectors.flags.writeable
    assert gc.isenabled()  # paused while unpickling only
    assert isinstance(vectors.base, np.memmap) or isinstance(getattr(vectors.base, "base", None),
                                                              np.memmap)
    assert second["live"] is live
    assert sorted(p.name for p in (tmp_path / "catalogs").iterdir() if not p.name.startswith(
        ".")) == ["knowledge-k1"]  # no temporary folder left behind


def test_an_unwritable_cache_builds_in_memory(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    value, how = ArtefactStore(blocked / "catalogs").get_or_build("catalog", "k", lambda: 42)
    assert (value, how) == (42, "built, not kept")


def _build_in(root: str) -> str:
    def build() -> int:
        with open(os.path.join(root, "builds"), "a") as f:
            f.write("x")
        return 7

    return ArtefactStore(Path(root) / "catalogs").get_or_build("catalog", "same", build)[1]


def test_replicas_starting_together_build_once(tmp_path: Path) -> None:
    with multiprocessing.get_context("fork").Pool(3) as pool:
        hows = pool.map(_build_in, [str(tmp_path)] * 3)
    assert sorted(hows) == ["built", "opened", "opened"]
    assert (tmp_path / "builds").read_text() == "x"


def test_a_large_export_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_mod, "CACHED_FILE_BYTES", 0)
    store = ArtefactStore(tmp_path / "catalogs")
    calls = tmp_path / "calls"  # a file: the build runs in a forked child
    real = cache_mod.load_catalog

    def counted(*a: object, **k: object) -> object:
        with calls.open("a") as f:
            f.write("x")
        return real(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(cache_mod, "load_catalog", counted)
    first = load_catalog_cached(DATA / "home_apparel.csv", store)
    again = load_catalog_cached(DATA / "home_apparel.csv", store)
    assert calls.read_text() == "x" and again.version == first.version == load_catalog(
        DATA / "home_apparel.csv").version
    assert [p.to_dict() for p in again] == [p.to_dict() for p in first]


def test_a_build_apart_runs_in_a_child_and_this_process_opens_the_entry(
        tmp_path: Path) -> None:
    store = ArtefactStore(tmp_path / "catalogs")

    def build() -> dict[str, object]:
        return {"pid": os.getpid(), "vectors": np.arange(6, dtype=np.float32)}

    value, how = store.get_or_build("knowledge", "k", build, apart=True)
    assert how == "built" and value["pid"] != os.getpid()
    vectors = value["vectors"]
    assert isinstance(vectors, np.ndarray) and not vectors.flags.writeable  # mapped


def test_a_build_failing_apart_fails_here_with_its_own_error(tmp_path: Path) -> None:
    tries = tmp_path / "tries"

    def build() -> int:
        with tries.open("a") as f:
            f.write("x")
        raise ValueError("row 3, field price: 'abc' is no number")

    with pytest.raises(ValueError, match="row 3, field price"):
        ArtefactStore(tmp_path / "catalogs").get_or_build("catalog", "k", build, apart=True)
    assert tries.read_text() == "xx"  # the child's try, then this process's


def test_code_changes_make_a_new_key(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1")
    before = cache_mod.code_fingerprint([str(tmp_path)])
    (tmp_path / "a.py").write_text("x = 2")
    assert cache_mod.code_fingerprint([str(tmp_path)]) != before


def test_fork_map_returns_what_one_process_would() -> None:
    jobs = shares(10_001, 3)
    assert [len(r) for r in jobs] == [3333, 3334, 3334] and jobs[-1][-1] == 10_000
    assert fork_map(lambda r: sum(x * x for x in r), jobs, workers=3) == [
        sum(x * x for x in r) for r in jobs]
