"""Grounded product Q&A: parse -> resolve against the dialogue -> filter in code -> phrase.

    engine = QAEngine(catalog, index, lm)            # or QAEngine(..., knowledge=ShopKnowledge)
    state = DialogueState()
    plan = engine.plan(state, "Which laptop under $800 has the best rating?")
    for chunk in engine.answer_stream(state, plan, suggestions): ...
    plan.query, plan.answer_products, plan.total, plan.verdicts, plan.kind

Code decides every fact (which products, prices, yes/no); the LM may help
read the message (`QAConfig.lm_parse`) and phrases the answer, and every
sentence it writes passes the grounding check before the shopper sees it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import TYPE_CHECKING

from assistant.qa.answering.checked import LMSlow, checked, in_time
from assistant.qa.answering.evidence import stated_for
from assistant.qa.answering.execute import Executor
from assistant.qa.answering.facts import facts_block, money, short_name
from assistant.qa.answering.grounding import FINISHED, Grounder
from assistant.qa.answering.need_lm import KindChooser
from assistant.qa.answering.opening import lm_opening
from assistant.qa.answering.phrasing import Phrasing
from assistant.qa.answering.planner import Planner
from assistant.qa.answering.replies import code_answer
from assistant.qa.plan import Plan, PlanKind, QAConfig
from assistant.qa.query import Query
from assistant.qa.reading.cues import asks_price
from assistant.qa.reading.dialogue import DialogueState, Exchange
from assistant.qa.reading.parse import Parsed, RuleParser
from assistant.qa.reading.subject import read_request
from models.errors import ServerBusy
from models.llm.base import GenerationConfig
from models.llm.reply_stream import ReplyStream

if TYPE_CHECKING:
    from assistant.catalog import Catalog, Product
    from assistant.qa.answering.span_reading import SpanReader
    from assistant.qa.knowledge import ShopKnowledge
    from assistant.qa.knowledge.retrieval import ProductIndex
    from assistant.qa.reading.lm_parse import LMParser
    from models.llm.base import LMBackend


# Said under the answer when the model was too busy to phrase it (the facts are complete).
BUSY_NOTE = ("Many shoppers are asking right now, so this is the short answer; "
             "try again in a moment for a fuller one.")


@dataclass(frozen=True)
class Answer:
    text: str
    grounding: str  # "ok" | "repaired" | "replaced"
    mentioned: list[str]  # ids of products the reply is about
    facts: str  # the facts behind the answer: answer products first, then suggestions
    dropped: tuple[str, ...] = ()  # why sentences were dropped
    phrased_by_lm: bool = False  # the LM's checked sentences are in the text (else code's alone)


# What the LM is asked to do with a draft: the first words of every such prompt.
REWRITE = ("Rewrite the DRAFT ANSWER below for the shopper in one to three short, plain "
           "sentences. Do not repeat the question; add no praise or advice.")


def system_prompt() -> str:
    return (resources.files("assistant.qa") / "prompts" / "system.txt").read_text(encoding="utf-8")


def clean_message(text: str, limit: int) -> tuple[str, list[str]]:
    """Cap, normalise and strip control characters; notes say what was done."""
    notes = []
    if len(text) > limit:
        notes.append(f"message truncated to {limit:,} characters")
    text = unicodedata.normalize("NFKC", text[: limit * 2])
    text = "".join(ch for ch in text
                   if ch in "\n\t " or unicodedata.category(ch)[0] not in "CZ")
    return " ".join(text.split())[:limit], notes


class QAEngine:
    """Plans and answers product questions against one catalog."""

    def __init__(self, catalog: Catalog, index: ProductIndex | None, lm: LMBackend | None,
                 config: QAConfig | None = None, knowledge: ShopKnowledge | None = None) -> None:
        if knowledge is None:
            from assistant.qa.knowledge import ShopKnowledge

            if index is None:
                raise ValueError("QAEngine needs an index or a ShopKnowledge")
            knowledge = ShopKnowledge.build(catalog, index.embedder, index=index)
        self.knowledge = knowledge
        self.catalog = catalog
        self.index = knowledge.index
        self.lm = lm
        self.config = config or QAConfig()
        self.system_prompt = system_prompt()
        self.brands = frozenset(p.brand.lower() for p in catalog.products if len(p.brand) > 1)
        self.parser = RuleParser(knowledge)
        self.executor = Executor(knowledge)
        self.planner = Planner(knowledge, self.executor, self.config)
        self.phrasing = Phrasing(knowledge, self.planner.needs.finder)  # replies a person writes
        if self.config.use_lm and self.config.lm_choose_kinds and lm is not None:
            self.planner.needs.chooser = KindChooser(lm)
        self.last_answer: Answer | None = None
        self._lock = threading.Lock()
        self._lm_parser: LMParser | None = None
        self._span_reader: SpanReader | None = None

    # ------------------------------------------------------------ planning
    def plan(self, state: DialogueState, message: str) -> Plan:
        text, notes = clean_message(str(message), self.config.max_message_chars)
        guard = self.planner.guard(text)
        if guard is not None:
            guard.notes = [*notes, *guard.notes]
            return guard
        parsed = self.parser.parse(text)
        parsed_by = "rules"
        if self._wants_lm_parse(parsed):
            lm_query = self._lm_parse(state, text, parsed)
            if lm_query is not None:
                parsed = Parsed(lm_query, parsed.ref, (), parsed.tied, parsed.unknown, parsed.text,
                                parsed.content)
                parsed_by = "lm"
        parsed, needs = read_request(parsed, self.knowledge)  # budgets and needs in words
        plan = self.planner.plan(state, parsed, text, needs)
        plan.notes = [*notes, *plan.notes]
        plan.parsed_by = parsed_by
        if self._reads_spans(plan):
            self._read_spans(plan)
        return plan

    # Verdicts the LM may read from text: features and prose facts, never stock, price or
    # the options a product is sold in (those are the catalog's structured data).
    _NOT_READ = frozenset({"availability", "on_sale", "color", "size", "pattern", "gender",
                           "age_group", "restock"})

    def _reads_spans(self, plan: Plan) -> bool:
        filtered = {f.name for f in plan.query.filters}
        return (self.config.use_lm and self.config.lm_read_spans and self.lm is not None
                and plan.kind == "attribute" and any(
                    v.value is None and v.attribute in filtered
                    and v.attribute not in self._NOT_READ for v in plan.verdicts))

    def _read_spans(self, plan: Plan) -> None:
        """The LM reads each undecided product's text; code checks what it quotes."""
        assert self.lm is not None
        if self._span_reader is None:
            from assistant.qa.answering.span_reading import SpanReader

            self._span_reader = SpanReader(self.lm)
        filtered = {f.name for f in plan.query.filters}
        out, asked = [], 0
        for v in plan.verdicts:
            if v.value is None and v.attribute in filtered and v.attribute not in self._NOT_READ \
                    and asked < self.config.lm_read_max:
                asked += 1
                # what was asked: the feature, and the question's words that are not the name
                named = set(re.findall(r"[a-z0-9]+", v.product.title.lower()))
                rest = [w for w in re.findall(r"[a-z0-9]+", plan.message.lower())
                        if w not in named]
                try:
                    got = self._span_reader.read(v.product, plan.message,
                                                 " ".join([v.wanted or v.attribute, *rest]))
                except Exception:  # a failing backend leaves the verdict unknown
                    got = None
                if got is not None:
                    v = replace(v, value=got[0], evidence=got[1], stated="")
                    plan.notes.append(f"the LM read {v.product.id}'s text for {v.attribute}")
            out.append(v)
        plan.verdicts = out

    def _wants_lm_parse(self, parsed: Parsed) -> bool:
        mode = self.config.lm_parse
        if mode == "off" or self.lm is None or parsed.tied:
            return False
        return mode == "always" or not parsed.sure

    def _lm_parse(self, state: DialogueState, text: str, parsed: Parsed) -> Query | None:
        if self.lm is None:
            return None
        if self._lm_parser is None:
            from assistant.qa.reading.lm_parse import LMParser

            self._lm_parser = LMParser(self.lm, self.knowledge)
        try:
            return self._lm_parser.parse(text, state.context(), parsed.query)
        except Exception:  # the rules' reading stands when the LM parser fails
            return None

    # ------------------------------------------------------------ answering
    def answer(self, state: DialogueState, plan: Plan, suggestions: Sequence[Product] = (),
               first_turn: bool | None = None) -> Answer:
        for _ in self.answer_stream(state, plan, suggestions, first_turn):
            pass
        assert isinstance(state.last_answer, Answer), "answer_stream always records an Answer"
        return state.last_answer

    def last_answer_for(self, state: DialogueState) -> Answer | None:
        answer = state.last_answer
        return answer if isinstance(answer, Answer) else None

    def answer_stream(self, state: DialogueState, plan: Plan, suggestions: Sequence[Product] = (),
                      first_turn: bool | None = None) -> Iterator[str]:
        """Yield checked text, clause by clause; then state.last_answer holds the Answer."""
        first = state.answered == 0 if first_turn is None else first_turn
        facts_products = list(dict.fromkeys([*plan.answer_products, *suggestions]))
        facts_products = facts_products[: self.config.max_facts_products]
        composed = None if plan.fixed_text else self.phrasing.reply(plan)
        draft = plan.fixed_text or composed or code_answer(plan, self.knowledge)
        opened, why_not = self._opening(plan, composed, facts_products) if composed else ("", "")
        if opened:  # the LM's checked opening before code's options, assumption, question
            draft = opened + "\n" + draft.partition("\n")[2]
        facts = facts_block(facts_products, plan.verdicts, headline=draft, about=self._about(plan))
        shown: list[str] = []
        if first:
            shown.append(self.config.ai_disclosure + " ")
            yield shown[-1]
        if plan.notes and plan.notes[0].startswith("message truncated"):
            shown.append(f"(Your message was long, so I read only its first "
                         f"{self.config.max_message_chars:,} characters.) ")
            yield shown[-1]
        grounding, dropped = "ok", []
        kept: list[str] = []  # the LM's sentences that passed
        if why_not:  # the LM's opening failed its check: code's opening stands
            grounding, dropped = "replaced", [why_not]
        listing = composed is not None and "\n- " in composed  # the LM wrote its opening
        fits = (not self.config.lm_max_draft_chars
                or len(draft) <= self.config.lm_max_draft_chars) and not listing
        use_lm = (self.config.use_lm and self.lm is not None and not plan.fixed_text and fits
                  and plan.kind in ("lookup", "attribute", "superlative", "search", "compare",
                                    "count", "more"))
        if use_lm:
            grounder = Grounder(facts_products, plan.answer_products, plan.query, plan.verdicts,
                                self.brands, self.system_prompt, plan.kind, plan.message)
            try:
                # the LM sees the rows of the products its draft is about, not the
                # suggestions': a one-product prompt is ~half as long to prefill
                seen = plan.answer_products[: self.config.max_facts_products] or facts_products
                pieces = self._generate(plan, seen, draft)
                if self.config.lm_first_text_s is not None:
                    pieces = in_time(ReplyStream(pieces), self.config.lm_first_text_s, kept)
                for piece in checked(pieces, grounder, dropped, self.config.lm_show_clauses):
                    kept.append(piece)
                    shown.append(piece)
                    yield piece
            except LMSlow:  # nothing passed in time: the facts now, no one stares at nothing
                dropped.append(f"LM slower than {self.config.lm_first_text_s} s")
            except ServerBusy:  # every model slot taken: the facts now, phrasing later
                dropped.append("LM busy")
                plan.notes.append(BUSY_NOTE)
            except Exception as exc:  # a failing backend must not lose the answer
                dropped.append(f"LM failed: {type(exc).__name__}")
            said = "".join(kept)  # shown clauses of a sentence whose rest failed: not complete
            closed = not self.config.lm_show_clauses or bool(FINISHED.search(said))
            complete = bool(kept) and closed and self._complete(said, plan)
            if not kept:
                grounding = "replaced"
            elif dropped or not complete:
                grounding = "repaired"
            if not complete:
                shown.append(draft)
                yield draft
        else:
            shown.append(draft)
            yield draft
        answer = Answer("".join(shown).strip(), grounding, [p.id for p in plan.answer_products],
                        facts, tuple(dropped), phrased_by_lm=bool(kept) or bool(opened))
        with self._lock:
            self.last_answer = answer
        state.record(plan.message, answer, self._exchange(plan, facts_products))

    def _opening(self, plan: Plan, composed: str,
                 products: Sequence[Product]) -> tuple[str, str]:
        """The LM's checked opening sentence for a composed listing, and why it was dropped
        (("", "") when the LM is off or the reply lists no options)."""
        head, _, body = composed.partition("\n")
        if not (self.config.use_lm and self.lm is not None and body.startswith("- ")):
            return "", ""
        grounder = Grounder(products, plan.answer_products, plan.query, plan.verdicts,
                            self.brands, self.system_prompt, "search", plan.message)
        try:
            return lm_opening(self.lm, grounder, self.system_prompt, plan, head,
                              plan.answer_products[:3] or products)
        except Exception as exc:  # busy or failing: code's opening stands  # noqa: BLE001
            return "", f"LM failed: {type(exc).__name__}"

    def _exchange(self, plan: Plan, facts_products: list[Product]) -> Exchange | None:
        if plan.kind in ("refusal", "smalltalk", "out_of_scope"):
            return Exchange(plan.query, plan.kind)
        shown = [p.id for p in (plan.answer_products or facts_products)]
        results = plan.result_ids or tuple(shown)
        return Exchange(plan.query, plan.kind, tuple(results), tuple(shown),
                        plan.shown_upto or len(shown),
                        tuple(dict.fromkeys([*plan.seen_ids, *shown])))

    def _generate(self, plan: Plan, products: Sequence[Product], draft: str) -> Iterator[str]:
        assert self.lm is not None
        # Every prompt token after the shared prefix is prefilled anew, and prefill is what
        # bounds many shoppers at once on a small CPU. So the fixed instruction comes
        # first (the prefix cache keeps it with the system prompt); the draft follows
        # the facts, whose block leaves out its RESULT headline (the same text twice);
        # and a question that asks something (a price, a stated value) gets no features
        # beside those that name it.
        general = not (plan.query.asked or plan.verdicts or asks_price(plan.message))
        facts = facts_block(products, plan.verdicts, about=self._about(plan),
                            other_features=general)
        user = (f"{REWRITE}\n\n{facts}\n\nDRAFT ANSWER (correct): {draft}")
        messages = [{"role": "system", "content": self.system_prompt},
                    {"role": "user", "content": user}]
        config = GenerationConfig(max_new_tokens=self.config.max_new_tokens, stop=("\n\n", "FACTS"))
        yield from self.lm.stream(messages, config)

    def shared_prompt(self) -> list[dict[str, str]]:
        """The start every rewrite prompt shares (system prompt, instruction, facts header),
        closed by a one-word draft: prefilled once, kept in the model's prefix cache."""
        return [{"role": "system", "content": self.system_prompt},
                {"role": "user", "content": f"{REWRITE}\n\n{facts_block(())}\n\n"
                                            "DRAFT ANSWER (correct): OK."}]

    def _about(self, plan: Plan) -> Callable[[Product], list[tuple[str, str]]]:
        """What the catalog states of the attributes the question is about, per product."""
        q = plan.query
        names = list(dict.fromkeys([*q.asked, *(f.name for f in q.filters),
                                    *([q.sort.key] if q.sort is not None else [])]))
        names = [n for n in names if n not in ("price", "rating", "review_count", "relevance")]

        def about(p: Product) -> list[tuple[str, str]]:
            out = []
            for name in names:
                stated, evidence = stated_for(self.knowledge, p, name)
                said = "; ".join(x for x in (stated, evidence) if x)
                if said:
                    out.append((name, said))
            return out

        return about

    def _complete(self, text: str, plan: Plan) -> bool:
        """Does the phrased text carry the answer the code decided (names, prices, yes/no)?"""
        low = text.lower()
        if plan.kind == "attribute":
            for v in plan.verdicts:
                word = {True: r"\byes\b", False: r"\bno\b",
                        None: r"doesn'?t say|does not say"}[v.value]
                if v.value is True and not v.wanted and v.stated:  # a value: it must be said
                    word = re.escape(v.stated.split(",")[0].strip().lower()[:40])
                if not re.search(word, low) or money(v.product.price) not in text:
                    return False
            return True
        need = plan.answer_products[:1]
        if plan.kind in ("lookup", "compare") and len(plan.answer_products) > 1:
            need = plan.answer_products
        words = re.findall(r"[a-z0-9]+", low)
        for p in need:
            name_tokens = [t for t in re.findall(r"[a-z0-9]+", short_name(p).lower()) if len(t) > 1]
            found = sum(t in words for t in name_tokens)
            if money(p.price) not in text or found < 0.6 * len(name_tokens):
                return False
        if plan.total is not None and plan.kind == "count":  # listings no longer say totals
            return f"{plan.total:,}" in text or str(plan.total) in text
        return True



__all__ = ["BUSY_NOTE", "Answer", "PlanKind", "Plan", "QAConfig", "QAEngine", "clean_message",
           "system_prompt"]
