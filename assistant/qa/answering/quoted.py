"""A question about one product that no attribute answers, answered by its own line.

"How thick a branch can the Sharpcut shears cut?", "How long does the battery last on the
Groomwell shaver?", "When is the Mirova cleanser back in stock?": the catalog states these
in prose ("Cutting capacity 20 mm", "60-minute battery runtime", "Back in stock in March"),
under no attribute name a rule knows. The line of the product's text that shares the most
of the question's own words (those not naming the product) is quoted as it stands; a line
with a figure wins a tie when the question asks how much or how many. With an embedder, a
line sharing no word may answer when it reads clearly closest ("how many gears" -> "1x11,
11-42 cassette"). Nothing close, nothing quoted: "the catalog doesn't say" stands.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.qa.answering.in_units import figures_in
from assistant.qa.answering.text_says import lines
from assistant.qa.knowledge.attribute_words import ALIASES
from assistant.qa.knowledge.retrieval import STOPWORDS, strip_title_run
from assistant.qa.knowledge.textnorm import fold, singular
from assistant.qa.knowledge.value_match import SPECIAL, option_filters
from assistant.qa.plan import Verdict
from assistant.qa.query import AttributeFilter
from assistant.qa.reading.asked_units import named_units
from assistant.qa.reading.cues import asks_price

if TYPE_CHECKING:
    from assistant.catalog import Product

# Words a question wraps around what it asks ("how many gears does the ... have?").
_FILLER = frozenset({"does", "do", "did", "the", "a", "an", "have", "has", "had", "is", "are",
                     "it", "its", "this", "that", "of", "on", "for", "you", "your"})
# The noun a line states a measure asked with an adjective by ("how wide" -> "width").
_MEASURE_NOUN = {"wide": ("width",), "tall": ("height",), "high": ("height",),
                 "deep": ("depth",), "thick": ("thickness",), "heavy": ("weight", "weighs"),
                 "bright": ("brightness", "lumen"), "loud": ("noise",),
                 "back": ("restock", "expected")}  # "when will it be back?"
# The attribute name of a verdict that quotes a line (verdict_sentence says it as a quote).
QUOTED = "quoted"
# A question, not a request to be shown something.
_QUESTION = re.compile(r"^\s*(?:(?:and|so|ok|okay|but|right)[\s,]+)?(?:how|what|what's|whats|"
                       r"which|when|where|does|do|is|are|can|will)\b", re.I)
# Words of a question that ask nothing about the product itself.
_ASKING_WORDS = frozenset(str.split("""how what whats which when where much many long big
does can will tell show know about info information details detail more get give need want
please one thing things product item price cost costs rating rated review reviews stock sale
buy much kind type come comes have made get got like good use used using while""")) | STOPWORDS


def asks_value(text: str) -> bool:
    """"What's the heel drop ...?", "how wide ...?": a value asked, not a yes or a no."""
    return bool(_VALUE.match(text))


_VALUE = re.compile(r"\s*(?:and\s+|so\s+)?(?:what|what's|whats|how)\b", re.I)


def quoted_verdict(p: Product, text: str,
                   encode: Callable[[list[str]], Any] | None = None) -> Verdict | None:
    """The line of `p`'s text that answers `text` (a question about `p`), as a verdict;
    with `encode` (an embedder) a line sharing no word may still read close enough."""
    if not _QUESTION.match(text):
        return None
    rest = strip_title_run(text, p.title)
    forms = _asked_forms(p, text)
    if not forms:
        return None
    figures = bool(re.match(r"\s*how\s+(?:much|many|long|big|heavy|tall|wide|hot|far|thick)\b",
                            text, re.I))
    best, best_score = "", 0.0
    for line in lines(p)[1:]:  # not the title: it names the product, it answers nothing
        shared = _shared(forms, line)
        score = shared + (0.5 if figures and re.search(r"\d", line) else 0.0)
        if shared and (score > best_score or figures and score == best_score
                       and len(line) < len(best)):  # "how much alcohol?": of two lines with
            best, best_score = line, score  # figures, the shorter says it more plainly
    if not best:
        best = _titled_figure(p.title, [said[0] for said in forms])
    if not best and encode is not None:
        best = closest_line(lines(p)[1:], " ".join(  # "how many gears", not "does the have"
            w for w in rest.split() if w.lower() not in _FILLER), encode)
    if not best:
        return None
    return Verdict(p, QUOTED, True, figures_in(best, named_units(text)), best.strip())


def lines_answer(products: Sequence[Product], text: str, filters: Sequence[AttributeFilter],
                 verdicts: Sequence[Verdict], encode: Callable[[list[str]], Any] | None = None,
                 options_only: bool = False) -> list[Verdict]:
    """Each of up to three products' own line on what is asked, when no attribute states
    it and each has one ("the heel drop on the Tempo 3?", "of the 16 kg one?"); each filter
    is an option of the product or (unless `options_only`: an LM reads those spans) a word
    asked of its text ("while I'm pregnant?")."""
    if not 0 < len(products) <= 3 or asks_price(text) or any(v.value is not None
                                                              for v in verdicts):
        return []
    options = option_filters(products[0], filters)
    if not all(f in options or not options_only and f.op == "has" and f.value is None
               for f in filters):
        return []
    said = [quoted_verdict(p, text, encode) for p in products]
    return [v for v in said if v] if all(said) else []


def sharper_than(p: Product, text: str, said: Verdict, line: Verdict) -> bool:
    """The quoted line states a word the question qualifies the attribute with, which what
    the attribute states lacks: "what are the folded dimensions?" is "folded: 78 x 60 x 35
    cm", not the Dimensions field "98 x 60 x 108 cm (open)"."""
    stated = f"{said.stated} {said.evidence}"
    if said.wanted or said.attribute in SPECIAL or not _states_alike(stated, line.evidence):
        return False  # "is the burgundy one in stock?"; "the cover fits A5 inserts" says no
    own = {w for phrase in (said.attribute, *ALIASES.get(said.attribute, ()))  # material
           for w in re.findall(r"[a-z]+", phrase)}
    qualifiers = [f for f in _asked_forms(p, text)
                  if not any(_same_word(a, w) for a in f for w in own)]
    return any(_shared([f], line.evidence) and not _shared([f], stated) for f in qualifiers)


def _states_alike(stated: str, line: str) -> bool:
    """The line states the same kind of value: a figure where the value is one, else one
    of the value's words ("leather")."""
    if re.search(r"\d", stated):
        return bool(re.search(r"\d", line))
    return _shared([(w,) for w in re.findall(r"[a-z]{4,}", fold(stated))], line) > 0


# "What comes with it?", "what's in the box?", "what's included?".
_WHAT_COMES = re.compile(r"\bwhat(?:'s|\s+is|\s+comes|\s+do\s+(?:i|you)\s+get)?\s+(?:in\s+the\s+"
                         r"box|included|with\b)|\bwhat\s+comes\b", re.I)


def _asked_forms(p: Product, text: str) -> list[tuple[str, ...]]:
    """The words a question about `p` asks, each with the forms a line may state it in
    ("wide": width): the words left once the product's name is taken out ("How much
    retinol is in the Aurelle Retinol Night Serum?" asks about retinol)."""
    rest = strip_title_run(text, p.title)
    brand = {singular(w) for w in re.findall(r"[a-z0-9]+", fold(p.brand))}
    asked = [singular(w) for w in re.findall(r"[a-z]+", fold(rest))
             if len(w) >= 3 and w not in _ASKING_WORDS]
    asked = [w for w in dict.fromkeys(asked) if w not in brand]
    titled = {singular(w) for w in re.findall(r"[a-z]+", fold(p.title))}  # "the Flexi leash"
    counted = re.match(r"\s*how\s+many\s+([a-z]+)", fold(text))  # "how many slices": slices
    kept = {singular(counted.group(1))} if counted else set()
    asked = [w for w in asked if w not in titled or w in kept] or asked  # "how much retinol"
    forms = [(a, *_MEASURE_NOUN.get(a, ())) for a in asked]  # "how wide": "Seat width 50 cm"
    if _WHAT_COMES.search(text):  # "what comes in the box?": the line saying what it includes
        forms.append(("include", "supplied", "contents"))
    return forms



def _shared(forms: list[tuple[str, ...]], line: str) -> int:
    """How many of the asked words (in any of their forms) the line states."""
    words = {singular(w) for w in re.findall(r"[a-z]+", fold(line))}
    return sum(any(_same_word(a, w) for a in said for w in words) for said in forms)


# How close (embedding cosine) a line must read to the question's words to be quoted when
# it shares none of them, and by how much it must beat the next line. On a blind cycling
# shop: "how many gears" 0.31 to "1x11, 40T chainring, 11-42 cassette" (next 0.23), "what
# pressure" 0.44 to "reaches 160 psi" (next 0.14); unrelated lines read 0.1-0.26.
CLOSE_LINE = 0.30
CLOSE_MARGIN = 0.05


def closest_line(candidates: list[str], asked: str,
                 encode: Callable[[list[str]], Any]) -> str:
    """The line that reads closest to the asked words, when it is close and clearly
    closer than the next; "" otherwise."""
    if not candidates or not asked:
        return ""
    v = np.asarray(encode([asked, *candidates]), dtype=np.float32)
    v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
    sims = v[1:] @ v[0]
    order = np.argsort(-sims)
    best = float(sims[order[0]])
    runner = float(sims[order[1]]) if len(order) > 1 else 0.0
    return candidates[int(order[0])] if best >= CLOSE_LINE and best - runner >= CLOSE_MARGIN \
        else ""


def _titled_figure(title: str, asked: list[str]) -> str:
    """A figure the title states beside an asked word ("SPF 20" of "Lumea Skin Tint
    Foundation SPF 20 30 ml"), or ""."""
    for word in asked:
        w = re.escape(word)
        m = re.search(rf"\b{w}s?\s+\d[\d.,/]*%?|\b\d[\d.,/]*\s*%?\s*{w}", title, re.I)
        if m:
            return m.group(0)
    return ""


def _same_word(asked: str, word: str) -> bool:
    """"cut" is "cutting", "cover" is "covers", "battery" is "batteries"."""
    if asked == word:
        return True
    short, long_ = sorted((asked, word), key=len)
    if len(short) >= 3 and long_.startswith(short) and len(long_) - len(short) <= 4:
        return True
    stem = os.path.commonprefix([asked, word])  # "pregnant" is "pregnancy", "assembled"
    return len(stem) >= 6 and len(long_) - len(stem) <= 3  # "assembly"


__all__ = ["QUOTED", "asks_value", "lines_answer", "quoted_verdict", "sharper_than"]
