"""ReplyStream: a reply's pieces read with a time limit, none lost, errors raised, cancellable."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from test_llm_serving import GatedLM, ask

from models.errors import BackendError
from models.llm.reply_stream import ReplyStream
from models.llm.serving import ServingLM


def slow(pieces: list[str], delay: float, closed: threading.Event | None = None,
         fail: bool = False) -> Iterator[str]:
    try:
        for piece in pieces:
            time.sleep(delay)
            yield piece
        if fail:
            raise BackendError("The model failed mid-reply.", fix="retry")
    finally:
        if closed is not None:
            closed.set()


def test_a_slow_first_piece_times_out_and_nothing_is_lost() -> None:
    reply = ReplyStream(slow(["The ", "X1 ", "costs $5."], delay=0.3))
    assert reply.next_within(0.05) == ""  # the caller shows the facts meanwhile
    assert reply.next_within(2.0) == "The "
    assert "".join(reply) == "X1 costs $5."
    assert reply.next_within(0.05) is None


def test_the_backend_error_reaches_the_reader_after_its_pieces() -> None:
    reply = ReplyStream(slow(["a ", "b "], delay=0.01, fail=True))
    assert reply.next_within(2) == "a " and reply.next_within(2) == "b "
    with pytest.raises(BackendError, match="mid-reply"):
        reply.next_within(2)


def test_close_cancels_the_reply_and_frees_the_served_row() -> None:
    closed = threading.Event()
    reply = ReplyStream(slow(["w "] * 100, delay=0.02, closed=closed))
    assert reply.next_within(2) == "w "
    reply.close()
    assert closed.wait(2)  # the backend's stream was closed, not read to its end
    lm = GatedLM(words=200, delay=0.01)
    served = ReplyStream(ServingLM(lm).stream(ask("one")))
    assert served.next_within(5) == "w0 "
    served.close()
    time.sleep(0.5)
    assert lm.produced < 150  # ServingLM stopped generating the cancelled reply
