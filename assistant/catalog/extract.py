"""Attributes stated only in prose, read once at load, each checked against its span.

`read_attributes(title, parts, brand)` runs the readers in `READERS` over a
product's text and keeps an attribute only when its span is a verbatim slice of that
text (and, for a quantity, the span states a number). Today the only reader is the
rules (`assistant.catalog.rules`).

The hook for a model: an `AttributeReader` is anything with
`read(title, parts, known) -> list[Attribute]`. A local LM reader under a JSON grammar
(`[{"name", "value", "unit", "span"}]`) would be appended to `READERS` and asked only
for what the rules left open (`known` holds what earlier readers found); its output
goes through the same `verified()` check, so a value whose span is not in the text
is dropped whoever proposed it. Not built yet (issue 22, item 3).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from assistant.catalog.rules import read_rules
from assistant.catalog.types import SOURCE_TEXT, Attribute


class AttributeReader(Protocol):
    """Reads typed attributes from one product's text."""

    def read(
        self, title: str, parts: tuple[str, ...], known: Sequence[Attribute], brand: str = ""
    ) -> list[Attribute]: ...


class RuleReader:
    """The rules of `assistant.catalog.rules`: fast, no model."""

    def read(
        self, title: str, parts: tuple[str, ...], known: Sequence[Attribute], brand: str = ""
    ) -> list[Attribute]:
        return read_rules(title, parts, brand)


# The readers run at load, in order (an LM reader would be appended here).
READERS: tuple[AttributeReader, ...] = (RuleReader(),)


def verified(found: Sequence[Attribute], texts: Sequence[str]) -> list[Attribute]:
    """Keep what a reader found only where its span is verbatim in one of `texts`."""
    out = []
    for a in found:
        if not a.span or not any(a.span in t for t in texts):
            continue
        if isinstance(a.value, float) and not re.search(r"\d", a.span):
            continue
        out.append(a)
    return out


def read_attributes(
    title: str,
    parts: Sequence[str],
    known: Sequence[Attribute] = (),
    brand: str = "",
    readers: Sequence[AttributeReader] = READERS,
) -> list[Attribute]:
    """Attributes (source "text") stated in the title and parts, verified, no repeats.

    A (name, value) already in `known` (a column or an option said it, in any case) is
    not repeated.
    """
    texts = (title, *parts)
    seen = {_key(a) for a in known}
    out: list[Attribute] = []
    for reader in readers:
        for a in verified(reader.read(title, tuple(parts), [*known, *out], brand), texts):
            if a.source == SOURCE_TEXT and _key(a) not in seen:
                seen.add(_key(a))
                out.append(a)
    return out


def _key(a: Attribute) -> tuple[str, str | float]:
    """Same fact whatever the case: a text 'black' repeats the option 'Black'."""
    return a.name, a.value.casefold() if isinstance(a.value, str) else a.value


__all__ = ["READERS", "AttributeReader", "RuleReader", "read_attributes", "verified"]
