"""Replay: recorded decisions of demo traffic re-run from the audit log; tampering fails it."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable
from dataclasses import replace

import pytest

from assistant import ShopAssistant
from assistant.audit_cli import run_replay
from assistant.privacy.records import AuditRecord
from assistant.qa import HashingEmbedder
from assistant.replay import Replayer
from explain.decision import RankerPlaced, RetrievalPlaced, RulePlaced
from models.settings import Settings

from decision_testkit import Traffic, demo_traffic
from fakes import FakeLM


@pytest.fixture
def bot() -> ShopAssistant:
    return ShopAssistant.load(lm=FakeLM(), embedder=HashingEmbedder())


def _decision(r: AuditRecord):  # type: ignore[no-untyped-def]
    assert r.decision is not None
    return r.decision


def _price(rs: list[AuditRecord]) -> list[AuditRecord]:
    r = rs[0]
    return [replace(r, product={**r.product, "price": float(r.product["price"]) + 10.0}), *rs[1:]]


def _rule_value(rs: list[AuditRecord]) -> list[AuditRecord]:
    """The stored evidence of the first card's stage changed (its value, or its score)."""
    d = _decision(rs[0])
    p = d.placed
    if isinstance(p, RulePlaced) and p.value is not None:
        placed = replace(p, value=p.value + 1.0)
    elif isinstance(p, RetrievalPlaced):
        placed = replace(p, position=p.position + 5)
    elif isinstance(p, RankerPlaced):
        placed = replace(p, score=p.score + 0.5)
    else:
        placed = replace(p, among=p.among + 1)
    return [replace(rs[0], decision=replace(d, placed=placed)), *rs[1:]]


def _swap_ranks(rs: list[AuditRecord]) -> list[AuditRecord]:
    a, b = rs[0], rs[1]
    return [replace(a, rank=b.rank), replace(b, rank=a.rank), *rs[2:]]


def _shapley(rs: list[AuditRecord]) -> list[AuditRecord]:
    r = rs[-1]
    g = max(r.shap, key=lambda k: abs(r.shap[k]))
    return [*rs[:-1], replace(r, shap={**r.shap, g: r.shap[g] + 1e-6})]


def _feature(rs: list[AuditRecord]) -> list[AuditRecord]:
    d = _decision(rs[0])
    feats = {**d.model.features, "rating": d.model.features["rating"] - 0.1}
    model = replace(d.model, features=feats)
    return [replace(rs[0], decision=replace(d, model=model)), *rs[1:]]


def _consent(rs: list[AuditRecord]) -> list[AuditRecord]:
    d = _decision(rs[0])
    flipped = {c: not on for c, on in d.consent.items()}
    return [replace(rs[0], decision=replace(d, consent=flipped)), *rs[1:]]


TAMPER: dict[str, Callable[[list[AuditRecord]], list[AuditRecord]]] = {
    "changed price": _price, "changed stage evidence": _rule_value, "swapped ranks": _swap_ranks,
    "edited Shapley value": _shapley, "edited feature": _feature, "edited consent": _consent,
}


def _replay_all(bot: ShopAssistant, traffic: Traffic) -> tuple[int, int, dict[str, list[int]]]:
    """Replay every reply from the audit log; tamper with each; (reproduced, records, caught)."""
    replayer = Replayer(bot)
    reproduced = records = 0
    caught: dict[str, list[int]] = {name: [0, 0] for name in TAMPER}
    for ids in traffic.turns:
        report = replayer.replay_id(ids[-1])  # any card finds the rest of its reply
        assert report.audit_ids == tuple(ids), (ids, report.audit_ids)
        assert report.ok, report.summary()
        reproduced += 1
        records += len(ids)
        stored = replayer.turn_of(ids[0])
        for name, tamper in TAMPER.items():
            if name == "swapped ranks" and len(stored) < 2:
                continue
            caught[name][1] += 1
            shown = sorted(stored, key=lambda r: r.rank or 0)
            caught[name][0] += not replayer.replay(tamper(shown)).ok
    return reproduced, records, caught


def test_replay_reproduces_recorded_replies_and_catches_tampering(bot: ShopAssistant) -> None:
    traffic = demo_traffic(bot, seed=3, limit=12)
    assert traffic.turns and {"rule", "ranker"} <= set(traffic.kinds)
    reproduced, records, caught = _replay_all(bot, traffic)
    assert reproduced == len(traffic.turns) and records >= len(traffic.turns)
    for name, (hit, tried) in caught.items():
        assert tried and hit == tried, f"{name}: {hit} of {tried} tampered replies caught"


@pytest.mark.slow
def test_replay_of_a_few_hundred_turns_of_demo_traffic(bot: ShopAssistant) -> None:
    traffic = demo_traffic(bot, seed=11)
    reproduced, records, caught = _replay_all(bot, traffic)
    figures = {"asked": traffic.asked, "replies_with_cards": len(traffic.turns),
               "records": records, "reproduced": reproduced, "cards_by_stage": traffic.kinds,
               "tampered_caught": {k: f"{h}/{t}" for k, (h, t) in caught.items()}}
    print("replay figures:", json.dumps(figures))
    assert traffic.asked >= 200 and len(traffic.turns) >= 150
    assert {"rule", "ranker", "retrieval"} <= set(traffic.kinds)
    assert reproduced == len(traffic.turns)
    assert all(h == t and t > 0 for h, t in caught.values()), caught


def test_replay_says_when_it_cannot_rerun(bot: ShopAssistant) -> None:
    reply = bot.session("r1").ask("What's the cheapest laptop?")
    replayer = Replayer(bot)
    stored = sorted(replayer.turn_of(reply.suggestions[0].audit_id or 0),
                    key=lambda r: r.rank or 0)
    other = [replace(r, model_version="another-model") for r in stored]
    report = replayer.replay(other)
    assert not report.replayable and "load that model" in report.summary()
    old = [replace(r, decision=None) for r in stored]
    assert not replayer.replay(old).replayable
    # the first card missing: the rest is not a whole reply
    lone = replayer.replay(stored[1:])
    assert not lone.ok and "ranks are" in lone.summary()


def test_cli_replay_exit_codes(bot: ShopAssistant, settings: Settings) -> None:
    reply = bot.session("r2").ask("best rated headphones")
    ids = [s.audit_id for s in reply.suggestions]
    bot.store.close()
    out = io.StringIO()
    assert run_replay(settings, int(ids[1] or 0), out=out) == 0, out.getvalue()
    assert "replay OK" in out.getvalue()
    out = io.StringIO()
    assert run_replay(settings, int(ids[0] or 0), as_json=True, out=out) == 0
    assert json.loads(out.getvalue())["audit_ids"] == ids
    out = io.StringIO()
    assert run_replay(settings, 10_000, out=out) == 2 and "no audit record" in out.getvalue()


def test_tampering_kinds_each_break_a_reply(bot: ShopAssistant) -> None:
    """A broken version of replay (that ignores a check) would let one of these through."""
    rng = random.Random(1)
    reply = bot.session("r3").ask(rng.choice(["laptops under $900", "What's the cheapest tv?"]))
    replayer = Replayer(bot)
    stored = sorted(replayer.turn_of(reply.suggestions[0].audit_id or 0),
                    key=lambda r: r.rank or 0)
    assert replayer.replay(stored).ok
    for name, tamper in TAMPER.items():
        report = replayer.replay(tamper(stored))
        assert not report.ok and report.replayable, name
