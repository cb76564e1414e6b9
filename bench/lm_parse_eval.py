"""Parse accuracy with and without the LM parser, and the latency the LM adds.

For every labelled chain in bench/understanding/*.jsonl (EVAL's set), the
engine reads each turn in three modes over the same dialogue:

- rules:  `QAConfig(lm_parse="off")`: the rules parser alone (the fast path);
- rules+LM: `lm_parse="unsure"`: the LM parser reads the turns the rules are
  unsure of (the default);
- LM: `lm_parse="always"`: the LM parser reads every turn (its hint is still
  the rules' reading).

Each turn is planned (`QAEngine.plan`), then answered facts-only
(`use_lm=False`, so the dialogue state moves on without LM phrasing), and the
planned query is compared with the gold query field by field by
`compare_query` from bench/understanding_score.py, the same definition as
bench/understanding_eval.py's parse accuracy (a turn counts when every scored
field agrees; scope, asked, need and notes are not scored). Latency: the wall
time of `plan` per turn, and of the LM parser's call when it ran. Prints the
CPU model and load average (other processes slow the LM), a table, and one
JSON line.

    python bench/lm_parse_eval.py --catalog demo --limit 40
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.catalog import Catalog, load_catalog  # noqa: E402
from assistant.qa.query import Query  # noqa: E402
from bench.understanding_score import compare_query  # noqa: E402
from models.llm.engine import cpu_model  # noqa: E402

DATA = ROOT / "bench" / "understanding"
CATALOGS = {"demo": None, "outdoor": ROOT / "tests" / "data" / "outdoor_kitchen.csv"}
MODES = ("off", "unsure", "always")
# Fields scored by bench/understanding_score.compare_query (EVAL's definition; which of them
# a turn scores depends on its gold intent).
FIELDS = ("intent", "what", "price", "brands", "filters", "sort", "products")


def load_chains(catalog: str, limit: int | None, ids: set[str] | None = None
                ) -> list[dict[str, Any]]:
    chains: list[dict[str, Any]] = []
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            if line.strip():
                chain = json.loads(line)
                if chain.get("catalog") == catalog and (not ids or chain["id"] in ids):
                    chains.append(chain)
    return chains[:limit] if limit else chains


def build_engine(catalog: Catalog, lm: Any, knowledge: Any, mode: str, timeout_s: float,
                 alone: bool = False) -> Any:
    from assistant.qa.engine import QAConfig, QAEngine
    from assistant.qa.reading.lm_parse import LMParseConfig, LMParser

    config = QAConfig(use_lm=False, lm_parse=mode)  # type: ignore[arg-type]
    engine = QAEngine(catalog, knowledge.index, lm, config, knowledge=knowledge)
    # the engine makes its LMParser on first use with the default config; set the timeout here
    parse_config = LMParseConfig(timeout_s=timeout_s, show_hint=not alone, merge_hint=not alone)
    engine._lm_parser = LMParser(lm, knowledge, parse_config)
    return engine


def run_mode(engine: Any, chains: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per turn: kind, matched fields, plan seconds, LM seconds (or None)."""
    from assistant.qa.reading.dialogue import DialogueState

    rows = []
    for chain in chains:
        state = DialogueState()
        previous_gold: Query | None = None
        previous_ids: list[str] = []
        for i, turn in enumerate(chain["turns"]):
            if engine._lm_parser is not None:
                engine._lm_parser.last_seconds = 0.0
            start = time.perf_counter()
            plan = engine.plan(state, turn["text"])
            seconds = time.perf_counter() - start
            parser = engine._lm_parser  # made on the engine's first LM parse
            lm_seconds = parser.last_seconds if parser is not None and parser.last_seconds else None
            engine.answer(state, plan)
            ans = turn.get("answer", {})
            pointer = None
            if "previous_answer" in ans:  # "the second one": the bot's own previous answer
                k = int(ans["previous_answer"])
                pointer = tuple(previous_ids[k : k + 1])
            previous_ids = [p.id for p in plan.answer_products]
            if "query" not in turn:  # bad input: no gold parse, only a clear reply
                continue
            gold = Query.from_dict(turn["query"])
            fields = compare_query(plan.query, gold, catalog=chain["catalog"],
                                   previous_gold=previous_gold, gold_products=pointer,
                                   not_sold=bool(ans.get("not_sold")))
            previous_gold = gold
            rows.append({
                "chain": chain["id"], "turn": i, "kind": chain["kind"],
                "ok": all(fields.values()), "fields": fields, "seconds": seconds,
                "lm_seconds": lm_seconds, "by": plan.parsed_by,
                "lm_tokens": engine.lm.last_stats.new_tokens
                if lm_seconds is not None and hasattr(engine.lm, "last_stats") else None,
                "got": plan.query.to_dict(), "gold": gold.to_dict(),
            })
    return rows


def _p95(sorted_values: list[float]) -> float:
    """Nearest-rank 95th percentile of an ascending list."""
    return sorted_values[max(0, math.ceil(0.95 * len(sorted_values)) - 1)]


def _field_accuracy(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Per field: the share of the turns that score it where it agrees."""
    out = {}
    for f in FIELDS:
        scored = [r["fields"][f] for r in rows if f in r["fields"]]
        if scored:
            out[f] = round(sum(scored) / len(scored), 4)
    return out


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    lm = sorted(r["lm_seconds"] for r in rows if r["lm_seconds"] is not None)
    secs = sorted(r["seconds"] for r in rows)
    toks = [r["lm_tokens"] for r in rows if r["lm_tokens"] is not None]
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for r in rows:
        by_kind[r["kind"]].append(r["ok"])
    return {
        "turns": n,
        "parse_accuracy": round(sum(r["ok"] for r in rows) / n, 4) if n else None,
        "field_accuracy": _field_accuracy(rows),
        "lm_calls": len(lm),
        "lm_used": sum(r["by"] == "lm" for r in rows),
        "lm_tokens_mean": round(statistics.mean(toks), 1) if toks else None,
        "lm_seconds_median": round(statistics.median(lm), 3) if lm else None,
        "lm_seconds_p95": round(_p95(lm), 3) if lm else None,
        "plan_seconds_median": round(statistics.median(secs), 3) if secs else None,
        "plan_seconds_p95": round(_p95(secs), 3) if secs else None,
        "by_kind": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_kind.items())},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--catalog", choices=[*CATALOGS, "all"], default="all")
    ap.add_argument("--limit", type=int, default=None, help="chains per catalog")
    ap.add_argument("--lm-alone", action="store_true",
                    help="the LM parser neither sees nor merges the rules' reading")
    ap.add_argument("--ids", default="", help="only these chain ids (comma list)")
    ap.add_argument("--modes", default=",".join(MODES), help="comma list of off,unsure,always")
    ap.add_argument("--llm", default=None, help="LM backend (default: the configured one)")
    ap.add_argument("--hashing", action="store_true", help="hashing embedder (fast, no MiniLM)")
    ap.add_argument("--timeout", type=float, default=6.0,
                    help="LM parse timeout in s (LMParseConfig default 6; raise it to measure "
                    "what the LM reads on a busy machine)")
    ap.add_argument("--dump", type=Path, default=None, help="write per-turn rows as JSON lines")
    args = ap.parse_args()

    from models.llm import load_lm
    from models.settings import Settings, offline_env

    offline_env()
    settings = Settings.from_env()
    print(f"CPU: {cpu_model()} ({settings.threads} torch threads), "
          f"load average {os.getloadavg()[0]:.1f} (other processes slow the LM)")
    lm = load_lm(args.llm, settings)
    load = getattr(lm, "load", None)
    if load is not None:
        load()
    if args.hashing:
        from assistant.qa.knowledge.retrieval import HashingEmbedder

        embedder: Any = HashingEmbedder()
    else:
        from models.embedder import Embedder

        embedder = Embedder(settings)
    modes = [m for m in args.modes.split(",") if m]
    names = list(CATALOGS) if args.catalog == "all" else [args.catalog]
    result: dict[str, Any] = {"bench": "lm_parse_eval", "llm": lm.name, "cpu": cpu_model(),
                              "catalogs": {}}
    dump = args.dump.open("w") if args.dump else None
    for name in names:
        chains = load_chains(name, args.limit, set(args.ids.split(",")) if args.ids else None)
        if not chains:
            print(f"{name}: no labelled chains in {DATA}")
            continue
        path = CATALOGS[name]
        catalog = load_catalog(path) if path is not None else load_catalog()
        result["catalogs"][name] = {}
        from assistant.qa.knowledge import ShopKnowledge

        knowledge = ShopKnowledge.build(catalog, embedder)
        for mode in modes:
            engine = build_engine(catalog, lm, knowledge, mode, args.timeout, args.lm_alone)
            rows = run_mode(engine, chains)
            s = summary(rows)
            result["catalogs"][name][mode] = s
            lm_part = (f"LM calls {s['lm_calls']:3d} (used {s['lm_used']:3d}), "
                       f"LM s median {s['lm_seconds_median']} p95 {s['lm_seconds_p95']}")
            print(f"{name:8s} {mode:7s} parse {s['parse_accuracy']:.3f} over {s['turns']} turns; "
                  f"plan s median {s['plan_seconds_median']} p95 {s['plan_seconds_p95']}; "
                  + lm_part)
            print("   fields:", s["field_accuracy"])
            print("   kinds: ", s["by_kind"])
            if dump is not None:
                for r in rows:
                    dump.write(json.dumps({"catalog": name, "mode": mode, **r}) + "\n")
    if dump is not None:
        dump.close()
    result["load_avg_end"] = round(os.getloadavg()[0], 1)
    result["timeout_s"] = args.timeout
    result["lm_alone"] = args.lm_alone
    print(json.dumps(result))


if __name__ == "__main__":
    main()
