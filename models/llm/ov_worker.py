"""OpenVINO's continuous batching in a child process: its steps never hold our GIL.

    batch = OVProcessBatch(folder, properties, special_ids)   # starts the child
    key = batch.add(prompt_ids, max_new_tokens)
    for key, token in batch.step(): ...
    batch.close()                                           # or at exit

`ContinuousBatchingPipeline.step()` keeps Python's GIL for the whole step
(50-100 ms on 2 cores). Run in the web server's process, every other thread
ran about once per step: on `bench/ui_load.py` (16 shoppers) a turn waited
~14 s outside the model while the model itself took ~3 s. Here the pipeline
lives in `python -m models.llm.ov_worker`; the parent's `ServingLM` worker
sends each command over a socket and waits for the answer without the GIL.

The child holds the model (the parent keeps only the tokenizer) and ends when
the parent closes the socket, exits or dies.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from models.errors import BackendError, ModelLoadError
from models.llm.openvino_batch import OVBatchConfig, OVContinuousBatch

_FIX = "retry; if it persists, re-run `python -m models.prepare` or set CLEARCART_ENGINE"


class OVProcessBatch:
    """The `OVContinuousBatch` interface, served by a child process."""

    def __init__(self, folder: Path, properties: dict[str, Any], special_ids: Iterable[int],
                 config: OVBatchConfig | None = None) -> None:
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parents[2])  # holds models/
        env = {**os.environ,
               "PYTHONPATH": os.pathsep.join(filter(None, [package_root,
                                                           os.environ.get("PYTHONPATH")]))}
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "models.llm.ov_worker", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL)
        theirs.close()
        self._conn = Connection(ours.detach())
        self._lock = threading.Lock()  # one command in flight
        self._size = 0
        atexit.register(self.close)
        self._call("start", str(folder), properties, sorted(special_ids), config)

    def __len__(self) -> int:
        return self._size

    def add(self, ids: list[int], max_new_tokens: int) -> int:
        return int(self._call("add", list(ids), max_new_tokens))

    def step(self) -> list[tuple[int, int | None]]:
        events: list[tuple[int, int | None]] = self._call("step")
        return events

    def drop(self, key: int) -> None:
        self._call("drop", key)

    def drop_rows(self, keep: list[int]) -> None:
        self._call("drop_rows", list(keep))

    def counters(self) -> tuple[int, int]:
        steps, tokens = self._call("counters")
        return int(steps), int(tokens)

    def close(self) -> None:
        """Stop the child (idempotent); its memory goes back at once."""
        if self._proc.poll() is None:
            try:
                with self._lock:
                    self._conn.send(("close",))
                self._proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        self._conn.close()

    @property
    def pid(self) -> int:
        return self._proc.pid

    @property
    def alive(self) -> bool:
        """False once the child has exited (closed, crashed or killed)."""
        return self._proc.poll() is None

    def _call(self, command: str, *args: Any) -> Any:
        with self._lock:
            try:
                self._conn.send((command, *args))
                status, value, size = self._conn.recv()
            except (OSError, EOFError) as exc:
                code = self._proc.poll()
                raise BackendError(
                    f"The OpenVINO worker process stopped (exit code {code}) during {command!r}.",
                    fix=_FIX) from exc
        self._size = size
        if status == "error":
            error = ModelLoadError if command == "start" else BackendError
            raise error(f"The OpenVINO worker failed on {command!r}: {value}", fix=_FIX)
        return value


def serve(conn: Connection) -> None:
    """The child's loop: one command in, one (status, value, rows) answer out."""
    batch: OVContinuousBatch | None = None
    while True:
        try:
            command, *args = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if command == "close":
            return
        try:
            if command == "start":
                folder, properties, special_ids, config = args
                batch = OVContinuousBatch(Path(folder), properties, special_ids, config)
                value: Any = None
            elif batch is None:
                raise RuntimeError("the batch was not started")
            else:
                value = getattr(batch, command)(*args)
        except Exception as exc:  # the parent raises it as a BackendError
            conn.send(("error", f"{type(exc).__name__}: {exc}", len(batch or ())))
            continue
        conn.send(("ok", value, len(batch or ())))


def main(argv: list[str]) -> int:
    conn = Connection(int(argv[0]))
    try:
        serve(conn)
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


__all__ = ["OVProcessBatch", "serve"]
