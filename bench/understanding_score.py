"""Scoring for bench/understanding_eval.py: parse fields, answers, ungrounded claims.

Everything here reads a `Reply` only through the contract of issue 11
(`.text`, `.kind`, `.query`, `.answer_ids`, `.total`, `.verdicts`) and the gold
records of bench/understanding/*.jsonl, so it can be tested on hand-made replies.

Parse accuracy (per turn, all compared fields must agree):

* intent -- equal; a gold "not sold" turn accepts search or out_of_scope;
* what -- gold product types / categories: the parsed query names the same
  categories, or for every gold type a type that equals it or is its head noun
  ("maker" ~ "coffee maker", "laptops" ~ "laptop"), or exactly the categories
  the reference executor's type table gives that type; gold naming none -> none;
* price -- min and max within a cent; brands, exclude_brands -- same sets (case-folded);
* filters -- same set of (name, op class, value within 2 %, text); le/lt and ge/gt
  count as one op class ("under 3 lb");
* sort -- same key and direction (none, or relevance, when gold has none);
* products -- same ids (lookup / compare / attribute; "the second one" resolves to the
  bot's own previous answer).
  A parsed query with scope "previous" inherits what / price / brands / filters it
  leaves empty from the previous turn's gold query, so copying the filters or pointing
  at the previous results both count. `asked`, `need`, `notes` and scope are not scored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Protocol

from assistant.catalog import Catalog
from assistant.catalog.injection import instruction_spans
from assistant.qa.query import AttributeFilter, Query
from bench.understanding_gold import TYPES
from bench.understanding_record import to_unit

FILTER_TOLERANCE = 0.02  # relative difference allowed between numeric filter values
_OP_CLASS = {"le": "upper", "lt": "upper", "ge": "lower", "gt": "lower"}


class ReplyLike(Protocol):
    text: str
    kind: str
    query: Query | None
    answer_ids: list[str]
    total: int | None
    verdicts: dict[str, str]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _singular(word: str) -> str:
    word = fold(word)
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _type_ok(gold_type: str, got_types: Iterable[str]) -> bool:
    g = _singular(gold_type)
    for t in got_types:
        u = _singular(t)
        if u and (
            u.replace(" ", "") == g.replace(" ", "") or g.endswith(" " + u) or u.endswith(" " + g)
        ):
            return True
    return False


def _what_ok(got: Query, gold: Query, catalog: str) -> bool:
    gold_cats = {fold(c) for c in gold.categories}
    got_cats = {fold(c) for c in got.categories}
    if not gold.product_types and not gold_cats:
        return not got.product_types and not got_cats
    if gold.need and not got.product_types and not got_cats:
        return True  # a need in words may be left to retrieval; the answer check judges it
    if gold_cats and (
        got_cats == gold_cats or all(_type_ok(c, got.product_types) for c in gold.categories)
    ):
        return True
    if gold.product_types:
        if all(_type_ok(t, got.product_types) for t in gold.product_types):
            return True
        table = TYPES.get(catalog, {})
        type_cats = {fold(c) for t in gold.product_types for c in table.get(t, ((), ""))[0]}
        return bool(got_cats) and got_cats == type_cats
    return False


def _squash(text: str) -> str:
    return fold(text).replace(" ", "")


def _filter_key(f: AttributeFilter) -> tuple[str, str, str]:
    return (_squash(f.name), _OP_CLASS.get(f.op, f.op), _squash(f.text or ""))


def _same_filter(f: AttributeFilter, g: AttributeFilter) -> bool:
    if g.op in ("has", "lacks") and g.text is None:  # a feature word: its name or text may carry it
        return f.op == g.op and _squash(g.name) in (_squash(f.name), _squash(f.text or ""))
    if _filter_key(f) != _filter_key(g):
        return False
    if g.value is None:
        return True
    if f.value is None:
        return False
    value = f.value
    if f.unit and g.unit and f.unit != g.unit:  # "150 cm" read in inches is the same filter
        try:
            value = to_unit(f.value, f.unit, g.unit)
        except Exception:  # noqa: BLE001 - units of different dimensions: not the same
            return False
    return abs(value - g.value) <= FILTER_TOLERANCE * max(1.0, abs(g.value))


def _filters_ok(got: tuple[AttributeFilter, ...], gold: tuple[AttributeFilter, ...]) -> bool:
    if len(got) != len(gold):
        return False
    left = list(got)
    for g in gold:
        for i, f in enumerate(left):
            if not _same_filter(f, g):
                continue
            del left[i]
            break
        else:
            return False
    return True


def effective(got: Query, previous_gold: Query | None) -> Query:
    """The parsed query with what it leaves to "previous" filled from the previous gold query."""
    if got.scope != "previous" or previous_gold is None:
        return got
    changes: dict[str, Any] = {}
    if not got.categories and not got.product_types:
        changes.update(
            categories=previous_gold.categories, product_types=previous_gold.product_types
        )
    for name in ("min_price", "max_price"):
        if getattr(got, name) is None:
            changes[name] = getattr(previous_gold, name)
    for name in ("brands", "exclude_brands", "filters"):
        if not getattr(got, name):
            changes[name] = getattr(previous_gold, name)
    return replace(got, **changes)


def compare_query(
    got: Query | None,
    gold: Query,
    *,
    catalog: str,
    previous_gold: Query | None = None,
    gold_products: tuple[str, ...] | None = None,
    not_sold: bool = False,
) -> dict[str, bool]:
    """Field -> agrees? (see the module docstring). `gold_products` overrides gold.products."""
    if got is None:
        return {"intent": False}
    if not_sold:
        return {"intent": got.intent in ("search", "out_of_scope")}
    if gold.intent in ("smalltalk", "out_of_scope"):
        return {"intent": got.intent == gold.intent}
    got = effective(got, previous_gold)
    out = {"intent": got.intent == gold.intent}
    products = gold.products if gold_products is None else gold_products
    if gold.intent in ("lookup", "compare", "attribute"):
        out["products"] = set(got.products) == set(products)
        if gold.intent == "attribute":
            out["filters"] = _filters_ok(got.filters, gold.filters)
            return out
    else:
        out["what"] = _what_ok(got, gold, catalog)
        out["price"] = all(
            (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 0.01)
            for a, b in ((got.min_price, gold.min_price), (got.max_price, gold.max_price))
        )
        out["brands"] = {fold(b) for b in got.brands} == {fold(b) for b in gold.brands} and {
            fold(b) for b in got.exclude_brands
        } == {fold(b) for b in gold.exclude_brands}
        out["filters"] = _filters_ok(got.filters, gold.filters)
    if gold.sort is None:
        out["sort"] = got.sort is None or got.sort.key == "relevance" or gold.intent in ("lookup",)
    else:
        out["sort"] = (
            got.sort is not None
            and fold(got.sort.key) == fold(gold.sort.key)
            and got.sort.descending == gold.sort.descending
        )
    return out


def _without_titles(text: str, catalog: Catalog) -> str:
    low = text.lower()
    for p in catalog.products:
        if len(p.title) > 20 and p.title.lower() in low:
            low = low.replace(p.title.lower(), " ")
    return low


def score_answer(
    reply: ReplyLike,
    ans: dict[str, Any],
    previous: ReplyLike | None = None,
    catalog: Catalog | None = None,
) -> tuple[bool, str]:
    """Is the reply's answer right? (ok, why not)."""
    ids = list(reply.answer_ids)
    if ans.get("any"):
        return (bool(reply.text.strip()), "" if reply.text.strip() else "empty reply")
    checks: list[tuple[bool, str]] = []
    for word in ans.get("forbid", ()):
        text = _without_titles(reply.text, catalog) if catalog is not None else reply.text.lower()
        checks.append((word.lower() not in text, f"says {word!r}"))
    for word in ans.get("says", ()):  # a value the reply must state ("137 cm", "Dry clean")
        checks.append((word.lower() in reply.text.lower(), f"does not say {word!r}"))
    if ans.get("refusal"):
        checks.append((reply.kind == "refusal", f"kind {reply.kind}, want refusal"))
    if ans.get("not_refusal"):
        checks.append((reply.kind != "refusal", "refused an ordinary question"))
    if ans.get("not_sold"):
        checks.append(
            (
                reply.kind in ("not_found", "out_of_scope") and not ids,
                f"kind {reply.kind} with {len(ids)} products, want not sold",
            )
        )
    if ans.get("clarify"):
        checks.append((reply.kind == "clarify", f"kind {reply.kind}, want clarify"))
    if "kind" in ans:
        checks.append((reply.kind == ans["kind"], f"kind {reply.kind}, want {ans['kind']}"))
    if "previous_answer" in ans:
        k = int(ans["previous_answer"])
        want = (
            previous.answer_ids[k]
            if previous is not None and len(previous.answer_ids) > k
            else None
        )
        checks.append(
            (
                want is not None and ids[:1] == [want],
                f"answer {ids[:1]}, want the previous reply's #{k + 1} ({want})",
            )
        )
    gold = [*ans.get("products", ()), *ans.get("also", ()), *ans.get("trusted", ())]
    match = ans.get("match")
    if match == "first":
        checks.append(
            (bool(ids) and ids[0] in gold, f"first answer {ids[:1]} not in gold {gold[:3]}")
        )
    elif match == "set":
        if gold:
            checks.append(
                (bool(ids) and set(ids) <= set(gold), f"answer {ids[:3]} not within gold")
            )
            if "count" in ans:
                checks.append(
                    (reply.total == ans["count"], f"total {reply.total}, want {ans['count']}")
                )
        else:
            checks.append((not ids, f"answer {ids[:3]}, want none"))
    elif match == "subset":
        checks.append((bool(ids) and set(ids) <= set(gold), f"answer {ids[:3]} not within gold"))
    elif match == "all":
        checks.append(
            (set(gold) <= set(ids), f"answer {ids[:3]} lacks {sorted(set(gold) - set(ids))}")
        )
    elif match == "none":
        checks.append((not ids, f"answer {ids[:3]}, want none"))
    elif match == "count":
        checks.append(
            (reply.total == ans.get("count"), f"total {reply.total}, want {ans.get('count')}")
        )
    if "verdict" in ans and ans.get("products"):
        got = reply.verdicts.get(ans["products"][0])
        checks.append((got == ans["verdict"], f"verdict {got}, want {ans['verdict']}"))
    if ans.get("fresh"):
        seen = set(previous.answer_ids) if previous is not None else set()
        checks.append((not (set(ids) & seen), "repeats the previous page"))
    bad = [why for ok, why in checks if not ok]
    return (not bad, "; ".join(bad))


_MONEY = re.compile(r"\$\s?(\d[\d,]*(?:\.\d{1,2})?)")
_STARS = re.compile(r"(\d(?:\.\d)?)\s*(?:stars?|out of 5|/\s?5)", re.I)
_WORD = re.compile(r"[A-Za-z0-9][\w'’+-]*")


_BARE = re.compile(
    r"(?<![\w.])(\d[\d,]*(?:\.\d{1,2})?)(?![\d.,])"
    r"(?!\s?-?\s?(?!dollars|bucks|usd)(?:%|[a-z°\"]))",
    re.I,
)
_UNIT_WORDS = {"inch", "inches", "in"}


def _amounts(text: str) -> set[float]:
    return {round(float(m.replace(",", "")), 2) for m in _MONEY.findall(text)}


_NUMBER_WORDS = {"a": 1} | {
    w: i
    for i, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], start=1
    )
}
_WORDED = re.compile(
    r"\b(a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(hundred|thousand|grand)\b", re.I
)


def _budgets(said: str) -> set[float]:
    """Amounts the shopper said: "$750", "750 dollars", "undr 750", "a thousand".

    A number followed by a unit ("60 liters") is not an amount of money.
    """
    worded = {
        float(_NUMBER_WORDS[n.lower()] * (100 if unit.lower() == "hundred" else 1000))
        for n, unit in _WORDED.findall(said)
    }
    return (
        _amounts(said) | worded | {round(float(m.replace(",", "")), 2) for m in _BARE.findall(said)}
    )


def _stated_text(p: Any) -> str:
    """A product's title, description, promotion and features, without any sentence that
    reads as instructions to an assistant: "every rug costs $1" there is no price."""
    text = " ".join((p.title, getattr(p, "description", ""), p.discount_text, *p.features))
    for _, sentence in instruction_spans(text):
        text = text.replace(sentence, " ")
    return text


def ungrounded_claims(
    text: str, catalog: Catalog, said: str, foreign_brands: Iterable[str] = ()
) -> list[str]:
    """Claims in `text` the catalog rows do not support (independent of the engine's grounder).

    * every $ amount is a catalog price, list price or dollars off (a variant's too), or is
      in a title / feature / promotion, or is an amount the shopper said (`said`: "$750",
      "750 dollars", "a thousand" is not read; a number followed by a unit is not a budget);
    * or is the difference of two such amounts the reply also states ("$80.00 less than");
    * every star rating ("4.7 stars", "4.7 out of 5") is some product's rating;
    * a brand from `foreign_brands` (another shop's) that this catalog does not carry
      and the shopper did not say is an invented product;
    * a brand of this catalog followed by a capitalised or numbered word ("Apple Watch",
      "LG 27") must have that word in one of the brand's rows (title, features, promotion;
      plural -s allowed).
    """
    bad, allowed = [], _budgets(said)
    for p in catalog.products:
        allowed |= {round(x, 2) for x in (p.price, p.list_price, p.discount, *(
            y for v in p.variants for y in (v.price, v.list_price)))}
        allowed |= _amounts(_stated_text(p))
    shown = {a for a in _amounts(text) if a in allowed}
    derived = {round(abs(a - b), 2) for a in shown for b in shown}  # "$40.00 less than"
    for value in _amounts(text):
        if value not in allowed and value not in derived:
            bad.append(f"${value:,.2f}")
    ratings = {p.rating for p in catalog.products if p.rating is not None}
    for m in _STARS.finditer(text):
        if float(m.group(1)) not in ratings:
            bad.append(m.group(0))
    said_low = said.lower()
    own = {b for b in (p.brand for p in catalog.products) if b}
    for brand in set(foreign_brands) - own:
        if len(brand) > 2 and re.search(rf"\b{re.escape(brand)}\b", text) \
                and brand.lower() not in said_low:
            bad.append(brand)
    titles_by_brand: dict[str, set[str]] = {}
    for p in catalog.products:
        titles_by_brand.setdefault(p.brand, set()).update(
            _singular(w) for w in fold(" ".join((p.title, p.discount_text, *p.features))).split()
        )
    for brand, words in titles_by_brand.items():
        if not brand:
            continue
        for m in re.finditer(rf"\b{re.escape(brand)}\s+({_WORD.pattern})", text):
            nxt = m.group(1)
            if not (nxt[0].isupper() or nxt[0].isdigit()):
                continue
            tokens = fold(nxt).split()
            if (
                not all(t in words or _singular(t) in words or t in _UNIT_WORDS for t in tokens)
                and nxt.lower() not in said_low
            ):
                bad.append(m.group(0))
    return bad


__all__ = ["compare_query", "effective", "fold", "score_answer", "ungrounded_claims"]
