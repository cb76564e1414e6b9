"""`OpenAICompatLM`: chat through any OpenAI-compatible server.

vLLM, TGI, Ollama and the llama.cpp server all speak
`POST {base}/v1/chat/completions`. We ask for a stream (server-sent events,
`data: {...}` lines ending with `data: [DONE]`) and fall back to a plain JSON
reply when the server answers without streaming. `complete_json` asks the
server for `response_format: {"type": "json_schema", ...}` (vLLM, llama.cpp
server, Ollama and TGI decode under that grammar).
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
    # Bearer token, if the server wants one.
    api_key: str | None = None
    # Seconds to wait for connect / each read before giving up.
    timeout: float = 60.0
    # Ask for server-sent events; False uses one JSON reply.
    stream: bool = True


class OpenAICompatLM(LMBackend):
    """An LM backend that forwards the chat to an HTTP server."""

    def __init__(self, config: OpenAIConfig) -> None:
        self.config = config
        self.name = f"openai:{config.model}"

    @property
    def url(self) -> str:
        base = self.config.base_url.rstrip("/")
        if base.endswith("/v1"):
            base = base[: -len("/v1")]
        return f"{base}/v1/chat/completions"

    def _payload(
        self, messages: Sequence[Message], config: GenerationConfig, stream: bool
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.config.model,
            "messages": [dict(m) for m in messages],
            "max_tokens": config.max_new_tokens,
            "temperature": config.temperature,
            "stream": stream,
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
        import httpx

        headers = {"Accept": "text/event-stream" if self.config.stream else "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        payload = self._payload(messages, config, self.config.stream) | (extra or {})
        scanner = StopScanner(config.stop)  # servers may ignore `stop`; enforce it here too
        timeout = self.config.timeout if timeout_s is None else min(timeout_s, self.config.timeout)
        try:
            with (
                httpx.Client(timeout=timeout) as client,
                client.stream("POST", self.url, json=payload, headers=headers) as response,
            ):
                if response.status_code >= 400:
                    body = response.read().decode("utf-8", "replace")[:300]
                    raise BackendError(
                        f"LM server at {self.url} answered HTTP {response.status_code}: {body}",
                        fix=_http_fix(response.status_code),
                    )
                kind = response.headers.get("content-type", "")
                pieces = (
                    self._sse_pieces(response.iter_lines())
                    if "text/event-stream" in kind
                    else iter([self._json_reply(response.read())])
                )
                for piece in pieces:
                    chunk, done = scanner.feed(piece)
                    if chunk:
                        yield chunk
                    if done:
                        return
        except httpx.TimeoutException as exc:
            raise BackendError(
                f"LM server at {self.url} did not answer within {timeout:.0f} s.",
                fix="check the server is healthy, or raise the timeout (OpenAIConfig.timeout)",
            ) from exc
        except httpx.HTTPError as exc:
            raise BackendError(
                f"Could not reach the LM server at {self.url}: {type(exc).__name__}: {exc}",
                fix=_FIX_SERVER,
            ) from exc
        tail = scanner.flush()
        if tail:
            yield tail

    def _sse_pieces(self, lines: Iterator[str]) -> Iterator[str]:
        for line in lines:
            line = line.strip()
            if not line.startswith("data:"):
                continue  # comments, "event:" lines, keep-alives
            data = line[len("data:") :].strip()
            if data == "[DONE]":
                return
            event = self._decode(data)
            for choice in event.get("choices") or []:
                delta = choice.get("delta") or choice.get("message") or {}
                text = delta.get("content") if isinstance(delta, dict) else None
                if text is None:
                    text = choice.get("text")  # completion-style servers
                if text:
                    yield str(text)

    def _json_reply(self, body: bytes) -> str:
        reply = self._decode(body.decode("utf-8", "replace"))
        try:
            return str(reply["choices"][0]["message"]["content"] or "")
        except (KeyError, IndexError, TypeError) as exc:
            raise BackendError(
                f"LM server at {self.url} sent a reply without choices[0].message.content: "
                f"{str(reply)[:200]}",
                fix="check that the URL points at an OpenAI-compatible /v1/chat/completions endpoint",
            ) from exc

    def _decode(self, text: str) -> dict[str, Any]:
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise BackendError(
                f"LM server at {self.url} sent data that is not JSON: {text[:200]!r}",
                fix="check that CLEARCART_LLM_URL points at an OpenAI-compatible server, not another service",
            ) from exc
        if not isinstance(value, dict):
            raise BackendError(
                f"LM server at {self.url} sent JSON that is not an object: {text[:200]!r}",
                fix="check that CLEARCART_LLM_URL points at an OpenAI-compatible server",
            )
        if "error" in value and not value.get("choices"):
            raise BackendError(
                f"LM server at {self.url} reported an error: {value['error']}", fix=_FIX_SERVER
            )
        return value


def _http_fix(status: int) -> str:
    if status in (401, 403):
        return "set the API key the server expects (OpenAIConfig.api_key)"
    if status == 404:
        return "check CLEARCART_LLM_URL (base URL, e.g. http://host:8000) and CLEARCART_LLM_MODEL (served model name)"
    if status >= 500:
        return "check the server's log; it failed while answering"
    return "check CLEARCART_LLM_MODEL and the request limits of the server"


__all__ = ["OpenAIConfig", "OpenAICompatLM"]
