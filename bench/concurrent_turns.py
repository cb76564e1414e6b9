"""Eight shoppers asking at the same instant, through the public API, with the default model.

Each of N sessions (default 8) first has one turn. Then the same N questions are
asked one after another, and then by all N sessions at the same moment; before each
pass the model's batch starts anew and is warmed by one other question, so the
wave does not find the serial pass's whole prompts in the prefix cache (it did
before `fresh_cache`: a wave ~4x faster than fresh prompts give). Reports
the wall time of both, their ratio (issue 21's target: >= 3x) beside its ceiling
(bench/batch_ceiling.py: the wave's uncached prompt tokens and reply tokens at the
prefill rate measured in the same run, the most any batching could gain), the time to the
first text chunk and to the whole reply of each concurrent turn (p50/p95; targets
p95 <= 2.5 s and <= 5 s), whether every concurrent reply equals its one-at-a-time
twin, the peak batch, the model's tokens per step (prompt lookup gives several),
and memory: RSS steady and at the peak of the wave (this process and the model
worker it started; target <= 1.5 GB), its file-backed part, the proportional sum
(shared libraries once), and what each process held at the peak. The machine's
load comes first and last (bench/machine_load.py). Ends with one JSON line.

The questions ask the price of single products, named from the catalog: the
answers the LM phrases (a list's draft is shown as composed, see
QAConfig.lm_max_draft_chars). `--lists` asks list questions instead, with the
LM phrasing those too (the setting before that limit, for comparison).

`--no-lookup` and `--no-prefix-cache` turn off the OpenVINO batch's prompt-lookup
decoding and prefix caching (OVBatchConfig), to measure what each gives.

    python bench/concurrent_turns.py [--sessions 8] [--llm qwen2.5-0.5b] [--lists]
        [--no-lookup] [--no-prefix-cache] [--first-text-s 2.5] [--keep-cache]
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from batch_ceiling import PromptLog, ceiling, prefill_rate  # noqa: E402
from machine_load import LoadWatch  # noqa: E402
from memory import PeakRSS, rss_mb, tree_pss_mb, tree_rss_mb  # noqa: E402

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


def fresh_cache(bot: object) -> None:
    """Start the model's batch anew and warm it with an unrelated question: the concurrent
    wave asks the serial pass's questions, whose whole prompts the prefix cache would
    otherwise still hold (a wave 4x faster than fresh prompts on 2 cores)."""
    lm: Any = getattr(bot.lm, "inner", bot.lm)  # type: ignore[attr-defined]
    if getattr(lm, "_batch", None) is not None:
        getattr(lm._batch, "close", lambda: None)()
        lm._batch = None
        bot.warm()  # type: ignore[attr-defined]


def set_batch_config(bot: object, **changes: bool) -> str:
    """Apply `changes` to the OpenVINO LM's OVBatchConfig before its batch starts; the
    settings in words ('' for an LM without one)."""
    lm: Any = getattr(bot.lm, "inner", bot.lm)  # type: ignore[attr-defined]
    config: Any = getattr(lm, "config", None)
    if not hasattr(config, "batch"):
        return ""
    lm.config = replace(config, batch=replace(config.batch, **changes))
    if lm._batch is not None:  # started already: the next request starts the new one
        getattr(lm._batch, "close", lambda: None)()
        lm._batch = None
    b = lm.config.batch
    return (f"prompt lookup {'on' if b.prompt_lookup else 'off'}, prefix caching "
            f"{'on' if b.prefix_caching else 'off'}, KV cache {lm.config.kv_cache_precision}")


PHRASED: dict[str, bool] = {}  # shopper -> was their last reply phrased by the LM


def turn(bot: object, shopper: str, text: str) -> tuple[str, float, float]:
    """(reply text, seconds to the first text chunk, seconds in all); PHRASED[shopper] set."""
    session = bot.session(shopper)  # type: ignore[attr-defined]
    start = time.perf_counter()
    first = None
    for event in session.ask_events(text):
        if isinstance(event, str) and first is None:
            first = time.perf_counter() - start
    total = time.perf_counter() - start
    PHRASED[shopper] = session.last_reply.phrased_by_lm
    return session.last_reply.text, first if first is not None else total, total


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessions", type=int, default=8)
    p.add_argument("--llm", default=None, help="LM backend name (default: settings)")
    p.add_argument("--lists", action="store_true",
                   help="list questions, phrased by the LM too (lm_max_draft_chars=0)")
    p.add_argument("--no-lookup", action="store_true",
                   help="OpenVINO batch: plain decoding, no prompt lookup")
    p.add_argument("--first-text-s", type=float, default=None,
                   help="QAConfig.lm_first_text_s: show the draft when the LM's first "
                        "grounded sentence takes longer")
    p.add_argument("--keep-cache", action="store_true",
                   help="do not start the batch anew before each pass (the wave then finds "
                        "the serial pass's prompts in the prefix cache)")
    p.add_argument("--no-prefix-cache", action="store_true",
                   help="OpenVINO batch: no prefix caching")
    args = p.parse_args()

    from assistant import ShopAssistant
    from assistant.qa.engine import QAConfig
    from models.settings import Settings

    n = args.sessions
    home = Path(tempfile.mkdtemp(prefix="clearcart-bench-"))
    settings = replace(Settings.from_env(), home=home)
    start = time.perf_counter()
    qa_config = QAConfig(lm_max_draft_chars=0 if args.lists else QAConfig.lm_max_draft_chars,
                         lm_first_text_s=args.first_text_s)
    bot = ShopAssistant.load(args.llm, settings=settings, qa_config=qa_config)
    questions = ((LIST_QUESTIONS * (n // len(LIST_QUESTIONS) + 1))[:n] if args.lists
                 else lookup_questions(bot, n))
    n = len(questions)
    batch_config = set_batch_config(bot, prompt_lookup=not args.no_lookup,
                                    prefix_caching=not args.no_prefix_cache)
    bot.warm()
    print(f"CPU: {cpu_model()}  model: {bot.lm.name}  load+warm {time.perf_counter() - start:.1f}s"
          f"  batch: {batch_config}")
    for i in range(n):  # every session has had a turn (and said the AI notice)
        for mode in ("seq", "conc"):
            turn(bot, f"{mode}-{i}", "hello")
    steady, steady_self = tree_rss_mb(), rss_mb()
    watch = LoadWatch().__enter__()
    print(f"load average before the turns {watch.load_before[0]:.2f}", flush=True)

    if not args.keep_cache:
        fresh_cache(bot)
    seq_start = time.perf_counter()
    seq = [turn(bot, f"seq-{i}", q) for i, q in enumerate(questions)]
    seq_s = time.perf_counter() - seq_start

    results: dict[int, tuple[str, float, float]] = {}
    barrier = threading.Barrier(n)

    def shopper(i: int) -> None:
        barrier.wait()
        results[i] = turn(bot, f"conc-{i}", questions[i])

    if not args.keep_cache:
        fresh_cache(bot)
    log = PromptLog.attach(bot)  # the wave's prompts, and the tokens they had to prefill
    batch: Any = getattr(getattr(bot.lm, "inner", bot.lm), "_batch", None)
    steps0, tokens0 = batch.counters() if hasattr(batch, "counters") else (0, 0)
    threads = [threading.Thread(target=shopper, args=(i,)) for i in range(n)]
    with PeakRSS() as peak:
        conc_start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        conc_s = time.perf_counter() - conc_start
    unique = log.unique_tokens(log.ids(bot.qa.shared_prompt()))
    rate = prefill_rate(bot)  # the CPU's matrix rate now, for the ceiling below
    watch.__exit__()
    firsts = sorted(r[1] for r in results.values())
    wholes = sorted(r[2] for r in results.values())
    same = sum(results[i][0] == seq[i][0] for i in range(n))
    drafts = sum(not PHRASED[f"conc-{i}"] for i in range(n))  # shown as the code's draft
    p95 = firsts[min(n - 1, round(0.95 * (n - 1)))]
    p95_whole = wholes[min(n - 1, round(0.95 * (n - 1)))]
    steps, tokens = batch.counters() if hasattr(batch, "counters") else (0, 0)
    steps, tokens = steps - steps0, tokens - tokens0
    best_s, most = ceiling(seq_s, unique, tokens, rate)
    print(f"one after another: {seq_s:.1f}s   all at once: {conc_s:.1f}s   "
          f"speed-up {seq_s / conc_s:.2f}x")
    print(f"ceiling: the wave prefilled {unique} prompt tokens past the cached prefix and "
          f"decoded {tokens}; at this CPU's prefill rate now ({rate:.0f} tok/s) that is "
          f"{best_s:.1f}s at best, so batching could gain at most {most:.2f}x here")
    print(f"first text chunk, all at once: p50 {statistics.median(firsts):.2f}s  p95 {p95:.2f}s;"
          f" whole reply p50 {statistics.median(wholes):.2f}s  p95 {p95_whole:.2f}s")
    print(f"replies equal to one-at-a-time: {same}/{n}   peak batch "
          f"{getattr(bot.lm, 'peak_batch', 1)}   model: {tokens} tokens in {steps} steps   "
          f"all at once shown as the code's draft: {drafts}/{n}")
    print(f"RSS steady {steady:.0f} MB ({steady_self:.0f} MB in this process, the rest in the "
          f"model worker), peak during the wave {peak.peak:.0f} MB ({peak.peak_file:.0f} MB of it "
          f"file-backed), proportional peak {peak.peak_pss:.0f} MB; near the peak:")
    for text in peak.at_peak.values():
        print("  " + text.replace("\n", "\n  "))
    print(f"torch imported in this (the app's) process: {'torch' in sys.modules}")
    print(watch.summary())
    for i in range(n):
        if results[i][0] != seq[i][0]:
            print(f"  differs: {questions[i]!r}\n    alone: {seq[i][0][:160]!r}\n"
                  f"    wave:  {results[i][0][:160]!r}")
    print(json.dumps({
        "bench": "concurrent_turns", "cpu": cpu_model(), "model": bot.lm.name, "sessions": n,
        "questions": "lists" if args.lists else "lookups",
        "sequential_s": round(seq_s, 2), "concurrent_s": round(conc_s, 2),
        "speedup": round(seq_s / conc_s, 2), "prefill_tok_s": round(rate, 1),
        "wave_prompt_tokens": unique, "wave_best_s": round(best_s, 2),
        "speedup_ceiling": round(most, 2), "first_chunk_p50_s": round(
            statistics.median(firsts), 2), "first_chunk_p95_s": round(p95, 2),
        "whole_reply_p50_s": round(statistics.median(wholes), 2),
        "whole_reply_p95_s": round(p95_whole, 2), "model_steps": steps, "model_tokens": tokens,
        "same_replies": same, "peak_batch": getattr(bot.lm, "peak_batch", 1),
        "rss_steady_mb": round(steady), "rss_steady_self_mb": round(steady_self),
        "rss_peak_wave_mb": round(peak.peak), "rss_file_at_peak_mb": round(peak.peak_file),
        "pss_peak_wave_mb": round(peak.peak_pss), "rss_after_mb": round(tree_rss_mb()),
        "pss_after_mb": round(tree_pss_mb()), "torch_in_app": "torch" in sys.modules,
        "batch": batch_config, "fresh_cache": not args.keep_cache,
        "first_text_s": args.first_text_s,
        "replaced_by_draft": drafts, **watch.as_dict(),
    }))


if __name__ == "__main__":
    main()
