"""Grounded product Q&A: the message is read into a typed `Query`, code decides the facts.

    from assistant.qa import DialogueState, QAEngine, ShopKnowledge
    knowledge = ShopKnowledge.build(catalog, embedder)      # vocabulary, attributes, index
    engine = QAEngine(catalog, knowledge.index, lm, knowledge=knowledge)
    state = DialogueState()
    plan = engine.plan(state, "What's the cheapest 65-inch TV?")
    answer = engine.answer(state, plan)   # Answer(text, grounding, mentioned, facts)
    plan.query, plan.answer_products, plan.total, plan.verdicts, plan.kind
"""

from assistant.qa.dialogue import Conversation, DialogueState, Exchange, Turn
from assistant.qa.engine import Answer, QAEngine
from assistant.qa.grounding import Grounder
from assistant.qa.parse import Parsed, Reference, RuleParser
from assistant.qa.plan import Plan, QAConfig, Verdict
from assistant.qa.query import AttributeFilter, Query, Sort
from assistant.qa.retrieval import HashingEmbedder, ProductIndex

__all__ = [
    "Answer",
    "AttributeFilter",
    "Conversation",
    "DialogueState",
    "Exchange",
    "Grounder",
    "HashingEmbedder",
    "Parsed",
    "Plan",
    "ProductIndex",
    "QAConfig",
    "QAEngine",
    "Query",
    "Reference",
    "RuleParser",
    "Sort",
    "Turn",
    "Verdict",
]
