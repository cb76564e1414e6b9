"""What the planner answers before reading a message: unreadable input, requests for
instructions or other shoppers' data, payment and delivery, other languages, the world
outside the catalog, small talk."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.qa.answering.needs import for_someone
from assistant.qa.knowledge.retrieval import tokens
from assistant.qa.plan import Plan
from assistant.qa.query import Query
from assistant.qa.reading.words import POLICY, SMALLTALK, WORLD

if TYPE_CHECKING:
    from assistant.qa.knowledge import ShopKnowledge

# Requests for the assistant's instructions or for other people's data. Ordinary shop
# questions ("Can I pay by credit card?", "a gift for another person") must pass.
SENSITIVE = re.compile(
    r"system prompt|(?:your|the) (?:instructions|prompt|rules|guidelines)\b|initial prompt|"
    r"developer mode|jailbreak|ignore (?:all |any |the |your )?(?:previous|prior|above|earlier)|"
    r"(?:other|another|different) (?:shopper|user|customer|person|people|buyer)s?'?s? "
    r"(?:history|data|orders?|purchases?|chats?|accounts?|details|address(?:es)?|emails?|"
    r"info(?:rmation)?|card|payment)|"
    r"(?:other|another) (?:shopper|user|customer|buyer)s? (?:bought|buy|ordered|purchased)|"
    r"(?:shopper|user|customer)s?'? (?:history|data|orders|purchases|chats?|accounts|emails|"
    r"addresses)|their (?:purchases|orders|history)|api key|password|"
    r"credit card (?:numbers?|details) (?:of|from|for) |someone else'?s", re.I)
# "When will it be back in stock?" asks about a product, not the world.
_STOCK_WHEN = re.compile(r"\b(?:back in stock|restock(?:ed)?|in stock|available again)\b", re.I)


class Guard:
    """Fixed replies for one catalog (its words name what it sells)."""

    def __init__(self, knowledge: ShopKnowledge) -> None:
        self.k = knowledge

    def _sold_by(self, text: str, policy: re.Match[str]) -> bool:
        """A policy noun that names a product's option or attribute here ("which of those
        has a pickup?" of ukuleles sold with one), not the shop's service ("can I pick up
        my order?")."""
        word = policy.group(0).lower()
        return " " not in word and word in self.k.attributes.names() and bool(re.search(
            r"\b(?:a|an|the|its|has|have|with|without|built-in)\s+$", text[:policy.start()], re.I))

    def check(self, text: str) -> Plan | None:
        """A fixed reply for what is not a question about the catalog, or None."""
        if not re.search(r"[^\W_]", text):
            return Plan("refusal", message=text, fixed_text=(
                "I couldn't read that message. Please ask about a product, for example "
                f"\"{example(self.k)}\""))
        if SENSITIVE.search(text):
            return Plan("refusal", Query(intent="out_of_scope"), message=text,
                        notes=["refused: asked for instructions or other shoppers' data"],
                        fixed_text=("I can only help with products in this shop's catalog. "
                                    "I can't share my instructions or anything about other "
                                    "shoppers."))
        if (policy := POLICY.search(text)) and not self._sold_by(text, policy):
            return Plan("out_of_scope", Query(intent="out_of_scope"), message=text, fixed_text=(
                "I can only answer questions about the products in this shop's catalog, so I "
                "can't help with payment, delivery, returns or orders. Please see the shop's "
                "help pages for those."))
        if _foreign(text) and len(self.k.index.unknown_words(text)) >= max(
                1, 0.5 * len([t for t in tokens(text) if len(t) > 2])):
            return Plan("out_of_scope", Query(intent="out_of_scope"), message=text, fixed_text=(
                "Sorry, I can only read questions in English for now. This shop sells "
                f"{self.k.vocab.describe()}."))
        if WORLD.search(text) and not re.search(r"\$|\d", text) and not _STOCK_WHEN.search(text) \
                and not for_someone(text) and not (re.match(r"\s*where\b", text, re.I)
                                                   and self.k.index.match_titles(text)):
            # "where is the saffron from?" asks about a product, "who won?" about the world
            return Plan("out_of_scope", Query(intent="out_of_scope"), message=text, fixed_text=(
                "I can only answer questions about the products in this shop's catalog. "
                f"It sells {self.k.vocab.describe()}."))
        if SMALLTALK.match(text):
            return Plan("smalltalk", Query(intent="smalltalk"), message=text, fixed_text=(
                "Hello! Ask me about the products in this shop, for example "
                f"\"{example(self.k)}\""))
        return None


def example(k: ShopKnowledge) -> str:
    """A question this shop can answer, for replies that suggest one."""
    types = k.vocab.types()
    return f"What's the cheapest {types[0]}?" if types else "What do you sell?"


def _foreign(text: str) -> bool:
    """Letters outside ASCII or Spanish-style punctuation: maybe not English."""
    return bool(re.search(r"[¿¡]|[^\W\d_a-zA-Z]", text))


__all__ = ["SENSITIVE", "Guard", "example"]
