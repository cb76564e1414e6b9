"""A thing a shop's listings only mention, asked for as if sold: "do you sell batteries?"
where the one line saying them is "Remote takes 2 x AA batteries (not included)".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.qa.knowledge.retrieval import STOPWORDS, tokens
from assistant.qa.knowledge.textnorm import forms

if TYPE_CHECKING:
    from assistant.qa.knowledge import ShopKnowledge

# "do you sell batteries?": the thing named after the asking verb, to the end of its clause.
_SELL_WHAT = re.compile(r"\bdo\s+you\s+(?:sell|carry|stock)\s+(?:any\s+)?"
                        r"(?P<thing>[a-z][a-z' -]{1,40}?)\s*(?:[?.!,;]|\bor\b|$)", re.I)


def untitled_thing(text: str, k: ShopKnowledge) -> str:
    """What "do you sell X?" asks for, where no product's title, category or type names X's
    head word: "batteries" or "helmets" a listing only mentions ("Helmet sold separately",
    "batteries not included") are not for sale here; '' when a product is named by it."""
    m = _SELL_WHAT.search(text)
    namer = getattr(k.index, "namer", None)
    words = [w for w in tokens(m.group("thing")) if w not in STOPWORDS] if m else []
    if not words or namer is None:
        return ""
    head = forms(words[-1])
    kinds = {w for c in (*k.vocab.categories, *k.vocab.types()) for w in tokens(c)}
    if head & kinds or any(namer().postings(f) for f in head):
        return ""
    return m.group("thing").strip() if m else ""


__all__ = ["untitled_thing"]
