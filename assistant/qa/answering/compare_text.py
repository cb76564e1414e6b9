"""The reply to two to four named products compared: the verdict first, then each one.

    "Baymaster 3000 vs the Fjord 3000, which is cheaper?" ->
    "The cheaper one is the Tidewater Baymaster Spinning Reel at $84.99, $64.01 less than
     the Nordhavn Fjord FD Spinning Reel." and a line for each.

A price compared is the price of the option the question picked of each ("the 3000"),
where it picks one; a figure compared is said as the catalog writes it (`pair_words`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from assistant.qa.answering.counted import counted_pair
from assistant.qa.answering.facts import clean_text, money, short_name, the
from assistant.qa.answering.options import asked_price
from assistant.qa.answering.pair_words import pair_verdict
from assistant.qa.answering.replies import compare_word, verdict_sentence
from assistant.qa.answering.text_says import lines

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.knowledge import ShopKnowledge
    from assistant.qa.plan import Plan
    from assistant.qa.query import Query


class Phrasing(Protocol):
    """What a comparison needs of `phrasing.Phrasing`: its product lines and stated values."""

    k: ShopKnowledge

    def option(self, p: Product, plan: Plan) -> str: ...

    def named(self, p: Product, plan: Plan) -> str: ...

    def why(self, p: Product, plan: Plan) -> str: ...

    def stated(self, q: Query, p: Product) -> str: ...


def compare_reply(phrasing: Phrasing, plan: Plan) -> str:
    q = plan.query
    shown = plan.answer_products[:4]
    cost = {p.id: asked_price(p, q) for p in shown}  # of the options asked ("the 50ml")
    if q.sort is not None and q.sort.key == "price":  # which may reorder them
        shown = sorted(shown, key=lambda p: cost[p.id], reverse=q.sort.descending)
    listed = "\n".join(phrasing.option(p, plan) if q.sort is not None
                       else side_by_side(phrasing, p, plan) for p in shown)
    counted = counted_pair(shown, plan.message) if q.sort is None else ""
    head = counted or "Here they are together:"  # "which has more pages?": said in its text
    if q.sort is not None and len(shown) >= 2:
        first, price = shown[0], money(cost[shown[0].id])
        word, name = compare_word(q.sort), the(short_name(first))
        gap = abs(cost[shown[1].id] - cost[first.id]) if q.sort.key == "price" else 0.0
        than = (f", {money(gap)} {'more' if q.sort.descending else 'less'} than "
                f"{the(short_name(shown[1]))}") if gap and len(shown) == 2 else ""
        stated = phrasing.stated(q, first)  # "the lighter one is X (weight: 2.6 kg) ...;
        if stated and len(shown) == 2 and (other := phrasing.stated(q, shown[1])):  # Y (...)"
            than = f"; {the(short_name(shown[1]))}{other} at {money(cost[shown[1].id])}"
        head = f"The {word} one is {name}{stated} at {price}{than}."
        if len(shown) == 2 and (pair := pair_verdict(q.sort, *(  # "2.4 kg less than"
                (the(short_name(p)), money(cost[p.id]),
                 phrasing.k.attributes.value(p, q.sort.key)) for p in shown))):
            head = pair
    ranked = q.sort.key if q.sort is not None and len(shown) >= 2 else None
    picked = {f.name for f in q.filters}  # "the 50 ml": each line says it is sold so
    extra = "" if counted else " ".join(  # the head said it
        verdict_sentence(v) for v in plan.verdicts
        if v.attribute != ranked and not (v.value is True and v.attribute in picked))
    return (f"{head}\n{listed}" + (f"\n{extra}" if extra else "")).strip()


def side_by_side(phrasing: Phrasing, p: Product, plan: Plan) -> str:
    """"What's the difference between X and Y?": each with its first three lines (features,
    else sentences of its description; never one addressed to an assistant)."""
    said = "; ".join(clean_text(f, 70).rstrip(".") for f in lines(p)[1:4])
    return f"- {phrasing.named(p, plan)}: {said or phrasing.why(p, plan)}."


__all__ = ["compare_reply", "side_by_side"]
