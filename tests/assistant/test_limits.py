"""Abuse limits: sliding windows per key, and messages checked before anything runs."""

from __future__ import annotations

import pytest

from assistant.limits import LimitsConfig, RateLimiter, check_message
from models.errors import InputError, RateLimited


def test_the_limit_holds_in_the_window_and_frees_after_it() -> None:
    lim = RateLimiter(LimitsConfig(window_s=60.0))
    for k in range(3):
        lim.hit("s1", 3, "messages", now=100.0 + k)
    with pytest.raises(RateLimited) as err:
        lim.hit("s1", 3, "messages", now=110.0)
    assert "too many messages" in err.value.problem and "wait 50 s" in (err.value.fix or "")
    lim.hit("s2", 3, "messages", now=110.0)  # another key is not affected
    lim.hit("s1", 3, "messages", now=160.5)  # the first hit left the window
    assert lim.count("s1", now=160.5) == 3


def test_keys_are_bounded() -> None:
    lim = RateLimiter(LimitsConfig(max_keys=10))
    for k in range(50):
        lim.hit(f"k{k}", 1, "x", now=1.0)
    assert lim.count("k0", now=1.0) == 0 and lim.count("k49", now=1.0) == 1


def test_a_lone_surrogate_gets_a_fix_not_a_type_error() -> None:
    with pytest.raises(InputError) as err:
        check_message("a laptop \ud83d please")
    assert "lone surrogate" in err.value.problem and "character 10" in err.value.problem
    assert err.value.fix
    assert check_message("a laptop \U0001f600 please") == "a laptop \U0001f600 please"


def test_length_and_type_are_checked() -> None:
    with pytest.raises(InputError, match="limit 10"):
        check_message("x" * 11, max_chars=10)
    with pytest.raises(InputError, match="must be text"):
        check_message(42)
