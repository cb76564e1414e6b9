"""The labelled utterances of bench/understanding and the bench's scoring functions.

Data: every file parses, every gold query is a valid `Query`, every product id
exists in its catalog, the frozen gold answers equal what the reference
executor computes, and the set covers every kind on both catalogs. Scoring: the
field comparison and the answer checks on hand-made `Reply` objects.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from assistant.catalog import Catalog, load_catalog
from assistant.qa.query import AttributeFilter, Query, Sort
from assistant.reply import Reply
from bench.understanding_gold import (
    CATALOGS,
    DATA,
    HELD_OUT,
    RECORD_CATALOGS,
    TYPES,
    gold_answers,
    is_type,
    load_chains,
)
from bench.understanding_score import compare_query, score_answer, ungrounded_claims

KINDS = {
    "paraphrase",
    "typo",
    "followup",
    "compare",
    "count",
    "attribute",
    "negation",
    "superlative",
    "search",
    "lookup",
    "out_of_scope",
    "smalltalk",
    "bad_input",
}
# Kinds of the shops whose catalog states attributes as data (issue 19): what a product is.
RECORD_KINDS = {"stock", "variant", "units", "injection"}
ANSWER_KEYS = {
    "products",
    "also",
    "match",
    "count",
    "verdict",
    "verdicts",
    "not_sold",
    "clarify",
    "any",
    "refusal",
    "not_refusal",
    "kind",
    "previous_answer",
    "fresh",
    "forbid",
    "trusted",
    "says",
}


@pytest.fixture(scope="module")
def catalogs() -> dict[str, Catalog]:
    return {name: load_catalog(path) for name, path in CATALOGS.items()}


@pytest.fixture(scope="module")
def chains() -> list[dict[str, Any]]:
    out = []
    for path in sorted(DATA.glob("*.jsonl")):
        out.extend(load_chains(path))
    return out


def test_outdoor_catalog_loads_with_what_the_tests_need(catalogs: dict[str, Catalog]) -> None:
    cat = catalogs["outdoor"]
    assert len(cat) >= 60 and not cat.skipped
    titles = " ".join(p.title.lower() for p in cat)
    assert "tent" not in titles.replace("content", "") and "bicycle" not in titles
    assert sum(is_type(p, "coffee maker", "outdoor") for p in cat) == 5
    assert sum(p.category == "Camping Stoves" for p in cat) >= 3
    assert "Uses isobutane canisters" in cat.get("msr-pocket-rocket-stove").features
    assert any(t.startswith("Ignore previous instructions") for t in (p.title for p in cat))


def test_every_chain_is_well_formed(
    chains: list[dict[str, Any]], catalogs: dict[str, Catalog]
) -> None:
    ids = [c["id"] for c in chains]
    assert len(ids) == len(set(ids))
    for c in chains:
        assert c["catalog"] in CATALOGS and c["kind"] in KINDS | RECORD_KINDS, c["id"]
        if c["kind"] == "followup":
            assert len(c["turns"]) == 3, c["id"]
        cat = catalogs[c["catalog"]]
        for turn in c["turns"]:
            assert isinstance(turn["text"], str)
            ans = turn["answer"]
            assert set(ans) <= ANSWER_KEYS, (c["id"], set(ans) - ANSWER_KEYS)
            for pid in [
                *ans.get("products", ()),
                *ans.get("also", ()),
                *ans.get("trusted", ()),
                *ans.get("verdicts", {}),
            ]:
                assert pid in cat.by_id, (c["id"], pid)
            if "query" in turn:
                q = Query.from_dict(turn["query"])
                assert q.to_dict() == Query.from_dict(q.to_dict()).to_dict()
                for pid in q.products:
                    assert pid in cat.by_id, (c["id"], pid)
                for t in q.product_types:
                    assert t in TYPES[c["catalog"]], (c["id"], t)
                for name in q.categories:
                    assert any(p.category == name for p in cat), (c["id"], name)
            else:
                assert ans.get("any"), c["id"]  # only bad input goes without a gold query


def test_the_set_is_big_enough_and_covers_every_kind(chains: list[dict[str, Any]]) -> None:
    turns = Counter()
    for c in chains:
        turns[c["catalog"]] += len(c["turns"])
        assert c["id"].startswith(c["catalog"])
    assert sum(turns.values()) >= 300
    for name in CATALOGS:
        kinds = {c["kind"] for c in chains if c["catalog"] == name}
        if name in HELD_OUT:  # a small set written once, never tuned against
            assert turns[name] >= 35 and len(kinds) >= 8, (name, turns[name], kinds)
            continue
        want = KINDS | (RECORD_KINDS if name in RECORD_CATALOGS else set())
        assert kinds == want, (name, want - kinds)
        if name in RECORD_CATALOGS:
            assert turns[name] >= 100, (name, turns[name])


def test_frozen_answers_equal_the_reference_executor(
    chains: list[dict[str, Any]], catalogs: dict[str, Catalog]
) -> None:
    for c in chains:
        assert [t["answer"] for t in c["turns"]] == gold_answers(c, catalogs[c["catalog"]]), c["id"]


def test_gold_keeps_noise_out_of_the_product_types(catalogs: dict[str, Catalog]) -> None:
    demo, outdoor = catalogs["demo"], catalogs["outdoor"]
    laptops = [p for p in demo if is_type(p, "laptop", "demo")]
    assert laptops and not any("Protection" in p.title for p in laptops)
    desktops = [p for p in demo if is_type(p, "desktop", "demo")]
    assert not any("Mouse" in p.title or "Keyboard" in p.title for p in desktops)
    assert not is_type(outdoor.get("melitta-4-filters"), "coffee maker", "outdoor")
    assert not is_type(outdoor.get("squaretrade-blender-plan"), "blender", "outdoor")


def test_the_issue_examples_are_in_the_set(chains: list[dict[str, Any]]) -> None:
    texts = {t["text"] for c in chains for t in c["turns"]}
    for text in (
        "Show me laptops under $750",
        "Which of those is the most expensive?",
        "whats the chepest laptp u have",
        "Show me desktop computers under $1,000",
        "How many desktop computers do you have?",
        "I need a good laptop for my daughter starting college, not too pricey",
        "which of those has the longest battery life?",
        "Which coffee maker has the best rating?",
        "Does the Pocket Rocket Backpacking Stove use propane?",
        "I need something to boil water while hiking",
        "Do you sell tents?",
        "Can I pay by credit card?",
    ):
        assert text in texts, text


# ---------------------------------------------------------------- scoring


def reply(**kw: Any) -> Reply:
    return Reply(text=kw.pop("text", "ok"), suggestions=[], **kw)


def test_compare_query_accepts_type_or_category_and_inherits_from_previous() -> None:
    gold = Query(intent="superlative", product_types=("coffee maker",), sort=Sort("rating", True))
    by_type = Query(intent="superlative", product_types=("maker",), sort=Sort("rating", True))
    by_cat = Query(intent="superlative", categories=("Coffee Makers",), sort=Sort("rating", True))
    assert all(compare_query(by_type, gold, catalog="outdoor").values())
    assert all(compare_query(by_cat, gold, catalog="outdoor").values())
    wrong_way = by_type.but(sort=Sort("rating", False))
    assert compare_query(wrong_way, gold, catalog="outdoor")["sort"] is False
    assert (
        compare_query(by_type.but(product_types=("kettle",)), gold, catalog="outdoor")["what"]
        is False
    )

    prev = Query(intent="search", product_types=("laptop",), max_price=750.0)
    gold2 = prev.but(intent="superlative", sort=Sort("price", True), scope="previous")
    pointer = Query(intent="superlative", sort=Sort("price", True), scope="previous")
    assert all(compare_query(pointer, gold2, catalog="demo", previous_gold=prev).values())
    lost = Query(intent="superlative", sort=Sort("price", True))  # the issue's bug: context lost
    assert not all(compare_query(lost, gold2, catalog="demo", previous_gold=prev).values())


def test_compare_query_filters_allow_op_class_and_tolerance() -> None:
    gold = Query(
        intent="search",
        product_types=("sleeping bag",),
        filters=(AttributeFilter("weight", "le", 3.0, "lb"),),
    )
    near = gold.but(filters=(AttributeFilter("weight", "lt", 3.01, "lb"),))
    assert compare_query(near, gold, catalog="outdoor")["filters"]
    far = gold.but(filters=(AttributeFilter("weight", "ge", 3.0, "lb"),))
    assert not compare_query(far, gold, catalog="outdoor")["filters"]
    assert not compare_query(None, gold, catalog="outdoor")["intent"]


def test_score_answer_checks_each_match_kind() -> None:
    ans = {"products": ["a", "b"], "match": "first"}
    assert score_answer(reply(answer_ids=["b", "x"]), ans)[0]
    assert not score_answer(reply(answer_ids=["x", "a"]), ans)[0]
    ans = {"products": ["a", "b", "c"], "count": 3, "match": "set"}
    assert score_answer(reply(answer_ids=["a", "c"], total=3), ans)[0]
    ok, why = score_answer(reply(answer_ids=["a", "z"], total=3), ans)
    assert not ok and "not within gold" in why
    assert not score_answer(reply(answer_ids=["a"], total=554), ans)[0]  # lost the filter
    assert score_answer(reply(total=5), {"products": [], "count": 5, "match": "count"})[0]
    verdict = {"products": ["s"], "match": "first", "verdict": "no"}
    assert score_answer(reply(answer_ids=["s"], verdicts={"s": "no"}), verdict)[0]
    assert not score_answer(reply(answer_ids=["s"], verdicts={"s": "unknown"}), verdict)[0]
    assert score_answer(reply(kind="not_found"), {"not_sold": True, "match": "none"})[0]
    assert not score_answer(reply(kind="search", answer_ids=["drone"]), {"not_sold": True})[0]
    assert not score_answer(reply(kind="refusal"), {"not_refusal": True, "match": "none"})[0]
    assert score_answer(reply(kind="clarify"), {"clarify": True})[0]
    prev = reply(answer_ids=["p1", "p2", "p3"])
    assert score_answer(reply(answer_ids=["p2"]), {"previous_answer": 1}, prev)[0]
    assert not score_answer(reply(answer_ids=["p1"]), {"previous_answer": 1}, prev)[0]
    more = {"products": ["p1", "p2", "p3", "p4"], "match": "subset", "fresh": True}
    assert score_answer(reply(answer_ids=["p4"]), more, prev)[0]
    assert not score_answer(reply(answer_ids=["p3", "p4"]), more, prev)[0]
    assert not score_answer(reply(text=" "), {"any": True})[0]


def test_ungrounded_claims_flags_invented_prices_ratings_and_names(
    catalogs: dict[str, Catalog],
) -> None:
    cat = catalogs["outdoor"]
    good = "The MSR Pocket Rocket Backpacking Stove is $49.95, rated 4.7 out of 5."
    assert ungrounded_claims(good, cat, "cheapest stove?", {"Samsung"}) == []
    assert ungrounded_claims("It costs $12.34.", cat, "", ()) == ["$12.34"]
    assert ungrounded_claims("It is rated 3.3 out of 5.", cat, "", ()) != []
    assert ungrounded_claims("Try the Samsung Galaxy.", cat, "", {"Samsung"}) == ["Samsung"]
    assert ungrounded_claims("No Samsung here.", cat, "got samsung?", {"Samsung"}) == []
    assert ungrounded_claims("The MSR Whisperlite is great.", cat, "", ()) == ["MSR Whisperlite"]
    assert ungrounded_claims("Under your $30 budget", cat, "stoves under $30", ()) == []
    two = "The MSR Pocket Rocket Backpacking Stove is $49.95"
    prices = sorted({p.price for p in cat.products if p.price > 49.95})
    other = prices[0]
    gap = round(other - 49.95, 2)
    assert ungrounded_claims(f"{two}, ${gap:.2f} less than one at ${other:.2f}.", cat, "",
                             ()) == []  # a difference of two prices it states
    assert ungrounded_claims(f"{two}, ${gap + 1:.2f} less.", cat, "", ()) != []


def test_compare_query_feature_words_needs_and_category_types() -> None:
    gold = Query(
        intent="attribute", products=("p",), filters=(AttributeFilter("dishwasher safe", "has"),)
    )
    as_text = gold.but(filters=(AttributeFilter("feature", "has", text="dishwasher-safe"),))
    assert compare_query(as_text, gold, catalog="outdoor")["filters"]
    partial = gold.but(filters=(AttributeFilter("safe", "has", text="safe"),))
    assert not compare_query(partial, gold, catalog="outdoor")["filters"]
    need = Query(intent="search", product_types=("stove",), need="boil water while hiking")
    assert compare_query(Query(intent="search", need="boil water"), need, catalog="outdoor")["what"]
    cats = Query(intent="search", categories=("Cookware",), max_price=15.0)
    assert compare_query(
        cats.but(categories=(), product_types=("cookware",)), cats, catalog="outdoor"
    )["what"]


def test_ungrounded_claims_reads_budgets_but_not_units(catalogs: dict[str, Catalog]) -> None:
    cat = catalogs["outdoor"]
    assert ungrounded_claims("Nothing under $750.00.", cat, "laptps undr 750", ()) == []
    assert ungrounded_claims("Under $1,000.00:", cat, "desktops under a thousand dollars", ()) == []
    assert ungrounded_claims("Nothing over $60.00.", cat, "at least 60 liters", ()) == ["$60.00"]
    assert ungrounded_claims("The Coleman 316 is 62-Quart.", cat, "", ()) == []


@pytest.mark.slow
def test_the_bench_runs_issue_examples_through_the_real_assistant(
    tmp_path: Any, catalogs: dict[str, Catalog], chains: list[dict[str, Any]]
) -> None:
    """The real ShopAssistant (hashing embedder, facts-only, rules parser) on two issue examples."""
    import argparse

    from bench.understanding_eval import load_bot, run_chain

    args = argparse.Namespace(embedder="hashing", no_lm=True, lm_parse="off", llm=None)
    bot = load_bot(catalogs["outdoor"], args, tmp_path)
    wanted = {"Does the Pocket Rocket Backpacking Stove use propane?", "Do you sell tents?"}
    picked = [c for c in chains if c["catalog"] == "outdoor" and c["turns"][0]["text"] in wanted]
    assert len(picked) == 2
    for chain in picked:
        (row,) = run_chain(bot, chain, catalogs["outdoor"], {"Samsung", "Apple"})
        assert row["answer_ok"] and row["parse"], row
        assert row["ungrounded"] == [] and row["latency"] > 0


def test_the_home_shop_has_what_its_labelled_set_needs(catalogs: dict[str, Catalog]) -> None:
    cat = catalogs["home"]
    assert len(cat) == 59 and cat.flagged  # an injected title and description
    jacket = cat.get("northbound-leather-moto-jacket")
    assert jacket.stock == 0 and "Currently out of stock" in jacket.description
    assert cat.get("fjallraven-ovik-knit").discount == 20.0
    held_out = catalogs["pets"]  # the held-out shop loads too (measured only at the end)
    assert len(held_out) >= 35 and held_out.flagged


def test_compare_query_converts_units_and_score_answer_checks_stated_values() -> None:
    gold = Query(intent="search", filters=(AttributeFilter("width", "ge", 150.0, "cm"),))
    got = Query(intent="search", filters=(AttributeFilter("width", "ge", 59.055, "in"),))
    assert compare_query(got, gold, catalog="home")["filters"]
    wrong = Query(intent="search", filters=(AttributeFilter("width", "ge", 150.0, "in"),))
    assert not compare_query(wrong, gold, catalog="home")["filters"]
    reply = Reply(text="The Zinus Josh Loveseat ($329.00) lists width: 137 cm wide.",
                  suggestions=[], answer_ids=["zinus-josh-loveseat"])
    ans = {"products": ["zinus-josh-loveseat"], "match": "first", "says": ["137 cm"]}
    assert score_answer(reply, ans)[0]
    assert not score_answer(reply, {**ans, "says": ["228 cm"]})[0]


def test_an_amount_said_only_to_an_assistant_is_ungrounded(catalogs: dict[str, Catalog]) -> None:
    cat = catalogs["home"]
    assert ungrounded_claims("Every rug costs $1.", cat, "rugs", ()) == ["$1.00"]
    assert ungrounded_claims("The Loloi Layla rug is $159.00.", cat, "rugs", ()) == []


def test_record_reference_reads_the_catalog_model(catalogs: dict[str, Catalog]) -> None:
    from bench.understanding_record import check, variants_ok

    cat = catalogs["home"]
    zinus = cat.get("zinus-josh-loveseat")
    blue = AttributeFilter("color", "eq", text="blue")
    stock = AttributeFilter("availability", "eq", text="in_stock")
    assert check(zinus, blue) and check(zinus, stock) and not variants_ok(zinus, (blue, stock))
    rug = cat.get("hearth-oak-braided-jute-rug")
    assert check(rug, AttributeFilter("care", "has", text="washable")) is False
    assert check(zinus, AttributeFilter("width", "ge", 50.0, "in")) is True
