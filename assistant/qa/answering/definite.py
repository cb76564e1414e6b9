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
from assistant.qa.knowledge.value_match import matching_variants, option_filters
from assistant.qa.query import AttributeFilter, Query

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.query import AttributeFilter

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
                     text: str) -> Query | None:
    """The question about the one product a definite search means ("Tell me about the
    Coleman stove", "how many pounds is the Blue Buffalo dog food?"), or None.

    It is the one its words fit; else, for a count or a yes/no question ("does the aurelle
    tennis bracelet come in 8 inches?"), the one its kind and brand fit, whatever it asks
    of them. Its filters on that product's options (and features, for a yes/no) are kept:
    a lookup where they pick a variant ("the 100 tile pack"), a yes/no where they pick
    none; what it asks ("when is the Mirova cleanser back in stock?") makes it a yes/no.
    """
    one = None if q.intent == "count" else the_one_meant(matches(q), text)
    on = option_filters(one, q.filters) if one is not None else ()
    if one is None and (q.intent == "count" or q.filters and re.match(_YES_NO, text, re.I)):
        one = the_one_meant(matches(q.but(filters=())), text)
        names = {canonical_name(n) for n in one.options()} if one is not None else set()
        on = tuple(f for f in q.filters if f.name in names  # sold in 8 inches or not
                   or f.op == "has" and f.value is None and f.name != AVAILABILITY) or tuple(
            f for f in q.filters if f.name == AVAILABILITY)  # "can I order the lip oil?"
    if one is None:
        return None
    number = re.search(r"\bin\s+(?:an?\s+)?(\d+)\s*[?.!]*$", text)
    if not on and number and re.match(_YES_NO, text, re.I):  # "does the foundation come in
        on = (AttributeFilter(number.group(1), "has"),)  # 440?": of its options (as_option)
    asks = bool(q.asked) or bool(on) and not matching_variants(one, on)
    return Query(intent="attribute" if asks else "lookup", products=(one.id,),
                 asked=q.asked, notes=q.notes, units=q.units, filters=on)


_YES_NO = r"\s*(?:do|does|is|are|can|will)\b"


__all__ = ["DEFINITE", "is_definite", "the_one_asked_of", "the_one_meant"]
