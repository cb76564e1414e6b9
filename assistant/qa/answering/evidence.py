"""What the catalog states for one product and attribute, in its own words, for a verdict.

`stated_for(knowledge, product, name, wanted)` gives (stated, evidence): `stated` the
values as data to show ("Black, Pine Green, Pink"; "137 cm wide"; "0 in stock"),
`evidence` the verbatim text that states them ("Available in black, pine green and
pink."; "Vacuum only, do not wash."), "" where only a column or an option says it.
Nothing here decides yes or no (`execute.Executor.verdicts` does).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assistant.catalog.types import canonical_name
from assistant.qa.answering.options import options_phrase
from assistant.qa.knowledge.spec_text import _UNIT_RE, extract
from assistant.qa.knowledge.stated import AVAILABILITY, ON_SALE, sale_fact, sentence_of, stock_fact
from assistant.qa.knowledge.value_match import care_verdict

if TYPE_CHECKING:
    from assistant.catalog import Product, Variant
    from assistant.qa.knowledge import ShopKnowledge

# Longest evidence quoted for one verdict.
MAX_EVIDENCE = 160
# Longest evidence said whole as an attribute's value; from a longer one, the clause of the
# figure is said ("at just 6.8 kg", not the whole sentence around it).
MAX_STATED = 60
MAX_CLAUSE = 55
_CLAUSE = re.compile(r"[,;:]\s|\s[-\u2013\u2014]\s|\.\s|\s(?:with|and|but)\s")
_WHO = {"female": "women", "male": "men", "unisex": "everyone (unisex)", "kids": "kids",
        "adult": "adults"}


def stated_text(a: object, title: str = "") -> str:
    """What the catalog states, in its own words where short ("Weighs 2.6 oz (73 g)"); from
    a long line, the clause its figure is in ("from 11 to 50 cm above your desk"), or the
    figure as written ("6.8 kg"); a figure read from the product's title is said as the
    figure ("12 V"), not the title."""
    if a is None:
        return ""
    evidence = str(getattr(a, "evidence", "") or "")
    value = getattr(a, "value", None)
    if evidence and len(evidence) <= MAX_STATED and evidence.strip() != title.strip():
        return evidence
    if evidence and isinstance(value, float):
        for m in _UNIT_RE.finditer(evidence):
            if any(b.value == value for b in extract(m.group(0))):
                if evidence.strip() == title.strip():  # "Marinara Sauce - 24 oz": "24 oz"
                    return m.group(0).strip()
                return _clause_of(evidence, m.start(), m.end()) or m.group(0).strip()
    unit, text = getattr(a, "unit", None), getattr(a, "text", None)
    if value is not None:
        number = f"{value:.3g}" if isinstance(value, float) else str(value)
        return f"{number} {unit}".strip() if unit else number
    return str(text or "")


def _clause_of(text: str, start: int, end: int) -> str:
    """The clause of `text` holding text[start:end], when short enough to say."""
    cuts = [0, *(m.end() for m in _CLAUSE.finditer(text, 0, start))]
    after = _CLAUSE.search(text, end)
    clause = text[cuts[-1]: after.start() if after else len(text)].strip(" .")
    return clause if len(clause) <= MAX_CLAUSE else ""


def money(amount: float) -> str:
    return f"${amount:,.2f}"


def stated_for(k: ShopKnowledge, p: Product, name: str, wanted: str = "") -> tuple[str, str]:
    """(stated values, verbatim evidence) for `name` of `p` ("", "") when not stated."""
    if name == AVAILABILITY:
        return stock_state(p)
    if name == ON_SALE:
        return sale_state(p)
    attrs = k.attributes.values(p, name)
    if not attrs:
        return "", ""
    if name == "care":
        texts = [str(a.text) for a in attrs if a.text]
        _, deciding = care_verdict(texts, wanted or "washable")
        chosen = [a for a in attrs if (a.text or "").lower() in deciding] or attrs
        return ", ".join(str(a.text) for a in chosen), _quote(p, chosen)
    if name in ("gender", "age_group"):
        words = [_WHO.get(str(a.text).lower(), str(a.text)) for a in attrs if a.text]
        return " and ".join(dict.fromkeys(words)), _quote(p, attrs)
    worded = [a for a in attrs if a.text]
    if worded:
        values = list(dict.fromkeys(_shown(str(a.text)) for a in worded))
        return ", ".join(values), _quote(p, worded)
    a = attrs[0]
    evidence = str(a.evidence or "")
    if evidence and len(evidence) <= 60:
        return evidence, _quote(p, [a])
    number = f"{a.value:.3g}" if isinstance(a.value, float) else str(a.value)
    return (f"{number} {a.unit or ''}".strip(), _quote(p, [a]))


def _shown(text: str) -> str:
    """A stated value as shown: a shop's capitals kept, a lower-case word capitalised."""
    return text if any(c.isupper() for c in text) else text.capitalize()


def _quote(p: Product, attrs: Sequence[Any]) -> str:
    """The sentences of the product's text that state the attributes (prose ones only)."""
    sentences: list[str] = []
    for a in attrs:
        if getattr(a, "source", "") not in ("", "text"):
            continue
        s = sentence_of(p, str(a.evidence or ""))
        if s and s not in sentences:
            sentences.append(s)
    text = " ".join(sentences)
    return text if len(text) <= MAX_EVIDENCE else text[: MAX_EVIDENCE - 1].rsplit(" ", 1)[0] + "…"


def stock_state(p: Product) -> tuple[str, str]:
    """('out of stock', 'Currently out of stock, back in about 3 weeks.'), ('24 in stock', '')."""
    fact = stock_fact(p)
    if not fact.known:
        return "", ""
    state = fact.availability.replace("_", " ")
    if fact.availability == "in_stock" and fact.count:
        state = f"{fact.count:,} in stock"
    elif fact.availability == "backorder":
        state = "on backorder (can be ordered, not in stock now)"
    elif fact.availability == "preorder":
        state = "available to pre-order"
    if fact.out_options:
        kept = _in_stock_values(p, fact.out_options)
        state += (f": {kept}" if kept and fact.availability == "in_stock" else "") \
            + f"; {', '.join(fact.out_options)} out of stock"
    return state, fact.evidence


def _in_stock_values(p: Product, out: tuple[str, ...]) -> str:
    """The values of the one option some of whose values are out of stock that are not
    ("Ultramarine, Burnt Sienna and Quinacridone Rose"), or ""."""
    options = [vs for vs in p.options().values() if set(vs) & set(out)]
    if len(options) != 1:
        return ""
    kept = [v for v in options[0] if v not in out]
    return ", ".join(kept[:-1]) + f" and {kept[-1]}" if len(kept) > 1 else "".join(kept)


def off_today(p: Product) -> str:
    """"$30.00 off today", or "$30.00 off the US 12 today" where only some options are
    reduced (a list line must not read as the whole product on sale)."""
    reduced = [v for v in p.variants if v.list_price > v.price]
    if 0 < len(reduced) < len(p.variants):
        only = " or ".join(dict.fromkeys(" ".join(
            f"size {x}" if canonical_name(n) == "size" and not x[0].isalpha() else x
            for n, x in v.options) for v in reduced))
        return f"{money(p.discount)} off the {only} today"
    return f"{money(p.discount)} off today"


def sale_state(p: Product) -> tuple[str, str]:
    """('$20.00 off the list price of $160.00', promotion text) or ('no discount', '')."""
    fact = sale_fact(p)
    reduced = [v for v in p.variants if v.list_price > v.price]
    if fact.discount > 0 and 0 < len(reduced) < len(p.variants):  # "the Red one only"
        only = " or ".join(dict.fromkeys(" ".join(x for _, x in v.options) for v in reduced))
        return (f"{money(fact.discount)} off the list price of {money(fact.list_price)}, for "
                f"the {only} only; the others are at their list price", fact.promotion)
    if fact.discount > 0:
        return (f"{money(fact.discount)} off the list price of {money(fact.list_price)}",
                fact.promotion)
    if fact.variants:  # only some options are reduced: each said with its own prices
        said = "; ".join(f"the {o} is {money(price)}, down from {money(listed)}"
                         for o, price, listed in fact.variants[:3])
        rest = "; the others are at their list price" if fact.full_price else ""
        return said + rest, fact.promotion
    if fact.promotion:
        return "on promotion", fact.promotion
    return f"no discount listed; {money(fact.price)} is its list price", ""


def sale_words(p: Product) -> str:
    """'was $299.00' or 'the 200 ml is $22.00, down from $28.00...'; '' when not on sale."""
    fact = sale_fact(p)
    if fact.discount > 0:
        return f"was {money(fact.list_price)}"
    return sale_state(p)[0] if fact.variants else ""


def sale_options(p: Product, chosen: list[Variant] | None) -> tuple[list[Variant] | None, str]:
    """The variants to price when sales are asked for, and how their options read: only the
    reduced ones where some are ("$24.00 (was $28.00; size 500 g ...)"), else all."""
    reduced = [v for v in (chosen or p.variants) if v.list_price > v.price]
    if reduced and len(reduced) < len(p.variants):  # "any coffee deals?": the 500 g is
        was = min(reduced, key=lambda v: v.price).list_price
        return reduced, "; ".join(x for x in (f"was {money(was)}", options_phrase(p, reduced))
                                  if x)
    return chosen, "; ".join(x for x in (sale_words(p), options_phrase(p, chosen)) if x)


__all__ = ["MAX_EVIDENCE", "off_today", "sale_options", "sale_state", "sale_words", "stated_for",
           "stated_text", "stock_state"]
