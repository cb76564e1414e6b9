"""The Shop tab: chat, suggestion cards and their "Why this?" panels (no gradio).

The HTML here is what the shopper sees; the marketer console shows a stored
suggestion through the same functions, so it shows exactly what was shown.
The card's price is `Product.price`, what the shopper pays (the figure the
reply text gives); a discounted product also shows its `list_price` struck
through. The "Why this?" panel (ui/why.py, re-exported here) says which stage
placed the card: the question's rule with its evidence, or each kind of data's
share of the push that decided the ranker's order; and for personal data the
place the product would have without it. The exact log-odds waterfall is the
marketer console's (ui.console).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from assistant.session import CardsReady
from explain.types import Disclosure
from models.categories import PERSONAL_CATEGORIES, category_label
from models.errors import ClearCartError
from ui.render import money, stars
from ui.state import CardView, Message, TurnStep, UIConfig, UIState, error_text
from ui.why import (
    chips_html,
    picture_html,
    push_shares,
    stages_html,
    suggestion_why_html,
    what_if_html,
    why_html,
)

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.reply import Reply, Suggestion
    from assistant.shop import ShopAssistant

AI_NOTICE = (
    "You are chatting with an AI shop assistant running on this computer. "
    "It answers from the shop's catalog and can make mistakes. Every suggestion "
    "has a **Why this?** panel that shows which of your data was used; "
    "personal data is used only if you switch it on in the **Privacy center**."
)


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
        f"{options_html(product)}</div>"
    )


STOCK_WORDS = {"out_of_stock": "Out of stock", "preorder": "Pre-order",
               "backorder": "On back order"}  # in stock is the normal case: said by a count


def options_html(product: Product) -> str:
    """One product with its options and stock: 'Color: Gold, Silver, Space Gray · 2 in stock'.
    Nothing for a product without options or stock facts."""
    parts = [f"{escape(name)}: {escape(', '.join(values))}"
             for name, values in product.options().items() if len(values) > 1]
    if product.availability in STOCK_WORDS:
        parts.append(f"<strong class='cc-stock-out'>{STOCK_WORDS[product.availability]}</strong>")
    elif product.stock is not None and product.stock <= 5 and product.in_stock:
        parts.append(f"only {product.stock} in stock")
    elif product.stock is not None and product.in_stock:
        parts.append("in stock")
    return f"<p class='cc-options'>{' · '.join(parts)}</p>" if parts else ""


def card_html(s: Suggestion) -> str:
    """The head of a suggestion card: rank, title, price, rating, payer, personal data used."""
    return product_card_html(s.product, s.rank, s.disclosure.sponsored_by,
                             personal_used(s.disclosure), s.audit_id)


def personal_used(disclosure: Disclosure) -> list[str]:
    """Personal categories this suggestion used (one "Don't use my ..." button each)."""
    return [c for c in PERSONAL_CATEGORIES if c in disclosure.used]


def reply_buttons(reply: Reply) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The reply's question choices and its undoable assumptions, as (label, message)."""
    choices = tuple((c.label, c.message) for c in reply.question.choices) \
        if reply.question is not None else ()
    undo = tuple((f"Undo: {a.words}", a.undo) for a in reply.assumptions if a.undo)
    return choices, undo


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

        yield TurnStep(said("").chat(), st, buttons=((), ()))
        session, text = self.bot.session(st.shopper), ""
        session.notice_shown()  # the chat opens with AI_NOTICE: no reply repeats it
        shown: tuple[str, ...] | None = None  # the cards already sent
        try:
            for event in session.ask_events(message):
                if isinstance(event, CardsReady):  # ranked and explained: show them now,
                    # with their products and this question in the state, so their buttons
                    # ("Don't use my ...", which asks this question again) work at once
                    shown = tuple(s.product.id for s in event.suggestions)
                    st = replace(said(text), last_q=message, pids=shown)
                    yield TurnStep(said(text).chat(), st, self.card_views(event.suggestions))
                    continue
                text += event
                yield TurnStep(said(text).chat(), replace(said(text), last_q=message,
                                                         pids=st.pids))
        except ClearCartError as exc:
            failed = said(f"Sorry: {error_text(exc)}")
            yield TurnStep(failed.chat(), failed, done=True)
            return
        reply = session.last_reply
        assert reply is not None, "ask_stream finished without a reply"
        answered = said(reply.text + "".join(f"\n\n_{note}_" for note in reply.notes))
        choices, undo = reply_buttons(reply)
        new = replace(answered, last_q=message, pids=tuple(s.product.id for s in reply.suggestions),
                      choices=choices, undo=undo)
        # the cards were sent when ranked: sending them again would undo a button pressed
        # while the text streamed (cards re-ranked without the browsing history put back)
        cards = None if shown == new.pids else self.card_views(reply.suggestions)
        yield TurnStep(new.chat(), new, cards, done=True, buttons=(choices, undo))

    def rerun(self, st: UIState, note: str) -> tuple[UIState, list[CardView | None]]:
        """After "Not interested" / "Don't use my ...": say so, and ask the last question again."""
        st = st.said({"role": "assistant", "content": f"_{note}_"})
        suggestions: list[Suggestion] = []
        if st.last_q:
            session = self.bot.session(st.shopper)
            session.notice_shown()
            reply = session.ask(st.last_q)
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
    "AI_NOTICE", "STOCK_WORDS", "ShopActions", "card_html", "chips_html", "options_html",
    "personal_used", "picture_html", "price_html", "product_card_html", "push_shares",
    "reply_buttons", "stages_html", "suggestion_why_html", "what_if_html", "why_html",
]
