"""What is built from a catalog, kept on disk once, opened read-only by every app replica.

An entry is a folder `<root>/<kind>-<key>/` written once and atomically (built in a
temporary folder, then renamed): `state.pickle` (the Python objects), `arrays.bin` (the
numpy arrays inside them, stored out of band and memory-mapped when the entry is opened,
so replicas on one machine share those pages) and `entry.json` (what it is). The key
hashes the inputs and the code that reads them (`code_fingerprint`): any change to either
makes a new entry. Replicas starting together take a file lock per entry, so one builds
and the others wait and then open it. A read-only or full cache folder is no error: the
entry is then built in memory and not kept.

The pickle is trusted as the code is: keep `CLEARCART_CACHE` writable only by the app's
user (entries are created 0700).

    store = ArtefactStore(settings.cache_dir / "catalogs")
    value = store.get_or_build("catalog", key, build)   # built once per key
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import gc
import hashlib
import io
import json
import os
import pickle
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np

from assistant.catalog.load import load_catalog

if TYPE_CHECKING:
    from assistant.catalog.model import Catalog

T = TypeVar("T")
# Bumped when the layout of an entry changes.
FORMAT = 3
# Arrays in arrays.bin start at multiples of this (memory-mapped numpy wants alignment).
ALIGN = 64
# The packages whose code decides what is cached: a change to any file of them is a new key.
CODE = ("assistant/catalog", "assistant/qa", "models/embedder.py", "models/embedder_ov.py",
        "models/embedder_static.py", "models/data")
# The code that reads a file into a Catalog (a catalog entry's fingerprint).
CATALOG_CODE = ("assistant/catalog", "models/data")
_ROOT = Path(__file__).resolve().parents[2]


def code_fingerprint(parts: Iterable[str] = CODE) -> str:
    """sha256 over the source of `parts` (folders: their .py and data files), numpy's and
    Python's versions: pickled objects are only reused by the code that made them."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version} {np.__version__}".encode())
    for part in parts:
        path = _ROOT / part
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (
            ".py", ".csv", ".json", ".txt")) if path.is_dir() else [path]
        for f in files:
            if "__pycache__" in f.parts:
                continue
            digest.update(f"{part}/{f.relative_to(path) if path.is_dir() else ''}".encode())
            digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes (a catalog export: ~0.3 s per 100 MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:24]


class Pickler(pickle.Pickler):
    """Pickles objects of the live catalog (or models) as references (`refs`: object id ->
    reference) and numpy arrays out of band."""

    def __init__(self, file: io.BufferedIOBase, refs: dict[int, Any],
                 buffers: list[pickle.PickleBuffer]) -> None:
        super().__init__(file, protocol=5, buffer_callback=buffers.append)
        self.refs = refs

    def persistent_id(self, obj: Any) -> Any:
        return self.refs.get(id(obj))


class Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BufferedIOBase, resolve: Callable[[Any], Any],
                 buffers: list[Any]) -> None:
        super().__init__(file, buffers=buffers)
        self.resolve = resolve

    def persistent_load(self, pid: Any) -> Any:
        return self.resolve(pid)


class ArtefactStore:
    """Entries under `root`, each written once and opened read-only."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def folder(self, kind: str, key: str) -> Path:
        return self.root / f"{kind}-{key}"

    def get_or_build(self, kind: str, key: str, build: Callable[[], T],
                     refs: dict[int, Any] | None = None,
                     resolve: Callable[[Any], Any] | None = None,
                     note: Callable[[str], None] | None = None,
                     apart: bool = False) -> tuple[T, str]:
        """(value, how): "opened" from the entry, "built" (and kept) or "built, not kept".

        `refs` maps id(obj) -> a reference for objects pickled by reference (the live
        catalog's products, the embedder); `resolve` turns a reference back into the object.
        `apart`: build and save in a forked copy of this process, then open the entry, so
        this process holds what a replica holds and none of the build's heap (a 100,000-
        product build leaves ~280 MB that malloc cannot hand back); where that fails, the
        build runs here.
        """
        found = self.open(kind, key, resolve)
        if found is not None:
            return found, "opened"
        with self._lock(kind, key) as locked:
            if locked:  # another replica may have built it while we waited
                found = self.open(kind, key, resolve)
                if found is not None:
                    return found, "opened"
                if apart and _in_child(lambda: self.save(kind, key, build(), refs or {})):
                    opened = self.open(kind, key, resolve)
                    if opened is not None:
                        return opened, "built"
            value = build()
            if not (locked and self.save(kind, key, value, refs or {}, note)):
                return value, "built, not kept"
        # the builder holds what every replica holds: the entry as opened (arrays mapped,
        # no build leftovers), not the objects the build made
        opened = self.open(kind, key, resolve)
        if opened is None:
            return value, "built"
        del value
        release_memory()
        return opened, "built"

    def open(self, kind: str, key: str, resolve: Callable[[Any], Any] | None = None) -> Any:
        """The entry's value, or None when there is none (or it cannot be read)."""
        folder = self.folder(kind, key)
        try:
            entry = json.loads((folder / "entry.json").read_text())
            if entry.get("format") != FORMAT:
                return None
            arrays = folder / "arrays.bin"
            mapped = (np.memmap(arrays, dtype=np.uint8, mode="r")
                      if arrays.stat().st_size else np.zeros(0, np.uint8))
            buffers = [mapped[a:a + n] for a, n in entry["buffers"]]
            with (folder / "state.pickle").open("rb") as f, _no_collection():
                return Unpickler(f, resolve or _no_refs, buffers).load()
        except (OSError, ValueError, KeyError, EOFError, pickle.UnpicklingError,
                AttributeError, ImportError):
            return None

    def save(self, kind: str, key: str, value: Any, refs: dict[int, Any],
             note: Callable[[str], None] | None = None) -> bool:
        """Write the entry atomically; False (and a note) when the folder is not writable."""
        final = self.folder(kind, key)
        tmp = self.root / f".{kind}-{key}.{os.getpid()}.tmp"
        try:
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(mode=0o700)
            buffers: list[pickle.PickleBuffer] = []
            with (tmp / "state.pickle").open("wb") as f:
                if refs:
                    Pickler(f, refs, buffers).dump(value)
                else:  # nothing by reference: the plain (faster) pickler
                    pickle.dump(value, f, protocol=5, buffer_callback=buffers.append)
            spans = []
            with (tmp / "arrays.bin").open("wb") as f:
                for buf in buffers:
                    raw = buf.raw()
                    f.write(b"\0" * (-f.tell() % ALIGN))
                    spans.append((f.tell(), raw.nbytes))
                    f.write(raw)
                f.flush()
                os.fsync(f.fileno())
            (tmp / "entry.json").write_text(json.dumps(
                {"format": FORMAT, "kind": kind, "key": key, "buffers": spans,
                 "written": time.strftime("%Y-%m-%dT%H:%M:%S")}))
            try:
                tmp.rename(final)
            except OSError:  # another process kept the same entry first: its copy stands
                shutil.rmtree(tmp, ignore_errors=True)
            return True
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if note is not None:
                note(f"catalog cache not written ({exc}); building it again next start")
            return False

    @contextlib.contextmanager
    def _lock(self, kind: str, key: str) -> Iterator[bool]:
        """Hold the entry's build lock (True), or go on without one (False) when the
        cache folder is not writable."""
        try:
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            f = (self.root / f".{kind}-{key}.lock").open("a")
        except OSError:
            yield False
            return
        with f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                yield True
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic garbage collector paused: unpickling a million objects otherwise sets it
    off again and again over everything already read (it makes no garbage itself)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _in_child(work: Callable[[], bool]) -> bool:
    """Run `work` in a forked child; True when it returned True there. False without fork
    or when it failed there (the caller then does the work itself, and any error it
    raises is raised where the caller sees it)."""
    if not hasattr(os, "fork"):
        return False
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        code = 1
        try:
            code = 0 if work() else 1
        except BaseException:  # noqa: BLE001 - the parent builds instead, and raises
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


# glibc's mallopt parameter for the size from which an allocation gets its own mapping.
M_MMAP_THRESHOLD = -3


def map_large_allocations(threshold: int = 1 << 20) -> None:
    """Allocations of `threshold` bytes or more are mapped and unmapped, never kept in the
    heap. glibc otherwise raises its threshold after the first such block is freed, and a
    large catalog's per-turn arrays (a score per product: 0.8 MB at 100,000) then stay in
    the process: ~27 MB more over 40 turns, measured."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, threshold)


def release_memory() -> None:
    """Hand the memory a large build left free back to the system (collect, then glibc's
    malloc_trim: freed heap pages are otherwise kept by the process)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _no_refs(pid: Any) -> Any:
    raise pickle.UnpicklingError(f"unknown reference {pid!r}")


# A catalog file this large is read once into the cache (a smaller one reads in a second).
CACHED_FILE_BYTES = 2_000_000


def load_catalog_cached(path: str | Path, store: ArtefactStore | None,
                        on_error: Literal["raise", "skip"] = "raise",
                        progress: bool = False) -> Catalog:
    """`load_catalog(path)`, read once per file content (and code) into `store`: a large
    export is then opened in seconds by every later start and every replica."""
    file = Path(path)
    if store is None or not file.is_file() or file.stat().st_size < CACHED_FILE_BYTES:
        return load_catalog(file, on_error)
    key = make_key("catalog", str(file.resolve()), file_digest(file), on_error,
                   code_fingerprint(CATALOG_CODE))
    catalog, _ = store.get_or_build(
        "catalog", key, lambda: load_catalog(file, on_error, progress=progress), apart=True)
    return catalog


__all__ = ["CACHED_FILE_BYTES", "ArtefactStore", "code_fingerprint", "file_digest",
           "load_catalog_cached", "make_key", "map_large_allocations", "release_memory"]
