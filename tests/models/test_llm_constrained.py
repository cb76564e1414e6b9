"""Grammar-constrained JSON decoding: the mask really rejects what breaks the schema.

The grammar tests need only a real tokenizer (SmolLM2's, from the converted
cache); the slow test decodes with the real SmolLM2 weights and checks that
even a 135M model can only write JSON the schema accepts.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from models.errors import InputError
from models.llm.constrained import JsonConstrainer
from models.llm.convert import converted_dir
from models.llm.weights import SMOLLM2
from models.settings import Settings

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "intent": {"enum": ["search", "count"]},
        "categories": {"type": "array", "items": {"enum": ["Camp Stoves", "Coffee Makers"]}},
        "max_price": {"type": "number"},
    },
    "required": ["intent"],
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def tokenizer() -> Any:
    folder = converted_dir(SMOLLM2, Settings.from_env().cache_dir)
    if not (folder / "tokenizer.json").exists():
        pytest.skip(f"SmolLM2 is not converted yet ({folder}): run `python -m models.prepare`")
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(folder))


@pytest.fixture(scope="module")
def constrainer(tokenizer: Any) -> JsonConstrainer:
    return JsonConstrainer(tokenizer, stop_ids={tokenizer.eos_token_id})


def _ids(tokenizer: Any, text: str) -> list[int]:
    return list(tokenizer(text, add_special_tokens=False)["input_ids"])


def _feed(matcher: Any, tokenizer: Any, text: str) -> None:
    for token in _ids(tokenizer, text):
        assert matcher.accept(token), text


def test_mask_only_allows_schema_tokens(constrainer: JsonConstrainer, tokenizer: Any) -> None:
    import torch

    matcher = constrainer.matcher(SCHEMA)
    allowed = matcher.allowed()
    brace = _ids(tokenizer, "{")
    assert len(brace) == 1 and brace[0] in allowed
    assert _ids(tokenizer, "Sure")[0] not in allowed  # no chatter before the JSON
    assert len(allowed) < 50  # nearly the whole vocabulary is masked

    logits = torch.zeros(constrainer.vocab_size)
    matcher.mask(logits)
    assert torch.isinf(logits).sum() == constrainer.vocab_size - len(allowed)


def test_enum_values_outside_the_schema_are_rejected(
    constrainer: JsonConstrainer, tokenizer: Any
) -> None:
    matcher = constrainer.matcher(SCHEMA)
    _feed(matcher, tokenizer, '{"intent":"')
    allowed = matcher.allowed()
    assert _ids(tokenizer, "search")[0] in allowed or _ids(tokenizer, "se")[0] in allowed
    for word in ("buy", "Tents", "x"):
        assert _ids(tokenizer, word)[0] not in allowed
    assert not matcher.accept(_ids(tokenizer, "buy")[0])  # rejected, state unchanged
    _feed(matcher, tokenizer, 'count","categories":["')
    allowed = matcher.allowed()
    assert _ids(tokenizer, "Tents")[0] not in allowed
    _feed(matcher, tokenizer, 'Camp Stoves"],"max_price":')
    assert _ids(tokenizer, '"')[0] not in matcher.allowed()  # a number, not a string
    _feed(matcher, tokenizer, "300}")
    assert matcher.complete and not matcher.terminated
    assert matcher.allowed() == {tokenizer.eos_token_id}  # only the stop token may follow


def test_forced_text_is_returned_as_accepted_tokens(
    constrainer: JsonConstrainer, tokenizer: Any
) -> None:
    matcher = constrainer.matcher(SCHEMA)
    _feed(matcher, tokenizer, '{"intent":"cou')
    forced = matcher.forced()
    # the only way to finish "count" is `nt"`; its last token is left to the model,
    # which may merge it with what follows (`",`)
    assert tokenizer.decode(forced) == "nt"
    assert matcher.forced() == []  # a lone `"` is forced: left to the model too
    _feed(matcher, tokenizer, '","max')
    tail = tokenizer.decode(matcher.forced())
    assert tail and '_price":'.startswith(tail) and tail != '_price":'
    plain = constrainer.matcher(SCHEMA, jump_forward=False)
    _feed(plain, tokenizer, '{"intent":"cou')
    assert plain.forced() == []


def test_unknown_fields_and_bad_schemas(constrainer: JsonConstrainer, tokenizer: Any) -> None:
    matcher = constrainer.matcher(SCHEMA)
    _feed(matcher, tokenizer, '{"intent":"search","')
    allowed = matcher.allowed()
    assert _ids(tokenizer, "weight")[0] not in allowed  # additionalProperties: false
    assert _ids(tokenizer, "max")[0] in allowed
    assert constrainer.compile(SCHEMA) is constrainer.compile(json.loads(json.dumps(SCHEMA)))
    with pytest.raises(InputError):
        constrainer.compile({"type": "object", "properties": {"a": {"type": "no-such-type"}}})


@pytest.mark.slow
def test_local_model_writes_only_schema_json() -> None:
    from models.llm.local import LocalConfig, TransformersLM

    lm = TransformersLM(SMOLLM2, Settings.from_env().cache_dir, LocalConfig(threads=1))
    messages = [
        {"role": "system", "content": "Answer in JSON."},
        {"role": "user", "content": "How many camping stoves under $300 do you have?"},
    ]
    raw = lm.complete_json(messages, SCHEMA, max_new_tokens=60)
    data = json.loads(raw)
    assert data["intent"] in ("search", "count")
    assert set(data) <= {"intent", "categories", "max_price"}
    assert set(data.get("categories", [])) <= {"Camp Stoves", "Coffee Makers"}
    # unconstrained, the same model writes prose, not this JSON
    assert lm.generate(messages) != raw
    # a one-token budget cannot finish the JSON: the caller gets incomplete text
    with pytest.raises(ValueError):
        json.loads(lm.complete_json(messages, SCHEMA, max_new_tokens=1))


@pytest.mark.slow
def test_parse_and_reply_prompts_keep_their_own_prefix_cache() -> None:
    from models.llm.base import GenerationConfig
    from models.llm.local import MIN_FRESH_TOKENS, LocalConfig, TransformersLM

    lm = TransformersLM(SMOLLM2, Settings.from_env().cache_dir, LocalConfig(threads=1))
    reply_system = "You are a shop assistant. Answer from the facts only. " * 8
    parse_system = "Write the shopper's message as a JSON query for the shop. " * 8

    def chat(system: str, user: str) -> list[dict[str, str]]:
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]

    config = GenerationConfig(max_new_tokens=2)
    lm.generate(chat(reply_system, "Which stove is lightest?"), config)
    lm.complete_json(chat(parse_system, "Which stove is lightest?"), SCHEMA, max_new_tokens=2)
    lm.generate(chat(reply_system, "And the cheapest?"), config)
    reused_reply = lm.last_stats.reused_tokens
    lm.complete_json(chat(parse_system, "And the cheapest?"), SCHEMA, max_new_tokens=2)
    reused_parse = lm.last_stats.reused_tokens
    system_len = len(lm.prompt_ids([{"role": "system", "content": reply_system}]))
    # the last MIN_FRESH_TOKENS of every prompt are prefilled afresh by design
    reply_len = len(lm.prompt_ids(chat(reply_system, "And the cheapest?")))
    parse_len = len(lm.prompt_ids(chat(parse_system, "And the cheapest?")))
    assert reused_reply >= min(system_len - 2, reply_len - MIN_FRESH_TOKENS)
    assert reused_parse >= min(system_len - 2, parse_len - MIN_FRESH_TOKENS)
    assert len(lm._prefixes) == 2


def test_openai_backend_asks_the_server_for_the_schema() -> None:
    from models.llm.openai_compat import OpenAICompatLM, OpenAIConfig

    from fake_openai_server import FakeOpenAIServer

    reply = '{"intent":"count","categories":["Camp Stoves"]}'
    with FakeOpenAIServer(reply=reply, chunks=4) as server:
        lm = OpenAICompatLM(OpenAIConfig(base_url=server.base_url, model="m1", timeout=5.0))
        messages = [{"role": "user", "content": "how many stoves?"}]
        assert lm.complete_json(messages, SCHEMA, max_new_tokens=40, timeout_s=2.0) == reply
        body = server.requests[0]
        assert body["response_format"] == {
            "type": "json_schema",
            "json_schema": {"name": "reply", "schema": SCHEMA, "strict": True},
        }
        assert body["max_tokens"] == 40 and body["messages"] == messages
        # plain chat is unchanged: no response_format
        lm.generate(messages)
        assert "response_format" not in server.requests[1]
