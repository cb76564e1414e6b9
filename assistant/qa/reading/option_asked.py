"""An option of a named product asked by its own name: "what weights does the sloth come
in?", "how many designs does the floor puzzle come in?", "which characters can I get the
figure as?" The option names are the shop's (Shopify's Option1 Name, a feed's size or
colour), so no list of them is kept here.

    option_name_asked(knowledge, "what editions does it come in?", ("sneaky-llamas",))
    -> ("edition",)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.catalog.types import canonical_name

if TYPE_CHECKING:
    from assistant.qa.knowledge import ShopKnowledge

# The plural or singular of a name, as a whole word: "weights", "designs", "board size".
_PLURAL = r"(?:s|es)?"


def option_name_asked(k: ShopKnowledge, text: str, named: tuple[str, ...]) -> tuple[str, ...]:
    """The canonical name of the one option of the named products the message names, when
    it names it as a word of its own; () when none, or more than one, is named."""
    names: set[str] = set()
    for pid in named:
        p = k.catalog.by_id.get(pid)
        if p is None:
            continue
        for option, values in p.options().items():
            if len(values) < 2 or option.lower() in ("title", "default"):
                continue
            words = r"\s+".join(map(re.escape, option.lower().split()))
            if re.search(rf"\b{words}{_PLURAL}\b", text, re.I):
                names.add(canonical_name(option))
    return tuple(names) if len(names) == 1 else ()


__all__ = ["option_name_asked"]
