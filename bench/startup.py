"""Start-up and first-turn cost of the default assistant.

Prints: cold `ShopAssistant.load()` time (models already converted/cached),
RSS after load (the LM and embedder load lazily on first use), the first
ask (which pays for that), the median ask over fresh sessions, and RSS after.
Ends with one JSON line.

    .venv/bin/python bench/startup.py [--llm qwen2.5-0.5b] [--asks 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from memory import rss_mb, tree_rss_mb  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--llm", default=None, help="LM backend name (default: settings)")
    ap.add_argument("--asks", type=int, default=3, help="timed asks (median reported)")
    args = ap.parse_args()
    os.environ.setdefault("CLEARCART_HOME", tempfile.mkdtemp(prefix="clearcart-bench-"))

    t0 = time.perf_counter()
    from assistant import ShopAssistant

    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    bot = ShopAssistant.load(args.llm)
    t_load = time.perf_counter() - t1
    rss = rss_mb()

    from assistant.qa.answering.facts import short_name

    questions = [  # the first is phrased by the LM (one product), as the app's warm-up is
        f"How much is the {short_name(bot.catalog.products[0])}?",
        "Which laptop under $800 has the best rating?",
        "What's the cheapest 65-inch TV?",
        "Do you sell tents?",
    ]
    times = []
    for i in range(args.asks):  # fresh session each time: every reply carries the AI notice
        s = bot.session(f"bench-{i}")
        t = time.perf_counter()
        reply = s.ask(questions[i % len(questions)])
        times.append(time.perf_counter() - t)
        print(f"ask {i + 1}: {times[-1]:.2f}s  {reply.text[:90]!r}")

    rss_after, rss_file = tree_rss_mb(), tree_rss_mb("RssFile")
    rss_self = rss_mb()
    from models.llm.engine import cpu_model, resolve_engine
    from models.settings import Settings

    settings = Settings.from_env()
    engine = resolve_engine(settings.engine, settings.cache_dir, bot.lm.name)
    ask_s = statistics.median(times)
    print(f"CPU                  {cpu_model()}")
    print(f"llm backend          {bot.lm.name} ({engine})")
    print(f"import assistant     {t_import:.2f} s")
    print(f"ShopAssistant.load() {t_load:.2f} s")
    print(f"RSS after load       {rss:.0f} MB (the LM and embedder load on first use)")
    print(f"first ask            {times[0]:.2f} s (includes loading the LM and embedder)")
    print(f"one ask (median)     {ask_s:.2f} s over {len(times)}")
    print(f"RSS after the asks   {rss_after:.0f} MB ({rss_file:.0f} MB of it file-backed: "
          f"mmapped model files; {rss_self:.0f} MB in this process, the rest in the model "
          "worker)")
    print(json.dumps({
        "cpu": cpu_model(),
        "llm": bot.lm.name,
        "engine": engine,
        "import_s": round(t_import, 3),
        "load_s": round(t_load, 3),
        "rss_mb": round(rss, 1),
        "first_ask_s": round(times[0], 3),
        "rss_after_asks_mb": round(rss_after, 1),
        "rss_after_asks_file_mb": round(rss_file, 1),
        "rss_after_asks_self_mb": round(rss_self, 1),
        "ask_median_s": round(ask_s, 3),
    }))


if __name__ == "__main__":
    main()
