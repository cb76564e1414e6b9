"""LMParser: the LM's JSON reading of a message, validated against the catalog.

Unit tests use FakeLM (queued JSON replies) and a small stand-in for
ShopKnowledge; the slow test parses real messages with the default local
model on the demo catalog.
"""

from __future__ import annotations

import json
import time
from types import SimpleNamespace
from typing import Any

import pytest

from assistant.qa.query import AttributeFilter, Query, Sort
from assistant.qa.reading.lm_parse import LMParseConfig, LMParser, query_schema
from models.errors import BackendError

from fakes import BrokenLM, FakeLM

CATEGORIES = ("Camp Stoves", "Coffee Makers", "Sleeping Bags")
TYPES = ("stove", "coffee maker", "sleeping bag")
BRANDS = ("Jetboil", "MSR", "Breville")
UNITS = {"weight": "oz", "temperature_rating": "F", "fuel": None}


class _Vocab:
    categories = CATEGORIES
    brands = BRANDS

    def types(self) -> tuple[str, ...]:
        return TYPES

    def mentions(self, text: str) -> list[Any]:
        low = text.lower()
        return [SimpleNamespace(kind="brand", value=b) for b in BRANDS if b.lower() in low]

    def type_of(self, product: Any) -> str:
        return str(product.type)


class _Index:
    """Retrieval stand-in: a stove for anything about water or fuel, else nothing."""

    def search(self, text: str, k: int = 10) -> list[tuple[Any, float]]:
        stove = SimpleNamespace(category="Camp Stoves", type="stove")
        hit = any(w in text.lower() for w in ("water", "isobutane", "stove"))
        return [(stove, 0.9)] if hit else []


def _knowledge() -> Any:
    return SimpleNamespace(vocab=_Vocab(), index=_Index(),
                           attributes=SimpleNamespace(names=lambda: dict(UNITS)))


def _parser(*replies: str, **config: Any) -> tuple[LMParser, FakeLM]:
    lm = FakeLM(json_replies=replies)
    return LMParser(lm, _knowledge(), LMParseConfig(**config)), lm


def test_valid_json_becomes_a_query() -> None:
    reply = {
        "intent": "superlative",
        "scope": "previous",
        "categories": ["Camp Stoves"],
        "max_price": 120,
        "brands": ["MSR"],
        "filters": [{"name": "weight", "op": "le", "value": 12}],
        "sort": {"key": "weight", "first": "lowest"},
    }
    parser, lm = _parser(json.dumps(reply))
    hint = Query(products=("p1",), need="boil water")
    q = parser.parse("lightest MSR stove under $120, 12 oz max", "Shown: 3 stoves", hint)
    assert q == Query(
        intent="superlative",
        scope="previous",
        categories=("Camp Stoves",),
        max_price=120.0,
        brands=("MSR",),
        filters=(AttributeFilter("weight", "le", 12.0, "oz"),),
        sort=Sort("weight"),
        products=("p1",),  # from the hint
        need="boil water",
    )
    (messages, schema), = lm.json_history
    assert schema == parser.schema
    assert "lightest MSR stove" in messages[-1]["content"]
    assert "Shown: 3 stoves" in messages[-1]["content"]


def test_fields_the_catalog_or_message_do_not_support_are_dropped() -> None:
    reply = {
        "intent": "search",
        "scope": "previous",  # no earlier turn
        "categories": ["Tents", "Camp Stoves", "Camp Stoves"],  # not sold; repeated
        "product_types": ["bicycle"],
        "brands": ["Jetboil"],  # never named in the message
        "exclude_brands": ["MSR"],  # named: kept
        "min_price": 50,  # no 50 in the message
        "max_price": 1000,  # "1k"
        "filters": [
            {"name": "fuel", "op": "eq", "text": "propane"},  # the message says isobutane
            {"name": "fuel", "op": "eq", "text": "isobutane"},
            {"name": "colour", "op": "eq", "text": "red"},  # not an attribute of this shop
            {"name": "weight", "op": "lt", "value": 7},  # 7 not stated
        ],
        "asked": ["fuel", "battery_life"],
        "sort": {"key": "battery_life", "first": "highest"},
    }
    parser, _ = _parser(json.dumps(reply))
    q = parser.parse("a stove for isobutane under 1k, not MSR", "", Query())
    assert q == Query(
        intent="search",
        categories=("Camp Stoves",),
        exclude_brands=("MSR",),
        max_price=1000.0,
        filters=(AttributeFilter("fuel", "eq", text="isobutane"),),
        asked=("fuel",),
    )


def test_sorts_only_order_superlatives_and_flags_need_the_attribute_named() -> None:
    reply = {"intent": "search", "categories": ["Camp Stoves"],
             "filters": [{"name": "fuel", "op": "has"}, {"name": "weight", "op": "has"}],
             "sort": {"key": "price", "first": "lowest"}}
    parser, _ = _parser(json.dumps(reply), json.dumps({**reply, "intent": "superlative"}))
    q = parser.parse("stoves that take any fuel", "", Query())
    assert q == Query(categories=("Camp Stoves",), filters=(AttributeFilter("fuel", "has"),))
    q = parser.parse("stoves that take any fuel", "", Query())
    assert q is not None and q.sort == Sort("price")


@pytest.mark.parametrize(("text", "kept"), [("a stove under 12 oz", True),
                                            ("a stove under 12oz", True),
                                            ("a stove under 12 lb", False),
                                            ("a stove for 12 people", False)])
def test_numeric_filters_need_the_number_in_the_attributes_unit(text: str, kept: bool) -> None:
    reply = {"intent": "search", "filters": [{"name": "weight", "op": "le", "value": 12}]}
    parser, _ = _parser(json.dumps(reply))
    q = parser.parse(text, "", Query())
    assert q is not None and bool(q.filters) is kept


def test_hint_numbers_and_brands_count_as_stated() -> None:
    reply = {"intent": "search", "brands": ["Breville"], "max_price": 500}
    parser, _ = _parser(json.dumps(reply))
    hint = Query(brands=("Breville",), max_price=500.0)
    q = parser.parse("and what about that one?", "coffee makers", hint)
    assert q is not None and q.brands == ("Breville",) and q.max_price == 500.0


def test_categories_and_types_need_grounds_in_message_context_or_retrieval() -> None:
    reply = {"intent": "search", "categories": ["Camp Stoves", "Coffee Makers"],
             "product_types": ["stove", "sleeping bag"]}
    parser, _ = _parser(*[json.dumps(reply)] * 3, merge_hint=False)
    q = parser.parse("something to boil water while hiking", "", Query())
    assert q == Query(categories=("Camp Stoves",), product_types=("stove",))  # retrieval
    q = parser.parse("do you sell tents?", "", Query())
    assert q == Query()  # no grounds for any of them
    q = parser.parse("which one is warmest?", "previous query: {'product_types': ['sleeping bag']}",
                     Query(categories=("Coffee Makers",)))
    assert q == Query(categories=("Coffee Makers",), product_types=("sleeping bag",))


def test_empty_fields_keep_the_rules_reading_unless_merge_is_off() -> None:
    reply = {"intent": "superlative", "exclude_brands": ["MSR"],
             "sort": {"key": "price", "first": "highest"}}
    hint = Query(categories=("Camp Stoves",), max_price=80.0, brands=("MSR", "Jetboil"),
                 scope="previous", sort=Sort("price"))
    parser, _ = _parser(json.dumps(reply), json.dumps(reply))
    q = parser.parse("cheapest not MSR under $80", "earlier: stoves", hint)
    assert q == Query(intent="superlative", categories=("Camp Stoves",), max_price=80.0,
                      brands=("Jetboil",), exclude_brands=("MSR",), sort=Sort("price"),
                      scope="previous")  # the rules' direction for the same sort key
    parser.config = LMParseConfig(merge_hint=False)
    q = parser.parse("cheapest not MSR under $80", "earlier: stoves", hint)
    assert q == Query(intent="superlative", exclude_brands=("MSR",), sort=Sort("price", True))


@pytest.mark.parametrize(("text", "kept"), [("a stove under a thousand dollars", 1000.0),
                                            ("stoves under two hundred", 200.0),
                                            ("stoves under 1.2k", 1200.0),
                                            ("stoves under 300", None)])
def test_prices_in_words_count_as_stated(text: str, kept: float | None) -> None:
    for amount in (1000, 200, 1200):
        parser, _ = _parser(json.dumps({"intent": "search", "max_price": amount}))
        q = parser.parse(text, "", Query())
        assert q is not None and q.max_price == (kept if kept == amount else None)


def test_inverted_price_range_is_dropped() -> None:
    parser, _ = _parser('{"intent":"search","min_price":300,"max_price":100}')
    q = parser.parse("between 100 and 300", "", Query())
    assert q is not None and q.min_price is None and q.max_price is None


@pytest.mark.parametrize(
    "raw",
    ["", "not json", '{"intent":"sea', "[1, 2]", '{"intent": "buy"}', '{"categories": []}'],
)
def test_garbage_gives_none(raw: str) -> None:
    parser, _ = _parser(raw)
    assert parser.parse("cheapest stove", "", Query()) is None
    assert parser.last_raw == raw


def test_backend_without_json_support_gives_none() -> None:
    parser = LMParser(BrokenLM(), _knowledge())
    with pytest.raises(BackendError):
        BrokenLM().complete_json([{"role": "user", "content": "hi"}], {"type": "object"})
    assert parser.parse("cheapest stove", "", Query()) is None


def test_schema_enums_come_from_the_catalog() -> None:
    schema = query_schema(CATEGORIES, TYPES, BRANDS, UNITS, max_items=2)
    props = schema["properties"]
    assert props["categories"]["items"]["enum"] == list(CATEGORIES)
    assert props["product_types"]["items"]["enum"] == list(TYPES)
    assert props["exclude_brands"]["items"]["enum"] == list(BRANDS)
    assert props["filters"]["items"]["properties"]["name"]["enum"] == list(UNITS)
    assert props["sort"]["properties"]["key"]["enum"][:3] == ["price", "rating", "review_count"]
    assert props["categories"]["maxItems"] == 2
    assert schema["required"] == ["intent"] and schema["additionalProperties"] is False
    # a catalog without attributes has no filter fields at all
    assert "filters" not in query_schema(CATEGORIES, TYPES, BRANDS, {})["properties"]


def test_prompt_is_built_from_the_catalog_not_from_code() -> None:
    parser, _ = _parser()
    prompt = parser.system_prompt
    assert all(c in prompt for c in CATEGORIES)
    assert "how many stoves do you have" in prompt  # examples use this catalog's words
    for word in ("laptop", "TV", "Samsung", "Apple"):
        assert word not in prompt


def test_context_and_message_are_cut_to_the_budget() -> None:
    parser, lm = _parser("", max_context_chars=20, max_message_chars=30)
    parser.parse("x" * 1000, "previous query " * 100, Query())
    user = lm.json_history[0][0][-1]["content"]
    assert "previous query" in user and "x" * 31 not in user and len(user) < 200


def test_hint_is_shown_in_the_lms_own_format() -> None:
    parser, lm = _parser()
    parser.parse("lightest stove", "", Query(intent="superlative", sort=Sort("weight"),
                                             products=("p1",), need="stove"))
    user = lm.json_history[0][0][-1]["content"]
    assert '"sort":{"key":"weight","first":"lowest"}' in user
    assert "p1" not in user and "need" not in user


def test_hint_can_be_hidden_from_the_lm() -> None:
    parser, lm = _parser(show_hint=False)
    parser.parse("lightest stove", "", Query(intent="superlative", sort=Sort("weight")))
    user = lm.json_history[0][0][-1]["content"]
    assert "Rules' reading" not in user and "weight" not in user
    assert user.endswith("Message: lightest stove")


def test_timeout_is_passed_to_the_backend() -> None:
    seen: dict[str, Any] = {}

    class Slow(FakeLM):
        def complete_json(self, messages: Any, schema: Any, max_new_tokens: int = 256,
                          timeout_s: float | None = None) -> str:
            seen.update(max_new_tokens=max_new_tokens, timeout_s=timeout_s)
            time.sleep(0.01)
            return '{"intent":"smalltalk"}'

    parser = LMParser(Slow(), _knowledge(), LMParseConfig(timeout_s=1.5, max_new_tokens=33))
    assert parser.parse("hi", "", Query()) == Query(intent="smalltalk")
    assert seen == {"max_new_tokens": 33, "timeout_s": 1.5}
    assert parser.last_seconds >= 0.01


@pytest.mark.slow
def test_real_model_parses_demo_messages() -> None:
    from assistant.catalog import load_catalog
    from assistant.qa.knowledge import ShopKnowledge
    from assistant.qa.knowledge.retrieval import HashingEmbedder
    from models.llm import load_lm
    from models.settings import Settings

    catalog = load_catalog()
    knowledge = ShopKnowledge.build(catalog, HashingEmbedder())
    # a generous timeout: this checks what the model reads, not how fast (shared machines)
    parser = LMParser(load_lm(None, Settings.from_env()), knowledge, LMParseConfig(timeout_s=90))
    laptops = next(c for c in knowledge.vocab.categories if c.startswith("Laptops"))
    cases = [
        ("how many laptops do you have?", "count"),
        ("what is the cheapest laptop you sell?", "superlative"),
        ("show me laptops under $800", "search"),
    ]
    for text, intent in cases:
        q = parser.parse(text, "", Query())
        assert q is not None, (text, parser.last_raw)
        assert q.intent == intent, (text, parser.last_raw)
        assert laptops in q.categories or any("laptop" in t for t in q.product_types), (
            text, parser.last_raw)
        assert parser.last_seconds < 90
