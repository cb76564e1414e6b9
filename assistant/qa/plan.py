"""What the code decided about one message: the `Plan`, its `Verdict`s, and `QAConfig`.

The types answering and phrasing share (`answering/planner.py` makes a `Plan`,
`answering/replies.py` and `engine.py` turn it into words), kept apart so that
neither imports the other for them. `query.py` holds what the message asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from assistant.qa.need import Assumption, Band, NeedWords, Question
from assistant.qa.query import Intent, Query

if TYPE_CHECKING:
    from assistant.catalog import Product


@dataclass(frozen=True)
class QAConfig:
    # Longest message read; longer ones are cut and the reply says so.
    max_message_chars: int = 2000
    # Most candidates handed to the ranker.
    max_candidates: int = 50
    # Most products an answer lists (search results, named matches).
    max_answer_products: int = 3
    # Most catalog rows in the facts block (answer products first, then suggestions).
    max_facts_products: int = 4
    # Token budget of the LM's phrasing; answers are a few sentences.
    max_new_tokens: int = 64
    # False: skip the LM and always give the facts-only answer (fastest, fully deterministic).
    use_lm: bool = True
    # Longer drafts are shown as composed, without the LM: it copies a draft nearly word for
    # word, and one over ~56 tokens ran past max_new_tokens, so its cut copy was dropped or
    # followed by the draft (the list said twice). On bench/qa_cases.py's drafts Qwen's
    # tokenizer gives ~2.6 characters a token: 150 characters is ~58 tokens. 0: no limit.
    lm_max_draft_chars: int = 150
    # When the LM parser reads the message: never, only when the rules are unsure, or always.
    # "off": on bench/understanding_eval.py (335 turns) the rules alone answered 99.4%, rules
    # + the 0.5B parser 96.1% (it read "bicycles" as batteries, "smoothies" as coffee makers)
    lm_parse: Literal["off", "unsure", "always"] = "off"
    # Let the LM read a product's own text for a yes/no question the rules left at "the
    # catalog doesn't say" ("is it pet friendly?"); code keeps its verdict only when the
    # evidence it quotes is in the text and supports it (answering/span_reading.py). Needs
    # use_lm; a few seconds per product on a 2-core CPU, so at most `lm_read_max` products.
    lm_read_spans: bool = True
    lm_read_max: int = 2
    # Let the LM pick among the kinds retrieval finds for a need with no kind named, on a
    # near tie ("my phone dies when camping"). Off: on bench/conversation_eval.py (97 turns)
    # the rules alone fitted 84 needs, with the 0.5B model picking 81 (a drawing kid got TVs).
    lm_choose_kinds: bool = False
    # Seconds the shopper may wait for the LM's first sentence that passes the grounding
    # check; past them the code's draft (the exact facts) is shown at once and the phrasing
    # is cancelled, freeing its batch row. None: wait for the LM (replies do not depend on
    # the machine's load; bench/qa_eval.py and the tests need that).
    lm_first_text_s: float | None = None
    # Show the LM's text clause by clause, each checked with its sentence so far, instead
    # of whole sentences: the first words come after a few tokens, which under load (a
    # batch step can take a second) is seconds sooner. False: whole checked sentences.
    lm_show_clauses: bool = True
    # Said in code before the first reply of every session.
    ai_disclosure: str = "Hi! I'm an AI shopping assistant; I answer from this shop's catalog."


@dataclass(frozen=True)
class Verdict:
    """One product's answer to a yes/no or value question, decided in code."""

    product: Product
    attribute: str  # attribute name, e.g. "fuel", "ram"
    value: bool | None  # True yes, False no, None the catalog doesn't say
    stated: str = ""  # what the catalog states, e.g. "isobutane", '17"', "3 lb"
    evidence: str = ""  # the catalog text that decided it
    wanted: str = ""  # what was asked, e.g. "propane", "16 GB"

    @property
    def word(self) -> str:
        return {True: "yes", False: "no", None: "unknown"}[self.value]


# What a plan answers: the query's intent, or what code decided instead of answering it.
PlanKind = Literal[Intent, "not_found", "clarify", "refusal"]


@dataclass
class Plan:
    """What a message asks and which products the answer is about, all decided in code."""

    kind: PlanKind  # the intent, or not_found | clarify | refusal
    query: Query = field(default_factory=Query)
    candidates: list[Product] = field(default_factory=list)  # for the ranker, most relevant first
    answer_products: list[Product] = field(default_factory=list)  # what the answer is about
    notes: list[str] = field(default_factory=list)  # e.g. "message truncated to 2,000 characters"
    message: str = ""  # the cleaned (and capped) message
    verdicts: list[Verdict] = field(default_factory=list)  # yes/no/unknown per product x attribute
    total: int | None = None  # how many products matched (search, count, superlative)
    fixed_text: str = ""  # a reply written in code (refusals, greetings, not sold)
    result_ids: tuple[str, ...] = ()  # every matching product, in answer order (for follow-ups)
    shown_upto: int = 0  # how far into the result set the answers have now listed
    parsed_by: str = "rules"  # "rules" | "lm": who read the message
    category: str | None = None  # the catalog category the shopper named (for the ranker)
    seen_ids: tuple[str, ...] = ()  # "show me more": products of this result set listed before
    # The products the answer looked within when not the whole catalog ("which of those":
    # the earlier results; a product line the shopper named), in their order.
    pool_ids: tuple[str, ...] | None = None
    # A search for a described need: each candidate's text-search relevance (the order).
    relevance: dict[str, float] = field(default_factory=dict)
    # Needs said in words (issue 23): what the message said, the price band assumed from a
    # budget in words, what the reply assumes (with how to undo it), its one question, and
    # the plain word for the kind answered ("laptop", "thermostat").
    needs: NeedWords | None = None
    band: Band | None = None
    assumptions: list[Assumption] = field(default_factory=list)
    question: Question | None = None
    kind_word: str = ""

    @property
    def verdict_words(self) -> dict[str, str]:
        """product id -> "yes" | "no" | "unknown" (all asked attributes must hold for yes)."""
        out: dict[str, str] = {}
        for v in self.verdicts:
            word = v.word
            prev = out.get(v.product.id)
            if prev is None or prev == "yes" or (prev == "unknown" and word == "no"):
                out[v.product.id] = word
        return out


__all__ = ["PlanKind", "Plan", "QAConfig", "Verdict"]
