"""Resident memory of this process and of the processes it started, for the benches.

The OpenVINO engine decodes in a worker process (models/llm/ov_worker.py) that
holds the model, so the assistant's memory is this process's plus its
children's: `tree_rss_mb()` adds them up (shared libraries count once per
process, so the sum errs high).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path


def rss_mb(pid: int | str = "self", field: str = "VmRSS") -> float:
    """One process's resident memory; field "RssFile" is the file-backed part (mmapped
    model files: clean pages the kernel can drop and re-read), "RssAnon" the private part."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:  # the process ended meanwhile
        pass
    return 0.0


def descendants(pid: int | str = "self") -> list[int]:
    """Every process started by `pid`, children first."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            kids = [int(k) for k in (task / "children").read_text().split()]
        except OSError:
            continue
        for kid in kids:
            found += [kid, *descendants(kid)]
    return found


def tree_rss_mb(field: str = "VmRSS", pid: int | str = "self") -> float:
    """Process `pid` (default: this one) and all it started."""
    return rss_mb(pid, field) + sum(rss_mb(kid, field) for kid in descendants(pid))


class PeakRSS:
    """The highest `tree_rss_mb()` of `pid` (default: this process) seen while the block
    runs (sampled every 50 ms)."""

    def __init__(self, pid: int | str = "self") -> None:
        self.pid = pid
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(pid=self.pid))
            time.sleep(0.05)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
