"""Grounded Q&A accuracy on questions whose answers are known by construction.

    .venv/bin/python bench/qa_eval.py [--llm qwen2.5-0.5b|smollm2|none] [--limit N]
        [--embedder minilm|hashing]

Builds >= 300 questions from the demo catalog (price look-ups, yes/no
attributes, filtered superlatives, not-in-catalog, two-turn follow-ups),
computes each expected answer independently of the engine (plain filters and
sorts over the catalog rows), runs them through `QAEngine` with the real LM,
and checks the FINAL text in code: the right price (and name) appears, the
right yes/no/"doesn't say", or a refusal. Ungrounded claims are counted with a
check independent of the engine's grounder: every $ amount and star rating in
the reply must appear in the facts the engine showed the LM (or the budget in
the question). Prints figures, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.catalog import Catalog, Product, load_catalog  # noqa: E402
from assistant.qa import Conversation, HashingEmbedder, ProductIndex, QAConfig, QAEngine  # noqa: E402
from assistant.qa.facts import money, short_name  # noqa: E402
from models.settings import Settings, offline_env  # noqa: E402

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
        "touchscreen": r"touch",
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


def ungrounded(text: str, facts: str, question: str) -> list[str]:
    """$ amounts / star ratings in the reply that are not in the facts or the question."""
    allowed = {
        float(a.replace(",", ""))
        for a in re.findall(r"\$\s?(\d[\d,]*(?:\.\d+)?)", facts + " " + question)
    }
    allowed |= {float(a) for a in re.findall(r"discount=\$(\d+(?:\.\d+)?)", facts)}
    bad = [
        m
        for m in re.findall(r"\$\s?(\d[\d,]*(?:\.\d{1,2})?)", text)
        if float(m.replace(",", "")) not in allowed
    ]
    ratings = {float(r) for r in re.findall(r"rating=(\d(?:\.\d+)?)/5", facts)}
    bad += [
        f"{r} stars"
        for r in re.findall(r"(\d\.\d)\s*(?:out of 5|/5|stars)", text)
        if float(r) not in ratings
    ]
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Grounded Q&A accuracy benchmark")
    parser.add_argument(
        "--llm", default="qwen2.5-0.5b", help="LM backend name, or 'none' for facts-only answers"
    )
    parser.add_argument(
        "--limit", type=int, default=0, help="run only the first N questions (after shuffling)"
    )
    parser.add_argument("--embedder", default="minilm", choices=["minilm", "hashing"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show-failures", type=int, default=10)
    args = parser.parse_args(argv)
    offline_env()
    settings = Settings.from_env()
    catalog = load_catalog()
    rng = random.Random(args.seed)
    cases = build_cases(catalog, rng)
    rng.shuffle(cases)
    n_built = len(cases)
    if args.limit:
        cases = cases[: args.limit]
    t0 = time.perf_counter()
    if args.embedder == "minilm":
        from models.embedder import Embedder

        embedder = Embedder(settings)
    else:
        embedder = HashingEmbedder()
    index = ProductIndex(catalog, embedder)
    lm = None
    if args.llm != "none":
        from models.llm import load_lm

        lm = load_lm(args.llm, settings)
    engine = QAEngine(catalog, index, lm, QAConfig(use_lm=lm is not None))
    print(
        f"{n_built} questions built, running {len(cases)}; setup {time.perf_counter() - t0:.1f}s "
        f"(llm={args.llm}, embedder={args.embedder})"
    )
    latencies, outcomes, failures, bad_claims = [], Counter(), [], 0
    correct: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for i, case in enumerate(cases, 1):
        conv = Conversation()
        for turn in case.turns[:-1]:
            engine.answer(conv, engine.plan(conv, turn), first_turn=False)
        start = time.perf_counter()
        plan = engine.plan(conv, case.turns[-1])
        answer = engine.answer(conv, plan, first_turn=False)
        latencies.append(time.perf_counter() - start)
        outcomes[answer.grounding] += 1
        ok = case.check(answer.text)
        total[case.kind] += 1
        correct[case.kind] += ok
        bad = ungrounded(answer.text, answer.facts, " ".join(case.turns))
        bad_claims += bool(bad)
        if not ok or bad:
            failures.append((case, answer.text, bad, plan.kind))
        if i % 25 == 0:
            print(
                f"  {i}/{len(cases)} done, accuracy so far {sum(correct.values()) / i:.1%}",
                flush=True,
            )
    n = len(cases)
    refusals = [c for c in cases if c.refusal]
    refusal_ok = correct["not_found"]
    accuracy = sum(correct.values()) / n if n else 0.0
    lat = sorted(latencies)
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else 0.0
    print("\nper kind (correct / asked):")
    for kind in sorted(total):
        share = correct[kind] / total[kind]
        print(f"  {kind:12s} {correct[kind]:4d} / {total[kind]:4d}  ({share:.1%})")
    print(f"exact-answer accuracy: {accuracy:.1%} of {n}")
    print(f"ungrounded-claim rate: {bad_claims / n if n else 0:.2%} ({bad_claims} replies)")
    refusal_rate = refusal_ok / len(refusals) if refusals else 0
    print(f"correct-refusal rate:  {refusal_rate:.1%} of {len(refusals)}")
    print(f"grounding outcomes:    {dict(outcomes)}")
    print(
        f"latency per answer:    median {statistics.median(lat) if lat else 0:.3f}s, p95 {p95:.3f}s"
    )
    for case, text, bad, kind in failures[: args.show_failures]:
        print(
            f"\nFAIL [{case.kind} -> {kind}] {' || '.join(case.turns)}\n"
            f"  expected: {case.expected}\n  got: {text[:300]}"
            + (f"\n  ungrounded: {bad}" if bad else "")
        )
    print(
        json.dumps(
            {
                "bench": "qa_eval",
                "llm": args.llm,
                "embedder": args.embedder,
                "questions": n,
                "accuracy": round(accuracy, 4),
                "ungrounded_rate": round(bad_claims / n if n else 0, 4),
                "refusal_rate": round(refusal_ok / len(refusals), 4) if refusals else None,
                "per_kind": {k: round(correct[k] / total[k], 4) for k in sorted(total)},
                "grounding": dict(outcomes),
                "latency_median_s": round(statistics.median(lat), 4) if lat else None,
                "latency_p95_s": round(p95, 4),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
