"""Checks on ids and text that reach the store: clear InputErrors, nothing half-written."""

from __future__ import annotations

import math
import unicodedata

from models.categories import PERSONAL_CATEGORIES
from models.errors import ConsentError, InputError

MAX_ID_CHARS = 200  # shopper and product ids
MAX_TEXT_CHARS = 20_000  # one stored chat turn (after the caller's own truncation)
MAX_PRICE = 1e9  # dollars; anything above is a unit or parsing mistake
ROLES = ("user", "assistant")


def check_id(value: object, what: str = "shopper id") -> str:
    """Return `value` if it is a usable id; raise InputError saying what is wrong otherwise."""
    if not isinstance(value, str):
        raise InputError(f"the {what} must be a string, got {type(value).__name__}",
                         fix=f"pass the {what} as text, e.g. 'shopper-42'")
    if not value.strip():
        raise InputError(f"the {what} is empty", fix=f"pass a non-empty {what}, e.g. 'shopper-42'")
    if len(value) > MAX_ID_CHARS:
        raise InputError(f"the {what} is {len(value):,} characters long (limit {MAX_ID_CHARS})",
                         fix=f"use a shorter {what}")
    bad = [c for c in value if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")]
    if bad:
        raise InputError(f"the {what} contains control characters ({bad[0]!r})",
                         fix=f"use printable characters only in the {what}")
    return value


def check_text(value: object, what: str = "message") -> str:
    if not isinstance(value, str):
        raise InputError(f"the {what} must be a string, got {type(value).__name__}",
                         fix=f"pass the {what} as text")
    if len(value) > MAX_TEXT_CHARS:
        raise InputError(f"the {what} is {len(value):,} characters long (limit {MAX_TEXT_CHARS:,})",
                         fix=f"shorten the {what} before storing it")
    return value


def check_role(role: object) -> str:
    if role not in ROLES:
        raise InputError(f"unknown chat role {role!r}", fix=f"use one of {', '.join(ROLES)}")
    return str(role)


def check_amount(value: object, what: str = "price", low: float = 0.0,
                 high: float = MAX_PRICE) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"the {what} must be a number, got {type(value).__name__}",
                         fix=f"pass the {what} as a number")
    x = float(value)
    if not math.isfinite(x) or not low <= x <= high:
        raise InputError(f"the {what} {value!r} is outside [{low:g}, {high:g}]",
                         fix=f"pass a finite {what} in that range")
    return x


def check_category(category: object) -> str:
    if category not in PERSONAL_CATEGORIES:
        raise ConsentError(
            f"unknown personal data category {category!r}",
            fix=f"use one of: {', '.join(PERSONAL_CATEGORIES)}",
        )
    return str(category)


__all__ = [
    "MAX_ID_CHARS", "MAX_PRICE", "MAX_TEXT_CHARS", "ROLES", "check_amount",
    "check_category", "check_id", "check_role", "check_text",
]
