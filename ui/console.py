"""The Marketer console tab: audit log, exact waterfalls, model facts, bias audit, sponsors.

No gradio. A stored suggestion is shown through the Shop tab's renderers
(exactly what the shopper saw) beside the exact log-odds waterfall, which is
for marketers and auditors: the shopper's picture speaks in shares instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from explain.decision import Decision, RetrievalPlaced, RulePlaced
from models.categories import category_label
from models.errors import InputError
from ui.render import figure_html, fmt_time, short
from ui.shop import personal_used, product_card_html, why_html

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.privacy.records import AuditRecord
    from assistant.shop import ShopAssistant

# "placed by": the stage that set the card's place (rule, retrieval, ranker; "" before
# decision records were stored), so a rank-1 card with a lower score than rank 2 says why.
AUDIT_HEADERS = ["id", "time", "pseudonym", "product", "score", "top reason", "placed by"]
SPONSOR_HEADERS = ["product id", "title", "payer", "boost"]
PSEUDONYM_SHOWN = 12  # characters of a pseudonym in the table (the filter matches prefixes)
DEMO_DATA_NOTE = (
    "Demo data, not your shop's: this audit runs on simulated shoppers whose regions were "
    "assigned at random and on a synthetic protected attribute (random, not a real "
    "characteristic of anyone). It shows how the check works; to audit your own traffic run "
    "<code>python -m assistant bias-audit FILE --group COLUMN</code> on a table of the "
    "suggestions you showed."
)


def waterfall_alt(values: Mapping[str, float], base: float, score: float) -> str:
    top = sorted(values.items(), key=lambda kv: -abs(kv[1]))[:3]
    moves = "; ".join(f"{g} {v:+.2f}" for g, v in top)
    return f"Waterfall: from the average score {base:.2f} to {score:.2f}. Largest moves: {moves}."


def _pseudonym(p: str) -> str:
    return p if len(p) <= PSEUDONYM_SHOWN + 4 else f"{p[:PSEUDONYM_SHOWN]}…"


def audit_rows(records: Sequence[AuditRecord]) -> list[list[Any]]:
    """Audit log rows, newest first; an erased shopper's pseudonym shows as '(erased)'."""
    ordered = sorted(records, key=lambda r: r.id, reverse=True)
    return [
        [r.id, fmt_time(r.time), _pseudonym(r.pseudonym or "(erased)"),
         r.product_title or r.product_id, round(r.score, 4), r.top_reason,
         r.decision.decided_by if r.decision is not None else ""]
        for r in ordered
    ]


def record_product(record: AuditRecord) -> Product | None:
    """The card's facts as the record stored them; None for records that kept no price."""
    from assistant.catalog import Product

    d = record.product
    if "price" not in d:
        return None
    price = float(d["price"])
    list_price = float(d.get("list_price") or price + float(d.get("discount") or 0.0))
    rating = d.get("rating")
    return Product(
        id=str(d.get("id") or record.product_id),
        title=str(d.get("title") or record.product_title),
        category=str(d.get("category") or ""),
        price=price,
        discount=round(max(list_price - price, 0.0), 2),
        discount_text=str(d.get("discount_text") or ""),
        rating=None if rating is None else float(rating),
        review_count=int(d.get("review_count") or 0),
        features=(),
        brand=str(d.get("brand") or ""),
    )


def audit_record_html(record: AuditRecord) -> str:
    """A stored suggestion exactly as the shopper saw it: card head, reasons, picture, chips."""
    disclosure = record.disclosure
    rank = record.rank or 1
    product = record_product(record)
    title = record.product_title or record.product_id
    head = (
        product_card_html(product, rank, disclosure.sponsored_by, personal_used(disclosure))
        if product is not None
        else f"<p class='cc-title'>#{rank} {escape(title)}</p>"
    )
    meta = [
        f"Audit record {record.id}",
        f"shown {escape(fmt_time(record.time))}",
        f"to {escape(record.pseudonym or '(erased shopper)')}",
        f"score {record.score:.3f} (log-odds)",
    ]
    for label, version in (("model version", record.model_version),
                           ("catalog version", record.catalog_version)):
        if version and version != "unknown":
            meta.append(f"{label} {escape(version[:12])}")
    why = why_html(record.reasons, record.explanation, disclosure, rank, record.decision,
                   record.held_back)
    data = "" if record.decision is None else decision_html(record.decision, record.id)
    return (f"<div class='cc-audit'><p class='cc-audit-meta'>{' · '.join(meta)}</p>{head}{why}"
            f"{data}</div>")


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, tuple | list):
        return escape(", ".join(map(str, value)))
    return escape("—" if value is None else str(value))


def decision_html(d: Decision, audit_id: int | None = None) -> str:
    """The decision record as data, for marketers and auditors: each stage's evidence."""
    rows: list[tuple[str, Any]] = [("decided by", d.decided_by), ("reply (turn)", d.turn or None),
            ("personal data in use", [c for c, on in d.consent.items() if on] or "none"),
            ("candidates from", d.admitted.source), ("met the constraints", d.admitted.matched)]
    for c in d.admitted.conditions:
        unit = f" {c.unit}" if c.unit else ""
        limit = ", ".join(c.limit) if isinstance(c.limit, tuple) else c.limit
        rows.append((f"constraint {c.name} {c.op} {limit}{unit}",
                     f"{_cell(c.value)} ({'met' if c.met else 'not met'})"))
    p = d.placed
    if isinstance(p, RulePlaced):
        order = "descending" if p.descending else "ascending"
        rows += [("rule", f"{p.rule} ({p.key or 'no key'}, {order})"),
                 ("value", f"{_cell(p.value)}{' ' + p.unit if p.unit else ''}"
                           + ("" if p.reviews is None else f" from {p.reviews:,} reviews")),
                 ("position", f"{p.position} of {p.among}")]
    elif isinstance(p, RetrievalPlaced):
        rows += [("text search relevance", p.relevance), ("position", f"{p.position} of {p.among}")]
    else:
        rows += [("ranker score (log-odds)", p.score), ("place", f"{p.place} of {p.among}")]
    if p.runner_up is not None:
        rows.append(("runner-up", f"{p.runner_up.product_id}: {_cell(p.runner_up.value)}"))
    rows += [("model players", list(d.model.players)),
             ("request facts", f"category {_cell(d.model.request_category)}, price "
                               f"{_cell(d.model.request_min_price)}–"
                               f"{_cell(d.model.request_max_price)}")]
    body = "".join(f"<tr><th scope='row'>{escape(k)}</th><td>{_cell(v)}</td></tr>"
                   for k, v in rows)
    features = ", ".join(f"{escape(f)}={v:.6g}" for f, v in d.model.features.items())
    replay = "" if audit_id is None else (
        f"<p>Re-run it: <code>python -m assistant audit replay {int(audit_id)}</code></p>")
    return (f"<div class='cc-scroll'><table class='cc-decision'><caption>Decision record"
            f"</caption><tbody>{body}</tbody></table></div><details><summary>Feature row "
            f"({len(d.model.features)} values)</summary><p>{features}</p></details>{replay}")


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
        "<div class='cc-scroll'><table class='cc-params'>"
        "<caption>What the ranking model looks at</caption>"
        "<thead><tr><th>signal</th><th>data category</th><th>what it means</th>"
        f"<th>weight</th></tr></thead><tbody>{body}</tbody></table></div>"
    )


def importance_html(by_category: Mapping[str, float]) -> str:
    """Global importance (mean |SHAP|) by data category, as a small table."""
    total = sum(abs(v) for v in by_category.values()) or 1.0
    body = "".join(
        f"<tr><td>{escape(category_label(c))}</td><td>{v:.3f}</td>"
        f"<td>{abs(v) / total:.0%}</td></tr>"
        for c, v in sorted(by_category.items(), key=lambda kv: -abs(kv[1]))
    )
    return (
        "<table class='cc-importance'><caption>Average influence by data category</caption>"
        "<thead><tr><th>category</th><th>mean |SHAP|</th><th>share</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def report_html(report: Mapping[str, Any], title: str, note: str = "") -> str:
    """A nested report dict (bias audit, verification) as headings and lists.

    `note` (trusted HTML, not data) goes first, e.g. that the report is on demo data.
    """
    lead = f"<p class='cc-demo-data'>{note}</p>" if note else ""
    return f"<div class='cc-report'><h4>{escape(title)}</h4>{lead}{_nested(report)}</div>"


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
    return escape(short(value))


def sponsorship_rows(
    sponsorships: Mapping[str, tuple[str, float]], titles: Mapping[str, str]
) -> list[list[Any]]:
    return [
        [pid, titles.get(pid, ""), payer, float(boost)]
        for pid, (payer, boost) in sorted(sponsorships.items())
    ]


class ConsoleActions:
    """The Marketer console's event logic over `bot.console`."""

    def __init__(self, bot: ShopAssistant) -> None:
        self.bot = bot
        self.console = bot.console

    def audit(self, pseudonym: str, product_id: str) -> list[list[Any]]:
        records = self.console.audit_log(shopper_pseudonym=pseudonym, product_id=product_id)
        return audit_rows(records)

    def audit_open(self, audit_id: int | str) -> tuple[str, str]:
        """A stored suggestion exactly as the shopper saw it, with its exact waterfall."""
        rec = self.console.audit_record(int(audit_id))
        e = rec.explanation
        alt = waterfall_alt(e.values, e.base_value, e.score)
        return audit_record_html(rec), figure_html(self.console.plots.waterfall(e), alt)

    def verify(self) -> str:
        rep = self.console.verify_audit()
        if rep.ok:
            return "<p class='cc-ok'>Audit chain verified: every record is intact.</p>"
        problems = {"problems": list(getattr(rep, "problems", []))}
        return report_html(problems, "Audit chain does NOT verify")

    def parameters(self) -> str:
        """The ranker's main parameters in plain language (weights from the logged traffic)."""
        return parameters_html(self.console.model_parameters())

    def importance(self) -> tuple[str, str]:
        fig = self.console.plots.global_bar()
        by_category = dict(self.console.global_importance().by_category)
        return figure_html(fig, "Global importance by feature group"), importance_html(by_category)

    def bias(self) -> tuple[str, str]:
        """The bias audit on the demo traffic, labelled as demo data."""
        rep = self.console.bias_audit().to_dict()
        chart = figure_html(self.console.plots.audit_chart(),
                            "Bias audit chart (demo data: random regions)")
        return report_html(rep, "Bias audit (demo data)", DEMO_DATA_NOTE), chart

    def sponsors(self) -> list[list[Any]]:
        titles = {p.id: p.title for p in self.bot.catalog.products}
        return sponsorship_rows(self.console.sponsorships(), titles)

    def sponsor(self, product_id: str | None, payer: str, boost: float) -> list[list[Any]]:
        if not product_id or not (payer or "").strip():
            raise InputError("a sponsorship needs a product and a payer",
                             fix="pick a product and name who pays for the promotion")
        self.console.set_sponsorship(product_id, payer.strip(), float(boost))
        return self.sponsors()

    def unsponsor(self, product_id: str | None) -> list[list[Any]]:
        if product_id:
            self.console.clear_sponsorship(product_id)
        return self.sponsors()


__all__ = [
    "AUDIT_HEADERS", "DEMO_DATA_NOTE", "SPONSOR_HEADERS", "ConsoleActions", "audit_record_html",
    "audit_rows", "decision_html", "importance_html", "parameters_html", "record_product",
    "report_html", "sponsorship_rows", "waterfall_alt",
]
