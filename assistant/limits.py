"""Abuse limits: turns per minute per session and per client address, and message checks.

The web app calls `RateLimiter.hit` inside every handler that costs model time or
writes to the store, before the work starts; a caller over a limit gets a
`RateLimited` error that says when to try again. The model's own queue stays
bounded behind it (models/llm/serving.py). `check_message` refuses text that is
not valid Unicode (a lone surrogate) or far too long, with a fix, before it
reaches the tokenizer or the store.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass

from models.errors import InputError, RateLimited


@dataclass(frozen=True)
class LimitsConfig:
    # Chat turns one shopper session may start per minute (a person types a few).
    turns_per_session: int = 12
    # Chat turns all sessions from one client address may start per minute: an office or a
    # shared NAT is one address (bench/ui_load.py's 16 shoppers from one host ask ~100 a
    # minute); behind a proxy, let uvicorn trust its X-Forwarded-For, or this is the proxy.
    turns_per_address: int = 240
    # Other shopper actions (consent, view, export, erase...) per session per minute.
    actions_per_session: int = 60
    # New session tokens one address may get per minute (POST /clearcart/session).
    sessions_per_address: int = 30
    # Failed console logins per address and per user name in a window before refusing.
    login_failures: int = 5
    # The window the limits above count in (seconds).
    window_s: float = 60.0
    # Longest message accepted from the web (characters); the Q&A layer reads at most
    # QAConfig.max_message_chars of it and says so.
    max_message_chars: int = 4000
    # Keys (sessions, addresses) remembered; the least recently seen are forgotten.
    max_keys: int = 100_000


class RateLimiter:
    """Sliding-window counters per key, thread-safe, bounded in memory."""

    def __init__(self, config: LimitsConfig | None = None) -> None:
        self.config = config or LimitsConfig()
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int, what: str, now: float | None = None) -> None:
        """Count one event for `key`; RateLimited when it would pass `limit` in the window."""
        at = time.monotonic() if now is None else now
        window = self.config.window_s
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                hits = self._hits[key] = deque()
                while len(self._hits) > self.config.max_keys:
                    self._hits.popitem(last=False)
            self._hits.move_to_end(key)
            while hits and hits[0] <= at - window:
                hits.popleft()
            if len(hits) >= limit:
                wait = max(1, int(hits[0] + window - at + 0.999))
                raise RateLimited(f"too many {what} (limit {limit} per {window:.0f} s)",
                                  fix=f"wait {wait} s and try again")
            hits.append(at)

    def count(self, key: str, now: float | None = None) -> int:
        """Events of `key` inside the current window."""
        at = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(key, deque())
            return sum(1 for h in hits if h > at - self.config.window_s)

    def clear(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)


def check_message(text: object, max_chars: int | None = None) -> str:
    """`text` if it is a usable message; InputError saying what is wrong and how to fix it."""
    if not isinstance(text, str):
        raise InputError(f"a message must be text, got {type(text).__name__}",
                         fix="send the shopper's message as a string")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InputError(
            f"the message is not valid text: character {e.start + 1} is a lone surrogate "
            f"({text[e.start]!r}), half of a character pair",
            fix="send the message as valid UTF-8 (re-type or remove that character; "
            "in JSON write the whole pair, e.g. \\ud83d\\ude00)",
        ) from None
    if max_chars is not None and len(text) > max_chars:
        raise InputError(f"the message is {len(text):,} characters long (limit {max_chars:,})",
                         fix="shorten it and send it again")
    return text


__all__ = ["LimitsConfig", "RateLimiter", "check_message"]
