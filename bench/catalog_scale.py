"""A 100,000-product catalog: first load, load from the cache, turns, memory (issue 22, item 4).

Makes the catalog (bench/make_big_catalog.py: copies of the demo and test shops, with
variants) in a temp dir, then starts the assistant on it twice, each in a fresh process
as an app replica would: first with an empty catalog cache (the catalog is read, its prose
attributes extracted, products embedded, the vocabulary, name and word indexes built and
all of it kept in the cache; progress bars on stderr), then again from that cache. Each
start answers a fixed set of questions without the LM (`QAConfig(use_lm=False)`, the whole
turn: plan, answer, ranking, explanation, store). Prints the times, turn p50/p95, the
resident memory each start added, the CPU model and the load average before and after
(timings on a shared machine are rough), and ends with one JSON line.

    .venv/bin/python bench/catalog_scale.py [--products 100000] [--rounds 3]

Targets: first load <= 120 s, cached load <= 10 s, turn p95 <= 1 s, memory growth <= 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.memory import rss_mb  # noqa: E402

# Asked in this order, each in its own shopper session except the follow-ups (marked "+").
QUESTIONS = (
    "What is the cheapest laptop?",
    "+Tell me more about the second one",
    "Which TV under $500 has the best rating?",
    "Do you have waterproof hiking boots under $150?",
    "Which rug is machine washable?",
    "Compare the MacBook Air and the Dell XPS 13",
    "something to boil water while camping",
    "How much does the Jetboil Flash weigh?",
    "women's jackets under $200",
    "sweaters without cashmere",
    "Is the Northbound Men's Leather Moto Jacket in stock?",
    "How many coffee makers do you have?",
    "Show me Sony headphones",
    "a TV, nothing over $400 please",
    "What's the lightest sleeping bag?",
    "Do you sell tents?",
    "whats the chepest laptp",
    "I want to make smoothies",
    "+which of those is the cheapest?",
    "Does the Denali fleece come in blue?",
)
TARGETS = {"first_load_s": 120.0, "cached_load_s": 10.0, "turn_p95_s": 1.0, "rss_growth_mb": 1024}


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def child(args: argparse.Namespace) -> None:
    """One app start: load the assistant on the catalog, answer the questions, report."""
    from dataclasses import replace

    from assistant.qa import QAConfig
    from assistant.shop import ShopAssistant
    from models.embedder import Embedder
    from models.ranker import Ranker
    from models.settings import Settings

    settings = replace(Settings.from_env(), home=Path(args.home), cache_dir=Path(args.cache))
    # what any shop's app holds before its catalog: the code, the embedding model, the ranker
    embedder, ranker = Embedder(settings), Ranker.load()
    embedder.encode(["warm up"])
    base = {f: rss_mb(field=f) for f in ("VmRSS", "RssAnon", "RssFile")}
    cpu0 = _cpu_seconds()
    start = time.perf_counter()
    bot = ShopAssistant.load(settings=settings, catalog=args.catalog, embedder=embedder,
                             ranker=ranker, qa_config=QAConfig(use_lm=False))
    load_s = time.perf_counter() - start
    load_cpu = _cpu_seconds() - cpu0
    loaded = rss_mb() - base["VmRSS"]
    times: list[float] = []
    session = None
    for r in range(args.rounds):
        for i, q in enumerate(QUESTIONS):
            if not q.startswith("+") or session is None:
                session = bot.session(f"scale-{r}-{i}")
            t = time.perf_counter()
            session.ask(q.lstrip("+"))
            times.append(time.perf_counter() - t)
    grown = {f: rss_mb(field=f) - base[f] for f in base}
    print(json.dumps({
        "load_s": round(load_s, 1), "load_cpu_s": round(load_cpu, 1),
        "products": len(bot.catalog),
        "variants": bot.catalog.variant_count, "encoder": type(bot.index.embedder).__name__,
        "turns": len(times), "turn_p50_s": round(statistics.median(times), 3),
        "turn_p95_s": round(_p95(times), 3), "turn_max_s": round(max(times), 3),
        "rss_after_load_mb": round(loaded), "rss_growth_mb": round(grown["VmRSS"]),
        "rss_anon_growth_mb": round(grown["RssAnon"]),
        "rss_file_growth_mb": round(grown["RssFile"]), "rss_base_mb": round(base["VmRSS"]),
    }), flush=True)


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the forked build workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _p95(xs: list[float]) -> float:
    ordered = sorted(xs)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def start(name: str, catalog: Path, home: Path, cache: Path, rounds: int) -> dict[str, Any]:
    print(f"\n== {name} (load average {load_average()})", flush=True)
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--catalog", str(catalog), "--home", str(home),
         "--cache", str(cache), "--rounds", str(rounds)],
        stdout=subprocess.PIPE, text=True, check=True, cwd=ROOT)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{name}: loaded {result['products']:,} products ({result['variants']:,} variants) "
          f"in {result['load_s']} s ({result['load_cpu_s']} s of CPU); "
          f"{result['turns']} turns "
          f"p50 {result['turn_p50_s']} s, "
          f"p95 {result['turn_p95_s']} s, max {result['turn_max_s']} s; memory +"
          f"{result['rss_growth_mb']} MB (anon +{result['rss_anon_growth_mb']}, mapped "
          f"files +{result['rss_file_growth_mb']}); product encoder {result['encoder']}",
          flush=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--products", type=int, default=100_000, help="catalog size")
    ap.add_argument("--rounds", type=int, default=3, help="times the question set is asked")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--catalog", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--home", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--cache", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    from bench.make_big_catalog import make_big_catalog
    from models.llm.engine import cpu_model
    from models.settings import Settings

    cpu, before = cpu_model(), load_average()
    print(f"CPU: {cpu} ({os.cpu_count()} cores); load average before: {before}")
    work = Path(tempfile.mkdtemp(prefix="clearcart-scale-"))
    catalog = work / "catalog.csv"
    t = time.perf_counter()
    made, rows = make_big_catalog(catalog, args.products)
    print(f"catalog: {made:,} products in {rows:,} rows, "
          f"{catalog.stat().st_size / 1e6:.0f} MB ({time.perf_counter() - t:.0f} s to write)")
    # a fresh catalog cache; the prepared models (embedder IR and its static table) are shared
    cache = work / "cache"
    cache.mkdir()
    models = Settings.from_env().cache_dir / "embedder"
    if models.is_dir():
        (cache / "embedder").symlink_to(models)
    first = start("first load (empty catalog cache)", catalog, work / "home1", cache, args.rounds)
    cached = start("load from cache (a new replica)", catalog, work / "home2", cache, args.rounds)
    after = load_average()
    size = sum(f.stat().st_size for f in (cache / "catalogs").rglob("*") if f.is_file())
    print(f"\ncatalog cache: {size / 1e6:.0f} MB; load average after: {after}")
    figures = {
        "first_load_s": first["load_s"], "cached_load_s": cached["load_s"],
        "turn_p95_s": max(first["turn_p95_s"], cached["turn_p95_s"]),
        "rss_growth_mb": max(first["rss_growth_mb"], cached["rss_growth_mb"]),
    }
    for name, value in figures.items():
        verdict = "ok" if value <= TARGETS[name] else "OVER"
        print(f"  {name:15s} {value:>8} (target <= {TARGETS[name]}) {verdict}")
    print(json.dumps({
        "bench": "catalog_scale", "cpu": cpu, "cores": os.cpu_count(), "products": made,
        "rows": rows, "load_average_before": before, "load_average_after": after,
        "first": first, "cached": cached, "cache_mb": round(size / 1e6), **figures,
        "targets_met": all(v <= TARGETS[k] for k, v in figures.items()),
    }))


if __name__ == "__main__":
    main()
