"""Many shoppers, one model: a bounded queue in front of an LM backend, one worker thread.

    lm = ServingLM(backend, ServingConfig())
    for chunk in lm.stream(messages, config): ...   # from any number of threads

* **Bounded.** When `max_waiting` requests already wait, or a request has waited
  `max_wait_s`, `stream` raises `ServerBusy` ("busy, try again in a moment");
  it never hangs.
* **No lock across a client's read.** The worker writes each request's text to
  that request's own queue; a client that stops reading for `client_timeout_s`
  is dropped (its generation cancelled) and stalls nobody else.
* **Fair.** First come, first served; the assistant allows one turn in flight per
  shopper, so no shopper can crowd out the others.
* **Batched.** When the backend can decode prompts in lockstep (`TransformersLM`,
  see `models/llm/batch_decode.py`), a request that arrives joins the running
  batch between two decode steps, up to `max_batch` rows. Other backends are
  served one request at a time, in arrival order.
* `complete_json` (the LM parser) runs on the same worker between decode steps.
* **Recovers.** When a batch fails (OpenVINO's worker process killed, say), its rows
  get a `BackendError` and the next request gets a new batch from the backend.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from models.errors import BackendError, ServerBusy
from models.llm.base import GenerationConfig, LMBackend, Message
from models.llm.stops import StopScanner

_END = object()  # marks the end of a request's text in its queue


@dataclass(frozen=True)
class ServingConfig:
    # Requests waiting for the model at most; one more is told "busy" at once.
    max_waiting: int = 32
    # A request not started after this many seconds is told "busy" instead of waiting on.
    max_wait_s: float = 30.0
    # Rows decoded together (backends that batch); 8 fits 2 cores' memory bandwidth.
    max_batch: int = 8
    # A client that has not read its text for this long is dropped and its row freed.
    client_timeout_s: float = 30.0


@dataclass
class _Request:
    messages: Sequence[Message]
    config: GenerationConfig
    job: Callable[[], Any] | None = None  # run whole on the worker (complete_json)
    out: queue.Queue[Any] = field(default_factory=queue.Queue)
    queued_at: float = field(default_factory=time.monotonic)
    last_read: float = field(default_factory=time.monotonic)
    cancelled: bool = False

    def put(self, item: Any) -> None:
        if self.out.empty():  # the client's idle clock runs from its oldest unread text
            self.last_read = time.monotonic()
        self.out.put(item)

    def idle(self, timeout: float) -> bool:
        """Cancelled, or text has waited unread for `timeout` s. A client waiting for the
        model is never idle: a worker process that took 40 s to start on a loaded machine
        cut the first reply after its first word."""
        return self.cancelled or (not self.out.empty()
                                  and time.monotonic() - self.last_read > timeout)


class ServingLM(LMBackend):
    """Wraps a backend: bounded queue, one worker, lockstep batches where the backend can."""

    def __init__(self, inner: LMBackend, config: ServingConfig | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.config = config or ServingConfig()
        self._waiting: deque[_Request] = deque()
        self._wake = threading.Condition()
        self._worker: threading.Thread | None = None
        self.batched = callable(getattr(inner, "lockstep_batch", None))
        self.peak_batch = 0  # the most rows decoded together so far (for benchmarks)

    def __getattr__(self, name: str) -> Any:  # load(), tokenizer, last_stats... of the backend
        return getattr(self.inner, name)

    # -- the client side -------------------------------------------------------
    def stream(
        self, messages: Sequence[Message], config: GenerationConfig | None = None
    ) -> Iterator[str]:
        request = self._submit(_Request(messages, config or GenerationConfig()))
        try:
            while True:
                item = self._next(request)
                if item is _END:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            request.cancelled = True  # the client stopped reading: free its row

    def complete_json(self, messages: Sequence[Message], schema: dict[str, Any],
                      max_new_tokens: int = 256, timeout_s: float | None = None) -> str:
        request = _Request(messages, GenerationConfig())
        request.job = lambda: self.inner.complete_json(messages, schema, max_new_tokens,
                                                       timeout_s)
        self._submit(request)
        item = self._next(request)
        if isinstance(item, BaseException):
            raise item
        return str(item)

    def _submit(self, request: _Request) -> _Request:
        with self._wake:
            if len(self._waiting) >= self.config.max_waiting:
                raise ServerBusy(
                    f"{len(self._waiting)} requests are already waiting for the model.",
                    fix="try again in a moment, or raise ServingConfig.max_waiting",
                )
            self._waiting.append(request)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="clearcart-lm",
                                                daemon=True)
                self._worker.start()
            self._wake.notify()
        return request

    def _next(self, request: _Request) -> Any:
        """The request's next item; ServerBusy if it is still queued after max_wait_s."""
        while True:
            try:
                item = request.out.get(timeout=0.25)
            except queue.Empty:
                with self._wake:
                    late = (request in self._waiting and time.monotonic() - request.queued_at
                            > self.config.max_wait_s)
                    if late:
                        self._waiting.remove(request)
                if late:
                    raise ServerBusy(
                        f"The model is busy: not started after {self.config.max_wait_s:.0f} s.",
                        fix="try again in a moment, or raise ServingConfig.max_wait_s",
                    ) from None
                continue
            request.last_read = time.monotonic()
            return item

    # -- the worker ------------------------------------------------------------
    def _run(self) -> None:
        batch = None
        rows: dict[int, tuple[_Request, _Decoder]] = {}
        while True:
            with self._wake:
                while not self._waiting and not rows:
                    self._wake.wait()
                admit: list[_Request] = []
                while self._waiting and (not self.batched or len(rows) + len(admit)
                                         < self.config.max_batch):
                    admit.append(self._waiting.popleft())
                    if not self.batched:
                        break
            for request in admit:
                if request.cancelled:
                    continue
                if request.job is not None:
                    _finish(request, request.job)
                elif not self.batched or request.config.temperature > 0:
                    self._serve_alone(request)  # sampling is not batched: greedy rows only
                else:
                    if batch is None or not getattr(batch, "alive", True):
                        # the first batch, or a new one after a failure (a crashed worker
                        # process is started again by the backend)
                        batch = self.inner.lockstep_batch()  # type: ignore[attr-defined]
                    self._join(batch, rows, request)
            if batch is not None and rows:
                self.peak_batch = max(self.peak_batch, len(rows))
                if not self._step(batch, rows):
                    batch = None

    def _serve_alone(self, request: _Request) -> None:
        try:
            for chunk in self.inner.stream(request.messages, request.config):
                request.put(chunk)
                if request.idle(self.config.client_timeout_s):
                    break
        except Exception as exc:  # the client sees the backend's error
            request.put(exc)
        request.put(_END)

    def _join(self, batch: Any, rows: dict[int, tuple[_Request, _Decoder]],
              request: _Request) -> None:
        inner: Any = self.inner
        try:
            ids = inner.prompt_ids(request.messages)
            budget = min(request.config.max_new_tokens, inner.config.max_new_tokens)
            key = batch.add(ids, budget)
        except Exception as exc:
            request.put(exc if isinstance(exc, BackendError) else BackendError(
                f"The model failed to start a reply: {type(exc).__name__}: {exc}",
                fix="retry; if it persists, re-run `python -m models.prepare`"))
            request.put(_END)
            return
        stop = tuple(request.config.stop) + tuple(inner.config.stop)
        rows[key] = (request, _Decoder(inner.tokenizer, StopScanner(stop)))

    def _step(self, batch: Any, rows: dict[int, tuple[_Request, _Decoder]]) -> bool:
        """One decode step for every row; False when the batch failed (rows told, cleared)."""
        try:
            for key, (request, _) in list(rows.items()):
                if request.idle(self.config.client_timeout_s):
                    batch.drop(key)
                    del rows[key]
                    request.put(_END)
            if not rows:
                return True
            events = batch.step()
        except Exception as exc:
            for request, _ in rows.values():
                request.put(BackendError(f"The model failed mid-reply: {exc}",
                                             fix="retry the question"))
                request.put(_END)
            rows.clear()
            with contextlib.suppress(Exception):  # a dead worker process cannot drop rows
                batch.drop_rows([])
            return False
        for key, token in events:
            if key not in rows:
                continue
            request, decoder = rows[key]
            text, done = decoder.feed(token)
            if text:
                request.put(text)
            if done:
                if token is not None:
                    batch.drop(key)
                del rows[key]
                request.put(_END)
        return True


class _Decoder:
    """Token ids -> safe text pieces for one request (incremental decode, then stop strings)."""

    def __init__(self, tokenizer: Any, scanner: StopScanner) -> None:
        self.tokenizer = tokenizer
        self.scanner = scanner
        self.ids: list[int] = []
        self.shown = ""

    def feed(self, token: int | None) -> tuple[str, bool]:
        """(text to send now, finished); `None` ends the reply."""
        if token is None:
            return self.scanner.flush(), True
        self.ids.append(token)
        text = self.tokenizer.decode(self.ids, skip_special_tokens=True)
        if text.endswith("\ufffd"):  # an incomplete multi-byte character
            return "", False
        piece, self.shown = text[len(self.shown):], text
        return self.scanner.feed(piece)


def _finish(request: _Request, job: Callable[[], Any]) -> None:
    try:
        request.put(job())
    except Exception as exc:
        request.put(exc)


__all__ = ["ServingConfig", "ServingLM"]
