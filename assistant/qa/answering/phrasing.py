"""Replies a person would write, from a `Plan`: a few sentence plans, every fact from code.

    text = Phrasing(knowledge).reply(plan)   # None: not a listing (replies.py answers it)

A salesperson names two or three options, says in one line why each fits what was asked,
says what they assumed ("I kept to $849.99 or less, the lower 40% of our 130 laptops"), and
asks at most one question. No result-page templates ("130 matches (laptop)", "(tv, under
$300.00)"): kinds in plain words, counts as "our 93 TVs". The words around the facts come
from the small set of plans below; names, prices, ratings and catalog lines come from the
rows (`facts.py`), so the grounding check holds as before. With the LM on, the LM may
rewrite only the opening sentence, under that check (engine.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.qa.answering.compare_text import compare_reply
from assistant.qa.answering.evidence import off_today, sale_options
from assistant.qa.answering.facts import (
    cap,
    clean_text,
    limit_words,
    money,
    rating_phrase,
    short_name,
    the,
)
from assistant.qa.answering.gifts import open_gift
from assistant.qa.answering.in_units import in_asked_units
from assistant.qa.answering.options import (
    asked_price,
    options_phrase,
    price_of,
    stock_words,
    within_price,
)
from assistant.qa.answering.plurals import plural as plural
from assistant.qa.answering.replies import attr_words, sort_phrase
from assistant.qa.answering.said_back import as_for, said_back
from assistant.qa.knowledge.stated import ON_SALE
from assistant.qa.knowledge.textnorm import fold
from assistant.qa.knowledge.value_match import matching_variants

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.answering.kinds import NeedFinder
    from assistant.qa.knowledge import ShopKnowledge
    from assistant.qa.need import Band
    from assistant.qa.plan import Plan
    from assistant.qa.query import Query

_COUNT = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
_SHARE = {(0.0, 1 / 3): "the cheaper third", (0.0, 0.4): "the lower 40%",
          (0.3, 0.7): "the middle of the range", (0.6, 1.0): "the top 40%"}
_LISTINGS = ("search", "superlative", "count", "more", "compare", "not_found")


def _gone(p: Product) -> str:
    """' (out of stock)' after a product named as the answer that cannot be bought now."""
    return " (out of stock)" if stock_words(p) == "out of stock" else ""


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _mid_sentence(label: str) -> str:
    """A button label inside a sentence: "Desktop Computers & PCs" -> "desktop computers &
    PCs", "Over $125.00" -> "over $125.00" (a word's capital kept where more follow: "TVs")."""
    return " ".join(w[:1].lower() + w[1:] if w[1:] == w[1:].lower() else w
                    for w in label.split(" "))


def band_words(band: Band) -> str:
    """"$849.99 or less" / "$1,499.99 or more" / "between $199.99 and $399.99": a band's
    edges are prices the shop charges, and the products at them are in it."""
    if band.low is not None and band.high is not None:
        return f"between {money(band.low)} and {money(band.high)}"
    if band.high is not None:
        return f"{money(band.high)} or less"
    if band.low is not None:
        return f"{money(band.low)} or more"
    return "at any price"


def band_sentence(band: Band, kinds: str) -> str:
    """What was assumed from a budget in words, and how to change it."""
    if band.level == "around" and band.amount is not None:
        return (f"I took \"around {money(band.amount)}\" as {band_words(band)}; "
                "tell me if you meant otherwise.")
    share = _SHARE.get(band.share or (0.0, 0.0), "a part")
    return (f"I kept to {band_words(band)}, {share} of our {band.of} {kinds}: "
            "tell me your budget to change it.")


class Phrasing:
    """Writes listing replies for one catalog (`finder` picks each option's line)."""

    def __init__(self, knowledge: ShopKnowledge, finder: NeedFinder | None = None) -> None:
        self.k = knowledge
        self.finder = finder

    # -- the entry point -----------------------------------------------------------------
    def reply(self, plan: Plan) -> str | None:
        """The reply for a listing plan; None for the other kinds (replies.py writes them)."""
        if plan.fixed_text or plan.kind not in _LISTINGS:
            return None
        if plan.kind == "compare" and not plan.answer_products:
            return None
        body = getattr(self, f"_{plan.kind}")(plan)
        if body is None:
            return None
        parts = [body, *(n for n in plan.notes if n.startswith("The catalog doesn't say"))]
        if plan.band is not None and plan.kind in ("search", "superlative", "count") \
                and plan.query.scope != "previous" and plan.answer_products:
            parts.append(band_sentence(plan.band, self.kinds(plan)))
        if plan.question is not None:
            parts.append(self.question_text(plan))
        # after a list of options, what was assumed and the question are paragraphs of their own
        joint = "\n\n" if "\n- " in body else " "
        return joint.join(p for p in parts if p).strip()

    def question_text(self, plan: Plan) -> str:
        q = plan.question
        assert q is not None
        labels = [c.label for c in q.choices]
        if len(labels) > 1:  # the prompt as the question, the choices after it
            rest = [_mid_sentence(label) for label in labels[1:]]
            return f"{q.prompt} {', '.join([labels[0], *rest[:-1]])} or {rest[-1]}."
        return q.prompt

    # -- words for what was asked --------------------------------------------------------
    def kinds(self, plan: Plan) -> str:
        """The kind in plain words, plural ("laptops", "TVs", "sleeping bags")."""
        return plural(self.kind(plan))

    def kind(self, plan: Plan) -> str:
        q = plan.query
        for t in q.product_types:
            said = self._surface(plan.message, t)
            titles = " ".join(p.title for p in plan.answer_products[:3])
            return _mid_sentence(said or self._surface(titles, t) or t)  # "Jacket" -> "jacket"
        for c in q.categories:
            said = self._surface(plan.message, c)
            return _mid_sentence(said) if said else _singular_phrase(c.split(" & ")[0]).lower()
        if plan.kind_word:
            return plan.kind_word
        return "product"

    def _surface(self, message: str, value: str) -> str:
        """The shopper's own words for a kind, singular ("TVs" -> "TV")."""
        words = [w for w in re.findall(r"[a-z0-9]+", fold(value)) if len(w) > 1]
        if not words:
            return ""
        stems = [w.rstrip("s")[:5] for w in words]
        toks = re.findall(r"[A-Za-z][\w'-]*", message)
        for i, tok in enumerate(toks):
            if fold(tok).rstrip("s")[:5] == stems[-1]:  # and the words of it before
                j = i  # ("carry on suitcases" of "Carry-On Suitcases")
                while j > 0 and i - j < len(stems) - 1 and fold(toks[j - 1]).rstrip("s")[:5] \
                        in stems:
                    j -= 1
                return _singular_phrase(" ".join(toks[j:i + 1]))
        return ""

    # -- each option's line ----------------------------------------------------------------
    def option(self, p: Product, plan: Plan) -> str:
        return f"- {self.named(p, plan)}: {self.why(p, plan)}."

    def named(self, p: Product, plan: Plan) -> str:
        """"The Denali Fleece Jacket, $180.00 (in Black or Pink; sizes S–L; 90 in stock)":
        the options the question picked, else all it is sold in, with stock."""
        q = plan.query
        chosen = matching_variants(p, q.filters) if q.filters else None
        chosen = within_price(p, chosen, q.min_price, q.max_price)
        if any(f.name == ON_SALE for f in q.filters):  # "any mowers on sale?": by how much
            chosen, options = sale_options(p, chosen)
        else:
            options = options_phrase(p, chosen)
        extra = f" ({options})" if options else ""
        return f"{cap(the(short_name(p)))}, {money(price_of(p, chosen))}{extra}"

    def why(self, p: Product, plan: Plan) -> str:
        """One line on why it fits, from its own catalog row."""
        need = plan.needs.search if plan.needs is not None else ""
        line = self._closest_line(p, need) if need else ""
        if line:
            return line
        if p.discount > 0 and p.rating is not None:
            return f"{off_today(p)}, {rating_phrase(p)}"
        if p.rating is not None:
            return rating_phrase(p)
        return clean_text(p.features[0], 90) if p.features else "no reviews yet"

    def _closest_line(self, p: Product, need: str) -> str:
        if self.finder is None or not self.finder.semantic or not p.features:
            return ""
        line = self.finder.closest_line(p, need)
        return clean_text(line, 90).rstrip(".") if line else ""

    def options(self, products: Sequence[Product], plan: Plan) -> str:
        return "\n".join(self.option(p, plan) for p in products)

    # -- sentence plans per kind of answer -----------------------------------------------
    def _search(self, plan: Plan) -> str | None:
        shown = plan.answer_products[:4]  # three, or all four that fit
        if not shown:
            return None
        n = _COUNT.get(len(shown), str(len(shown)))
        many = len(shown) > 1
        are, these = ("are", "these") if many else ("is", "this")
        kinds = self.kinds(plan) if many else self.kind(plan)
        needs = plan.needs
        uses = [s for s in (needs.said if needs else ()) if s.kind in ("use", "recipient")]
        if plan.relevance and plan.kind_word and not plan.query.categories \
                and not plan.query.product_types:
            titles = " ".join(p.title for p in shown)  # the catalog's casing: "TV", not "tv"
            cased = re.search(rf"\b{re.escape(plan.kind_word)}(?=s?\b)", titles, re.I)
            word = _mid_sentence(cased.group(0) if cased else plan.kind_word)
            best = f"the {n} that fit best" if many else "the one that fits best"
            head = f"For that, I'd look at {plural(word)}. Here {are} {best}:"
            if needs is not None and needs.gift:
                head = f"A few gift ideas from our {plural(word)}:"
        elif needs is not None and open_gift(plan.query, needs):
            head = (f"Here {are} {n} well-rated idea{'s' if many else ''}, each a different "
                    "kind of thing we sell:")
        elif uses:
            head = f"Here {are} {n} {kinds} {said_back(as_for(uses[0].words))}:"
        elif plan.query.scope == "previous":
            head = f"Of those, {these} fit{'' if many else 's'}:"
        elif plan.total and plan.total > len(shown):  # how many fit, not only those shown
            q = plan.query
            which = (f"the {plan.total} {self.kinds(plan)} that fit" if q.has_filters
                     or q.min_price is not None or q.max_price is not None
                     else f"our {plan.total} {self.kinds(plan)}")
            head = f"Here {are} {n} of {which}, to start with:"
        elif len(shown) == 4:
            head = f"Here are all four {kinds}{' that fit' if plan.query.has_filters else ''}:"
        elif plan.total == len(shown) and _conditions(plan.query):  # every one that fits
            head = f"Here {are} the {n if many else 'one'} {kinds} that fit{'' if many else 's'}:"
        else:
            head = f"Here {are} {n} {kinds} to start with:"
        return head + "\n" + self.options(shown, plan)

    def _superlative(self, plan: Plan) -> str | None:
        q = plan.query
        shown = plan.answer_products[:3]
        what = self._among(plan)
        attribute = q.sort is not None and q.sort.key not in ("price", "rating", "review_count")
        verb = "has the" if attribute else "is the"
        if not shown:
            key = attr_words(q.sort.key) if q.sort else "that"
            return (f"None of {what} says its {key} in the catalog, so I can't tell which "
                    f"{verb} {sort_phrase(q.sort)}.")
        top = shown[0]
        stated = self.stated(q, top)
        if plan.total == 1 and q.scope != "previous":  # no "of our 1 cookware, the best"
            head = (f"Only one of our {self.kinds(plan)}{self._limits(q)} fits: "
                    f"{the(short_name(top))}{stated}, at {money(asked_price(top, q))}")
        else:
            head = (f"Of {what}, {the(short_name(top))} {verb} {sort_phrase(q.sort)}"
                    f"{stated}, at {money(asked_price(top, q))}{_gone(top)}")
        if q.sort is not None and q.sort.key == "rating" and top.rating is not None:
            head += f" ({rating_phrase(top)})"
        rest = shown[1:3]
        if rest:
            names = " and ".join(f"{the(short_name(p))}{self.stated(q, p)} at "
                                 f"{money(asked_price(p, q))}{_gone(p)}" for p in rest)
            return f"{head}. Close behind: {names}."
        return head + "."

    def _count(self, plan: Plan) -> str | None:
        total = plan.total or 0
        kinds = self.kinds(plan)
        limits = self._limits(plan.query)
        head = (f"We have {total:,} {kinds if total != 1 else self.kind(plan)}{limits}." if total
                else f"We have no {kinds}{limits}.")
        shown = plan.answer_products[:3]
        if shown:
            head += " For example:\n" + self.options(shown, plan)
        return head

    def _more(self, plan: Plan) -> str | None:
        shown = plan.answer_products[:3]
        if not shown:
            return "That's all of them; there are no others to show."
        return "Here are a few more:\n" + self.options(shown, plan)

    def _compare(self, plan: Plan) -> str | None:
        return compare_reply(self, plan)

    def _not_found(self, plan: Plan) -> str | None:
        q = plan.query
        what = self.kinds(plan) if (q.categories or q.product_types) else "products"
        text = f"I couldn't find any {what}{self._limits(q)} here."
        alt = list(plan.candidates)[:3]
        ruled = {b.lower() for b in q.exclude_brands}
        if alt and ruled and all(p.brand.lower() in ruled for p in plan.candidates):
            n = len(plan.candidates)  # "card games not from Foxglove": all of them are
            lead = "Both" if n == 2 else f"All {n}" if n > 2 else "The one"
            text += (f" {lead} {what} here "
                     f"{'are' if n > 1 else 'is'} by {' or '.join(q.exclude_brands)}.")
        elif alt:
            text += " The closest I have: " + "; ".join(
                f"{the(short_name(p))} at {money(p.price)}" for p in alt) + "."
        else:
            text += f" This shop sells {self.k.vocab.describe()}."
        return text

    # -- pieces ----------------------------------------------------------------------------
    def _among(self, plan: Plan) -> str:
        if plan.query.scope == "previous":
            return "the ones I showed you"
        total = plan.total or 0
        kinds = self.kinds(plan)
        limits = self._limits(plan.query)
        return f"our {total:,} {kinds}{limits}" if total else f"our {kinds}{limits}"

    def _limits(self, q: Query) -> str:
        parts: list[str] = []
        if q.brands:
            parts.append("by " + " or ".join(q.brands))
        if q.exclude_brands:
            parts.append("not by " + " or ".join(q.exclude_brands))
        if limit := limit_words(q.min_price, q.max_price):
            parts.append(limit)
        names = self.k.attributes.names()
        for f in q.filters:
            if f.op == "has" and f.name not in names and f.value is None and not f.text:
                continue  # a word picking the kind ("backpacking"): said with the kind
            if f.name == "category" and f.op == "lacks":
                parts.append(f"outside {f.text}")  # "laptops but not gaming laptops"
            elif f.name == "age_group" and f.value is not None:  # a toddler in a kids' shop
                parts.append(f"for a child of {f.value:g}" if f.value >= 1 else "for a baby")
            elif f.name == "availability" and f.text:  # "in stock", not "availability in_stock"
                parts.append(f.text.replace("_", " ") if f.op != "lacks" else "not in stock")
            elif f.text:  # "not leather": without material leather
                parts.append(f"{'without' if f.op == 'lacks' else 'with'} {attr_words(f.name)} "
                             f"{f.text}")
            elif f.value is not None:
                op = {"lt": "under", "le": "up to", "gt": "over", "ge": "at least"}.get(f.op, "of")
                parts.append(f"with {attr_words(f.name)} {op} {f.value:g} {f.unit or ''}".rstrip())
            elif f.op == "lacks":
                parts.append(f"without {attr_words(f.name)}")
            else:
                parts.append(f"with {attr_words(f.name)}")
        return (" " + " ".join(parts)) if parts else ""

    def stated(self, q: Query, p: Product) -> str:
        """' (battery life: up to 18 hours)' for an attribute superlative."""
        if q.sort is None or q.sort.key in ("price", "rating", "review_count", "relevance"):
            return ""
        from assistant.qa.answering.evidence import stated_text

        a = self.k.attributes.value(p, q.sort.key)
        value = clean_text(stated_text(a), 60) if a is not None else ""
        if value and q.units:  # "the max temp in celsius?": "450°F (about 232 °C)"
            value = in_asked_units(a.value if a is not None else None,
                                   a.unit if a is not None else None, value, q.units)
        return f" ({attr_words(q.sort.key)}: {value})" if value else ""


def _conditions(q: Query) -> bool:
    """The shopper set conditions each product shown was checked against (a feature, a
    price, a brand ruled out), not only named a kind or a brand ("the Norrland 3 in 1")."""
    return bool(q.filters or q.exclude_brands) or q.min_price is not None \
        or q.max_price is not None


def _singular_phrase(words: str) -> str:
    toks = words.split()
    last = toks[-1]
    low = last.lower()
    if low.endswith(("lves", "eaves", "oaves", "knives", "wives")):  # not gloves, sleeves
        last = last[:-3] + ("fe" if low.endswith("ives") else "f")
    elif low.endswith(("ches", "shes", "xes")):
        last = last[:-2]
    elif low.endswith("ies"):
        last = last[:-3] + "y"
    elif low.endswith("s") and not low.endswith(("ss", "us", "phones")):
        last = last[:-1]
    return " ".join([*toks[:-1], last])


__all__ = ["Phrasing", "article", "band_sentence", "band_words", "plural", "said_back"]
