"""Grounded product Q&A: the message is read into a typed `Query`, code decides the facts.

    from assistant.qa import DialogueState, QAEngine, ShopKnowledge
    knowledge = ShopKnowledge.build(catalog, embedder)      # vocabulary, attributes, index
    engine = QAEngine(catalog, knowledge.index, lm, knowledge=knowledge)
    state = DialogueState()
    plan = engine.plan(state, "What's the cheapest 65-inch TV?")
    answer = engine.answer(state, plan)   # Answer(text, grounding, mentioned, facts)
    plan.query, plan.answer_products, plan.total, plan.verdicts, plan.kind

The package, each part importing only those above it:

    query.py, plan.py   the shared types: what a message asks (`Query`), what code
                        decided (`Plan`, `Verdict`) and the engine's `QAConfig`
    knowledge/          what the catalog says: vocabulary, product types, attributes,
                        search index (`ShopKnowledge`)
    reading/            the message -> a `Query`: rules, LM parser, dialogue follow-ups
    answering/          the `Query` -> a `Plan` and its facts-only answer; grounding check
    engine.py           `QAEngine`: one turn, reading then answering then the LM's phrasing

tests/assistant/qa/test_import_layers.py holds them to it.
"""

import importlib as _importlib
import sys as _sys

from assistant.qa.answering.grounding import Grounder
from assistant.qa.engine import Answer, QAEngine
from assistant.qa.knowledge import ShopKnowledge
from assistant.qa.knowledge.retrieval import HashingEmbedder, ProductIndex
from assistant.qa.plan import Plan, QAConfig, Verdict
from assistant.qa.query import AttributeFilter, Query, Sort
from assistant.qa.reading.dialogue import Conversation, DialogueState, Exchange, Turn
from assistant.qa.reading.parse import Parsed, Reference, RuleParser

# Module paths from before the split into subpackages, for code written against them
# (`from assistant.qa.facts import money` still works); new code imports the new paths.
MOVED_MODULES = {
    **{m: f"knowledge.{m}" for m in ("attribute_words", "attributes", "kinds", "naming",
                                      "retrieval", "spelling", "textnorm", "titles", "vocab")},
    **{m: f"reading.{m}" for m in ("attribute_reading", "cues", "dialogue", "lm_parse",
                                    "lm_schema", "parse", "words")},
    **{m: f"answering.{m}" for m in ("execute", "facts", "grounding", "planner", "replies")},
}
for _old, _new in MOVED_MODULES.items():
    _sys.modules.setdefault(f"{__name__}.{_old}", _importlib.import_module(f"{__name__}.{_new}"))
    globals()[_old] = _sys.modules[f"{__name__}.{_old}"]

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
    "ShopKnowledge",
    "Sort",
    "Turn",
    "Verdict",
]
