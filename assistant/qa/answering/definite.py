"""Which one product a definite question means: "What SPF is the Solara Daily Mineral
Sunscreen?" names one of the two Solara sunscreens by the words only its title has.

A message asking about "the ..." (a question, or "tell me about the ...") whose brand or
kind fits several products means the one whose title alone has the most of the message's
other words; a tie means none (the listing and its question stand).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant.catalog.types import canonical_name
from assistant.qa.knowledge.retrieval import STOPWORDS
from assistant.qa.knowledge.stated import AVAILABILITY
from assistant.qa.knowledge.textnorm import fold, singular
from assistant.qa.knowledge.value_match import option_filters

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.query import AttributeFilter, Query

# "Tell me about the Coleman stove", "how much is the ...", "what about the ...".
DEFINITE = re.compile(r"\s*(?:(?:can|could) you |please )?(?:(?:show|tell|give)(?: me)?"
                      r"(?: more)?(?: about| info(?:rmation)? (?:on|about)| details (?:on|of|"
                      r"about))?|what about|how about|info on|details (?:on|of|about)|"
                      r"how much (?:is|are|does|do))\s+(?:the|your|that|this)\s", re.I)
# A question about "the ..." ("What SPF is the Solara Daily Mineral Sunscreen?").
_ASKS_ABOUT_THE = re.compile(r"^\s*(?:what|what's|which|how|does|do|is|are|can|will)\b.*"
                             r"\b(?:the|your|this|that)\s+\w", re.I)


# "show me your carry-on suitcases": a kind in the plural, all of them, not one product.
_YOUR_KIND = re.compile(r"\byour\s+(?:[\w-]+\s+){0,2}[\w-]+[^s\W]s\s*[?.!]*$", re.I)


def is_definite(text: str) -> bool:
    return bool(DEFINITE.match(text) or _ASKS_ABOUT_THE.match(text)) \
        and not _YOUR_KIND.search(text)


def the_one_meant(found: Sequence[Product], text: str,
                  asked: Sequence[AttributeFilter] = ()) -> Product | None:
    """The one of `found` the message's words single out, or None; the words of what is
    asked of it are not its name ("does the play kitchen come with play food?")."""
    if len(found) == 1:
        return found[0]
    told = {w for f in asked for w in re.findall(r"[a-z0-9]+", fold(f.text or f.name))}
    words = {singular(w) for w in re.findall(r"[a-z0-9]+", fold(text))
             if len(w) >= 3 and w not in STOPWORDS and w not in told}
    titles = [{singular(w) for w in re.findall(r"[a-z0-9]+", fold(p.title))} for p in found]
    shared = set.intersection(*titles) if titles else set()
    scores = [len((t - shared) & words) for t in titles]
    best = max(scores, default=0)
    if best == 0 or scores.count(best) > 1 or len({p.title for p in found}) < len(found):
        return None
    return found[scores.index(best)]


def the_one_asked_of(matches: Callable[[Query], list[Product]], q: Query,
                     text: str) -> tuple[Product, tuple[AttributeFilter, ...]] | None:
    """The one product a definite search means, with the filters on its options: of those
    its words fit, else (a count, or a yes/no question: "does the aurelle tennis bracelet
    come in 8 inches?") of those its kind and brand fit, whatever it asks of them."""
    one = None if q.intent == "count" else the_one_meant(matches(q), text)
    if one is not None:
        return one, option_filters(one, q.filters)
    if q.intent == "count" or q.filters and re.match(_YES_NO, text, re.I):
        one = the_one_meant(matches(q.but(filters=())), text)
    if one is None:
        return None
    names = {canonical_name(n) for n in one.options()}  # sold in 8 inches or not, or
    return one, tuple(f for f in q.filters if f.name in names  # "batteries included?": asked
                      or f.op == "has" and f.value is None and f.name != AVAILABILITY)


_YES_NO = r"\s*(?:do|does|is|are|can|will)\b"


__all__ = ["DEFINITE", "is_definite", "the_one_asked_of", "the_one_meant"]
