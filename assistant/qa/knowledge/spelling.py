"""Spelling correction against a catalog's own words (and the caller's keywords).

A word is only corrected when it is no English word (the embedding model's
vocabulary), no catalog word and no inflection of one ("boil"/"boils"), and a
catalog word or keyword lies one edit away (two for long words spelled close).
A message mostly of unknown words (another language) is left as typed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from assistant.qa.knowledge.textnorm import COMMON, fold, singular, word_spans

# Unknown words of one message looked up for a spelling fix (the rest are left as typed).
MAX_CORRECTIONS_TRIED = 40


class Speller:
    """Corrects typos against `word_freq` (the catalog's words) and `known_words`."""

    def __init__(self, word_freq: Counter[str], known_words: frozenset[str]) -> None:
        self._word_freq = word_freq
        self.known_words = known_words

    def correct(self, text: str, keep: Iterable[str] = ()) -> tuple[str, list[str]]:
        """Spelling fixed against the catalog's words and `keep`: (text, notes)."""
        keep_words = {fold(k) for k in keep}
        candidates = set(self._word_freq) | keep_words | COMMON
        pieces: list[str] = []
        notes: list[str] = []
        last = 0
        tried = 0
        words = [w for w, _, _ in word_spans(text) if len(w) >= 3 and w.isalpha()]
        unknown = [w for w in words if not self._known(w, candidates)]
        if len(unknown) >= 3 and len(unknown) >= 0.6 * len(words):
            return text, []  # another language, or not words at all: left as typed
        for w, start, end in word_spans(text):
            if len(w) < 4 or not w.isalpha() or self._known(w, candidates):
                continue
            tried += 1
            if tried > MAX_CORRECTIONS_TRIED:  # a 10,000-character paste is not a typo
                break
            fix = self._closest(w, candidates, keep_words)
            if fix is None:
                continue
            pieces.append(text[last:start])
            pieces.append(fix)
            last = end
            notes.append(f"read '{text[start:end]}' as '{fix}'")
        pieces.append(text[last:])
        return "".join(pieces), notes

    def _known(self, word: str, candidates: set[str]) -> bool:
        one = singular(word)
        return (word in candidates or one in candidates or word in self.known_words
                or one in self.known_words)

    def _closest(self, word: str, candidates: set[str], keep_words: set[str]) -> str | None:
        limit = 1 if len(word) < 6 else 2
        best: tuple[int, int, int, str] | None = None
        for cand in candidates:
            if abs(len(cand) - len(word)) > limit or cand[0] != word[0] and len(word) < 6:
                continue
            d = Levenshtein.distance(word, cand, score_cutoff=limit)
            if d > limit or _inflection(word, cand) or d == 2 and fuzz.ratio(word, cand) < 85:
                continue  # two edits only for a close spelling ("propain", not "espresso")
            weight = self._word_freq.get(cand, 0) + (1000 if cand in keep_words else 0)
            key = (d, -round(fuzz.ratio(word, cand)), -weight, cand)
            if best is None or key < best:
                best = key
        return best[3] if best else None


_SUFFIXES = frozenset({"", "s", "es", "ed", "d", "ing", "er", "est", "ier", "iest", "y", "ey",
                       "ly", "ies"})


def _inflection(word: str, cand: str) -> bool:
    """'priced'/'pricier', 'boil'/'boils', 'lighter'/'lightest': one stem, not a typo."""
    k = 0
    while k < min(len(word), len(cand)) and word[k] == cand[k]:
        k += 1
    a, b = word[k:], cand[k:]
    return k >= 4 and a in _SUFFIXES and b in _SUFFIXES and (len(a) > 1 or len(b) > 1
                                                               or a == b)


@cache
def english_words() -> frozenset[str]:
    """Whole English words of the embedding model's vocabulary (empty when not installed)."""
    try:
        from models.embedder import model_path

        lines = (model_path() / "vocab.txt").read_text(encoding="utf-8").split()
    except Exception:  # no model package: correct against the catalog alone
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and w.isascii() and len(w) > 2)


__all__ = ["MAX_CORRECTIONS_TRIED", "Speller", "english_words"]
