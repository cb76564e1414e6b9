"""Splitting a large catalog's one-off work over the machine's cores (forked processes).

Reading 100,000 products' prose and building their indexes is pure Python, one core's
work; `fork_map` hands the shares after the first to forked copies of this process (which
see the catalog already in memory) and does the first share itself meanwhile. The
results come back pickled, in order. Small jobs, one core, or a platform without fork
run in this process, so results never depend on it: a share's result is what the same
call would return in-process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

J = TypeVar("J")
R = TypeVar("R")
# Processes a large catalog's build uses (this one included); 1 turns forking off.
WORKERS = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                     else os.cpu_count() or 1))
# Below this many items a job is not worth a process (forking and pickling cost ~0.1 s).
MIN_ITEMS = 2000

_work: Callable[[Any], Any] | None = None


def _run(job: Any) -> Any:
    assert _work is not None, "fork_map sets the work before it forks"
    return _work(job)


def shares(n: int, parts: int) -> list[range]:
    """0..n split into `parts` contiguous ranges of near-equal size (none empty)."""
    parts = max(1, min(parts, n))
    bounds = [n * k // parts for k in range(parts + 1)]
    return [range(bounds[k], bounds[k + 1]) for k in range(parts)]


def fork_map(fn: Callable[[J], R], jobs: Sequence[J], workers: int = WORKERS) -> list[R]:
    """[fn(job) for job in jobs], the jobs after the first in forked processes (`fn` is
    inherited by the fork, each job and result is pickled: pass plain data as jobs)."""
    global _work
    if workers <= 1 or len(jobs) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [fn(job) for job in jobs]
    _work = fn
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(workers, len(jobs)) - 1, mp_context=context) as pool:
            later = [pool.submit(_run, job) for job in jobs[1:]]
            first = fn(jobs[0])
            return [first, *(f.result() for f in later)]
    finally:
        _work = None


__all__ = ["MIN_ITEMS", "WORKERS", "fork_map", "shares"]
