"""Privacy checks with figures: consent withdrawal, erase residue, audit tamper detection, leaks.

    python bench/privacy_check.py [--llm smollm2|fake] [--sessions 16] [--questions 3]

1. Consent-withdrawal effectiveness: shoppers grant browsing/purchase history, view
   and buy, ask; then withdraw (or object to profiling) and ask again. Share of the
   later suggestions whose explanation or disclosure involves a withdrawn category
   (target 0). The share *before* withdrawal is printed to show the check can fail.
2. Residual rows after erase: rows still keyed to, or plaintext still naming, an
   erased shopper, plus audit pseudonyms still linked (target 0).
3. Audit tamper detection: random edits (payload fields, hashes, columns, deleted
   rows, swapped rows, cut tail, unanchored appends) on copies of a real log;
   share detected by verify_audit (target 100%).
4. Concurrent-session leaks: 16 sessions in threads, each with its own history;
   items or audit records of another shopper found in a session's reply or export
   (target 0).

Checks 1 and 4 run the full pipeline (`ShopAssistant`); with `--llm fake` a canned
LM phrases replies (ranking, explanations and the store are real), so they run in
seconds on a small CPU. The last line is one JSON object of metrics.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import delete, func, select, update  # noqa: E402

from assistant.privacy import ConsentManager, Store, StoreConfig  # noqa: E402
from assistant.privacy import schema as t  # noqa: E402
from assistant.privacy.audit import canonical, chain_hash  # noqa: E402
from models.settings import Settings, offline_env  # noqa: E402

QUESTIONS = (
    "Which laptop under $900 has the best rating?",
    "I need noise cancelling headphones",
    "a big TV for the living room",
    "something to back up my photos",
    "a printer for a small office",
)


# -- 2. erase ------------------------------------------------------------------

def erase_residue(home: Path, shoppers: int = 40) -> dict[str, Any]:
    with Store.open(Settings(home=home)) as s:
        for i in range(shoppers):
            who = f"erase-me-{i}"
            c = ConsentManager(s, who)
            c.grant("browsing_history")
            c.grant("purchase_history")
            for j in range(5):
                s.record_view(who, f"item-{i}-{j}")
            s.record_purchase(who, f"item-{i}-0", 10.0 + i)
            s.mark_not_interested(who, f"item-{i}-9")
            s.exclude_from_history(who, f"item-{i}-8")
            s.record_turn(who, "user", f"hi I'm Sam{i}, sam{i}@mail.com")
            s.record_suggestion(who, {"product_id": f"item-{i}-1", "score": 0.1 * i})
        gone = [f"erase-me-{i}" for i in range(0, shoppers, 2)]
        pseudonyms = {w: s.export_data(w)["profile"]["audit_pseudonym"] for w in gone}
        erase_ms: list[float] = []
        for who in gone:
            started = time.perf_counter()
            s.erase(who)
            erase_ms.append((time.perf_counter() - started) * 1000)
        residual = 0
        with s.engine.connect() as conn:
            for who in gone:
                key = s.cipher.shopper_key(who)
                for table in t.metadata.sorted_tables:
                    if "shopper_key" in table.c:
                        count_keyed = (select(func.count()).select_from(table)
                                       .where(table.c.shopper_key == key))
                        residual += int(conn.execute(count_keyed).scalar() or 0)
                residual += int(conn.execute(select(func.count()).select_from(t.shoppers)
                                             .where(t.shoppers.c.pseudonym == pseudonyms[who]))
                                .scalar() or 0)
            values = [str(v) for table in t.metadata.sorted_tables
                      for row in conn.execute(select(table)) for v in row]
        erased = set(gone)  # a plaintext shopper id anywhere counts as residue
        residual += sum(v in erased or any(f'"{w}"' in v for w in gone) for v in values)
        kept = sum(len(s.views(f"erase-me-{i}")) for i in range(1, shoppers, 2))
        ok = s.verify_audit().ok
    return {"residual_rows_after_erase": residual,
            "erase_ms_median": round(statistics.median(erase_ms), 2),
            "others_views_kept": kept, "audit_ok_after_erase": ok}


# -- 3. tamper -------------------------------------------------------------------

def _tamper(conn: Any, rng: random.Random, n: int) -> str:
    kind = rng.choice(["payload", "payload_rehash", "hash", "prev_hash", "pseudonym", "time",
                       "delete", "swap", "truncate", "append_unanchored"])
    i = rng.randint(1, n - 1)
    row = conn.execute(select(t.audit_log).where(t.audit_log.c.id == i)).one()
    body = json.loads(row.payload)
    if kind in ("payload", "payload_rehash"):
        field = rng.choice(["score", "product_id", "shap", "model_version", "time"])
        body[field] = {"score": body["score"] + rng.choice([-1, 1]) * 0.001, "product_id": "forged",
                       "shap": {"request_match": 9.9}, "model_version": "other",
                       "time": body["time"] + 1}[field]
        payload = canonical(body)
        values: dict[str, Any] = {"payload": payload}
        if kind == "payload_rehash":
            values["hash"] = chain_hash(payload, row.prev_hash)
        conn.execute(update(t.audit_log).where(t.audit_log.c.id == i).values(**values))
    elif kind in ("hash", "prev_hash"):
        conn.execute(update(t.audit_log).where(t.audit_log.c.id == i)
                     .values(**{kind: f"{rng.getrandbits(256):064x}"}))
    elif kind == "pseudonym":
        conn.execute(update(t.audit_log).where(t.audit_log.c.id == i).values(pseudonym="f" * 32))
    elif kind == "time":
        conn.execute(update(t.audit_log).where(t.audit_log.c.id == i)
                     .values(created_at=row.created_at - 3600))
    elif kind == "delete":
        conn.execute(delete(t.audit_log).where(t.audit_log.c.id == i))
    elif kind == "swap":
        conn.execute(update(t.audit_log).where(t.audit_log.c.id == i).values(id=-1))
        conn.execute(update(t.audit_log).where(t.audit_log.c.id == i + 1).values(id=i))
        conn.execute(update(t.audit_log).where(t.audit_log.c.id == -1).values(id=i + 1))
    elif kind == "truncate":
        conn.execute(delete(t.audit_log).where(t.audit_log.c.id >= i + 1))
    else:  # a well-formed record appended without moving the head
        last = conn.execute(select(t.audit_log).order_by(t.audit_log.c.id.desc()).limit(1)).one()
        payload = canonical({**json.loads(last.payload), "id": last.id + 1})
        conn.execute(t.audit_log.insert().values(
            id=last.id + 1, pseudonym=last.pseudonym, created_at=last.created_at, payload=payload,
            prev_hash=last.hash, hash=chain_hash(payload, last.hash)))
    return kind


def tamper_detection(home: Path, records: int = 200, trials: int = 200,
                     seed: int = 7) -> dict[str, Any]:
    settings = Settings(home=home)
    append_ms: list[float] = []
    with Store.open(settings) as s:
        for i in range(records):
            started = time.perf_counter()
            s.record_suggestion(f"shopper-{i % 13}", {
                "product_id": f"p{i}", "score": i / 17, "model_version": "m1",
                "explanation": {"values": {"request_match": i / 31}, "base_value": 0.1},
            })
            append_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        assert s.verify_audit().ok
        verify_s = time.perf_counter() - started
    db = home / "clearcart.db"
    rng = random.Random(seed)
    detected = 0
    by_kind: dict[str, tuple[int, int]] = {}
    for trial in range(trials):
        copy_home = home.parent / f"tamper-{trial}"
        copy_home.mkdir()
        shutil.copy(db, copy_home / "clearcart.db")
        shutil.copy(home / "clearcart.key", copy_home / "clearcart.key")
        with Store.open(Settings(home=copy_home), StoreConfig(purge_on_open=False)) as c:
            with c.engine.begin() as conn:
                kind = _tamper(conn, rng, records)
            caught = not c.verify_audit().ok
        shutil.rmtree(copy_home)
        detected += caught
        hit, total = by_kind.get(kind, (0, 0))
        by_kind[kind] = (hit + caught, total + 1)
    return {
        "tamper_detection_rate": detected / trials,
        "tamper_trials": trials,
        "tamper_by_kind": {k: f"{h}/{n}" for k, (h, n) in sorted(by_kind.items())},
        "audit_append_ms_median": round(statistics.median(append_ms), 3),
        "audit_verify_records_per_s": round(records / verify_s),
    }


# -- 1 and 4: the full pipeline -----------------------------------------------------

class CannedLM:
    """Stands in for the chat model with --llm fake: ranking, SHAP and the store stay real."""

    name = "fake"

    def stream(self, messages: Sequence[Any], config: Any = None) -> Iterator[str]:
        yield "Here are some options from the catalog."

    def generate(self, messages: Sequence[Any], config: Any = None) -> str:
        return "".join(self.stream(messages, config))


def _load_bot(llm: str, home: Path) -> Any:
    from assistant import ShopAssistant
    from models.llm.base import LMBackend

    settings = Settings(home=home)
    if llm == "fake":
        lm = type("BenchLM", (CannedLM, LMBackend), {})()
        return ShopAssistant.load(settings=settings, lm=lm)
    return ShopAssistant.load(llm=llm, settings=settings)


def _uses(sugg: Any, categories: set[str]) -> bool:
    e = sugg.explanation
    in_expl = any(e.category_of.get(g) in categories and abs(v) > 0 for g, v in e.values.items())
    in_players = any(e.category_of.get(g) in categories for g in e.players)
    return in_expl or in_players or bool(categories & set(sugg.disclosure.used))


def withdrawal_effectiveness(bot: Any, shoppers: int, questions: int) -> dict[str, Any]:
    products = bot.catalog.products
    personal = {"browsing_history", "purchase_history"}
    before = [0, 0]
    after = [0, 0]
    rng = random.Random(3)
    for i in range(shoppers):
        s = bot.session(f"withdraw-{i}")
        for cat in personal:
            s.consent.grant(cat)
        for p in rng.sample(products, 6):
            s.view(p.id)
        s.purchase(rng.choice(products).id)
        for q in QUESTIONS[:questions]:
            for sug in s.ask(q).suggestions:
                before[0] += _uses(sug, personal)
                before[1] += 1
        if i % 2:
            s.consent.object_to_profiling()
        else:
            for cat in personal:
                s.consent.withdraw(cat)
        for q in QUESTIONS[:questions]:
            for sug in s.ask(q).suggestions:
                after[0] += _uses(sug, personal)
                after[1] += 1
    return {
        "withdrawn_category_share_after": after[0] / max(after[1], 1),
        "personal_share_before_withdrawal": before[0] / max(before[1], 1),
        "suggestions_checked_after": after[1],
    }


def concurrent_leaks(bot: Any, sessions: int) -> dict[str, Any]:
    products = bot.catalog.products
    chunk = max(len(products) // sessions, 1)
    own = {f"conc-{i}": {p.id for p in products[i * chunk:(i + 1) * chunk][:8]}
           for i in range(sessions)}
    barrier = threading.Barrier(sessions)

    def run(who: str) -> tuple[str, list[int]]:
        s = bot.session(who)
        s.consent.grant("browsing_history")
        barrier.wait()
        for pid in own[who]:
            s.view(pid)
        reply = s.ask(QUESTIONS[hash(who) % len(QUESTIONS)])
        return who, [sug.audit_id for sug in reply.suggestions]

    started = time.perf_counter()
    with ThreadPoolExecutor(sessions) as pool:
        results = dict(pool.map(run, own))
    wall = time.perf_counter() - started
    leaks = 0
    all_ids = {who: set(ids) for who, ids in results.items()}
    for who, ids in all_ids.items():
        data = bot.export_data(who)
        viewed = {v["product_id"] for v in data["views"]}
        leaks += len(viewed - own[who])
        shown = {x["audit_id"] for x in data["suggestions_shown"]}
        leaks += len(shown - ids)  # another session's suggestions in this export
        leaks += sum(len(ids & other) for o, other in all_ids.items() if o != who)
    return {"concurrent_leaks": leaks, "concurrent_sessions": sessions,
            "concurrent_wall_s": round(wall, 2), "audit_ok_after_concurrency":
            bot.store.verify_audit().ok}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--llm", default="smollm2", help="LM backend name, or 'fake' (canned replies)")
    ap.add_argument("--sessions", type=int, default=16, help="concurrent sessions")
    ap.add_argument("--shoppers", type=int, default=4, help="shoppers in the withdrawal check")
    ap.add_argument("--questions", type=int, default=3, help="questions per shopper and phase")
    args = ap.parse_args(argv)
    offline_env()
    try:
        import torch

        torch.set_num_threads(2)
    except ImportError:
        pass
    metrics: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="cc-privacy-") as tmp:
        root = Path(tmp)
        metrics.update(erase_residue(root / "erase"))
        print(f"erase: {metrics['residual_rows_after_erase']} residual rows/traces "
              f"(target 0); {metrics['erase_ms_median']} ms per erase; others kept "
              f"{metrics['others_views_kept']} views")
        metrics.update(tamper_detection(root / "tamper" / "home"))
        print(f"audit tamper detection: {metrics['tamper_detection_rate']:.1%} of "
              f"{metrics['tamper_trials']} random edits (target 100%) {metrics['tamper_by_kind']}")
        print(f"audit append median {metrics['audit_append_ms_median']} ms; verify "
              f"{metrics['audit_verify_records_per_s']:,} records/s")
        try:
            bot = _load_bot(args.llm, root / "bot")
        except Exception as e:  # the pipeline is optional for this script's store checks
            print(f"pipeline checks skipped: cannot load ShopAssistant ({type(e).__name__}: {e})")
            metrics.update({"withdrawn_category_share_after": None, "concurrent_leaks": None,
                            "pipeline": f"unavailable: {type(e).__name__}"})
        else:
            metrics["llm"] = args.llm
            metrics.update(withdrawal_effectiveness(bot, args.shoppers, args.questions))
            print(f"consent withdrawal: {metrics['withdrawn_category_share_after']:.1%} of "
                  f"{metrics['suggestions_checked_after']} later suggestions use a withdrawn "
                  f"category (target 0); before withdrawal "
                  f"{metrics['personal_share_before_withdrawal']:.1%} did")
            metrics.update(concurrent_leaks(bot, args.sessions))
            print(f"concurrent sessions: {metrics['concurrent_leaks']} leaks across "
                  f"{metrics['concurrent_sessions']} sessions (target 0), "
                  f"{metrics['concurrent_wall_s']} s")
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
