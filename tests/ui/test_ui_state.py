"""UIState: a frozen, typed per-tab state; a stale card slot says how to fix it."""

from __future__ import annotations

import dataclasses

import pytest

from models.errors import InputError
from ui.state import UIState, error_text


def test_said_adds_messages_without_changing_the_old_state() -> None:
    st = UIState("s-1", "s-1")
    new = st.said({"role": "user", "content": "hi"})
    assert st.history == () and new.history == ({"role": "user", "content": "hi"},)
    assert new.chat() == [{"role": "user", "content": "hi"}]
    assert new.chat() is not new.chat()
    with pytest.raises(dataclasses.FrozenInstanceError):
        st.shopper = "other"  # type: ignore[misc]


def test_pid_of_a_stale_slot_raises_with_a_fix() -> None:
    st = UIState("s-1", "s-1", pids=("p1", "p2"))
    assert st.pid(1) == "p2"
    for slot in (2, -1):
        with pytest.raises(InputError) as err:
            st.pid(slot)
        assert err.value.fix and "ask" in error_text(err.value)
