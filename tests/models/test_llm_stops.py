"""Stop strings on streamed text."""

from __future__ import annotations

import pytest

from models.llm.stops import StopScanner


def _run(pieces: list[str], stop: tuple[str, ...]) -> tuple[list[str], bool]:
    scanner = StopScanner(stop)
    out: list[str] = []
    stopped = False
    for piece in pieces:
        chunk, stopped = scanner.feed(piece)
        if chunk:
            out.append(chunk)
        if stopped:
            break
    else:
        tail = scanner.flush()
        if tail:
            out.append(tail)
    return out, stopped


def test_stop_split_across_pieces_is_never_shown() -> None:
    out, stopped = _run(["Price $5.", "\nUs", "er: hi"], ("\nUser:",))
    assert "".join(out) == "Price $5."
    assert stopped
    assert all("\n" not in c for c in out)  # the partial "\nUs" was held back


def test_held_text_is_released_when_it_is_not_a_stop() -> None:
    out, stopped = _run(["a\nU", "nder $5"], ("\nUser:",))
    assert "".join(out) == "a\nUnder $5"
    assert not stopped


def test_held_text_is_flushed_at_the_end() -> None:
    out, stopped = _run(["ends with \nUse"], ("\nUser:",))
    assert "".join(out) == "ends with \nUse"
    assert not stopped


@pytest.mark.parametrize(
    ("text", "stop", "expected"),
    [("abcSTOPdef", ("STOP",), "abc"), ("abXcdY", ("Y", "X"), "ab"), ("no stops", (), "no stops")],
)
def test_earliest_stop_wins(text: str, stop: tuple[str, ...], expected: str) -> None:
    out, _ = _run(list(text), stop)
    assert "".join(out) == expected
