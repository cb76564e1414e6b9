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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.catalog import load_catalog  # noqa: E402
from assistant.qa import Conversation, HashingEmbedder, ProductIndex, QAConfig, QAEngine  # noqa: E402
from models.settings import Settings, offline_env  # noqa: E402

from qa_cases import build_cases  # noqa: E402


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
    parser.add_argument("--replies", type=Path, help="write every question and reply (JSON)")
    parser.add_argument("--compare", type=Path,
                        help="a --replies file of another run (another engine, say): count "
                        "the replies that differ from it")
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
    replies: dict[str, str] = {}
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
        replies[" || ".join(case.turns)] = answer.text
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
    if args.replies:
        args.replies.write_text(json.dumps(replies, indent=1))
    changed = None
    if args.compare:
        before = json.loads(args.compare.read_text())
        shared = [q for q in replies if q in before]
        changed = [q for q in shared if replies[q] != before[q]]
        print(f"replies changed against {args.compare}: {len(changed)} of {len(shared)}")
        for q in changed[:5]:
            print(f"  {q}\n    before: {before[q][:200]}\n    now:    {replies[q][:200]}")
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
                **({"replies_changed": len(changed)} if changed is not None else {}),
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
