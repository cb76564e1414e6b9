"""Sentences from a decision record, made at the edge (reasons, the panel, the console, CLI).

    rule_sentence(d)    -> "Cheapest of the 132 laptops: $249.99; next, $279.99"
    placed_sentence(d)  -> the rule, the search's order, or the ranker's place
    admitted_sentence(d) -> "Meets what you asked: laptop; $249.99, within your $300.00"
    stage_lines(d)      -> one line per stage, in order

Words come from the record's data (catalog vocabulary, attribute names and units);
nothing here knows a shop's domain beyond plain English for common units.
"""

from __future__ import annotations

from explain.decision import (
    Admitted,
    Condition,
    Decision,
    RankerPlaced,
    RetrievalPlaced,
    RulePlaced,
    Runner,
)

# Superlative words by the unit an attribute is stated in (plain English, any shop).
_TIME_UNITS = frozenset({"h", "hr", "hrs", "hours", "min", "s", "sec", "days"})
_MASS_UNITS = frozenset({"lb", "lbs", "oz", "kg", "g"})
_SIZE_UNITS = frozenset({"in", "cm", "mm", "m", "ft", "l", "ml", "qt", "gal", "gb", "tb", "mb",
                         "mah", "wh", "cu ft", "sq ft", "cups"})
_RULE_WORDS = {"cheapest": "cheapest", "priciest": "most expensive", "best_rated": "best rated",
               "lowest_rated": "lowest rated", "most_reviewed": "most reviewed",
               "fewest_reviews": "least reviewed"}
_OPS = {"le": "at most", "lt": "under", "ge": "at least", "gt": "over", "eq": ""}


def money(amount: float) -> str:
    return f"${amount:,.2f}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st..."""
    tail = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{tail}"


def plural(word: str) -> str:
    """A plain English plural of a catalog noun ("laptop" -> "laptops", "tv" -> "TVs")."""
    if len(word) <= 2:  # "tv", "pc": an abbreviation
        return word.upper() + "s"
    low = word.lower()
    if low.endswith(("s", "x", "ch", "sh", "z")):
        return word + "es" if not low.endswith("s") else word
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _amount(value: float | None, unit: str | None) -> str:
    if value is None:
        return "not stated"
    return f"{value:g} {unit}".strip() if unit else f"{value:g}"


def rule_words(rule: RulePlaced) -> str:
    """'cheapest', 'best rated', 'longest battery life', 'the product you named'."""
    if rule.rule in _RULE_WORDS:
        return _RULE_WORDS[rule.rule]
    if rule.rule in ("most", "least"):
        unit = (rule.unit or "").lower()
        pair = (("longest", "shortest") if unit in _TIME_UNITS
                else ("heaviest", "lightest") if unit in _MASS_UNITS
                else ("largest", "smallest") if unit in _SIZE_UNITS else ("highest", "lowest"))
        return f"{pair[0] if rule.rule == 'most' else pair[1]} {rule.key.replace('_', ' ')}"
    return rule.rule.replace("_", " ")


def _value_text(rule: RulePlaced, value: float | None, reviews: int | None) -> str:
    if value is None:
        return "not stated"
    if rule.key == "price":
        return money(value)
    if rule.key == "rating":
        backed = f" from {reviews:,} reviews" if reviews is not None else ""
        return f"{value:.1f}★{backed}"
    if rule.key == "review_count":
        return f"{int(value):,} reviews"
    return _amount(value, rule.unit)


def _noun(conditions: tuple[Condition, ...]) -> str:
    for c in conditions:
        if c.kind == "product_type" and isinstance(c.limit, tuple) and c.limit:
            return " or ".join(plural(t) for t in c.limit)
    for c in conditions:
        if c.kind == "category" and isinstance(c.limit, tuple) and c.limit:
            return "products in " + " or ".join(c.limit)
    return "products"


def _qualifiers(conditions: tuple[Condition, ...]) -> list[str]:
    out: list[str] = []
    low = next((c.limit for c in conditions if c.kind == "price" and c.op in ("ge", "gt")), None)
    high = next((c.limit for c in conditions if c.kind == "price" and c.op in ("le", "lt")), None)
    if isinstance(low, float | int) and isinstance(high, float | int):
        out.append(f"between {money(low)} and {money(high)}")
    elif isinstance(high, float | int):
        out.append(f"under {money(high)}")
    elif isinstance(low, float | int):
        out.append(f"over {money(low)}")
    for c in conditions:
        names = " or ".join(c.limit) if isinstance(c.limit, tuple) else str(c.limit)
        if c.kind == "brand":
            out.append(f"{'not ' if c.op == 'not_in' else ''}by {names}")
        elif c.kind == "attribute":
            name = c.name.replace("_", " ")
            if c.op == "has":
                out.append(f"with {name}" + (f" {c.limit}" if isinstance(c.limit, str) else ""))
            elif c.op == "lacks":
                out.append(f"without {name}")
            elif isinstance(c.limit, str):
                out.append(f"with {name} {c.limit}")
            elif isinstance(c.limit, float | int):
                out.append(f"with {name} {_OPS.get(c.op, c.op)} {_amount(c.limit, c.unit)}"
                           .replace("  ", " "))
    return out


def set_phrase(admitted: Admitted, count: int | None = None) -> str:
    """'the 132 laptops', 'the 60 laptops under $900.00 in your earlier results'."""
    n = admitted.matched if count is None else count
    number = f"{n:,} " if n is not None else ""
    if admitted.source == "named":
        return f"the {number}product{'s' * (n != 1)} you named"
    what = " ".join([_noun(admitted.conditions), *_qualifiers(admitted.conditions)])
    where = {"earlier": " in your earlier results", "line": " sharing the name you gave"}
    return f"the {number}{what}{where.get(admitted.source, '')}"


def _runner_text(rule: RulePlaced, runner: Runner | None) -> str:
    if runner is None or rule.rule in ("named", "next_page", "question"):
        return ""
    return f"; next, {_value_text(rule, runner.value, runner.reviews)}"


def rule_sentence(d: Decision) -> str | None:
    """The rule that placed the card, with its evidence; None when no rule placed it."""
    rule = d.rule
    if rule is None:
        return None
    if rule.rule == "named":
        if rule.among <= 1:
            return "The product you named"
        return f"{ordinal(rule.position)} of the {rule.among} products you named"
    if rule.rule == "question":
        return f"Your question put it first ({ordinal(rule.position)} of {rule.among})"
    if rule.rule == "next_page":
        return (f"Next in the list you were shown: {ordinal(rule.position)} of "
                f"{set_phrase(d.admitted, rule.among)}")
    words = rule_words(rule)
    value = _value_text(rule, rule.value, rule.reviews)
    matched = d.admitted.matched
    if rule.among == 1 and matched is not None and matched > 1 and rule.key:
        key = rule.key.replace("_", " ")
        return (f"The only one of {set_phrase(d.admitted, matched)} that states its {key}: "
                f"{value}")
    head = words if rule.position == 1 else f"{ordinal(rule.position)} {words}"
    pool = set_phrase(d.admitted, rule.among)
    if matched is not None and rule.among < matched:  # the others do not state the key
        pool += f" that state it ({matched:,} matched)"
    return f"{head[0].upper()}{head[1:]} of {pool}: {value}{_runner_text(rule, rule.runner_up)}"


def placed_sentence(d: Decision) -> str:
    """What set the card's place: the rule, the text search's order, or the ranker's."""
    placed = d.placed
    if isinstance(placed, RulePlaced):
        return rule_sentence(d) or ""
    if isinstance(placed, RetrievalPlaced):
        return (f"Among the closest matches to what you described: {ordinal(placed.position)} "
                f"of the {placed.among} found")
    assert isinstance(placed, RankerPlaced)
    return (f"The ranking model's score put it {ordinal(placed.place)} of the "
            f"{placed.among} candidate{'s' * (placed.among != 1)} it ordered")


def condition_text(c: Condition) -> str:
    """One constraint with the product's own value: '$249.99, within your $300.00'."""
    if c.kind == "price" and isinstance(c.value, float | int) and isinstance(
            c.limit, float | int):
        side = "within" if c.met else "outside"
        if c.name == "budget":  # a band read from a budget in words, not a limit they gave
            edge = "or less" if c.op in ("le", "lt") else "or more"  # the band's edge is in it
            return f"{money(c.value)}, {side} the budget read from your words " \
                   f"({money(c.limit)} {edge})"
        bound = "limit" if c.op in ("le", "lt") else "minimum"
        return f"{money(c.value)}, {side} your {money(c.limit)} {bound}"
    if c.kind in ("category", "product_type", "brand"):
        asked = " or ".join(c.limit) if isinstance(c.limit, tuple) else str(c.limit)
        if c.op == "not_in":
            return f"{c.value}, not {asked}" if c.met else f"{c.value}, which you ruled out"
        return f"{c.value}" if c.met else f"{c.value}, not the {asked} you asked for"
    name = c.name.replace("_", " ")
    if c.op in ("has", "lacks"):
        return f"{'has' if c.value else 'no'} {name}" + ("" if c.met else " (you asked otherwise)")
    value = c.value if isinstance(c.value, str) or c.value is None else _amount(
        float(c.value), c.unit)
    asked = c.limit if isinstance(c.limit, str) else _amount(
        None if c.limit is None or isinstance(c.limit, tuple) else float(c.limit), c.unit)
    word = _OPS.get(c.op, c.op)
    return f"{name} {value}" + (f" ({word} {asked} asked)".replace("( ", "(") if c.met
                                else f", not the {word} {asked} you asked for".replace("  ", " "))


def admitted_sentence(d: Decision) -> str:
    """'Meets what you asked: laptop; $249.99, within your $300.00 limit' (or why it is
    one of the nearest alternatives); '' when the question set no constraints."""
    a = d.admitted
    parts = "; ".join(condition_text(c) for c in a.conditions)
    if a.source == "nearest":
        return ("Nothing met everything you asked, so these are the nearest alternatives"
                + (f": {parts}" if parts else ""))
    if not parts:
        return ""
    return ("Meets what you asked: " if a.met else "Does not meet all you asked: ") + parts


def stage_lines(d: Decision) -> list[str]:
    """One line per stage, in order: the constraints (if any), then what set the place."""
    return [line for line in (admitted_sentence(d), placed_sentence(d)) if line]


def decided_by_words(d: Decision) -> str:
    """Which stage set the place, in a few words (never "your question": the page's
    question box is labelled so, and an aria-label must not read as a second one)."""
    return {"rule": "the question's rule", "retrieval": "the search for what you described",
            "ranker": "the ranking model"}[d.decided_by]


__all__ = [
    "admitted_sentence", "condition_text", "decided_by_words", "money", "ordinal",
    "placed_sentence", "plural", "rule_sentence", "rule_words", "set_phrase", "stage_lines",
]
