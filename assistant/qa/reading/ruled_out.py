"""Words a message rules out that the product's text must not say: "no shag", "without a
hood", "leather-free", "no salicylic acid and no fragrance", "without retinol or vitamin
c" (each of a list), "doesn't come with earplugs", "doesn't clip onto the air vent".

`exclusions` adds (filter, span) pairs to what `value_reading.read_values` found; a word
the catalog never uses (`known`) rules nothing out.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.qa.knowledge.retrieval import STOPWORDS
from assistant.qa.query import AttributeFilter
from assistant.qa.reading.word_level import NOT_NAME
from assistant.qa.reading.words import FILLER, KEYWORDS

Span = tuple[int, int]
# "leather-free", "gluten free": the word before it is ruled out.
FREE = re.compile(r"\b([a-z]{3,})[- ]free\b", re.I)


# "money is no object", "no problem", "no rush": English, not a word the product must not say.
_IDIOM = re.compile(r"\b(?:is|are|'s)\s+no\s+(?:object|issue|problem|concern|matter)$|"
                    r"\bno\s+(?:problem|rush|hurry|worries|idea|clue|preference|budget)$", re.I)


def exclusions(text: str, free: Callable[[int, int], bool],
                found: list[tuple[AttributeFilter, Span]],
                known: Callable[[str], bool] | None) -> None:
    """'no shag', 'without a hood', 'leather-free': words the product's text must not say."""
    if known is None:
        return
    cues = re.compile(r"\b(?:but\s+)?(?:not|no|without|excluding|except|non|nothing\s+in|"
                      r"isn'?t|aren'?t|(?:does|do)(?:n'?t|\s+not)\s+(?:contain|have|"
                      r"include|need|come\s+(?:with|on|in)|[a-z]+\s+(?:onto|into|on|to)))"
                      # "doesn't use propane" is the fuel rule's; "doesn't clip onto the vent"
                      r"(?:[\s-]+(?:any|an?|the|real|made(?:\s+(?:by|from|of|in))?|from|by|"
                      r"brand))*[\s-]+([a-z][a-z'-]+)", re.I)
    for m in [*cues.finditer(text), *FREE.finditer(text)]:
        word = m.group(1).lower()
        a, b = m.span()
        if word in STOPWORDS or word in FILLER or word in KEYWORDS or word in NOT_NAME \
                or not free(a, b) or _IDIOM.search(text[:m.end()]):
            continue
        less = next((f"{w}less" for w in (word, word[:-1] if word.endswith("s") else "")
                     if w and not word.endswith("less") and known(f"{w}less")), None)
        if less:  # "no cord", "no wires": cordless, wireless
            found.append((AttributeFilter(less, "has"), (a, b)))
        elif known(word) and m.re is not FREE:
            found += _ruled_out_words(text, m, known)
        elif known(word):
            found.append((AttributeFilter(word, "lacks"), (a, b)))


# A word that ends what a negation rules out ("no salicylic acid and no fragrance").
_PHRASE_END = frozenset({"and", "or", "nor", "but", "with", "for", "in", "that", "please",
                         "under", "over", "nothing", "no", "not", "without"})


_NEXT_WORD = re.compile(r"(?:\s*(,|\bor\b|\bnor\b))?\s*([a-z][a-z'-]*)", re.I)


def _ruled_out_words(text: str, m: re.Match[str], known: Callable[[str], bool]
                     ) -> list[tuple[AttributeFilter, Span]]:
    """What one negation rules out, each as a filter: the word and up to two known words
    after it ("no salicylic acid"), and a word or phrase after "or" ("without retinol or
    vitamin c": both)."""
    out: list[tuple[AttributeFilter, Span]] = []
    start, end, words = m.start(), m.end(), [m.group(1).lower()]
    while (w := _NEXT_WORD.match(text, end)) is not None:
        joined, word = w.group(1), w.group(2).lower()
        if word in _PHRASE_END or word in STOPWORDS or not known(word) \
                or not joined and len(words) >= 3:
            break
        if joined:  # "or vitamin c": another thing ruled out
            out.append((AttributeFilter(" ".join(words), "lacks"), (start, end)))
            start, words = w.start(2), [word]
        else:
            words.append(word)
        end = w.end()
    out.append((AttributeFilter(" ".join(words), "lacks"), (start, end)))
    return out


__all__ = ["FREE", "exclusions"]
