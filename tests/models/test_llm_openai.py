"""OpenAICompatLM against a local fake server (real HTTP, real SSE)."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from models.errors import BackendError
from models.llm.base import GenerationConfig
from models.llm.openai_compat import OpenAICompatLM, OpenAIConfig

from fake_openai_server import FakeOpenAIServer

MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi?"}]


def _lm(url: str, **kw: object) -> OpenAICompatLM:
    kw = {"max_retries": 0, "timeout": 5.0} | kw
    return OpenAICompatLM(OpenAIConfig(base_url=url, model="m1", **kw))  # type: ignore[arg-type]


def test_streams_sse_chunks_in_order() -> None:
    with FakeOpenAIServer(reply="The Acme X1 costs $499.", chunks=4) as server:
        chunks = list(_lm(server.base_url).stream(MESSAGES))
        assert "".join(chunks) == "The Acme X1 costs $499."
        assert len(chunks) >= 2  # really streamed, not one blob
        body = server.requests[0]
        assert body["stream"] is True
        assert body["model"] == "m1"
        assert body["messages"] == MESSAGES
        assert server.paths == ["/v1/chat/completions"]


def test_base_url_with_v1_suffix_and_api_key() -> None:
    with FakeOpenAIServer(reply="ok") as server:
        lm = _lm(server.base_url + "/v1/", api_key="sekret")
        assert lm.generate(MESSAGES) == "ok"
        assert server.headers[0].get("authorization") == "Bearer sekret"


def test_non_stream_fallback_json_reply() -> None:
    with FakeOpenAIServer(reply="Plain answer", mode="json") as server:
        assert _lm(server.base_url).generate(MESSAGES) == "Plain answer"
    with FakeOpenAIServer(reply="No SSE asked") as server:
        assert _lm(server.base_url, stream=False).generate(MESSAGES) == "No SSE asked"
        assert server.requests[0]["stream"] is False


def test_stop_strings_enforced_client_side() -> None:
    with FakeOpenAIServer(reply="Answer one.\nUser: next question", chunks=7) as server:
        out = _lm(server.base_url).generate(MESSAGES, GenerationConfig(stop=("\nUser:",)))
        assert out == "Answer one."
        assert server.requests[0]["stop"] == ["\nUser:"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_connection_refused_names_url_and_fix() -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(BackendError) as err:
        _lm(url).generate(MESSAGES)
    msg = str(err.value)
    assert f"{url}/v1/chat/completions" in msg
    assert "CLEARCART_LLM_URL" in msg


@pytest.mark.parametrize(
    ("status", "hint"), [(500, "server's log"), (404, "CLEARCART_LLM_URL"), (401, "API key")]
)
def test_http_error_status(status: int, hint: str) -> None:
    with FakeOpenAIServer(mode="error", status=status) as server:
        with pytest.raises(BackendError) as err:
            _lm(server.base_url).generate(MESSAGES)
        assert f"HTTP {status}" in str(err.value)
        assert hint in str(err.value)


def test_bad_json_is_a_backend_error() -> None:
    with FakeOpenAIServer(mode="badjson") as server, pytest.raises(BackendError, match="not JSON"):
        _lm(server.base_url).generate(MESSAGES)


def test_retries_transient_server_errors_then_answers() -> None:
    with FakeOpenAIServer(reply="third time lucky", fail_first=2, status=503) as server:
        assert _lm(server.base_url, max_retries=2).generate(MESSAGES) == "third time lucky"
        assert len(server.requests) == 3


def test_gives_up_after_the_retry_budget() -> None:
    with FakeOpenAIServer(reply="never", fail_first=5, status=503) as server:
        with pytest.raises(BackendError, match="HTTP 503"):
            _lm(server.base_url, max_retries=1).generate(MESSAGES)
        assert len(server.requests) == 2


def test_slow_server_times_out_with_a_fix() -> None:
    with FakeOpenAIServer(reply="late", delay_s=2.0) as server:
        with pytest.raises(BackendError, match="did not answer") as err:
            _lm(server.base_url, timeout=0.5).generate(MESSAGES)
        assert "OpenAIConfig.timeout" in str(err.value)


def test_complete_json_asks_for_the_schema() -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    with FakeOpenAIServer(reply='{"n": 3}', chunks=3) as server:
        assert _lm(server.base_url).complete_json(MESSAGES, schema, max_new_tokens=20) == '{"n": 3}'
        body = server.requests[0]
        assert body["response_format"]["json_schema"]["schema"] == schema
        assert body["max_tokens"] == 20


def test_replicas_behind_one_server_stream_at_once_each_its_own_reply() -> None:
    """Several app replicas (each its own backend and HTTP client) share one inference
    server: every shopper's request reaches it at once, nothing queues on the client side
    (the server batches them), each reply is that shopper's own, and it streams: the first
    piece comes long before the last."""
    replicas, shoppers = 3, 3
    with FakeOpenAIServer(echo=True, chunks=5, chunk_delay_s=0.15) as server:
        backends = [_lm(server.base_url) for _ in range(replicas)]
        assert all(b.concurrent for b in backends)  # ShopAssistant calls them directly
        got: dict[tuple[int, int], tuple[str, float, float]] = {}
        barrier = threading.Barrier(replicas * shoppers)

        def shopper(r: int, i: int) -> None:
            barrier.wait()
            start = time.perf_counter()
            first, pieces = 0.0, []
            for piece in backends[r].stream([{"role": "user", "content": f"q{r}-{i}"}]):
                first = first or time.perf_counter() - start
                pieces.append(piece)
            got[(r, i)] = ("".join(pieces), first, time.perf_counter() - start)

        threads = [threading.Thread(target=shopper, args=(r, i))
                   for r in range(replicas) for i in range(shoppers)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        wall = time.perf_counter() - start
    assert server.max_in_flight == replicas * shoppers
    for (r, i), (text, first, total) in got.items():
        assert text == f"Answer to: q{r}-{i}"
        assert first < 0.6 * total  # streamed, not one blob at the end
    one_reply = 5 * 0.15
    assert len(got) == replicas * shoppers and wall < 3 * one_reply  # together, not 9 in a row
