"""HTML and table formatting for the web UI: pure functions, no gradio.

`app.py` wires these into Gradio components; everything here takes plain
data (a `Suggestion`, or the dicts stored in the audit log) and returns
strings or rows, so it is tested without a browser. Every piece of text
that comes from data (product titles, payer names, reasons) is escaped.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from typing import TYPE_CHECKING, Any

from explain.types import Explanation
from models.categories import PERSONAL_CATEGORIES

if TYPE_CHECKING:
    from assistant.reply import Suggestion

AI_NOTICE = (
    "You are chatting with an AI shop assistant running on this computer. "
    "It answers from the shop's catalog and can make mistakes. Every suggestion "
    "has a **Why this?** panel that shows which of your data was used; "
    "personal data is used only if you switch it on in the **Privacy center**."
)

CATEGORY_LABELS = {
    "request": "your request",
    "product": "product facts",
    "browsing_history": "browsing history",
    "purchase_history": "purchase history",
    "location": "location",
    "sponsorship": "sponsorship",
}

CSS = """
.cc-card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px;}
.cc-title {font-weight: 600; margin: 0 0 4px 0;}
.cc-meta {display: flex; flex-wrap: wrap; gap: 12px; font-size: 0.95em;}
.cc-old {text-decoration: line-through; opacity: 0.7;}
.cc-chips {display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; padding: 0; list-style: none;}
.cc-chip {border-radius: 999px; padding: 2px 10px; font-size: 0.9em; border: 1px solid;}
.cc-used {background: #e7f5ec; border-color: #2f8a4c; color: #174d29;}
.cc-personal {background: #fff4e0; border-color: #b06d00; color: #5c3900;}
.cc-notused {background: #f2f2f2; border-color: #888; color: #333;}
.cc-sponsored {background: #fde8ec; border-color: #b3263e; color: #6b1020;}
.cc-plot img {max-width: 100%; height: auto;}
.cc-scroll {overflow-x: auto; max-width: 100%;}
.cc-params, .cc-importance {width: 100%; border-collapse: collapse;}
.cc-params td, .cc-params th, .cc-importance td, .cc-importance th {padding: 4px 6px; vertical-align: top;}
.cc-card-top {align-items: center;} .cc-audit-meta {overflow-wrap: anywhere;}
@media (max-width: 640px) { #audit-table table {min-width: 640px;} }
.cc-ok {color: #174d29; font-weight: 600;} @media (max-width: 480px) { .cc-meta {gap: 6px;} .cc-params {font-size: 0.85em;} }
"""


def category_label(category: str) -> str:
    """'browsing_history' -> 'browsing history' (known categories get friendlier names)."""
    return CATEGORY_LABELS.get(category, category.replace("_", " "))


def money(amount: float) -> str:
    return f"${amount:,.2f}"


def stars(rating: float | None, review_count: int) -> str:
    if rating is None:
        return "no reviews yet"
    return f"★ {rating:.1f}/5 ({review_count:,} review{'s' if review_count != 1 else ''})"


# -- shop tab ---------------------------------------------------------------
def card_html(s: Suggestion) -> str:
    """The head of a suggestion card: rank, title, price (with discount), rating."""
    disclosure = s.disclosure.to_dict()
    return product_card_html(
        s.product.to_dict(), s.rank, s.disclosure.sponsored_by, personal_used(disclosure), s.audit_id
    )


def product_card_html(product: Mapping[str, Any], rank: int, sponsored_by: str | None,
                      personal: Sequence[str] = (), audit_id: int | None = None) -> str:
    """Card head; `personal` (categories used) shows as a badge and in `data-used`."""
    price = float(product.get("price", 0.0))
    discount = float(product.get("discount") or 0.0)
    if discount > 0:
        price_html = (
            f"<span class='cc-price'>{money(price - discount)}</span> "
            f"<span class='cc-old' aria-label='was {money(price)}'>{money(price)}</span>"
        )
    else:
        price_html = f"<span class='cc-price'>{money(price)}</span>"
    sponsored = f"<span class='cc-chip cc-sponsored'>Sponsored by {escape(sponsored_by)}</span>" if sponsored_by else ""
    used = escape(", ".join(map(category_label, personal)))
    uses = f"<span class='cc-chip cc-personal'>Uses your {used}</span>" if personal else ""
    rating = stars(product.get("rating"), int(product.get("review_count") or 0))
    return (
        f"<div class='cc-head' data-product-id='{escape(str(product.get('id', '')))}' "
        f"data-audit-id='{'' if audit_id is None else int(audit_id)}' data-used='{escape(' '.join(personal))}'>"
        f"<p class='cc-title'>#{rank} {escape(str(product.get('title', '')))}</p>"
        f"<div class='cc-meta'>{price_html}<span class='cc-rating'>{escape(rating)}</span>"
        f"<span class='cc-cat'>{escape(str(product.get('category', '')))}</span>{sponsored}{uses}</div>"
        "</div>"
    )


def chips_html(disclosure: Mapping[str, Any]) -> str:
    """Data-used chips: each category used with its share, each not used and why, the payer."""
    items: list[str] = []
    used: Mapping[str, float] = disclosure.get("used") or {}
    for cat, share in sorted(used.items(), key=lambda kv: -kv[1]):
        cls = "cc-personal" if cat in PERSONAL_CATEGORIES else "cc-used"
        items.append(
            f"<li class='cc-chip {cls}' data-category='{escape(cat)}' data-state='used'>"
            f"Used: {escape(category_label(cat))} {share:.0%}</li>"
        )
    for cat, why in (disclosure.get("not_used") or {}).items():
        items.append(
            f"<li class='cc-chip cc-notused' data-category='{escape(cat)}' data-state='not-used'>"
            f"Not used: {escape(category_label(cat))} ({escape(str(why))})</li>"
        )
    payer = disclosure.get("sponsored_by")
    if payer:
        items.append(
            f"<li class='cc-chip cc-sponsored' data-category='sponsorship' data-state='sponsored'>"
            f"Sponsored by {escape(str(payer))}</li>"
        )
    return f"<ul class='cc-chips' aria-label='Data used for this suggestion'>{''.join(items)}</ul>"


def what_if_html(disclosure: Mapping[str, Any], rank: int) -> str:
    """'Without your browsing history this would be #4 (it is #1 now).'"""
    what_if: Mapping[str, int] = disclosure.get("what_if") or {}
    if not what_if:
        return ""
    lines = []
    for cat, alt in what_if.items():
        where = f"#{alt}" if alt and alt > 0 else "not in the suggestions"
        lines.append(
            f"<li>If you didn't share your {escape(category_label(cat))}, this would be "
            f"{where} (it is #{rank} now).</li>"
        )
    return f"<p><strong>What if I didn't share?</strong></p><ul class='cc-whatif'>{''.join(lines)}</ul>"


def why_html(reasons: Sequence[str], disclosure: Mapping[str, Any], rank: int, score: float | None = None) -> str:
    """The body of the "Why this?" panel, from the same data the audit log stores."""
    reason_items = "".join(f"<li>{escape(r)}</li>" for r in reasons) or "<li>No reason recorded.</li>"
    parts = [
        f"<div class='cc-why'><p><strong>Reasons</strong></p><ol class='cc-reasons'>{reason_items}</ol>",
        "<p><strong>Data used</strong></p>",
        chips_html(disclosure),
        what_if_html(disclosure, rank),
    ]
    retention = disclosure.get("retention") or {}
    if retention:
        kept = ", ".join(f"{category_label(c)}: {d}" for c, d in retention.items())
        parts.append(f"<p class='cc-retention'>Kept for: {escape(kept)}</p>")
    if score is not None:
        parts.append(f"<p class='cc-score'>Ranking score: {score:.3f}</p>")
    parts.append("</div>")
    return "".join(parts)


def suggestion_why_html(s: Suggestion) -> str:
    return why_html(s.reasons, s.disclosure.to_dict(), s.rank, s.score)


def personal_used(disclosure: Mapping[str, Any]) -> list[str]:
    """Personal categories this suggestion used (one "Don't use my ..." button each)."""
    return [c for c in PERSONAL_CATEGORIES if c in (disclosure.get("used") or {})]


def figure_html(fig: Any, alt: str) -> str:
    """A matplotlib Figure as an inline PNG <img> with alt text; closes the figure."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    finally:
        plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f"<div class='cc-plot'><img src='data:image/png;base64,{data}' alt='{escape(alt)}'></div>"


def explanation_from_dict(d: Mapping[str, Any]) -> Explanation:
    """Rebuild a stored explanation (no value function) so plots can draw it.

    Accepts `Explanation.to_dict()`, an audit record holding one under
    "explanation", or the audit log's flat form (score, base_value, shap, category_of).
    """
    if isinstance(d.get("explanation"), Mapping):
        d = d["explanation"]
    values = d["values"] if "values" in d else d["shap"]
    return Explanation(
        score=float(d["score"]),
        base_value=float(d["base_value"]),
        values={k: float(v) for k, v in values.items()},
        category_of=dict(d["category_of"]),
        players=tuple(d["players"]) if "players" in d else tuple(values),
        feature_values=dict(d.get("feature_values") or {}),
    )


def waterfall_alt(values: Mapping[str, float], base: float, score: float) -> str:
    top = sorted(values.items(), key=lambda kv: -abs(kv[1]))[:3]
    moves = "; ".join(f"{g} {v:+.2f}" for g, v in top)
    return f"Waterfall: from the average score {base:.2f} to {score:.2f}. Largest moves: {moves}."


# -- privacy center ---------------------------------------------------------
def consent_info(category: str, purposes: Mapping[str, str], retention: Mapping[str, str]) -> str:
    purpose = purposes.get(category, "")
    kept = retention.get(category)
    return f"{purpose} Kept for {kept}." if kept else purpose


RECEIPT_HEADERS = ["time (UTC)", "data category", "action", "where"]


def fmt_time(value: Any) -> str:
    """Epoch seconds -> 'YYYY-MM-DD HH:MM:SS' (UTC); strings pass through."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value), tz=UTC).strftime("%Y-%m-%d %H:%M:%S")
    return "" if value is None else str(value)


def receipt_rows(receipts: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    """Consent receipts (given oldest first, as the store keeps them), shown newest first."""
    rows = []
    for r in reversed(receipts):
        action = r.get("state") or r.get("action") or ("granted" if r.get("granted") else "withdrawn")
        when = r.get("time", r.get("at"))
        rows.append([fmt_time(when), category_label(str(r.get("category", ""))), str(action), str(r.get("source") or "")])
    return rows


def data_html(export: Mapping[str, Any]) -> str:
    """'See my data': every section of the export, readable, each value escaped."""
    if not export:
        return "<p>We hold no data about you.</p>"
    parts = ["<div class='cc-mydata'>"]
    for key, value in export.items():
        parts.append(f"<h4>{escape(str(key).replace('_', ' ').capitalize())}</h4>")
        if isinstance(value, list):
            if not value:
                parts.append("<p>(none)</p>")
                continue
            items = "".join(f"<li>{escape(_summary(v))}</li>" for v in value[:200])
            more = f"<p>… and {len(value) - 200} more (see the JSON file)</p>" if len(value) > 200 else ""
            parts.append(f"<ul>{items}</ul>{more}")
        elif isinstance(value, dict):
            items = "".join(
                f"<li><strong>{escape(str(k))}</strong>: {escape(_short(v))}</li>" for k, v in value.items()
            )
            parts.append(f"<ul>{items or '<li>(none)</li>'}</ul>")
        else:
            parts.append(f"<p>{escape(_short(value))}</p>")
    parts.append("</div>")
    return "".join(parts)


def _summary(item: Any) -> str:
    """One exported row as 'at: … · role: … · text: …' (a stored suggestion by its product, not its numbers)."""
    flat = {**item, **(item.get("record") or {})} if isinstance(item, Mapping) else {}
    parts = [f"{k.replace('_', ' ')}: {v}" for k, v in flat.items() if k in SUMMARY_KEYS]
    return _short(" · ".join(parts) if parts else item)


SUMMARY_KEYS = ("at", "role", "text", "product_id", "product_title", "rank", "price", "category", "state", "source")
def _pseudonym(p: str) -> str:  # a 12-character prefix: the pseudonym filter matches prefixes
    return p if len(p) <= 16 else f"{p[:12]}…"


def _short(value: Any, limit: int = 300) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- marketer console -------------------------------------------------------
AUDIT_HEADERS = ["id", "time", "pseudonym", "product", "score", "top reason"]


def audit_rows(records: Sequence[Mapping[str, Any]]) -> list[list[Any]]:
    """Audit log rows, newest first; an erased shopper's pseudonym shows as '(erased)'."""
    ordered = sorted(records, key=lambda r: int(r.get("id") or 0), reverse=True)
    return [
        [
            r.get("id"),
            fmt_time(r.get("time")),
            _pseudonym(str(r.get("pseudonym") or "(erased)")),
            str(r.get("product_title") or r.get("product_id", "")),
            round(float(r.get("score") or 0.0), 4),
            str(r.get("top_reason") or ""),
        ]
        for r in ordered
    ]


def audit_record_html(record: Mapping[str, Any]) -> str:
    """A stored suggestion exactly as the shopper saw it: card head, reasons, chips."""
    product = dict(record.get("product") or {})
    product.setdefault("id", record.get("product_id", ""))
    product.setdefault("title", record.get("product_title", ""))
    disclosure = record.get("disclosure") or {}
    rank = int(record.get("rank") or 1)
    head = (
        product_card_html(product, rank, disclosure.get("sponsored_by"), personal_used(disclosure))
        if "price" in product
        else f"<p class='cc-title'>#{rank} {escape(str(product['title']))}</p>"
    )
    meta = [
        f"Audit record {escape(str(record.get('id', '')))}",
        f"shown {escape(fmt_time(record.get('time')))}",
        f"to {escape(str(record.get('pseudonym') or '(erased shopper)'))}",
    ]
    for key in ("model_version", "catalog_version"):
        if record.get(key):
            meta.append(f"{key.replace('_', ' ')} {escape(str(record[key]))[:12]}")
    return (
        f"<div class='cc-audit'><p class='cc-audit-meta'>{' · '.join(meta)}</p>{head}"
        f"{why_html(record.get('reasons') or [], disclosure, rank, record.get('score'))}</div>"
    )


def parameters_html(params: Sequence[Mapping[str, Any]]) -> str:
    """The model's main parameters in plain language, biggest weight first."""
    rows = sorted(params, key=lambda p: -abs(float(p.get("weight") or 0.0)))
    body = "".join(
        f"<tr><td>{escape(str(p.get('group', '')))}</td>"
        f"<td>{escape(category_label(str(p.get('category', ''))))}</td>"
        f"<td>{escape(str(p.get('description', '')))}</td>"
        f"<td>{float(p.get('weight') or 0.0):.1%}</td></tr>"
        for p in rows
    )
    return (
        "<div class='cc-scroll'><table class='cc-params'><caption>What the ranking model looks at</caption>"
        "<thead><tr><th>signal</th><th>data category</th><th>what it means</th>"
        f"<th>weight</th></tr></thead><tbody>{body}</tbody></table></div>"
    )


def importance_html(importance: Mapping[str, Mapping[str, float]]) -> str:
    """Global importance (mean |SHAP|) by data category, as a small table."""
    by_cat = importance.get("by_category") or {}
    total = sum(abs(v) for v in by_cat.values()) or 1.0
    body = "".join(
        f"<tr><td>{escape(category_label(c))}</td><td>{v:.3f}</td><td>{abs(v) / total:.0%}</td></tr>"
        for c, v in sorted(by_cat.items(), key=lambda kv: -abs(kv[1]))
    )
    return (
        "<table class='cc-importance'><caption>Average influence by data category</caption>"
        f"<thead><tr><th>category</th><th>mean |SHAP|</th><th>share</th></tr></thead><tbody>{body}</tbody></table>"
    )


def report_html(report: Mapping[str, Any], title: str) -> str:
    """A nested report dict (bias audit, verification) as headings and lists."""
    return f"<div class='cc-report'><h4>{escape(title)}</h4>{_nested(report)}</div>"


def _nested(value: Any, depth: int = 0) -> str:
    if isinstance(value, Mapping):
        items = "".join(
            f"<li><strong>{escape(str(k).replace('_', ' '))}</strong>: {_nested(v, depth + 1)}</li>"
            for k, v in value.items()
        )
        return f"<ul>{items}</ul>"
    if isinstance(value, list | tuple) and depth < 3 and value and isinstance(value[0], Mapping):
        return "".join(_nested(v, depth + 1) for v in value[:50])
    if isinstance(value, float):
        return f"{value:.4g}"
    return escape(_short(value))


SPONSOR_HEADERS = ["product id", "title", "payer", "boost"]


def sponsorship_rows(
    sponsorships: Mapping[str, tuple[str, float]], titles: Mapping[str, str]
) -> list[list[Any]]:
    return [
        [pid, titles.get(pid, ""), payer, float(boost)]
        for pid, (payer, boost) in sorted(sponsorships.items())
    ]


__all__ = [
    "AI_NOTICE", "AUDIT_HEADERS", "CSS", "RECEIPT_HEADERS", "SPONSOR_HEADERS", "audit_record_html", "audit_rows",
    "card_html", "category_label", "chips_html", "consent_info", "data_html", "explanation_from_dict",
    "figure_html", "fmt_time", "importance_html", "parameters_html", "personal_used", "product_card_html",
    "receipt_rows", "report_html", "sponsorship_rows", "stars", "suggestion_why_html", "waterfall_alt",
    "what_if_html", "why_html",
]
