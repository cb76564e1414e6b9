"""Eight shoppers asking at the same instant, through the public API, with the default model.

Each of N sessions (default 8) first has one turn. Then the same N questions are
asked one after another, and then by all N sessions at the same moment. Reports
the wall time of both, their ratio (the serving issue's target: >= 1.6x), the
time to the first text chunk of each concurrent turn (p50/p95; target p95 <= 6 s),
whether every concurrent reply equals its one-at-a-time twin, the peak batch, and
RSS (steady, and peak during the wave; this process and the model worker it
started). Ends with one JSON line.

The questions ask the price of single products, named from the catalog: the
answers the LM phrases (a list's draft is shown as composed, see
QAConfig.lm_max_draft_chars). `--lists` asks list questions instead, with the
LM phrasing those too (the setting before that limit, for comparison).

    python bench/concurrent_turns.py [--sessions 8] [--llm qwen2.5-0.5b] [--lists]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from memory import PeakRSS, rss_mb, tree_rss_mb  # noqa: E402

from models.llm.engine import cpu_model  # noqa: E402

LIST_QUESTIONS = [
    "Which laptop under $800 has the best rating?",
    "What's the cheapest TV?",
    "Show me soundbars under $500",
    "Which monitor has the most reviews?",
    "What's the most expensive tablet?",
    "Show me headphones under $200",
    "Which smartwatch has the best rating?",
    "What's the cheapest router?",
]


def lookup_questions(bot: object, n: int) -> list[str]:
    """'How much is the <name>?' for n products of different categories that the planner
    reads as that one product (so the LM phrases each answer)."""
    from assistant.qa import DialogueState
    from assistant.qa.answering.facts import short_name

    out: list[str] = []
    seen: set[str] = set()
    for p in bot.catalog.products:  # type: ignore[attr-defined]
        if p.category in seen:
            continue
        text = f"How much is the {short_name(p)}?"
        plan = bot.qa.plan(DialogueState(), text)  # type: ignore[attr-defined]
        if plan.kind == "lookup" and [q.id for q in plan.answer_products] == [p.id]:
            out.append(text)
            seen.add(p.category)
        if len(out) == n:
            break
    return out


def turn(bot: object, shopper: str, text: str) -> tuple[str, float, float]:
    """(reply text, seconds to the first text chunk, seconds in all)."""
    session = bot.session(shopper)  # type: ignore[attr-defined]
    start = time.perf_counter()
    first = None
    for event in session.ask_events(text):
        if isinstance(event, str) and first is None:
            first = time.perf_counter() - start
    total = time.perf_counter() - start
    return session.last_reply.text, first if first is not None else total, total


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessions", type=int, default=8)
    p.add_argument("--llm", default=None, help="LM backend name (default: settings)")
    p.add_argument("--lists", action="store_true",
                   help="list questions, phrased by the LM too (lm_max_draft_chars=0)")
    args = p.parse_args()

    from assistant import ShopAssistant
    from assistant.qa.engine import QAConfig
    from models.settings import Settings

    n = args.sessions
    home = Path(tempfile.mkdtemp(prefix="clearcart-bench-"))
    settings = replace(Settings.from_env(), home=home)
    start = time.perf_counter()
    qa_config = QAConfig(lm_max_draft_chars=0) if args.lists else None
    bot = ShopAssistant.load(args.llm, settings=settings, qa_config=qa_config)
    questions = ((LIST_QUESTIONS * (n // len(LIST_QUESTIONS) + 1))[:n] if args.lists
                 else lookup_questions(bot, n))
    n = len(questions)
    bot.warm()
    print(f"CPU: {cpu_model()}  model: {bot.lm.name}  load+warm {time.perf_counter() - start:.1f}s")
    for i in range(n):  # every session has had a turn (and said the AI notice)
        for mode in ("seq", "conc"):
            turn(bot, f"{mode}-{i}", "hello")
    steady, steady_self = tree_rss_mb(), rss_mb()

    seq_start = time.perf_counter()
    seq = [turn(bot, f"seq-{i}", q) for i, q in enumerate(questions)]
    seq_s = time.perf_counter() - seq_start

    results: dict[int, tuple[str, float, float]] = {}
    barrier = threading.Barrier(n)

    def shopper(i: int) -> None:
        barrier.wait()
        results[i] = turn(bot, f"conc-{i}", questions[i])

    threads = [threading.Thread(target=shopper, args=(i,)) for i in range(n)]
    with PeakRSS() as peak:
        conc_start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        conc_s = time.perf_counter() - conc_start
    firsts = sorted(r[1] for r in results.values())
    same = sum(results[i][0] == seq[i][0] for i in range(n))
    p95 = firsts[min(n - 1, round(0.95 * (n - 1)))]
    print(f"one after another: {seq_s:.1f}s   all at once: {conc_s:.1f}s   "
          f"speed-up {seq_s / conc_s:.2f}x")
    print(f"first text chunk, all at once: p50 {statistics.median(firsts):.2f}s  p95 {p95:.2f}s")
    print(f"replies equal to one-at-a-time: {same}/{n}   peak batch "
          f"{getattr(bot.lm, 'peak_batch', 1)}")
    print(f"RSS steady {steady:.0f} MB ({steady_self:.0f} MB in this process, the rest in the "
          f"model worker), peak during the wave {peak.peak:.0f} MB")
    for i in range(n):
        if results[i][0] != seq[i][0]:
            print(f"  differs: {questions[i]!r}\n    alone: {seq[i][0][:160]!r}\n"
                  f"    wave:  {results[i][0][:160]!r}")
    print(json.dumps({
        "bench": "concurrent_turns", "cpu": cpu_model(), "model": bot.lm.name, "sessions": n,
        "questions": "lists" if args.lists else "lookups",
        "sequential_s": round(seq_s, 2), "concurrent_s": round(conc_s, 2),
        "speedup": round(seq_s / conc_s, 2), "first_chunk_p50_s": round(
            statistics.median(firsts), 2), "first_chunk_p95_s": round(p95, 2),
        "same_replies": same, "peak_batch": getattr(bot.lm, "peak_batch", 1),
        "rss_steady_mb": round(steady), "rss_steady_self_mb": round(steady_self),
        "rss_peak_wave_mb": round(peak.peak),
    }))


if __name__ == "__main__":
    main()
