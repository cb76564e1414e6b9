"""The Shop tab: chat, suggestion cards and their "Why this?" panels (no gradio).

The HTML here is what the shopper sees; the marketer console shows a stored
suggestion through the same functions, so it shows exactly what was shown.
The card's price is `Product.price`, what the shopper pays (the figure the
reply text gives); a discounted product also shows its `list_price` struck
through. The "Why this?" picture speaks in the shopper's terms: each kind of
data's share of the push that decided the order, and for personal data the
place the product would have without it. The exact log-odds waterfall is the
marketer console's (ui.console).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from assistant.session import CardsReady
from explain.types import Disclosure, Explanation
from models.categories import PERSONAL_CATEGORIES, category_label
from models.errors import ClearCartError
from ui.render import money, stars
from ui.state import CardView, Message, TurnStep, UIConfig, UIState, error_text

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.reply import Suggestion
    from assistant.shop import ShopAssistant

AI_NOTICE = (
    "You are chatting with an AI shop assistant running on this computer. "
    "It answers from the shop's catalog and can make mistakes. Every suggestion "
    "has a **Why this?** panel that shows which of your data was used; "
    "personal data is used only if you switch it on in the **Privacy center**."
)
_ZERO = 1e-12  # contributions below this (score units) move nothing


# -- card head --------------------------------------------------------------
def price_html(product: Product) -> str:
    """What the shopper pays; the list price struck through when there is a discount."""
    pays = f"<span class='cc-price'>{money(product.price)}</span>"
    if product.discount <= 0:
        return pays
    was = money(product.list_price)
    return f"{pays} <span class='cc-old' aria-label='was {was}'>{was}</span>"


def product_card_html(product: Product, rank: int, sponsored_by: str | None,
                      personal: Sequence[str] = (), audit_id: int | None = None) -> str:
    """Card head; `personal` (categories used) shows as a badge and in `data-used`."""
    sponsored = (f"<span class='cc-chip cc-sponsored'>Sponsored by {escape(sponsored_by)}</span>"
                 if sponsored_by else "")
    used = escape(", ".join(map(category_label, personal)))
    uses = f"<span class='cc-chip cc-personal'>Uses your {used}</span>" if personal else ""
    rating = stars(product.rating, product.review_count)
    audit = "" if audit_id is None else str(int(audit_id))
    return (
        f"<div class='cc-head' data-product-id='{escape(product.id)}' "
        f"data-audit-id='{audit}' data-used='{escape(' '.join(personal))}'>"
        f"<p class='cc-title'>#{rank} {escape(product.title)}</p>"
        f"<div class='cc-meta'>{price_html(product)}"
        f"<span class='cc-rating'>{escape(rating)}</span>"
        f"<span class='cc-cat'>{escape(product.category)}</span>{sponsored}{uses}</div>"
        "</div>"
    )


def card_html(s: Suggestion) -> str:
    """The head of a suggestion card: rank, title, price, rating, payer, personal data used."""
    return product_card_html(s.product, s.rank, s.disclosure.sponsored_by,
                             personal_used(s.disclosure), s.audit_id)


def personal_used(disclosure: Disclosure) -> list[str]:
    """Personal categories this suggestion used (one "Don't use my ..." button each)."""
    return [c for c in PERSONAL_CATEGORIES if c in disclosure.used]


# -- "Why this?" -------------------------------------------------------------
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


def picture_html(e: Explanation, disclosure: Disclosure, rank: int) -> str:
    """The shopper's picture: which kind of data put this product at #rank, in plain terms.

    One bar per kind of data, as long as its share of the push (green, or amber for
    personal data: moved it up the list; grey: held it back), then the places it
    would move without each personal category the shopper shared.
    """
    shares = push_shares(e)
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
    summary = "; ".join(
        f"{category_label(c)} {_push_words(u, d)}" for c, (u, d) in shares.items()
    ) or "nothing moved it: it is where an average product would be"
    body = "".join(rows) or f"<li>{summary.capitalize()}.</li>"
    label = escape(f"What put it at #{rank}: {summary}.")
    return (
        f"<figure class='cc-picture' role='img' aria-label='{label}'>"
        f"<figcaption><strong>What put it at #{rank}</strong>: each kind of data's share of "
        "what decided the order (green or amber moved it up, grey held it back)</figcaption>"
        f"<ul class='cc-push'>{body}</ul></figure>{what_if_html(disclosure, rank)}"
    )


def what_if_html(disclosure: Disclosure, rank: int) -> str:
    """'Without your browsing history: #4 instead of #1.' (places in the list)."""
    if not disclosure.what_if:
        return ""
    lines = []
    for cat, alt in disclosure.what_if.items():
        if alt and alt > 0:
            moved = "the same place" if alt == rank else f"#{alt} instead of #{rank}"
        else:
            moved = f"not in the suggestions (it is #{rank} now)"
        lines.append(f"<li>Without your {escape(category_label(cat))}: {moved}.</li>")
    return (f"<p><strong>What if I didn't share?</strong></p>"
            f"<ul class='cc-whatif'>{''.join(lines)}</ul>")


def why_html(reasons: Sequence[str], explanation: Explanation, disclosure: Disclosure,
             rank: int) -> str:
    """The body of the "Why this?" panel, from the same data the audit log stores."""
    items = "".join(f"<li>{escape(r)}</li>" for r in reasons) or "<li>No reason recorded.</li>"
    parts = [
        f"<div class='cc-why'><p><strong>Reasons</strong></p><ol class='cc-reasons'>{items}</ol>",
        picture_html(explanation, disclosure, rank),
        "<p><strong>Data used</strong></p>",
        chips_html(disclosure),
    ]
    if disclosure.retention:
        kept = ", ".join(f"{category_label(c)}: {d}" for c, d in disclosure.retention.items())
        parts.append(f"<p class='cc-retention'>Kept for: {escape(kept)}</p>")
    parts.append("</div>")
    return "".join(parts)


def suggestion_why_html(s: Suggestion) -> str:
    return why_html(s.reasons, s.explanation, s.disclosure, s.rank)


# -- events -------------------------------------------------------------------
class ShopActions:
    """The Shop tab's event logic over one `ShopAssistant` (thread-safe as the assistant is).

    Every method gets the caller's `UIState`, whose `owner` the event layer has already
    checked against the caller's session (ui/gate.py)."""

    def __init__(self, bot: ShopAssistant, config: UIConfig | None = None) -> None:
        self.bot = bot
        self.cfg = config or UIConfig()
        self._demo = {d.id: d for d in bot.demo.shoppers()}

    def fresh_state(self, owner: str, persona: str | None = None) -> UIState:
        """A new chat for the caller `owner`: as themselves, or as their own copy of a demo
        persona (seeded with its consent and history the first time)."""
        notice: Message = {"role": "assistant", "content": AI_NOTICE}
        if persona is None:
            return UIState(owner=owner, shopper=owner, history=(notice,))
        self.bot.demo.persona(persona)  # unknown persona -> InputError with the choices
        copy = self.bot.identities.persona_copy(owner, persona)
        self.bot.demo.seed_shopper(persona, into=copy)
        return UIState(owner=owner, shopper=copy, persona=persona, history=(notice,))

    def ensure(self, st: UIState | None, owner: str) -> UIState:
        """The caller's state; a fresh one when it is missing or belongs to someone else."""
        return st if isinstance(st, UIState) and st.owner == owner else self.fresh_state(owner)

    def shopper_md(self, st: UIState) -> str:
        d = self._demo.get(st.persona or "")
        if d:
            return (f"**Shopping as {d.name}** (your own copy of the demo persona "
                    f"`{d.persona}`): {d.description}")
        return (f"**Shopping as** an anonymous shopper `{st.shopper[:10]}…` "
                "(nothing personal is used unless you switch it on)")

    def card_views(self, suggestions: Sequence[Suggestion] | None) -> list[CardView | None]:
        shown = list(suggestions or [])[: self.cfg.max_cards]
        views: list[CardView | None] = [
            CardView(card_html(s), suggestion_why_html(s), tuple(personal_used(s.disclosure)))
            for s in shown
        ]
        return views + [None] * (self.cfg.max_cards - len(views))

    def respond(self, st: UIState, message: str) -> Iterator[TurnStep]:
        """Stream a chat turn: the user's message, the growing reply, then the cards."""
        message = (message or "").strip()
        asked = st.said({"role": "user", "content": message})

        def said(text: str) -> UIState:
            return asked.said({"role": "assistant", "content": text})

        yield TurnStep(said("").chat(), st)
        session, text = self.bot.session(st.shopper), ""
        try:
            for event in session.ask_events(message):
                if isinstance(event, CardsReady):  # ranked and explained: show them now,
                    # with their products in the state, so their buttons work at once
                    st = replace(st, pids=tuple(s.product.id for s in event.suggestions))
                    yield TurnStep(said(text).chat(), st, self.card_views(event.suggestions))
                    continue
                text += event
                yield TurnStep(said(text).chat(), st)
        except ClearCartError as exc:
            failed = said(f"Sorry: {error_text(exc)}")
            yield TurnStep(failed.chat(), failed, done=True)
            return
        reply = session.last_reply
        assert reply is not None, "ask_stream finished without a reply"
        answered = said(reply.text + "".join(f"\n\n_{note}_" for note in reply.notes))
        new = replace(answered, last_q=message, pids=tuple(s.product.id for s in reply.suggestions))
        yield TurnStep(new.chat(), new, self.card_views(reply.suggestions), done=True)

    def rerun(self, st: UIState, note: str) -> tuple[UIState, list[CardView | None]]:
        """After "Not interested" / "Don't use my ...": say so, and ask the last question again."""
        st = st.said({"role": "assistant", "content": f"_{note}_"})
        suggestions: list[Suggestion] = []
        if st.last_q:
            reply = self.bot.session(st.shopper).ask(st.last_q)
            st = st.said({"role": "assistant", "content": reply.text})
            suggestions = reply.suggestions
        st = replace(st, pids=tuple(s.product.id for s in suggestions))
        return st, self.card_views(suggestions)

    def not_interested(self, st: UIState, slot: int) -> tuple[UIState, list[CardView | None]]:
        pid = st.pid(slot)
        self.bot.session(st.shopper).not_interested(pid)
        return self.rerun(st, f"OK, I won't suggest {self.bot.catalog.get(pid).title} again.")

    def dont_use(self, st: UIState, category: str) -> tuple[UIState, list[CardView | None]]:
        self.bot.session(st.shopper).consent.withdraw(category, source="why panel")
        return self.rerun(st, f"OK, I no longer use your {category_label(category)}.")

    def view(self, st: UIState, slot: int) -> str:
        """'View product': a product page view; says whether it went into the browsing history."""
        pid = st.pid(slot)
        recorded = self.bot.session(st.shopper).view(pid)
        title = self.bot.catalog.get(pid).title
        return f"Viewed {title}: " + (
            "added to your browsing history." if recorded
            else "not recorded (browsing history is off)."
        )


__all__ = [
    "AI_NOTICE", "ShopActions", "card_html", "chips_html", "personal_used", "picture_html",
    "price_html", "product_card_html", "push_shares", "suggestion_why_html", "what_if_html",
    "why_html",
]
