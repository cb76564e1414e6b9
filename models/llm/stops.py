"""Stop strings over streamed text: cut at the first stop, never leak part of one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from models.llm.base import apply_stop


class StopScanner:
    """Feed text pieces; get back what is safe to show and whether a stop was hit.

    Text that could be the start of a stop string is held back until the next
    piece decides it, so a streamed reply never shows half of "\\nUser:".
    """

    def __init__(self, stop: Sequence[str]) -> None:
        self.stop = tuple(s for s in stop if s)
        self._pending = ""
        self.stopped = False

    def feed(self, piece: str) -> tuple[str, bool]:
        """Return (text safe to emit now, stopped)."""
        if self.stopped:
            return "", True
        text = self._pending + piece
        text, self.stopped = apply_stop(text, self.stop)
        if self.stopped:
            self._pending = ""
            return text, True
        hold = _held_suffix(text, self.stop)
        self._pending = text[len(text) - hold :] if hold else ""
        return text[: len(text) - hold], False

    def scan(self, pieces: Iterable[str]) -> Iterator[str]:
        """The pieces' text up to the first stop string, each chunk once it is safe to show."""
        for piece in pieces:
            chunk, done = self.feed(piece)
            if chunk:
                yield chunk
            if done:
                return
        tail = self.flush()
        if tail:
            yield tail

    def flush(self) -> str:
        """The held-back text, at the end of the stream (it was no stop after all)."""
        out, self._pending = self._pending, ""
        return out


def _held_suffix(text: str, stop: Sequence[str]) -> int:
    """Length of the longest suffix of `text` that is a proper prefix of a stop string."""
    best = 0
    for s in stop:
        for k in range(min(len(s) - 1, len(text)), best, -1):
            if text.endswith(s[:k]):
                best = k
                break
    return best


__all__ = ["StopScanner"]
