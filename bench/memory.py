"""Resident memory of this process and of the processes it started, for the benches.

The OpenVINO engine decodes in a worker process (models/llm/ov_worker.py) that
holds the model, so the assistant's memory is this process's plus its
children's: `tree_rss_mb()` adds them up (shared libraries count once per
process, so the sum errs high; `tree_pss_mb()` shares them out instead).
`parts(pid)` says what a process's resident memory holds, from
/proc/PID/smaps: the mapped model files, shared libraries, other files, and
anonymous memory (heap: the engine's own copy of the weights, the KV cache,
Python objects), each split into file-backed pages (clean, the kernel can
drop and re-read them) and private ones. `describe(pid)` prints it.
"""

from __future__ import annotations

import json
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


def pss_mb(pid: int | str = "self") -> float:
    """Proportional set size: resident pages, those shared with other processes split
    between them (so a tree's sum counts a shared library once)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def parts(pid: int | str = "self") -> dict[str, float]:
    """MB resident by part of process `pid` (see the module doc); empty off Linux."""
    try:
        text = Path(f"/proc/{pid}/smaps").read_text()
    except OSError:
        return {}
    out: dict[str, float] = {}
    part = "anonymous"
    for line in text.splitlines():
        head = line.split(maxsplit=6)
        if len(head) >= 5 and "-" in head[0] and not head[0].endswith(":"):
            path = head[5] if len(head) > 5 else ""
            part = _part(path)
        elif line.startswith("Rss:"):
            out[part] = out.get(part, 0.0) + int(line.split()[1]) / 1024
    return {k: round(v, 1) for k, v in sorted(out.items(), key=lambda kv: -kv[1]) if v >= 0.1}


def _part(path: str) -> str:
    if not path or path.startswith("[heap]") or path.startswith("[anon"):
        return "anonymous (heap, engine weights, KV cache, Python)"
    if path.startswith("["):
        return "stack and kernel"
    if path.endswith(".bin") or path.endswith(".gguf") or path.endswith(".safetensors"):
        return f"mapped model file {Path(path).parent.name}/{Path(path).name}"
    if ".so" in Path(path).name:
        return "shared libraries"
    return "other files"


def describe(pid: int | str = "self", title: str = "") -> str:
    """Resident memory of `pid` in words: total, file-backed and private, and its parts."""
    rss, anon, file = (rss_mb(pid, f) for f in ("VmRSS", "RssAnon", "RssFile"))
    lines = [f"{title or pid}: {rss:.0f} MB resident ({anon:.0f} MB private, {file:.0f} MB "
             f"file-backed), {pss_mb(pid):.0f} MB proportional"]
    lines += [f"    {mb:7.1f} MB  {name}" for name, mb in parts(pid).items()]
    return "\n".join(lines)


def tree_pss_mb(pid: int | str = "self") -> float:
    """Proportional memory of process `pid` and all it started (shared pages counted once)."""
    return pss_mb(pid) + sum(pss_mb(kid) for kid in descendants(pid))


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
    runs (sampled every 50 ms), and at that moment the file-backed part and each process's
    breakdown (`at_peak`: pid -> `describe` text)."""

    def __init__(self, pid: int | str = "self") -> None:
        self.pid = pid
        self.peak = 0.0
        self.peak_file = 0.0  # file-backed MB within the peak
        self.peak_pss = 0.0  # the highest tree_pss_mb seen (sampled every 0.5 s)
        self.at_peak: dict[int | str, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        n = 0
        while not self._stop.is_set():
            rss = tree_rss_mb(pid=self.pid)
            if rss > self.peak:
                self.peak = rss
                self.peak_file = tree_rss_mb("RssFile", pid=self.pid)
                if n % 10 == 0:  # smaps is slow to read: not at every sample
                    procs: list[int | str] = [self.pid, *descendants(self.pid)]
                    self.at_peak = {p: describe(p) for p in procs}
            if n % 10 == 0:
                self.peak_pss = max(self.peak_pss, tree_pss_mb(self.pid))
            n += 1
            time.sleep(0.05)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main(argv: list[str]) -> int:
    """`python bench/memory.py PID`: what process PID and those it started hold now."""
    import os

    pid = argv[0] if argv else str(os.getpid())
    procs: list[int | str] = [pid, *descendants(pid)]
    for p in procs:
        print(describe(p))
    rss, file_backed, pss = tree_rss_mb(pid=pid), tree_rss_mb("RssFile", pid), tree_pss_mb(pid)
    print(f"tree: {rss:.0f} MB resident ({file_backed:.0f} MB file-backed), "
          f"{pss:.0f} MB proportional")
    print(json.dumps({"bench": "memory", "pid": int(pid), "processes": len(procs),
                      "rss_mb": round(rss), "rss_file_mb": round(file_backed),
                      "pss_mb": round(pss)}))
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
