"""The "Why this?" panel: reasons, what held the score back, the picture, data used (no gradio).

The panel says which stage set the card's place. When the question's rule placed
it (the cheapest, the product named) the picture leads with that rule and its
evidence, and the model's score, which did not set the place, follows as shares
of its push. When the ranker placed it, the picture is each kind of data's share
of the push that decided the order. Shares, never log-odds: the exact waterfall
is the marketer console's (ui.console). The marketer console shows a stored
suggestion through these same functions, so it shows exactly what was shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from explain.decision import Decision
from explain.decision_text import decided_by_words, stage_lines
from explain.types import Disclosure, Explanation
from models.categories import PERSONAL_CATEGORIES, category_label

if TYPE_CHECKING:
    from assistant.reply import Suggestion

_ZERO = 1e-12  # contributions below this (score units) move nothing


def chips_html(disclosure: Disclosure) -> str:
    """Data-used chips: each category used with its share, each not used and why, the payer."""
    items: list[str] = []
    for cat, share in sorted(disclosure.used.items(), key=lambda kv: -kv[1]):
        cls = "cc-personal" if cat in PERSONAL_CATEGORIES else "cc-used"
        items.append(
            f"<li class='cc-chip {cls}' data-category='{escape(cat)}' data-state='used'>"
            f"Used: {escape(category_label(cat))} {share:.0%}</li>"
        )
    for cat, why in disclosure.not_used.items():
        items.append(
            f"<li class='cc-chip cc-notused' data-category='{escape(cat)}' data-state='not-used'>"
            f"Not used: {escape(category_label(cat))} ({escape(why)})</li>"
        )
    if disclosure.sponsored_by:
        items.append(
            "<li class='cc-chip cc-sponsored' data-category='sponsorship' data-state='sponsored'>"
            f"Sponsored by {escape(disclosure.sponsored_by)}</li>"
        )
    return f"<ul class='cc-chips' aria-label='Data used for this suggestion'>{''.join(items)}</ul>"


def push_shares(e: Explanation) -> dict[str, tuple[float, float]]:
    """Data category -> (share pushing it up, share holding it back), biggest first.

    Shares of the whole push (the sum of |SHAP| over all feature groups), so a
    category's two parts add up to its "Used: ... %" chip and all parts to 1.
    """
    up: dict[str, float] = {}
    down: dict[str, float] = {}
    for group, value in e.values.items():
        cat = e.category_of.get(group, group)
        if value > _ZERO:
            up[cat] = up.get(cat, 0.0) + value
        elif value < -_ZERO:
            down[cat] = down.get(cat, 0.0) - value
    total = sum(up.values()) + sum(down.values())
    if total <= 0:
        return {}
    cats = sorted(set(up) | set(down), key=lambda c: -(up.get(c, 0.0) + down.get(c, 0.0)))
    return {c: (up.get(c, 0.0) / total, down.get(c, 0.0) / total) for c in cats}


def _push_words(up: float, down: float) -> str:
    if down <= 0:
        return f"moved it up: {up:.0%}"
    if up <= 0:
        return f"held it back: {down:.0%}"
    return f"up {up:.0%}, held back {down:.0%}"


def _push_rows(shares: dict[str, tuple[float, float]]) -> list[str]:
    rows: list[str] = []
    for cat, (up, down) in shares.items():
        personal = " cc-push-personal" if cat in PERSONAL_CATEGORIES else ""
        way = "cc-push-up" if up >= down else "cc-push-down"
        bars = "".join(
            f"<span class='cc-push-bar cc-seg-{kind}' style='width:{100 * share:.0f}%'></span>"
            for kind, share in (("up", up), ("down", down)) if share > 0
        )
        rows.append(
            f"<li class='{way}{personal}' data-category='{escape(cat)}'>"
            f"<span class='cc-push-label'>{escape(category_label(cat))}</span>"
            f"<span class='cc-push-track' aria-hidden='true'>{bars}</span>"
            f"<span class='cc-push-what'>{escape(_push_words(up, down))}</span></li>"
        )
    return rows


def _push_summary(shares: dict[str, tuple[float, float]]) -> str:
    return "; ".join(
        f"{category_label(c)} {_push_words(u, d)}" for c, (u, d) in shares.items()
    ) or "nothing moved it: it is where an average product would be"


def stages_html(decision: Decision) -> str:
    """The stages that placed the card, in order (constraints met, then what set the place)."""
    kinds = [s.stage for s in decision.stages]
    lines = stage_lines(decision)
    if len(lines) < len(kinds):  # no constraints to show: only the stage that placed it
        kinds = kinds[-len(lines):] if lines else []
    items = "".join(f"<li data-stage='{escape(k)}'>{escape(line)}</li>"
                    for k, line in zip(kinds, lines, strict=True))
    return f"<ol class='cc-stages' aria-label='How it got this place'>{items}</ol>"


def picture_html(e: Explanation, disclosure: Disclosure, rank: int,
                 decision: Decision | None = None) -> str:
    """The shopper's picture: what put this product at #rank, in plain terms.

    Placed by the question (a rule, or the search for what the shopper described):
    that stage and its evidence first, then the model's score as shares of its push,
    labelled as not what set the place. Placed by the ranker (or no decision record):
    one bar per kind of data, as long as its share of the push (green, or amber for
    personal data: moved it up the list; grey: held it back). Then the places it
    would have without each personal category the shopper shared.
    """
    shares = push_shares(e)
    rows = _push_rows(shares)
    summary = _push_summary(shares)
    if decision is not None and decision.decided_by != "ranker":
        placed = stage_lines(decision)[-1]
        label = escape(f"What put it at #{rank}: {decided_by_words(decision)}: {placed}.")
        score = ("<p class='cc-score-note'>The model's score did not set this place; what "
                 "moved that score, by kind of data:</p>"
                 f"<ul class='cc-push cc-push-minor'>{''.join(rows)}</ul>" if rows else "")
        return (
            f"<figure class='cc-picture' role='img' aria-label='{label}' "
            f"data-decided-by='{decision.decided_by}'>"
            f"<figcaption><strong>What put it at #{rank}</strong>: "
            f"{escape(decided_by_words(decision))}</figcaption>{stages_html(decision)}{score}"
            f"</figure>{what_if_html(disclosure, rank, decision)}"
        )
    body = "".join(rows) or f"<li>{summary.capitalize()}.</li>"
    label = escape(f"What put it at #{rank}: {summary}.")
    decided = "" if decision is None else f" data-decided-by='{decision.decided_by}'"
    stages = "" if decision is None else stages_html(decision)
    return (
        f"<figure class='cc-picture' role='img' aria-label='{label}'{decided}>"
        f"<figcaption><strong>What put it at #{rank}</strong>: each kind of data's share of "
        "what decided the order (green or amber moved it up, grey held it back)</figcaption>"
        f"{stages}<ul class='cc-push'>{body}</ul></figure>"
        f"{what_if_html(disclosure, rank, decision)}"
    )


def what_if_html(disclosure: Disclosure, rank: int, decision: Decision | None = None) -> str:
    """'Without your browsing history: #4 instead of #1.' (places in the list, the whole
    decision recomputed: a card the question placed keeps its place and says why)."""
    if not disclosure.what_if:
        return ""
    pinned = decision is not None and decision.decided_by != "ranker"
    lines = []
    for cat, alt in disclosure.what_if.items():
        if pinned and alt == rank:
            assert decision is not None
            moved = f"still #{rank}: {decided_by_words(decision)} put it there"
        elif alt and alt > 0:
            moved = "the same place" if alt == rank else f"#{alt} instead of #{rank}"
        else:
            moved = f"not in the suggestions (it is #{rank} now)"
        lines.append(f"<li>Without your {escape(category_label(cat))}: {moved}.</li>")
    return (f"<p><strong>What if I didn't share?</strong></p>"
            f"<ul class='cc-whatif'>{''.join(lines)}</ul>")


def why_html(reasons: Sequence[str], explanation: Explanation, disclosure: Disclosure,
             rank: int, decision: Decision | None = None,
             held_back: Sequence[str] = ()) -> str:
    """The body of the "Why this?" panel, from the same data the audit log stores."""
    items = "".join(f"<li>{escape(r)}</li>" for r in reasons) or "<li>No reason recorded.</li>"
    decided = "" if decision is None else f" data-decided-by='{decision.decided_by}'"
    parts = [
        f"<div class='cc-why'{decided}><p><strong>Reasons</strong></p>"
        f"<ol class='cc-reasons'>{items}</ol>",
    ]
    if held_back:
        what = "; ".join(r[0].lower() + r[1:] if len(r) > 1 and r[1].islower() else r
                         for r in held_back)
        parts.append(f"<p class='cc-held'><strong>Held back by:</strong> {escape(what)}</p>")
    parts += [
        picture_html(explanation, disclosure, rank, decision),
        "<p><strong>Data used</strong></p>",
        chips_html(disclosure),
    ]
    if disclosure.retention:
        kept = ", ".join(f"{category_label(c)}: {d}" for c, d in disclosure.retention.items())
        parts.append(f"<p class='cc-retention'>Kept for: {escape(kept)}</p>")
    parts.append("</div>")
    return "".join(parts)


def suggestion_why_html(s: Suggestion) -> str:
    return why_html(s.reasons, s.explanation, s.disclosure, s.rank, s.decision, s.held_back)


__all__ = [
    "chips_html", "picture_html", "push_shares", "stages_html", "suggestion_why_html",
    "what_if_html", "why_html",
]
