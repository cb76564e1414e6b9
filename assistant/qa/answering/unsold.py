"""Whether a message asks for something the shop does not sell, and the reply that says so.

Most of a message's leftover content words being words the catalog never uses ("kayak",
"vacuum cleaner") means nothing here is it, unless the message reads close to a product
whose title has one of its known words ("fresh espresso every morning"), or a product's own
text talks of one of its rarer words ("my hands get blisters": gloves that "help prevent
blisters"). The reply names what the shop sells; a problem told gets "nothing here would
help", never unrelated products.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.qa.answering.need_text import told_of
from assistant.qa.answering.needs import nothing_helps
from assistant.qa.answering.other_brand import (
    kind_of_elsewhere,
    kind_pool,
    other_brand,
    other_brand_text,
)
from assistant.qa.answering.plurals import plural
from assistant.qa.answering.untitled import untitled_thing
from assistant.qa.knowledge.retrieval import STOPWORDS, tokens
from assistant.qa.knowledge.textnorm import forms
from assistant.qa.plan import Plan
from assistant.qa.reading.predicate import names_a_kind
from assistant.qa.reading.words import NEED_CUE

if TYPE_CHECKING:
    from assistant.qa.answering.kinds import NeedFinder
    from assistant.qa.knowledge import ShopKnowledge
    from assistant.qa.query import Query
    from assistant.qa.reading.parse import Parsed

# Share of a message's leftover content words the catalog must know (more than this)
# for it to be searched rather than answered with "this shop doesn't sell".
MIN_KNOWN_SHARE = 0.5
# ...unless the message reads this close (embedding cosine) to a product whose title has
# one of its known words: "fresh espresso every morning" 0.44 to an espresso machine, while
# products a shop does not sell stayed below 0.39 on both test catalogs (vacuum cleaners).
NEED_MATCH_MIN = 0.42


def not_sold(parsed: Parsed, q: Query, k: ShopKnowledge, finder: NeedFinder) -> bool:
    """Nothing the catalog knows was asked for: most content words are not its words."""
    vocabulary = getattr(k.index, "vocabulary", None)
    priced_only = q.but(min_price=None, max_price=None, soft_min=None, soft_max=None)
    if priced_only.has_filters or q.products or parsed.ref.points \
            or NEED_CUE.search(parsed.text):  # a price alone says nothing of what
        return False
    content = [t for t in parsed.content if len(t) > 2 and not t.isdigit()]
    if not content:
        return False
    if vocabulary is not None:
        known = [t for t in content if forms(t) & vocabulary]
    else:
        unknown = set(k.index.unknown_words(" ".join(content)))
        known = [t for t in content if t not in unknown]
    if len(known) > MIN_KNOWN_SHARE * len(content):
        return False
    if _names_close_product(parsed.text, known, k):
        return False
    if _SITUATION.match(parsed.text) and not _QUESTION.search(parsed.text) and any(
            names_a_kind(k, w) or names_a_kind(k, w.removesuffix("ed")) for w in content):
        return False  # "I have to leave my bike locked outside all day": locks may help
    if not _TOLD.search(parsed.text) or _QUESTION.search(parsed.text):
        return True
    # a problem told in a word only a description uses ("my hands get blisters": gloves
    # that "help prevent blisters") is one the shop may help with
    return not told_of(finder.shortlisted(parsed.text) or k.catalog.products,
                       " ".join(content))


def asks_unknown_kind(parsed: Parsed, q: Query, k: ShopKnowledge) -> bool:
    """"Do you have an espresso machine?" in a shop of espresso beans, "cycling shoes" in one
    of cycling jerseys: the thing asked is a word the catalog never uses, right after one it
    does, and nothing else (a product, a filter, a price) says what is wanted."""
    if untitled_thing(parsed.text, k) or other_brand(k, parsed.text, q) \
            or kind_of_elsewhere(k, parsed.text, q):
        return True  # "do you sell batteries?" where only "batteries not included" says them;
        # "got any Fender guitars?" where no guitar is a Fender; "bass guitars" where only
        # strings are bass
    if q.products or q.filters or q.brands or q.min_price is not None \
            or q.max_price is not None or parsed.ref.points or not _ASKS_FOR.match(parsed.text):
        return False
    content = [t for t in parsed.content if len(t) > 2 and not t.isdigit()]
    vocabulary = getattr(k.index, "vocabulary", None)
    return bool(content) and (_unknown_head(parsed.text, content, vocabulary) or bool(
        q.categories or q.product_types) and _unknown_modifier(parsed.text, content, vocabulary))


def _unknown_modifier(text: str, content: list[str], vocabulary: set[str] | None) -> bool:
    """"Do you sell rowing machines?" in a shop of cardio machines: the kind asked is the
    shop's, the activity word right before it one no product uses (nor a form of one)."""
    words = tokens(text)
    if vocabulary is None:
        return False
    kind = [i for i, w in enumerate(words) if w not in STOPWORDS and forms(w) & vocabulary]
    before = words[kind[-1] - 1] if kind and kind[-1] > 0 else ""
    return before in content and len(before) > 5 and before.endswith("ing") \
        and before.isalpha() and not forms(before) & vocabulary  # an activity: "rowing",
    # "sewing" name another kind; "lightweight", "cheap" only describe the shop's own


def _unknown_head(text: str, content: list[str], vocabulary: set[str] | None) -> bool:
    """The thing asked is a word the catalog never uses, right after one it does: "espresso
    machine", "cycling shoes" name another kind than the shop's espresso or cycling."""
    words, last = tokens(text), content[-1]
    if vocabulary is None or forms(last) & vocabulary or last not in words:
        return False
    at = len(words) - 1 - words[::-1].index(last)
    before = words[at - 1] if at > 0 else ""
    return len(before) > 2 and before not in STOPWORDS and bool(forms(before) & vocabulary)


# A shopper telling their situation ("I have to ...", "we always ...", "my kids ...").
_SITUATION = re.compile(r"\s*(?:i|we|my|our)\b", re.I)
# "Do you sell X?", "is there an X?", "any X?": a thing asked for by its name.
_ASKS_FOR = re.compile(r"\s*(?:do you (?:have|sell|carry|stock)|have you got|is there|are there|"
                       r"any)\b", re.I)


def _names_close_product(text: str, known: list[str], k: ShopKnowledge) -> bool:
    """A need in everyday words around one product word ("fresh espresso every
    morning"): the message reads close to a product whose title has that word."""
    if not known:
        return False
    found = k.index.search(text, k=1, mode="semantic")
    if not found or found[0][1] < NEED_MATCH_MIN:
        return False
    title = set(tokens(found[0][0].title))
    return any(forms(t) & title for t in known)


def not_sold_plan(q: Query, parsed: Parsed, text: str, k: ShopKnowledge,
                  thing: str = "") -> Plan:
    """'This shop doesn't sell <what was asked>', or for a problem told 'nothing would
    help', each with what the shop does sell."""
    if not thing and (brand := other_brand(k, parsed.text, q)):
        kinds = plural(q.product_types[0]) if q.product_types else q.categories[0].lower()
        return Plan("not_found", q.but(intent="out_of_scope"), message=text, total=0,
                    fixed_text=other_brand_text(brand, kinds, kind_pool(k, q)))
    sells = k.vocab.describe()
    if not thing and _TOLD.search(text) and not _QUESTION.search(text):  # "my cat is
        # bored all day": no thing to name ("is there a kayak?" still names one)
        return nothing_helps(q, text, sells)
    asked = thing or untitled_thing(text, k) or _asked_phrase(
        text, [w for w in parsed.content if len(w) <= 20][:3])
    return Plan("not_found", q.but(intent="out_of_scope"), message=text, total=0,
                fixed_text=(f"Sorry, this shop doesn't sell {asked}; it isn't in the catalog. "
                            f"It sells {sells}."))


# A message that tells something rather than names a thing ("my sleeping bag got wet").


_TOLD = re.compile(r"^\s*(?:my|our|it|it's)\b|\b(?:is|are|was|were|gets?|got|"
                   r"keeps?|always|never|can'?t|won'?t|doesn'?t|don'?t)\b", re.I)
_QUESTION = re.compile(r"\?\s*$|^\s*(?:is|are|do|does|can|could|have|has|what|which|where|"
                       r"how|any)\b", re.I)


def _asked_phrase(text: str, content: list[str]) -> str:
    """The shopper's own words for what they asked about: from the first content word to
    the last as the message has them ("coffee makers", "red shoes for running"), not
    the content words listed ("coffee, makers")."""
    if not content:
        return "that"
    words, wanted = tokens(text), set(content)
    at = [i for i, w in enumerate(words) if w in wanted]
    if at and at[-1] + 1 < len(words) and words[at[-1] + 1] not in STOPWORDS:
        at.append(at[-1] + 1)  # "rowing" of "rowing machines": the kind word after it
    if at and at[-1] - at[0] < 6:
        return " ".join(words[at[0]:at[-1] + 1])
    return " ".join(content)


__all__ = ["MIN_KNOWN_SHARE", "NEED_MATCH_MIN", "asks_unknown_kind", "not_sold", "not_sold_plan"]
