"""`OpenAICompatLM`: chat through any OpenAI-compatible server, on the `openai` client.

vLLM, TGI, Ollama and the llama.cpp server all speak
`POST {base}/v1/chat/completions`. The maintained `openai` package does the
HTTP: streaming (server-sent events), retries with backoff on connection
errors, 408/409/429 and 5xx, and timeouts. A server that answers a streamed
request with one plain JSON reply is still understood. `complete_json` asks
for `response_format: {"type": "json_schema", ...}` (vLLM, llama.cpp server,
Ollama and TGI decode under that grammar).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from models.errors import BackendError
from models.llm.base import GenerationConfig, LMBackend, Message
from models.llm.stops import StopScanner

_FIX_SERVER = (
    "start the server (e.g. `vllm serve MODEL`, `ollama serve`, `llama-server -m FILE`) "
    "or point CLEARCART_LLM_URL at a running one"
)


@dataclass(frozen=True)
class OpenAIConfig:
    # Server base URL, with or without a trailing /v1 (e.g. http://127.0.0.1:8000).
    base_url: str
    # Model name the server serves (vLLM needs the exact name; others ignore it).
    model: str = "default"
    # Bearer token, if the server wants one (local servers usually do not).
    api_key: str | None = None
    # Seconds to wait for connect / each read before giving up (per attempt).
    timeout: float = 60.0
    # Ask for server-sent events; False uses one JSON reply.
    stream: bool = True
    # Extra attempts on connection errors, timeouts, 408/409/429 and 5xx (with backoff).
    max_retries: int = 2
    # Seconds to wait for the TCP connection itself (a dead host fails fast).
    connect_timeout: float = 5.0


class OpenAICompatLM(LMBackend):
    """An LM backend that forwards the chat to an HTTP server."""

    concurrent = True  # the server batches; each shopper's request goes straight to it

    def __init__(self, config: OpenAIConfig) -> None:
        self.config = config
        self.name = f"openai:{config.model}"
        self._client: Any = None

    @property
    def api_base(self) -> str:
        base = self.config.base_url.rstrip("/")
        return base if base.endswith("/v1") else f"{base}/v1"

    @property
    def url(self) -> str:
        return f"{self.api_base}/chat/completions"

    def client(self, timeout_s: float | None = None) -> Any:
        """The `openai.OpenAI` client (one per backend; `timeout_s` narrows one request)."""
        import openai

        if self._client is None:
            self._client = openai.OpenAI(
                base_url=self.api_base,
                api_key=self.config.api_key or "not-needed",  # the client insists on one
                max_retries=self.config.max_retries,
                timeout=openai.Timeout(self.config.timeout, connect=self.config.connect_timeout),
            )
        if timeout_s is None:
            return self._client
        total = min(timeout_s, self.config.timeout)
        return self._client.with_options(
            timeout=openai.Timeout(total, connect=min(total, self.config.connect_timeout))
        )

    def _payload(self, messages: Sequence[Message], config: GenerationConfig) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.config.model,
            "messages": [dict(m) for m in messages],
            "max_tokens": config.max_new_tokens,
            "temperature": config.temperature,
        }
        if config.stop:
            payload["stop"] = list(config.stop)[:4]  # the OpenAI API accepts at most 4
        return payload

    def stream(
        self, messages: Sequence[Message], config: GenerationConfig | None = None
    ) -> Iterator[str]:
        return self._chat(messages, config or GenerationConfig())

    def complete_json(
        self,
        messages: Sequence[Message],
        schema: dict[str, Any],
        max_new_tokens: int = 256,
        timeout_s: float | None = None,
    ) -> str:
        response_format = {
            "type": "json_schema",
            "json_schema": {"name": "reply", "schema": schema, "strict": True},
        }
        config = GenerationConfig(max_new_tokens=max_new_tokens)
        chunks = self._chat(messages, config, {"response_format": response_format}, timeout_s)
        return "".join(chunks)

    def _chat(
        self,
        messages: Sequence[Message],
        config: GenerationConfig,
        extra: dict[str, Any] | None = None,
        timeout_s: float | None = None,
    ) -> Iterator[str]:
        import openai

        payload = self._payload(messages, config) | (extra or {})
        scanner = StopScanner(config.stop)  # servers may ignore `stop`; enforce it here too
        client = self.client(timeout_s)
        try:
            if self.config.stream:
                pieces = self._streamed(client, payload)
            else:
                pieces = iter([_content(client.chat.completions.create(**payload, stream=False))])
            for piece in pieces:
                chunk, done = scanner.feed(piece)
                if chunk:
                    yield chunk
                if done:
                    return
        except openai.APITimeoutError as exc:
            wait = self.config.timeout if timeout_s is None else timeout_s
            raise BackendError(
                f"LM server at {self.url} did not answer within {wait:.0f} s "
                f"({self.config.max_retries + 1} attempts).",
                fix="check the server is healthy, or raise the timeout (OpenAIConfig.timeout)",
            ) from exc
        except openai.APIConnectionError as exc:
            raise BackendError(
                f"Could not reach the LM server at {self.url}: {type(exc).__name__}: {exc}",
                fix=_FIX_SERVER,
            ) from exc
        except openai.APIStatusError as exc:
            body = exc.response.text[:300] if exc.response is not None else str(exc)
            raise BackendError(
                f"LM server at {self.url} answered HTTP {exc.status_code}: {body}",
                fix=_http_fix(exc.status_code),
            ) from exc
        except openai.APIError as exc:  # an error event inside the stream
            raise BackendError(
                f"LM server at {self.url} reported an error: {exc}", fix=_FIX_SERVER
            ) from exc
        except ValueError as exc:  # a data line that is not JSON
            raise BackendError(
                f"LM server at {self.url} sent data that is not JSON: {exc}",
                fix="check that CLEARCART_LLM_URL points at an OpenAI-compatible server, "
                "not another service",
            ) from exc
        tail = scanner.flush()
        if tail:
            yield tail

    def _streamed(self, client: Any, payload: dict[str, Any]) -> Iterator[str]:
        """Text pieces of a streamed reply; a plain JSON answer is one piece."""
        raw = client.chat.completions.with_raw_response.create(**payload, stream=True)
        response = raw.http_response
        try:
            if "text/event-stream" not in response.headers.get("content-type", ""):
                yield _content(json.loads(response.read()))
                return
            for event in raw.parse():
                for choice in event.choices or []:
                    text = choice.delta.content if choice.delta is not None else None
                    if text:
                        yield str(text)
        finally:
            response.close()


def _content(reply: Any) -> str:
    """choices[0].message.content of a ChatCompletion (object or plain dict)."""
    try:
        if isinstance(reply, dict):
            if "error" in reply and not reply.get("choices"):
                raise BackendError(
                    f"The LM server reported an error: {reply['error']}", fix=_FIX_SERVER
                )
            return str(reply["choices"][0]["message"]["content"] or "")
        return str(reply.choices[0].message.content or "")
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise BackendError(
            f"The LM server sent a reply without choices[0].message.content: {str(reply)[:200]}",
            fix="check that the URL points at an OpenAI-compatible /v1/chat/completions endpoint",
        ) from exc


def _http_fix(status: int) -> str:
    if status in (401, 403):
        return "set the API key the server expects (OpenAIConfig.api_key)"
    if status == 404:
        return (
            "check CLEARCART_LLM_URL (base URL, e.g. http://host:8000) and "
            "CLEARCART_LLM_MODEL (served model name)"
        )
    if status >= 500:
        return "check the server's log; it failed while answering"
    return "check CLEARCART_LLM_MODEL and the request limits of the server"


__all__ = ["OpenAIConfig", "OpenAICompatLM"]
