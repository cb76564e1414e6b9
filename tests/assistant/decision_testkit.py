"""Demo traffic for decision and replay tests: chains of questions a shopper asks.

Built from the loaded catalog's own product types, prices and titles: rule-decided
questions (cheapest, priciest, best rated, follow-up superlatives, "a cheaper one",
"show me more", a named product) and open searches (filtered, counted, described),
some from shoppers who share their browsing and purchase history.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from assistant import ShopAssistant
from assistant.qa.answering.facts import short_name
from models.categories import BROWSING_HISTORY, PURCHASE_HISTORY

TYPES = 16  # product types of the catalog the traffic asks about
NEEDS = ("something to listen to music on the go", "a gift for someone who loves movies",
         "something to keep my home safe", "gear for video calls from home")


@dataclass
class Traffic:
    turns: list[list[int]] = field(default_factory=list)  # audit ids of each reply's cards
    asked: int = 0  # questions asked (replies without cards included)
    kinds: dict[str, int] = field(default_factory=dict)  # decided_by -> cards


def _chains(bot: ShopAssistant, rng: random.Random) -> list[list[str]]:
    types = list(bot.knowledge.vocab.types()[:TYPES])
    products = list(bot.catalog.products)
    chains: list[list[str]] = []
    for t in types:
        plural = t + ("es" if t.endswith(("s", "x", "ch", "sh")) else "s")
        price = rng.choice((100, 300, 500, 900, 1500))
        named = short_name(rng.choice(products))
        chains += [
            [f"What's the cheapest {t}?", "show me more", "which of those is the best rated?"],
            [f"{plural} under ${price}", "which of those has the longest battery life?",
             "which of those is the most expensive?", "show me more"],
            [f"best rated {t}", "and a cheaper one?"],
            [f"most expensive {t}", f"How much is the {named}?"],
            [f"how many {plural} under ${price}?", f"a good {t} for work"],
            [f"{plural} over ${price}", "which of those has the most reviews?"],
        ]
    chains += [[need, "show me more"] for need in NEEDS]
    return chains


def demo_traffic(bot: ShopAssistant, seed: int = 7, limit: int | None = None) -> Traffic:
    """Ask every chain in a fresh session; a third of the shoppers share their history."""
    rng = random.Random(seed)
    chains = _chains(bot, rng)
    rng.shuffle(chains)
    out = Traffic()
    ids = [p.id for p in bot.catalog.products]
    for k, chain in enumerate(chains[:limit]):
        session = bot.session(f"traffic-{seed}-{k}")
        if k % 3 == 0:
            session.consent.grant(BROWSING_HISTORY)
            session.consent.grant(PURCHASE_HISTORY)
            for pid in rng.sample(ids, 3):
                session.view(pid)
            session.purchase(rng.choice(ids))
        for text in chain:
            reply = session.ask(text)
            out.asked += 1
            if reply.suggestions:
                out.turns.append([s.audit_id for s in reply.suggestions if s.audit_id])
                for s in reply.suggestions:
                    assert s.decision is not None
                    out.kinds[s.decision.decided_by] = out.kinds.get(s.decision.decided_by, 0) + 1
    return out
