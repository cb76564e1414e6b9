"""One shopper's conversation: the data flow of a turn, in order.

message -> plan (typed query resolved against the dialogue; code decides facts) -> shopper
context (only consented data) -> rank + exact explanation -> audit record
-> grounded, streamed phrasing -> stored (redacted) turn -> Reply.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.limits import check_message
from assistant.pipeline import ConsentView
from assistant.reply import Reply, Suggestion, as_grounding
from models.categories import BROWSING_HISTORY, PURCHASE_HISTORY
from models.features import ShopperContext

if TYPE_CHECKING:
    from assistant.qa.engine import Plan
    from assistant.shop import ShopAssistant


@dataclass(frozen=True)
class CardsReady:
    """The turn's suggestion cards, ranked and explained, before the reply text is written."""

    suggestions: tuple[Suggestion, ...]


class Session:
    """A pseudonymous shopper's chat. Create with `ShopAssistant.session(id)`."""

    def __init__(self, bot: ShopAssistant, shopper_id: str) -> None:
        from assistant.privacy import ConsentManager
        from assistant.qa import DialogueState

        self.bot = bot
        self.shopper_id = shopper_id
        self.consent = ConsentManager(bot.store, shopper_id)
        self.conversation = DialogueState()
        self.last_reply: Reply | None = None
        self._lock = threading.Lock()  # one turn at a time per session
        self._turns = 0
        # The AI notice is said once per session, in one place: a UI that shows it in the
        # chat before the first reply calls `notice_shown()`, and no reply repeats it.
        self.disclosed = False

    def notice_shown(self) -> None:
        """The caller showed the AI notice itself (a chat that opens with it): replies in
        this session do not say it again."""
        self.disclosed = True

    # -- shopper actions -------------------------------------------------
    def view(self, product_id: str) -> bool:
        """A product page view. Recorded only with browsing consent; returns whether it was."""
        self.bot.catalog.get(product_id)  # unknown id -> InputError, nothing recorded
        return bool(self.bot.store.record_view(self.shopper_id, product_id))

    def purchase(self, product_id: str) -> bool:
        """An order. Recorded only with purchase-history consent."""
        product = self.bot.catalog.get(product_id)
        return bool(self.bot.store.record_purchase(self.shopper_id, product_id, product.price))

    def not_interested(self, product_id: str) -> None:
        """Stop suggesting this product to this shopper."""
        self.bot.catalog.get(product_id)
        self.bot.store.mark_not_interested(self.shopper_id, product_id)

    def exclude_from_history(self, product_id: str) -> None:
        """Forget one product from the shopper's browsing and purchase history."""
        self.bot.store.exclude_from_history(self.shopper_id, product_id)

    # -- a turn ----------------------------------------------------------
    def ask(self, text: str) -> Reply:
        for _ in self.ask_stream(text):
            pass
        assert self.last_reply is not None
        return self.last_reply

    def ask_stream(self, text: str) -> Iterator[str]:
        """Yield the reply text as it is generated; then `last_reply` holds the Reply."""
        for event in self.ask_events(text):
            if isinstance(event, str):
                yield event

    def ask_events(self, text: str) -> Iterator[str | CardsReady]:
        """Like `ask_stream`, with the suggestion cards first: one `CardsReady` as soon as
        ranking and explanations are done (before the model writes), then text chunks."""
        check_message(text)  # not text, or a lone surrogate: a clear error, nothing stored
        with self._lock:  # this shopper's turns in order; other shoppers never wait on it
            yield from self._turn(text)

    def _turn(self, text: str) -> Iterator[str | CardsReady]:
        bot = self.bot
        plan = bot.qa.plan(self.conversation, text)
        consent, personal = self._consent_view()
        hidden = bot.store.not_interested(self.shopper_id)
        candidates = [p for p in plan.candidates if p.id not in hidden]
        ctx = self._context(text, plan, personal)
        # A question that names its answer (the cheapest, that model, yes/no about X)
        # puts that product first on the cards; an open search (and the examples of a
        # count) shows the ranker's order and the text talks about those same products.
        # Each card's decision record says which of these placed it.
        searching = plan.kind in ("search", "count") and plan.total is not None \
            and plan.query.sort is None and not plan.relevance  # no rule: the ranker orders
        pinned = [] if searching else [p.id for p in plan.answer_products if p.id not in hidden]
        suggestions = bot.recommender.recommend(
            ctx, candidates, consent, placement=bot.decider.place(plan, pinned)
        ) if candidates else []
        if searching and suggestions:  # the ranker's order; a fourth of four that fit after
            ranked = [s.product for s in suggestions]  # its three cards
            carded = {p.id for p in ranked}
            rest = [p for p in plan.answer_products if p.id not in carded]
            plan.answer_products = [*ranked, *rest][: len(plan.answer_products)]
        suggestions = [self._audit(s) for s in suggestions]
        yield CardsReady(tuple(suggestions))
        first = self._turns == 0 and not self.disclosed
        chunks: list[str] = []
        stream = bot.qa.answer_stream(
            self.conversation, plan, [s.product for s in suggestions], first_turn=first
        )
        for chunk in stream:  # no lock held here: a slow reader delays only itself
            chunks.append(chunk)
            yield chunk
        answer = bot.qa.last_answer_for(self.conversation)
        reply_text = answer.text if answer is not None else "".join(chunks)
        bot.store.record_turn(self.shopper_id, "user", text[: bot.config.max_stored_chars])
        bot.store.record_turn(self.shopper_id, "assistant", reply_text)
        self._turns += 1
        self.last_reply = Reply(
            text=reply_text,
            suggestions=suggestions,
            grounding=as_grounding(answer.grounding) if answer is not None else "ok",
            notes=list(plan.notes),
            kind=plan.kind,
            query=plan.query,
            answer_ids=[p.id for p in plan.answer_products],
            total=plan.total,
            verdicts=plan.verdict_words,
            phrased_by_lm=answer is not None and answer.phrased_by_lm,
            assumptions=list(plan.assumptions),
            question=plan.question,
        )

    # -- helpers ---------------------------------------------------------
    def _consent_view(self) -> tuple[ConsentView, ShopperContext]:
        """Consent state and the personal data it allows, read once per turn."""
        state = self.consent.state()
        objected = self.consent.objected
        store = self.bot.store
        allowed = {k: bool(v) and not objected for k, v in state.items()}
        views = store.views(self.shopper_id) if allowed.get(BROWSING_HISTORY) else None
        bought = store.purchases(self.shopper_id) if allowed.get(PURCHASE_HISTORY) else None
        view = ConsentView(
            granted=state,
            objected=objected,
            has_data={BROWSING_HISTORY: bool(views), PURCHASE_HISTORY: bool(bought)},
        )
        personal = ShopperContext(
            viewed_ids=None if views is None else tuple(views),
            bought=None if bought is None else tuple(bought),
        )
        return view, personal

    def _context(self, text: str, plan: Plan, personal: ShopperContext) -> ShopperContext:
        q = plan.query
        request = text[: self.bot.config.max_request_chars]
        band = (q.soft_min, q.soft_max) if q.soft_min is not None or q.soft_max is not None \
            else None
        use = use_words(plan)[: self.bot.config.max_request_chars]
        return ShopperContext(
            request_text=request,
            request_embedding=self.bot.embed_request(request),
            # only a category the shopper really named: a misreading is never "what you asked for"
            request_category=plan.category,
            request_max_price=q.max_price,
            request_min_price=q.min_price,
            # a budget said in words, and what it is for, are request features too
            request_band=band,
            use_text=use,
            use_embedding=self.bot.embed_request(use) if use else None,
            viewed_ids=personal.viewed_ids,
            bought=personal.bought,
            sponsorships=self.bot.store.sponsorships(),
        )

    def _audit(self, s: Suggestion) -> Suggestion:
        from dataclasses import replace

        audit_id = self.bot.store.record_suggestion(
            self.shopper_id,
            {
                "product_id": s.product.id,
                "product_title": s.product.title,
                # the card's facts: price is what the shopper pays, list_price before the discount
                "product": {
                    **{k: v for k, v in s.product.to_dict().items() if k != "features"},
                    "list_price": s.product.list_price,
                },
                "rank": s.rank,
                "score": s.score,
                "explanation": s.explanation.to_dict(),
                "reasons": list(s.reasons),
                "held_back": list(s.held_back),
                "disclosure": s.disclosure.to_dict(),
                # how it got its place, and the feature row behind its score (for replay)
                "decision": None if s.decision is None else s.decision.to_dict(),
                "model_version": self.bot.ranker.card.get("content_hash", "unknown"),
                "catalog_version": self.bot.catalog.version,
            },
        )
        return replace(s, audit_id=audit_id)


def use_words(plan: Plan) -> str:
    """What the shopper said the product is for or who it is for, as one text ("" if none)."""
    needs = plan.needs
    if needs is None:
        return ""
    said = [s.words for s in needs.said if s.kind in ("use", "recipient")]
    if said:
        return " ".join(said)
    return needs.search if needs.problem or needs.gift else ""


__all__ = ["CardsReady", "Session", "use_words"]
