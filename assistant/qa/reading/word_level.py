"""Word-level reading for the rules parser: spans, spelling, English words, names, features.

Pure functions over the message text (no catalog state): which characters a
recognised part took, whether a word is English (so it is never "corrected"
into a catalog word), whether a span names a product's title, and what
feature a yes/no question asks about.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from assistant.qa.knowledge.retrieval import STOPWORDS
from assistant.qa.reading.words import FILLER


def uniq(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def overlap(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# Words around a yes/no question's feature ("does it have", "is it", "come with").
QUESTION_WORDS = frozenset(str.split("""does do is are has have can will would did was could it its
they them this that the a an come comes with support supports include includes got offer feature
features any there work works be built in one model product also still really"""))


def singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def superlative_form(text: str) -> str:
    """'lighter' -> 'lightest', 'heavier' -> 'heaviest' (same length kept where possible)."""
    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        if word.lower() in ("other", "never", "over", "under", "after", "newer", "cheaper"):
            return word
        return word[:-3] + "iest" if word.endswith("ier") else word[:-2] + "est"
    text = re.sub(r"\bmore (?=[a-z]{4,})", "most ", text)  # "more powerful" -> "most powerful"
    return re.sub(r"\b[A-Za-z]{3,}er\b", swap, text)


_SIZE_WORDS = ((re.compile(r"\b(?:small|compact|tiny)\b", re.I), "smallest"),
               (re.compile(r"\b(?:big|large|huge)\b", re.I), "largest"),
               (re.compile(r"\b(?:lightweight|ultralight)\b", re.I), "lightest"))


def size_superlative_form(text: str) -> str:
    """'a small TV' -> 'a smallest TV': a size word asks for that end of the range."""
    for pattern, superlative in _SIZE_WORDS:
        text = pattern.sub(superlative, text)
    return text


# Verbs a yes/no question wraps a feature in ("run it tubeless", "work with touchscreens").
_DOING = frozenset({"run", "use", "work", "fit", "go", "put", "wear", "ride", "get", "take"})


def feature_words(rest: str, generic: set[str]) -> str:
    """The feature a yes/no question asks about, e.g. 'wi-fi', 'oled' ('' if none)."""
    words = [w for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9-]*", rest.lower())
             if w not in QUESTION_WORDS and w not in STOPWORDS]
    if len(words) > 1:
        words = [w for w in words if w not in generic] or words
    if len(words) > 1:  # "can I run it tubeless?", "does it work with touchscreens?"
        words = [w for w in words if w not in _DOING] or words
    return " ".join(words[:3]) if 0 < len(words) <= 3 else ""


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(max(0, a), min(len(chars), b)):
            chars[i] = " "
    return "".join(chars)


# How often (in the English word list's counts) a word must occur to count as a real word.
ENGLISH_MIN_COUNT = 50


@lru_cache(maxsize=1)
def _english() -> Any:
    try:
        from spellchecker import SpellChecker
    except ImportError:  # no word list: trust the catalog speller's edit-distance rule
        return None
    return SpellChecker(language="en", distance=1).word_frequency


def is_english_word(word: str) -> bool:
    """A real English word ("hoses", "hiking"), not a typo ("laptp", "chepest")."""
    freq = _english()
    return freq is not None and freq[word.lower()] >= ENGLISH_MIN_COUNT


def edits(a: str, b: str) -> int:
    """Levenshtein distance (small words; no dependency)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


VERB = re.compile(r"\s(?:have|has|had|use|uses|support|supports|come|comes|include|includes|"
                   r"contain|contains|is|are|cost|costs|weigh|weighs|work|works|got)\b", re.I)


def cut_at_verb(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """'the LG gram 17 have a touchscreen' -> 'the LG gram 17': a name ends before its verb."""
    m = VERB.search(text, span[0], span[1])
    return (span[0], m.start()) if m and m.start() > span[0] else span


def title_coverage(name: str, product: Any) -> float:
    """Share of the title's words that the name contains."""
    title = re.findall(r"[a-z0-9]+", product.title.lower())
    have = set(re.findall(r"[a-z0-9]+", name.lower()))
    return sum(t in have for t in title) / len(title) if title else 0.0


def holding_every_word(name: str, matches: list[Any]) -> list[Any]:
    """Of the products tied for a name (matches with a `.product`), those whose titles hold
    each of its words that some but not all of them hold: "the Aeroglide Bolt" is the
    Aeroglide Bolt Compact Stroller, not also the Aeroglide Cocoon car seat."""
    for word in re.findall(r"[a-z0-9]+", name.lower()):
        if word in STOPWORDS or word in FILLER:
            continue
        have = [m for m in matches
                if word in re.findall(r"[a-z0-9]+", m.product.title.lower())]
        if have and len(have) < len(matches):
            matches = have
    return matches


def title_fits(name: str, product: Any) -> bool:
    """Most of the name's words are in the title (a typo of one letter allowed in long words)."""
    title = set(re.findall(r"[a-z0-9]+", product.title.lower().replace("-", "")))
    title |= set(re.findall(r"[a-z0-9]+", product.title.lower()))
    words = [w for w in re.findall(r"[a-z0-9]+", name.lower())
             if w not in STOPWORDS and w not in FILLER]
    if not words:
        return False
    hits = sum(1 for w in words if w in title or (len(w) >= 5 and any(
        abs(len(w) - len(t)) <= 1 and edits(w, t) <= 1 for t in title)))
    return hits >= 0.6 * len(words)


NOT_NAME = frozenset(str.split("""not no except excluding without but made by from aren't isn't
arent isnt never other than besides brand brands"""))


def content_outside(text: str, span: tuple[int, int], covered: list[tuple[int, int]]) -> bool:
    """Whether the span has a word that is not a category/brand/price/attribute word."""
    for m in re.finditer(r"[A-Za-z0-9]+", text[span[0]: span[1]]):
        a, b = span[0] + m.start(), span[0] + m.end()
        word = m.group(0).lower()
        if word in STOPWORDS or word in FILLER or word in NOT_NAME:
            continue
        if not any(x <= a and b <= y for x, y in covered):
            return True
    return False


def need_words(text: str, spans: list[tuple[int, int]]) -> str:
    """The words of a need ("something to boil water while hiking"), for retrieval.

    Empty when nothing but asking words is left ("do you have any?").
    """
    rest = residual(text, spans)
    words = re.findall(r"[A-Za-z][A-Za-z'-]+", rest)
    content = [w for w in words if w.lower() not in STOPWORDS and w.lower() not in FILLER]
    return " ".join(content)


def residual(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(max(0, a), min(len(chars), b)):
            chars[i] = " "
    rest = "".join(chars)
    rest = re.sub(r"\$\s?\d[\d,.]*\s*k?\b|\b\d[\d,.]*\s*(?:k\b|dollars|bucks)", " ", rest)
    return " ".join(rest.split())


__all__ = [
    "ENGLISH_MIN_COUNT",
    "NOT_NAME",
    "QUESTION_WORDS",
    "VERB",
    "blank",
    "holding_every_word",
    "content_outside",
    "cut_at_verb",
    "edits",
    "feature_words",
    "is_english_word",
    "need_words",
    "overlap",
    "residual",
    "singular",
    "size_superlative_form", "superlative_form",
    "title_coverage",
    "title_fits",
    "uniq",
]
