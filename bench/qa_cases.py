"""The question builder for bench/qa_eval.py: >= 300 questions from the demo catalog
(price look-ups, yes/no attributes, filtered superlatives, not-in-catalog, two-turn
follow-ups), each with its expected answer computed independently of the engine (plain
filters and sorts over the catalog rows) and a check of the final text.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.catalog import Catalog, Product  # noqa: E402
from assistant.qa.answering.facts import money, short_name  # noqa: E402

# Shopper words -> the catalog categories they mean (written out here, not taken from the engine).
CATEGORIES = {
    "laptop": ("Laptops & Notebook Computers", "Gaming Laptops & Notebook Computers"),
    "TV": ("TVs",),
    "monitor": ("Monitors",),
    "headphones": ("Headphones & Earbuds",),
    "tablet": ("iPad & Tablets",),
    "speaker": ("Speakers & Voice Assistants",),
    "soundbar": ("Soundbars & Home Theater",),
    "router": ("Routers, Wifi Extenders & Modems",),
    "desktop": ("Desktop Computers & PCs", "Gaming Desktop Computer & PCs"),
    "smartwatch": ("Smart Watches",),
    "security camera": ("Home Security Systems & Cameras",),
}
# Rows listed under those categories that are not that kind of product (add-ons and
# services a shop files next to what they serve): never an answer for the word.
NOT_THE_KIND = {
    "laptop": r"protection",
    "desktop": r"\bmouse\b|keyboard|protection",
    "TV": r"\bmount|cable management|mounting service",
    # the same rows bench/understanding_gold.py keeps out of these words
    "soundbar": r"receiver|surround system|bookshelf",
    "router": r"starlink",
    # a security camera is a camera (a video doorbell films too), not an alarm sensor or a light
    "security camera": r"^(?!.*\b(?:cams?|cameras?|doorbells?)\b)",
}
SUPERLATIVE_WORDS = {
    "cheapest": "What's the cheapest {w}{lim}?",
    "most_expensive": "What's the most expensive {w}{lim}?",
    "best_rated": "Which {w}{lim} has the best rating?",
    "most_reviewed": "Which {w}{lim} has the most reviews?",
}
NOT_SOLD = [
    "tents",
    "blenders",
    "sofas",
    "bicycles",
    "lawn mowers",
    "running shoes",
    "novels",
    "coffee makers",
    "vacuum cleaners",
    "microwaves",
    "refrigerators",
    "perfume",
    "jewelry",
    "dog food",
    "garden hoses",
    "winter jackets",
    "kayaks",
    "mattresses",
    "wine glasses",
    "golf clubs",
]
REFUSAL = re.compile(
    r"isn't in the catalog|couldn't find|doesn't sell|don't sell|"
    r"not in (?:the|our|this shop's) catalog",
    re.I,
)
YES, NO, UNKNOWN = (
    re.compile(r"\byes\b", re.I),
    re.compile(r"\bno\b", re.I),
    re.compile(r"doesn'?t say|does not say", re.I),
)


@dataclass
class Case:
    kind: str
    turns: list[str]  # earlier turns first; the last one is scored
    check: Callable[[str], bool]
    expected: str  # for the printout
    refusal: bool = False
    notes: list[str] = field(default_factory=list)


def names_in(text: str, products: list[Product]) -> bool:
    """One of `products` is named with its price."""
    low = set(re.findall(r"[a-z0-9]+", text.lower()))
    for p in products:
        toks = [t for t in re.findall(r"[a-z0-9]+", short_name(p).lower()) if len(t) > 1]
        if money(p.price) in text and sum(t in low for t in toks) >= 0.6 * max(1, len(toks)):
            return True
    return False


def ranked(products: list[Product], sup: str) -> list[list[Product]]:
    """Products grouped by the superlative's key, best group first (ties share a group)."""
    keys = {
        "cheapest": lambda p: (p.price,),
        "most_expensive": lambda p: (-p.price,),
        # best rated = Bayesian average: stars backed by reviews (10 pseudo-reviews of 4.0★)
        "best_rated": lambda p: (
            -((p.rating or 0) * p.review_count + 40.0) / (p.review_count + 10),
            -p.review_count,
        ),
        "most_reviewed": lambda p: (-p.review_count,),
    }
    pool = [p for p in products if sup != "best_rated" or p.rating is not None]
    groups: dict[tuple[float, ...], list[Product]] = {}
    for p in sorted(pool, key=keys[sup]):
        groups.setdefault(keys[sup](p), []).append(p)
    return list(groups.values())


def of_kind(catalog: Catalog, word: str, cats: tuple[str, ...]) -> list[Product]:
    """Rows of those categories that are that kind of product (see NOT_THE_KIND)."""
    not_kind = NOT_THE_KIND.get(word)
    return [
        p
        for p in catalog
        if p.category in cats and not (not_kind and re.search(not_kind, p.title, re.I))
    ]


def build_cases(catalog: Catalog, rng: random.Random) -> list[Case]:
    cases: list[Case] = []
    title_count = Counter(p.title for p in catalog)
    names = Counter(short_name(p) for p in catalog)
    unique = [p for p in catalog if title_count[p.title] == 1]
    # 1. price look-ups (full title or a unique short name)
    for p in rng.sample(unique, 90):
        name = short_name(p) if names[short_name(p)] == 1 and rng.random() < 0.5 else p.title
        q = rng.choice(
            ["How much is the {n}?", "What does the {n} cost?", "Price of the {n}?"]
        ).format(n=name)
        cases.append(Case("lookup", [q], lambda t, p=p: names_in(t, [p]), f"{money(p.price)}"))
    # 2. yes/no attributes (stated in the catalog -> yes; not stated -> doesn't say)
    attr_words = {
        "touchscreen": "a touchscreen",
        "bluetooth": "Bluetooth",
        "waterproof": "waterproof",
        "oled": "an OLED screen",
        "wifi": "Wi-Fi",
    }
    attr_rule = {
        "touchscreen": r"touch ?-?screen",  # a "Haptic Hidden Touchpad" is no touchscreen
        "bluetooth": r"bluetooth",
        "waterproof": (
            r"water ?-?proof|water ?-?resistan|weather ?-?proof|weather ?-?resistan|\bipx?\d"
        ),
        "oled": r"\boled\b",
        "wifi": r"wi-?fi",
    }
    for attr, phrase in attr_words.items():
        pool = [
            p
            for p in unique
            if p.category
            in CATEGORIES["laptop"]
            + CATEGORIES["TV"]
            + CATEGORIES["speaker"]
            + CATEGORIES["headphones"]
        ]
        stated = [
            p
            for p in pool
            if re.search(attr_rule[attr], " | ".join((p.title, *p.features)).lower())
        ]
        silent = [p for p in pool if p not in stated]
        for p in rng.sample(stated, min(7, len(stated))):
            cases.append(
                Case(
                    "attribute",
                    [f"Does the {p.title} have {phrase}?"],
                    lambda t, p=p: (
                        bool(YES.search(t)) and money(p.price) in t and not UNKNOWN.search(t)
                    ),
                    "yes",
                )
            )
        for p in rng.sample(silent, min(5, len(silent))):
            cases.append(
                Case(
                    "attribute",
                    [f"Does the {p.title} have {phrase}?"],
                    lambda t, p=p: (
                        bool(UNKNOWN.search(t)) and money(p.price) in t and not YES.search(t)
                    ),
                    "doesn't say",
                )
            )
    # 3. filtered superlatives (with and without a price limit)
    for word, cats in CATEGORIES.items():
        members = of_kind(catalog, word, cats)
        median = statistics.median(p.price for p in members)
        for sup, template in SUPERLATIVE_WORDS.items():
            for limit in (None, round(median, -1)):
                pool = [p for p in members if limit is None or p.price <= limit]
                groups = ranked(pool, sup)
                if not groups:
                    continue
                lim = f" under ${limit:,.0f}" if limit else ""
                cases.append(
                    Case(
                        "superlative",
                        [template.format(w=word, lim=lim)],
                        lambda t, g=groups[0]: names_in(t, g),
                        f"{short_name(groups[0][0])} {money(groups[0][0].price)}",
                    )
                )
    # 4. not in the catalog (products the shop does not sell; impossible filters)
    for item in NOT_SOLD:
        q = rng.choice(
            [
                "Do you sell {x}?",
                "I'm looking for {x}.",
                "Do you have any {x}?",
                "What's the cheapest of your {x}?",
            ]
        )
        cases.append(
            Case(
                "not_found",
                [q.format(x=item)],
                lambda t: bool(REFUSAL.search(t)),
                "refusal",
                refusal=True,
            )
        )
    for word in ("TV", "laptop", "monitor", "desktop", "tablet"):
        floor = min(p.price for p in of_kind(catalog, word, CATEGORIES[word]))
        q = f"Do you have a {word} under ${max(1, int(floor * 0.3))}?"
        cases.append(
            Case("not_found", [q], lambda t: bool(REFUSAL.search(t)), "refusal", refusal=True)
        )
    # 5. follow-ups (two turns)
    for word, cats in CATEGORIES.items():
        members = of_kind(catalog, word, cats)
        top = ranked(members, "most_expensive")[0]
        cases.append(
            Case(
                "follow_up",
                [f"What's the cheapest {word}?", "and the most expensive one?"],
                lambda t, g=top: names_in(t, g),
                "most expensive",
            )
        )
        median = round(statistics.median(p.price for p in members), -1)
        best_under = ranked([p for p in members if p.price <= median], "best_rated")[0]
        cases.append(
            Case(
                "follow_up",
                [f"Which {word} has the best rating?", f"and under ${median:,.0f}?"],
                lambda t, g=best_under: names_in(t, g),
                "best rated under",
            )
        )
    for p in rng.sample(unique, 20):
        cases.append(
            Case(
                "follow_up",
                [f"Do you have the {p.title}?", "How much is it?"],
                lambda t, p=p: names_in(t, [p]),
                money(p.price),
            )
        )
    return cases
