"""Does the assistant read a need said in words, as a salesperson would? Labelled requests.

    .venv/bin/python bench/conversation_eval.py [--catalog demo|outdoor|all] [--no-lm]
        [--llm NAME] [--embedder minilm|hashing] [--failures PATH] [-v] [--relabel] [--oracle]

Runs every chain of bench/conversation/<catalog>.jsonl (labelled by hand; issue 23) through
the public API: `ShopAssistant.load(catalog=..., qa_config=QAConfig(use_lm=...))`, one fresh
`bot.session(id)` per chain, `session.ask(text)` per turn. Per turn, as labelled (rules in
bench/conversation_score.py):

* kind: the top 3 `reply.suggestions` are of an acceptable kind (and attributes);
* band: their prices (`s.product.price`) are inside the labelled price band;
* unsupported: the shop cannot serve the need: the reply says so and suggests nothing unrelated;
* assumption (soft budgets): a `Reply.assumptions` item of kind "budget", or the band said in
  the text ("under $850");
* ask: one question for a broad request, none for a specific one (text '?' + `Reply.question`);
* style, every turn: no search-engine template of today's replies.py, no product shown twice
  (same id, or one model in two colours / sizes), the AI notice at most once per session, at
  most one question.

Soft budgets are bands from the catalog's own prices for the labelled kind (`q` quantiles,
recomputed here; `--relabel` rewrites them after a catalog change): "on a budget", "cheap",
"nothing fancy", "inexpensive" -> the cheapest third; "not too pricey", "affordable", "not too
expensive" -> the cheapest 40%; "mid-range" -> 30%-70%; "premium", "high-end", "money is no
object" -> the dearest 40%; each with 10% tolerance. A stated budget has none ("around $50":
+-20%). Prints shares per tag and catalog, per check, the CPU model; --failures writes the
failing turns (markdown). `--oracle` answers from the labels themselves (every check must
pass: a test of the labels and the scorer). Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.catalog import Catalog, load_catalog  # noqa: E402
from bench.conversation_score import (  # noqa: E402
    NEED_CHECKS,
    STYLE_CHECKS,
    acceptable,
    in_band,
    notices,
    repeats,
    score_turn,
    unknown_kinds,
)
from bench.understanding_gold import CATALOGS, load_chains  # noqa: E402
from models.llm.engine import cpu_model  # noqa: E402

DATA = ROOT / "bench" / "conversation"
TAGS = ("soft_budget", "use", "recipient", "need", "broad", "budget", "unsupported", "followup")
_SHARE = {(0.0, 0.3333): "lower third", (0.0, 0.4): "lower 40%", (0.6, 1.0): "upper 40%"}


def _money(x: float) -> str:
    return f"${x:,.2f}"


def quantile_band(prices: list[float], q: tuple[float, float]) -> tuple[float | None, float | None]:
    """(min, max) price of the products between quantiles q[0] and q[1] of the sorted prices.

    The lower x share of n products is the ceil(x * n) cheapest, the upper x share the
    ceil(x * n) dearest; q[0] = 0 or q[1] = 1 leaves that side open.
    """
    ps = sorted(prices)
    n = len(ps)

    def count(share: float) -> int:
        return max(1, math.ceil(round(share * n, 9)))

    lo = None if q[0] <= 0 else ps[n - count(1 - q[0])]
    hi = None if q[1] >= 1 else ps[count(q[1]) - 1]
    return lo, hi


def derived_band(turn: dict[str, Any], catalog: str, cat: Catalog) -> dict[str, Any]:
    """The soft-budget band of `turn` recomputed from its kinds' prices and its `q`."""
    band = dict(turn["band"])
    q = (float(band["q"][0]), float(band["q"][1]))
    prices = [p.price for p in cat.products if acceptable(p, turn, catalog)]
    lo, hi = quantile_band(prices, q)
    band.pop("min", None)
    band.pop("max", None)
    if lo is not None:
        band["min"] = lo
    if hi is not None:
        band["max"] = hi
    share = _SHARE.get((round(q[0], 4), round(q[1], 4)), f"{q[0]:.0%}-{q[1]:.0%}")
    parts = [f">= {_money(lo)}" if lo is not None else "", f"<= {_money(hi)}" if hi else ""]
    limits = " and ".join(x for x in parts if x)
    kinds = " / ".join(turn["kinds"]) + (f" with {turn['attrs']}" if turn.get("attrs") else "")
    band["how"] = f"{share} of the {len(prices)} {kinds} by price: {limits}"
    return {k: band[k] for k in ("min", "max", "tol", "q", "how") if k in band}


def check_labels(chains: list[dict[str, Any]], cat: Catalog, relabel: bool) -> list[str]:
    """Label errors; fills turn["_available"] (acceptable products inside the band)."""
    errors: list[str] = []
    for chain in chains:
        catalog = chain["catalog"]
        for i, turn in enumerate(chain["turns"]):
            where = f"{chain['id']} t{i}"
            bad_tags = set(turn.get("tags", ())) - set(TAGS)
            if bad_tags:
                errors.append(f"{where}: unknown tags {sorted(bad_tags)}")
            names = [*turn.get("kinds", ()), *turn.get("unsupported", {}).get("related", ())]
            if unknown_kinds(names, catalog, cat):
                errors.append(f"{where}: unknown kinds {unknown_kinds(names, catalog, cat)}")
                continue
            if turn.get("band", {}).get("q") is not None:
                band = derived_band(turn, catalog, cat)
                if relabel:
                    turn["band"] = band
                elif band != turn["band"]:
                    errors.append(f"{where}: band {turn['band']} != derived {band} (--relabel)")
            if turn.get("kinds"):
                ok = [
                    p
                    for p in cat.products
                    if acceptable(p, turn, catalog) and in_band(p.price, turn.get("band"))
                ]
                turn["_available"] = len(ok)
                if not ok:
                    errors.append(f"{where}: no product of {turn['kinds']} fits its band")
    return errors


class OracleBot:
    """Answers from the labels themselves (--oracle): every check must pass, or the labels
    or the scorer are wrong. Up to 3 acceptable in-band products, one per model."""

    def __init__(self, chains: list[dict[str, Any]], cat: Catalog, disclosure: str) -> None:
        self.turns = {t["text"]: t for c in chains for t in c["turns"]}
        self.cat, self.disclosure, self.name = cat, disclosure, chains[0]["catalog"]

    def session(self, _id: str) -> Any:
        said: list[str] = []

        def ask(text: str) -> Any:
            t, words = self.turns[text], [] if said else [self.disclosure]
            said.append(text)
            picks: list[Any] = []
            for p in sorted(self.cat.products, key=lambda p: (-(p.rating or 0), p.price)):
                fits = t.get("kinds") and acceptable(p, t, self.name)
                if fits and in_band(p.price, t.get("band")) and not repeats([*picks, p]):
                    picks.append(p)
            band, budget = t.get("band") or {}, []
            if "soft_budget" in t.get("tags", ()):
                value = {"max_price": band.get("max"), "min_price": band.get("min")}
                budget = [{"kind": "budget", "words": text, "value": value}]
            words.append("Sorry, we don't sell that." if "unsupported" in t else "These fit.")
            words += ["Mostly for work or for play?"] if t.get("ask") == "one" else []
            sugs = [SimpleNamespace(product=p) for p in picks[:3]]
            return SimpleNamespace(text=" ".join(words), suggestions=sugs, assumptions=budget)

        return SimpleNamespace(ask=ask)


def load_bot(catalog: Catalog, args: argparse.Namespace, home: Path) -> Any:
    from assistant.qa import QAConfig
    from assistant.shop import ShopAssistant
    from models.settings import Settings

    settings = replace(Settings.from_env(), home=home)
    embedder = None
    if args.embedder == "hashing":
        from assistant.qa import HashingEmbedder

        embedder = HashingEmbedder()
    qa = QAConfig(use_lm=not args.no_lm)
    return ShopAssistant.load(
        args.llm, settings=settings, catalog=catalog, embedder=embedder, qa_config=qa
    )


def run_chain(bot: Any, chain: dict[str, Any], cat: Catalog, disclosure: str) -> list[dict]:
    """Score every turn of one chain in a fresh session."""
    session = bot.session(f"conv-{chain['id']}-{uuid.uuid4().hex[:8]}")
    rows: list[dict[str, Any]] = []
    said = 0  # AI notices so far in this session
    for i, turn in enumerate(chain["turns"]):
        row: dict[str, Any] = {
            "id": chain["id"],
            "turn": i,
            "catalog": chain["catalog"],
            "tags": list(turn.get("tags", ())),
            "text": turn["text"],
            "band_how": turn.get("band", {}).get("how"),
        }
        start = time.perf_counter()
        try:
            reply = session.ask(turn["text"])
        except Exception as exc:  # noqa: BLE001 - a crash fails every check of the turn
            row["latency"] = time.perf_counter() - start
            why = f"raised {type(exc).__name__}: {exc}"[:300]
            row["checks"] = {"kind": (False, why)} | {c: (False, why) for c in STYLE_CHECKS}
            rows.append(row)
            continue
        row["latency"] = time.perf_counter() - start
        row["checks"] = score_turn(
            reply,
            turn,
            catalog=chain["catalog"],
            cat=cat,
            available=int(turn.get("_available", 0)),
            notices_before=said,
            disclosure=disclosure,
        )
        said += notices(reply.text, disclosure)
        row["reply"] = reply.text[:400]
        row["shown"] = [
            f"{s.product.title[:50]} ({s.product.category}, ${s.product.price:,.2f})"
            for s in reply.suggestions[:3]
        ]
        rows.append(row)
    return rows


def needs_ok(row: dict[str, Any]) -> bool:
    return all(ok for name, (ok, _) in row["checks"].items() if name in NEED_CHECKS)


def style_ok(row: dict[str, Any]) -> bool:
    return all(ok for name, (ok, _) in row["checks"].items() if name in STYLE_CHECKS)


def share(xs: list[bool]) -> dict[str, Any]:
    return {"n": len(xs), "ok": sum(xs), "pct": round(100.0 * sum(xs) / len(xs), 1) if xs else None}


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    chains: dict[str, list[bool]] = defaultdict(list)
    for r in rows:
        chains[r["id"]].append(needs_ok(r) and style_ok(r))
    out: dict[str, Any] = {
        "turns": len(rows),
        "needs": share([needs_ok(r) for r in rows]),
        "style": share([style_ok(r) for r in rows]),
        "turn": share([needs_ok(r) and style_ok(r) for r in rows]),
        "chain": share([all(v) for v in chains.values()]),
        "tags": {t: share([needs_ok(r) for r in rows if t in r["tags"]]) for t in TAGS},
        "checks": {
            c: share([r["checks"][c][0] for r in rows if c in r["checks"]])
            for c in (*NEED_CHECKS, *STYLE_CHECKS)
        },
    }
    lat = sorted(r["latency"] for r in rows)
    out["latency_median_s"] = round(statistics.median(lat), 3) if lat else None
    return out


def _cell(s: dict[str, Any]) -> str:
    return "-" if not s["n"] else f"{s['ok']}/{s['n']} {s['pct']:.0f}%"


def print_table(report: dict[str, Any], names: list[str]) -> None:
    cols = [*names, "all"] if len(names) > 1 else names
    print("\n" + f"{'share of turns':<22}" + "".join(f"{c:>16}" for c in cols))
    rows: list[tuple[str, list[dict[str, Any]]]] = [
        (f"tag {t}", [report[c]["tags"][t] for c in cols]) for t in TAGS
    ]
    rows += [(f"check {c}", [report[n]["checks"][c] for n in cols]) for c in NEED_CHECKS]
    rows += [(f"style {c}", [report[n]["checks"][c] for n in cols]) for c in STYLE_CHECKS]
    rows += [(k, [report[n][k] for n in cols]) for k in ("needs", "style", "turn", "chain")]
    for label, cells in rows:
        print(f"{label:<22}" + "".join(f"{_cell(s):>16}" for s in cells))


def write_failures(path: Path, rows: list[dict[str, Any]], header: str) -> None:
    lines = [f"# Conversation bench failures\n\n{header}\n"]
    for r in rows:
        bad = {k: why for k, (ok, why) in r["checks"].items() if not ok}
        if not bad:
            continue
        lines.append(f"- **{r['id']}** t{r['turn']} ({', '.join(r['tags'])}) `{r['text']}`")
        if r.get("band_how"):
            lines.append(f"  - band: {r['band_how']}")
        lines += [f"  - {k}: {why}" for k, why in bad.items()]
        lines.append(f"  - reply: {r.get('reply', '')!r}")
        lines.append(f"  - shown: {r.get('shown', [])}\n")
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--catalog", choices=("demo", "outdoor", "all"), default="all")
    ap.add_argument("--no-lm", action="store_true", help="facts-only (QAConfig(use_lm=False))")
    ap.add_argument("--llm", default=None, help="LM backend name (default: settings)")
    ap.add_argument("--embedder", choices=("minilm", "hashing"), default="minilm")
    ap.add_argument("--failures", type=Path, default=None, help="failing turns here (markdown)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per chain")
    ap.add_argument("--relabel", action="store_true", help="rewrite the derived soft bands")
    ap.add_argument("--oracle", action="store_true", help="answer from the labels (self-test)")
    args = ap.parse_args()

    from assistant.qa import QAConfig

    disclosure = QAConfig().ai_disclosure
    names = ["demo", "outdoor"] if args.catalog == "all" else [args.catalog]
    catalogs = {n: load_catalog(CATALOGS[n]) for n in names}
    chains = {n: load_chains(DATA / f"{n}.jsonl") for n in names}
    errors = [e for n in names for e in check_labels(chains[n], catalogs[n], args.relabel)]
    if args.relabel:
        for n in names:
            clean = [
                {**c, "turns": [{k: v for k, v in t.items() if k[0] != "_"} for t in c["turns"]]}
                for c in chains[n]
            ]
            lines = [json.dumps(c, ensure_ascii=False) for c in clean]
            (DATA / f"{n}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"relabelled {', '.join(names)}")
        return 2 if errors else 0
    if errors:
        print("label errors:\n  " + "\n  ".join(errors), file=sys.stderr)
        return 2
    cpu = cpu_model()
    print(f"CPU: {cpu}")
    all_rows: list[dict[str, Any]] = []
    load_s: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="clearcart-conv-") as home:
        for n in names:
            t0 = time.perf_counter()
            bot = (
                OracleBot(chains[n], catalogs[n], disclosure)
                if args.oracle
                else load_bot(catalogs[n], args, Path(home) / n)
            )
            load_s[n] = round(time.perf_counter() - t0, 1)
            for chain in chains[n]:
                rows = run_chain(bot, chain, catalogs[n], disclosure)
                all_rows.extend(rows)
                if args.verbose:
                    marks = "".join("." if needs_ok(r) and style_ok(r) else "x" for r in rows)
                    print(f"  {chain['id']:<32} {marks}", flush=True)
            turns = sum(len(c["turns"]) for c in chains[n])
            print(f"{n}: {len(chains[n])} chains, {turns} turns (load {load_s[n]}s)", flush=True)

    report: dict[str, Any] = {
        "bench": "conversation_eval",
        "cpu": cpu,
        "no_lm": args.no_lm,
        "oracle": args.oracle,
        "llm": args.llm or "default",
        "embedder": args.embedder,
        "load_s": load_s,
    }
    for n in names:
        report[n] = summarise([r for r in all_rows if r["catalog"] == n])
    report["all"] = summarise(all_rows)
    print_table(report, names)
    if args.failures:
        header = f"`{' '.join(sys.argv[1:])}` on {cpu}; " + json.dumps(report["all"]["checks"])
        write_failures(args.failures, all_rows, header)
        print(f"failures written to {args.failures}")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
