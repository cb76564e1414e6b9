"""Features a search asks of its kind, said right after it: "exercise bike with bluetooth",
"sports bras with removable pads", "a kettle that has a keep-warm setting".

    with_features(knowledge, "exercise bike with bluetooth", query) -> (has "bluetooth",)

A phrase becomes a "has" filter only where some, not all, of the kind's products state it
in their own text, so "a bike with my wife" asks for nothing of the bikes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.qa.knowledge.retrieval import STOPWORDS
from assistant.qa.knowledge.textnorm import fold
from assistant.qa.query import AttributeFilter

if TYPE_CHECKING:
    from assistant.qa.knowledge import ShopKnowledge
    from assistant.qa.query import Query

# "with", "that has", "which comes with", then up to three words of the feature.
_WITH = re.compile(r"^\s*,?\s*(?:with|that\s+(?:has|have|comes?\s+with)|which\s+(?:has|have|"
                   r"comes?\s+with))\s+(?:an?\s+|some\s+|built[- ]in\s+)?"
                   r"(?P<f>[a-z][a-z0-9-]*(?:\s+[a-z][a-z0-9-]*){0,2})", re.I)
# Words that end a feature phrase ("with bluetooth for my garage", "with a lid under $30").
_ENDS = frozenset(str.split("""for under over below above about around and or in at that
which please to from by my our your his her their me us"""))


def with_features(knowledge: ShopKnowledge, text: str, q: Query) -> tuple[AttributeFilter, ...]:
    """The feature said after the last kind asked, as a "has" filter (see the module)."""
    kinds = [m for m in knowledge.vocab.mentions(text)
             if m.value in (*q.product_types, *q.categories)]
    if not kinds:
        return ()
    m = _WITH.match(text[max(k.end for k in kinds):])
    if m is None:
        return ()
    words: list[str] = []
    for w in m.group("f").lower().split():
        if w in _ENDS or w in STOPWORDS:
            break
        words.append(w)
    phrase = " ".join(words).replace("-", " ")
    if not phrase or any(phrase in (f.text or f.name).replace("_", " ") for f in q.filters):
        return ()
    vocab = knowledge.vocab
    pool = {p.id: p for p in (*(p for c in q.categories for p in vocab.products_in(c)),
                              *(p for t in q.product_types for p in vocab.products_of_type(t)))}
    texts = [fold(" ".join((p.title, *p.features, p.description))).replace("-", " ")
             for p in pool.values()]
    said = sum(_says(t, phrase) for t in texts)
    if not said:  # "a USB port" of one with a "USB-A charging port": each word, as a word
        said = sum(all(_says(t, w) for w in phrase.split()) for t in texts)
    return (AttributeFilter(phrase, "has"),) if 0 < said < len(pool) else ()


def _says(text: str, phrase: str) -> bool:
    return bool(re.search(rf"(?<![\w-]){re.escape(phrase)}(?:s|es)?\b", text))


__all__ = ["with_features"]
