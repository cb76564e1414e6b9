"""The LM's part in a listing reply: the opening sentence, checked like every LM sentence.

Code composes the options (names, prices, one catalog line each), the assumption and the
question (answering/phrasing.py); the LM may write the one sentence that opens them, in its
own words, about the need. The sentence passes the grounding check (no product, price,
rating or praise the facts do not back, no echo of the shopper's message) or the code's
opening stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.qa.answering.facts import facts_block
from assistant.qa.answering.grounding import split_sentences
from models.llm.base import GenerationConfig

if TYPE_CHECKING:
    from assistant.catalog import Product
    from assistant.qa.answering.grounding import Grounder
    from assistant.qa.plan import Plan
    from models.llm.base import LMBackend

# One sentence of about 10-25 words: ~40 tokens, with room to finish it.
MAX_NEW_TOKENS = 48


def lm_opening(lm: LMBackend, grounder: Grounder, system_prompt: str, plan: Plan, head: str,
               products: Sequence[Product]) -> tuple[str, str]:
    """(the LM's opening sentence for a listing reply, checked, or ""; why it was dropped)."""
    facts = facts_block(products)
    user = (f"{facts}\n\nThe shopper wrote: {plan.message[:300]}\n"
            f"You will list the products above. Code's opening line: {head}\n\n"
            "Write ONE short, friendly sentence that opens the answer and says what the "
            "options are for. Name no product, price or rating; add no praise.")
    messages = [{"role": "system", "content": system_prompt}, {"role": "user", "content": user}]
    config = GenerationConfig(max_new_tokens=MAX_NEW_TOKENS, stop=("\n",))
    for sentence in split_sentences(lm.stream(messages, config)):
        text = sentence.strip()
        if text.endswith(":"):
            text = text[:-1] + "."
        if not 3 <= len(text.split()) <= 40:
            return "", f"not one short sentence: {text[:120]}"
        verdict = grounder.check(text)
        return (text, "") if verdict.ok else ("", f"{verdict.reason}: {text[:120]}")
    return "", "no sentence"


__all__ = ["MAX_NEW_TOKENS", "lm_opening"]
