"""Grounded product Q&A: constraints and facts decided in code, the LM only phrases.

    from assistant.qa import Conversation, ProductIndex, QAEngine
    engine = QAEngine(catalog, ProductIndex(catalog, embedder), lm)
    conv = Conversation()
    plan = engine.plan(conv, "What's the cheapest 65-inch TV?")
    answer = engine.answer(conv, plan)   # Answer(text, grounding, mentioned, facts)
"""

from assistant.qa.constraints import AttributeVerdict, Constraints, parse_constraints
from assistant.qa.conversation import Conversation, Turn
from assistant.qa.engine import Answer, Plan, QAConfig, QAEngine
from assistant.qa.grounding import Grounder
from assistant.qa.retrieval import HashingEmbedder, ProductIndex

__all__ = [
    "Answer",
    "AttributeVerdict",
    "Constraints",
    "Conversation",
    "Grounder",
    "HashingEmbedder",
    "Plan",
    "ProductIndex",
    "QAConfig",
    "QAEngine",
    "Turn",
    "parse_constraints",
]
