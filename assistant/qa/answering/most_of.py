"""Follow-ups over a list: "which is the most secure?" compares the products just listed;
"which one fits in a jersey pocket?" narrows them by "pocket" when none says the phrase.

A superlative no attribute names ("most secure", "best for rain", "quietest" where no
product states a noise figure) is answered by each listed product's own line on it
(`quoted_verdict`), never read as a product to look for ("this shop doesn't sell secure").
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.qa.query import Query

# "which is the most secure?", "which one's the best for rain?", "which of those is sturdiest?"
_WHICH_MOST = re.compile(
    r"^\s*(?:and\s+|so\s+)?(?:which|what)\s+(?:one\s+|of\s+(?:them|those|these)\s+)?"
    r"(?:is|are|'s|would\s+be|has)\s+(?:the\s+)?(?:(?:most|least|best)\s+)?"
    r"(?P<word>[a-z][a-z-]+)(?:\s+(?:one|for\s+[a-z ]+))?\s*[?.!]*\s*$", re.I)
# At most this many listed products are compared.
MAX_COMPARED = 4


def most_of_previous(q: Query, text: str, listed: tuple[str, ...]) -> Query | None:
    """A compare query over the products just listed, for a superlative of no attribute."""
    m = _WHICH_MOST.match(text)
    if m is None or len(listed) < 2 or q.sort is not None or q.filters or q.asked \
            or q.products or q.categories or q.product_types or q.brands:
        return None
    word = m.group("word").lower()
    if not (word.endswith("est") or re.search(r"\b(?:most|least|best)\s", text, re.I)):
        return None  # "which is it?" asks nothing of them
    return q.but(intent="compare", products=listed[:MAX_COMPARED], scope="previous", need="")


def head_words(q: Query) -> Query | None:
    """The query with each feature of several words cut to its last ("jersey pocket" ->
    "pocket"), to narrow a list none of which says the whole phrase; None if none is."""
    cut = tuple(replace(f, name=f.name.split()[-1], text=f.text and f.text.split()[-1])
                if f.op == "has" and f.value is None and len(f.name.split()) > 1 else f
                for f in q.filters)
    return q.but(filters=cut) if cut != q.filters else None


__all__ = ["head_words", "most_of_previous"]
