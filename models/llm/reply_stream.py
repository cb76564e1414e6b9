"""A reply's text pieces read with a time limit, for a caller that must not stare at nothing.

    reply = ReplyStream(lm.stream(messages, config))
    piece = reply.next_within(0.8)   # a piece; "" if none came in 0.8 s (the reply goes on);
                                     # None once the reply has ended
    reply.close()                    # cancel: a served reply's batch row is freed next step

`LMBackend.stream` blocks until the model's next piece. A caller that shows the
code's facts first when the model is slower than a threshold (issue 21, item 3)
reads through this instead: a thread pulls the pieces into a queue, so waiting
can time out without losing or reordering any. An error of the backend is
raised by the `next_within` that reaches it. Every piece the backend yields is
handed on (`ServingLM` and the OpenVINO backends yield one per token or per
step of tokens).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

_END = object()


class ReplyStream:
    """Pieces of one reply; `next_within(seconds)`, iteration, and `close()`."""

    def __init__(self, pieces: Iterator[str]) -> None:
        self._pieces = pieces
        self._queue: queue.Queue[Any] = queue.Queue()
        self._stop = threading.Event()
        self._ended = False
        self._thread = threading.Thread(target=self._pump, name="clearcart-reply", daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        try:
            for piece in self._pieces:
                self._queue.put(piece)
                if self._stop.is_set():
                    break
        except BaseException as exc:  # handed to the reader
            self._queue.put(exc)
        finally:
            close = getattr(self._pieces, "close", None)
            if callable(close):
                close()  # the backend's own cleanup: ServingLM frees the row
            self._queue.put(_END)

    def next_within(self, seconds: float | None) -> str | None:
        """The next piece; "" when none came within `seconds` (None: wait for it); None when
        the reply has ended. Raises the backend's error where the reply failed."""
        if self._ended:
            return None
        try:
            item = self._queue.get(timeout=seconds)
        except queue.Empty:
            return ""
        if item is _END:
            self._ended = True
            return None
        if isinstance(item, BaseException):
            self._ended = True
            raise item
        return str(item)

    def __iter__(self) -> Iterator[str]:
        while (piece := self.next_within(None)) is not None:
            yield piece

    def close(self) -> None:
        """Stop reading: the pump stops at the backend's next piece and closes its stream."""
        self._stop.set()
        self._ended = True


__all__ = ["ReplyStream"]
