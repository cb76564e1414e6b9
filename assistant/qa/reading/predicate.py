"""Which words of a question name the product and which ask about it.

"Is the Pendleton wool throw machine washable?": "Pendleton wool throw" names the product
(a brand, a word value, a kind), "machine washable" is asked. "Is the Ruggable Kamran rug
washable?": the title holds "Washable", but the question's last word is what it asks. Pure
functions over the message and what the readers found in it; the catalog's words come in
through `ShopKnowledge`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from assistant.qa.knowledge.retrieval import STOPWORDS
from assistant.qa.query import AttributeFilter
from assistant.qa.reading.word_level import singular
from assistant.qa.reading.words import FILLER, KEYWORDS, YES_NO_START

if TYPE_CHECKING:
    from assistant.qa.knowledge import ShopKnowledge

# A question about what something is ("is the ... washable?", "what sizes does the ...").
ASKING = re.compile(rf"{YES_NO_START}|\s*(?:and\s+)?(?:what|how)\b(?!\s+many\b)")


def predicate_names(asked: tuple[str, ...], filters: tuple[AttributeFilter, ...], reading: Any,
               subject_end: int) -> tuple[str, ...]:
    """In "Is the Pendleton wool throw machine washable?" the question is about care, not
    wool: a word value before the end of the subject ("wool throw") names the product."""
    spans = list(getattr(reading, "filter_spans", ()) or ())
    if len(spans) != len(filters):
        return asked
    before = {f.name for f, sp in zip(filters, spans, strict=True) if sp[1] <= subject_end
              and f.name not in ("on_sale", "availability")}  # "how much do I save on the X"
    after = {f.name for f, sp in zip(filters, spans, strict=True) if sp[1] > subject_end}
    return tuple(a for a in asked if a in after or a not in before)


def predicate_out(text: str, named: list[tuple[int, int]], reading: Any
                   ) -> list[tuple[int, int]]:
    """"Is the Ruggable Kamran rug washable?": the title holds "Washable", but the question's
    last word is what it asks; a name ends before a value read at the end of the message."""
    last = [sp for sp in getattr(reading, "filter_spans", ()) or ()
            if not text[sp[1]:].strip(" ?.!")]
    if not last:
        return named
    a = last[-1][0]
    return [(x, a) if x < a < y or (x < a and y >= last[-1][1]) else (x, y) for x, y in named]


def known_word(k: ShopKnowledge, word: str) -> bool:
    """A word the catalog's titles, categories or features use ("shag")."""
    vocabulary = getattr(k.index, "vocabulary", None) or set()
    return word in vocabulary or singular(word) in vocabulary


# Shop English after a name: "the Mac mini M2 Pro price?" still names it.
SHOP_WORDS = frozenset({*STOPWORDS, *FILLER, *KEYWORDS, "available", "today", "tonight"})


def unknown_next(k: ShopKnowledge, text: str, end: int) -> bool:
    """The word after a name is an English noun no product's text uses ("a compact travel
    umbrella"): the words before it only describe a thing the shop does not sell."""
    if re.match(YES_NO_START, text.lower()) or re.match(r"\s*(?:how|what|which)\b", text, re.I):
        return False  # "is the Sorel boot comfortable?" asks of the boot
    m = re.match(r"\s+([a-z]{4,})\s*(?:[?.!,]|$)", text[end:].lower())  # the last word
    english = getattr(getattr(k, "vocab", None), "known_words", None) or set()
    return m is not None and m.group(1) in english and not known_word(k, m.group(1)) \
        and m.group(1) not in SHOP_WORDS  # "the Mac mini M2 Pro price?" names it


def names_a_kind(k: ShopKnowledge, need: str) -> bool:
    """One word that some titles end with ("... Organic Cotton Pajamas"): what those
    products are, though the vocabulary types them by their category ("kid")."""
    word = need.lower().strip()
    namer = getattr(k.index, "namer", None)
    if " " in word or namer is None:
        return False
    heads: frozenset[str] = getattr(namer(), "head_vocabulary", frozenset())
    return word in heads or singular(word) in heads


__all__ = ["ASKING", "known_word", "names_a_kind", "predicate_names", "predicate_out",
           "unknown_next"]
