"""A question about one product that no attribute answers, answered by its own line.

"How thick a branch can the Sharpcut shears cut?", "How long does the battery last on the
Groomwell shaver?", "When is the Mirova cleanser back in stock?": the catalog states these
in prose ("Cutting capacity 20 mm", "60-minute battery runtime", "Back in stock in March"),
under no attribute name a rule knows. The line of the product's text that shares the most
of the question's own words (those not naming the product) is quoted as it stands; a line
with a figure wins a tie when the question asks how much or how many. Nothing shared,
nothing quoted: "the catalog doesn't say" stands.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.qa.answering.text_says import lines
from assistant.qa.knowledge.retrieval import STOPWORDS, strip_title_run
from assistant.qa.knowledge.textnorm import fold, singular
from assistant.qa.plan import Verdict

if TYPE_CHECKING:
    from assistant.catalog import Product

# The attribute name of a verdict that quotes a line (verdict_sentence says it as a quote).
QUOTED = "quoted"
# A question, not a request to be shown something.
_QUESTION = re.compile(r"^\s*(?:and\s+|so\s+)?(?:how|what|what's|whats|which|when|where|does|do|"
                       r"is|are|can|will)\b", re.I)
# Words of a question that ask nothing about the product itself.
_ASKING_WORDS = frozenset(str.split("""how what whats which when where much many long big
does can will tell show know about info information details detail more get give need want
please one thing things product item price cost costs rating rated review reviews stock sale
buy much kind type come comes have made get got like good""")) | STOPWORDS


def quoted_verdict(p: Product, text: str) -> Verdict | None:
    """The line of `p`'s text that answers `text` (a question about `p`), as a verdict."""
    if not _QUESTION.match(text):
        return None
    # the words left once the product's name is taken out ("How much retinol is in the
    # Aurelle Retinol Night Serum?" asks about retinol)
    rest = strip_title_run(text, p.title)
    brand = {singular(w) for w in re.findall(r"[a-z0-9]+", fold(p.brand))}
    asked = [singular(w) for w in re.findall(r"[a-z]+", fold(rest))
             if len(w) >= 3 and w not in _ASKING_WORDS]
    asked = [w for w in dict.fromkeys(asked) if w not in brand]
    if not asked:
        return None
    figures = bool(re.match(r"\s*how\s+(?:much|many|long|big|heavy|tall|wide|hot|far|thick)\b",
                            text, re.I))
    best, best_score = "", 0.0
    for line in lines(p)[1:]:  # not the title: it names the product, it answers nothing
        words = {singular(w) for w in re.findall(r"[a-z]+", fold(line))}
        shared = sum(any(_same_word(a, w) for w in words) for a in asked)
        score = shared + (0.5 if figures and re.search(r"\d", line) else 0.0)
        if shared and score > best_score:
            best, best_score = line, score
    if not best:
        best = _titled_figure(p.title, asked)
    if not best:
        return None
    return Verdict(p, QUOTED, True, "", best.strip())


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
    return len(short) >= 3 and long_.startswith(short) and len(long_) - len(short) <= 4


__all__ = ["QUOTED", "quoted_verdict"]
