"""Does the assistant understand what shoppers type? Labelled utterances, end to end.

    .venv/bin/python bench/understanding_eval.py [--catalog demo|outdoor|home|NAME|all] [--limit N]
        [--every K] [--no-lm] [--lm-parse off|unsure|always] [--llm NAME]
        [--embedder minilm|static|hashing]

Runs every chain of bench/understanding/<catalog>.jsonl (gold queries by hand, gold
products frozen by bench/understanding_gold.py) through the public API:
`ShopAssistant.load(catalog=..., llm=..., qa_config=...)`, one fresh
`bot.session(id)` per chain, `session.ask(text)` per turn. Scores, per kind and
per catalog (definitions in bench/understanding_score.py):

* parse accuracy: `reply.query` against the gold query, field by field;
* answer accuracy: `reply.answer_ids` / `.total` / `.verdicts` / `.kind` against the gold answer;
* chain accuracy: every turn of a chain right (follow-up chains are the 3-turn ones);
* ungrounded claims: $ amounts, star ratings and brand+name mentions in `reply.text` that
  no catalog row supports (checked here, not by the engine's grounder);
* latency: wall time of `ask` per turn, median and p95 (with the CPU model).

`--no-lm` answers facts-only (`QAConfig(use_lm=False)`); `--lm-parse` picks when the
LM parser reads a message. Failures go to --failures (markdown). Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.catalog import Catalog, load_catalog  # noqa: E402
from assistant.qa.query import Query  # noqa: E402
from bench.understanding_gold import CATALOGS, DATA, HELD_OUT, load_chains  # noqa: E402
from bench.understanding_score import compare_query, score_answer, ungrounded_claims  # noqa: E402
from models.llm.engine import cpu_model  # noqa: E402


def load_bot(catalog: Catalog, args: argparse.Namespace, home: Path) -> Any:
    from assistant.qa import QAConfig
    from assistant.shop import ShopAssistant
    from models.settings import Settings

    settings = replace(Settings.from_env(), home=home)
    embedder = None
    if args.embedder == "hashing":
        from assistant.qa import HashingEmbedder

        embedder = HashingEmbedder()
    elif args.embedder == "static":  # the static token table a large catalog gets
        from models.embedder import Embedder, EmbedderConfig

        embedder = Embedder(settings, EmbedderConfig(max_model_texts=0))
    qa = QAConfig(use_lm=not args.no_lm, lm_parse=args.lm_parse)
    return ShopAssistant.load(
        args.llm, settings=settings, catalog=catalog, embedder=embedder, qa_config=qa
    )


def run_chain(
    bot: Any, chain: dict[str, Any], catalog: Catalog, foreign: set[str]
) -> list[dict[str, Any]]:
    """Score every turn of one chain in a fresh session."""
    session = bot.session(f"eval-{chain['id']}-{uuid.uuid4().hex[:8]}")
    rows: list[dict[str, Any]] = []
    previous_reply = None
    previous_gold: Query | None = None
    said = ""
    for i, turn in enumerate(chain["turns"]):
        ans = turn.get("answer", {})
        said += " " + turn["text"]
        row: dict[str, Any] = {
            "id": chain["id"],
            "turn": i,
            "kind": chain["kind"],
            "catalog": chain["catalog"],
            "text": turn["text"][:120],
        }
        start = time.perf_counter()
        try:
            reply = session.ask(turn["text"])
        except Exception as exc:  # noqa: BLE001 - a crash is a failed turn, reported
            row.update(
                latency=time.perf_counter() - start,
                answer_ok=False,
                parse=None,
                why=f"raised {type(exc).__name__}: {exc}"[:300],
                ungrounded=[],
            )
            rows.append(row)
            previous_reply = None
            continue
        row["latency"] = time.perf_counter() - start
        ok, why = score_answer(reply, ans, previous_reply, catalog)
        row.update(
            answer_ok=ok,
            why=why,
            reply_kind=reply.kind,
            answer_ids=list(reply.answer_ids)[:5],
            total=reply.total,
            reply=reply.text[:300],
        )
        row["ungrounded"] = ungrounded_claims(reply.text, catalog, said, foreign)
        if "query" in turn:
            gold = Query.from_dict(turn["query"])
            pointer = None
            if "previous_answer" in ans and previous_reply is not None:
                k = int(ans["previous_answer"])
                pointer = tuple(previous_reply.answer_ids[k : k + 1])
            fields = compare_query(
                reply.query,
                gold,
                catalog=chain["catalog"],
                previous_gold=previous_gold,
                gold_products=pointer,
                not_sold=bool(ans.get("not_sold")),
            )
            row["parse"] = all(fields.values())
            row["parse_fields"] = fields
            row["query"] = reply.query.to_dict() if reply.query is not None else None
            previous_gold = gold
        else:
            row["parse"] = None
        rows.append(row)
        previous_reply = reply
    return rows


def pct(xs: list[bool]) -> float | None:
    return round(100.0 * sum(xs) / len(xs), 1) if xs else None


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    parse = [r["parse"] for r in rows if r.get("parse") is not None]
    chains: dict[str, list[bool]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for r in rows:
        chains[r["id"]].append(r["answer_ok"])
        kinds[r["id"]] = r["kind"]
    follow = [all(v) for k, v in chains.items() if kinds[k] == "followup"]
    lat = sorted(r["latency"] for r in rows)
    return {
        "turns": len(rows),
        "parse_acc": pct(parse),
        "answer_acc": pct([r["answer_ok"] for r in rows]),
        "chain_acc": pct([all(v) for v in chains.values()]),
        "followup_chain_acc": pct(follow),
        "ungrounded": sum(bool(r["ungrounded"]) for r in rows),
        "latency_median_s": round(statistics.median(lat), 3) if lat else None,
        "latency_p95_s": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 3) if lat else None,
    }


def table_row(label: str, s: dict[str, Any]) -> str:
    cells = (
        s["turns"],
        s["parse_acc"],
        s["answer_acc"],
        s["chain_acc"],
        s["ungrounded"],
        s["latency_median_s"],
        s["latency_p95_s"],
    )
    return f"{label:<28}" + "".join(f"{'-' if c is None else c:>8}" for c in cells)


def write_failures(path: Path, rows: list[dict[str, Any]], header: str) -> None:
    lines = [f"# Understanding bench failures\n\n{header}\n"]
    for r in rows:
        if r["answer_ok"] and r.get("parse") is not False and not r["ungrounded"]:
            continue
        bad_fields = [k for k, v in (r.get("parse_fields") or {}).items() if not v]
        lines.append(
            f"- **{r['id']}** t{r['turn']} ({r['kind']}) `{r['text']}`\n"
            f"  - answer: {'ok' if r['answer_ok'] else 'WRONG: ' + r.get('why', '')}; "
            f"kind={r.get('reply_kind')} ids={r.get('answer_ids')} total={r.get('total')}\n"
            + (
                f"  - parse wrong in {bad_fields}: {json.dumps(r.get('query'))}\n"
                if bad_fields
                else ""
            )
            + (f"  - ungrounded: {r['ungrounded']}\n" if r["ungrounded"] else "")
            + f"  - reply: {r.get('reply', '')!r}\n"
        )
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--catalog", choices=(*CATALOGS, "all"), default="all",
                    help="all: the shops the rules were written against (not a held-out one)")
    ap.add_argument("--limit", type=int, default=0, help="first N chains per catalog (0: all)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per chain as it runs")
    ap.add_argument("--every", type=int, default=1, help="every K-th chain (a sample)")
    ap.add_argument(
        "--no-lm", action="store_true", help="facts-only replies (QAConfig(use_lm=False))"
    )
    ap.add_argument("--lm-parse", choices=("off", "unsure", "always"), default="off")
    ap.add_argument("--llm", default=None, help="LM backend name (default: settings)")
    ap.add_argument("--embedder", choices=("minilm", "static", "hashing"), default="minilm",
                    help="static: MiniLM's token table, as a catalog over 5,000 products gets")
    ap.add_argument(
        "--failures", type=Path, default=None, help="write failing turns here (markdown)"
    )
    args = ap.parse_args()

    cpu = cpu_model()
    print(f"CPU: {cpu}")
    names = tuple(n for n in CATALOGS if n not in HELD_OUT) if args.catalog == "all" \
        else (args.catalog,)
    catalogs = {n: load_catalog(CATALOGS[n]) for n in CATALOGS}
    brands = {n: {p.brand for p in c.products if p.brand} for n, c in catalogs.items()}
    all_rows: list[dict[str, Any]] = []
    load_s: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="clearcart-eval-") as home:
        for name in names:
            chains = load_chains(DATA / f"{name}.jsonl")
            chains = chains[:: max(1, args.every)]
            if args.limit:
                chains = chains[: args.limit]
            t0 = time.perf_counter()
            bot = load_bot(catalogs[name], args, Path(home) / name)
            load_s[name] = round(time.perf_counter() - t0, 1)
            foreign = set().union(*(b for n, b in brands.items() if n != name))
            for chain in chains:
                rows = run_chain(bot, chain, catalogs[name], foreign)
                all_rows.extend(rows)
                if args.verbose:
                    marks = "".join("." if r["answer_ok"] else "x" for r in rows)
                    secs = " ".join(f"{r['latency']:.1f}" for r in rows)
                    print(f"  {chain['id']:<12} {marks:<3} {secs} s", flush=True)
            print(f"{name}: {len(chains)} chains run (load {load_s[name]}s)", flush=True)

    report: dict[str, Any] = {
        "bench": "understanding_eval",
        "cpu": cpu,
        "no_lm": args.no_lm,
        "lm_parse": args.lm_parse,
        "llm": args.llm or "default",
        "embedder": args.embedder,
        "load_s": load_s,
    }
    report["all"] = summarise(all_rows)
    head = ("group", "turns", "parse%", "answer%", "chain%", "ungr", "p50 s", "p95 s")
    print("\n" + "".join(f"{h:>8}" if i else f"{h:<28}" for i, h in enumerate(head)))
    for name in names:
        rows = [r for r in all_rows if r["catalog"] == name]
        report[name] = summarise(rows)
        report[name]["kinds"] = {}
        for kind in sorted({r["kind"] for r in rows}):
            s = summarise([r for r in rows if r["kind"] == kind])
            report[name]["kinds"][kind] = s
            print(table_row(f"{name}/{kind}", s))
        s = report[name]
        print(table_row(f"{name} (all)", s) + f"   follow-up chains {s['followup_chain_acc']}%")
    if args.failures:
        header = f"`{' '.join(sys.argv[1:])}` on {cpu}; " + json.dumps(report["all"])
        write_failures(args.failures, all_rows, header)
        print(f"failures written to {args.failures}")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
