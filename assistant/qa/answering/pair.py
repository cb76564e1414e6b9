"""The two products a comparison names, each in its own words: "the difference between the
Hydro Flask bottle and the Nalgene bottle", "Ironclad U-lock or Foldaway lock, which is more
secure?". A part names a product by its title, or by its brand with words of its title
("the Nalgene bottle": the one Nalgene whose title says bottle)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.qa.knowledge.textnorm import fold, singular

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.knowledge import ShopKnowledge

# "The difference between A and B", "compare A with B": the pair follows the cue.
_CUE = re.compile(r"\b(?:differences?\s+between|compare|comparing)\s+", re.I)
# "A or B, which ...?", "A vs B": the pair is the clause that holds the "or" / "vs".
_PAIRED = re.compile(r"\s+(?:or|vs\.?|versus)\s+", re.I)
_SPLIT = re.compile(r"\s+(?:and|or|vs\.?|versus|with|to)\s+", re.I)
_CLAUSES = re.compile(r"\s*(?:[?:;]|\s[-–—]\s|,\s*(?=which|what|how|is|are|does)|\bwhich\b)\s*",
                      re.I)
_RULED_OUT = re.compile(r"\b(?:not|no|except|without|other than|besides|neither|nor)\b|n't\b",
                        re.I)
# Title-named matches at least this good (0-100) name a part's product.
NAMED_MIN = 80.0


def named_pair(text: str, k: ShopKnowledge) -> list[Product]:
    """The two products a comparing message names, in order; [] when it names fewer or
    more, or a part fits several products equally."""
    if _RULED_OUT.search(text):  # "blenders that aren't Ninja or Vitamix": neither
        return []
    cue = _CUE.search(text)
    if cue is not None:
        clause = _CLAUSES.split(text[cue.end():])[0]
    else:
        clause = next((c for c in _CLAUSES.split(text) if _PAIRED.search(c)), "")
    parts = [p for p in _SPLIT.split(clause, maxsplit=1) if p.strip()]
    if len(parts) != 2:
        return []
    found = [_one(part, k) for part in parts]
    if found[0] is None or found[1] is None or found[0] is found[1]:
        return []
    return [found[0], found[1]]


def _one(part: str, k: ShopKnowledge) -> Product | None:
    named = k.index.find_named(part)
    if named and named[0].score >= NAMED_MIN and (len(named) == 1 or
                                                  named[1].score < named[0].score):
        return named[0].product
    words = {singular(w) for w in re.findall(r"[a-z0-9]+", fold(part))}
    brands = [b for b in {p.brand for p in k.catalog.products if p.brand}
              if set(re.findall(r"[a-z0-9]+", fold(b))) <= words]
    if not brands:
        return None
    mine = [p for p in k.catalog.products if p.brand in brands]
    scored = sorted(((len(words & {singular(w) for w in re.findall(r"[a-z0-9]+", fold(p.title))}),
                      p) for p in mine), key=lambda x: -x[0])
    if not scored or len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None if len(mine) > 1 else mine[0]
    return scored[0][1]


__all__ = ["named_pair"]
