"""A tiny OpenAI-compatible server for tests: http.server on 127.0.0.1, random port.

`FakeOpenAIServer(mode=...)` as a context manager; `.base_url` to point a
backend at, `.requests` the JSON bodies it received. Modes:
"sse" streams `reply` in `chunks` as server-sent events, "json" answers
one JSON object, "error" answers HTTP `status`, "badjson" streams a
non-JSON data line. `fail_first=N` answers HTTP `status` to the first N
requests whatever the mode (to test retries); `delay_s` waits before each answer
(to test timeouts). A stand-in for an inference server shared by several app
replicas: `echo=True` answers each request with its own last user message (so
crossed replies show), `chunk_delay_s` paces the streamed pieces as a model
decoding them would, and `max_in_flight` is the most requests it was answering
at the same moment.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Server(ThreadingHTTPServer):
    # socketserver's listen backlog is 5: the sixth of nine clients connecting at once
    # waited for a SYN retry (~1 s), which read as a server answering them in turn.
    request_queue_size = 64


class FakeOpenAIServer:
    def __init__(
        self,
        reply: str = "Hello there",
        mode: str = "sse",
        chunks: int = 3,
        status: int = 500,
        fail_first: int = 0,
        delay_s: float = 0.0,
        echo: bool = False,
        chunk_delay_s: float = 0.0,
    ) -> None:
        self.reply = reply
        self.mode = mode
        self.chunks = chunks
        self.status = status
        self.fail_first = fail_first
        self.delay_s = delay_s
        self.echo = echo
        self.chunk_delay_s = chunk_delay_s
        self.in_flight = 0
        self.max_in_flight = 0
        self._count = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def reply_to(self, body: dict[str, Any]) -> str:
        """The reply to a request: `reply`, or with `echo` an answer naming its question."""
        if not self.echo:
            return self.reply
        return f"Answer to: {body['messages'][-1]['content']}"

    def pieces(self, reply: str | None = None) -> list[str]:
        """The reply split into `chunks` pieces, as it will be streamed."""
        reply = self.reply if reply is None else reply
        n = max(1, min(self.chunks, len(reply)))
        step = -(-len(reply) // n)
        return [reply[i : i + step] for i in range(0, len(reply), step)]

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(body)
                fake.paths.append(self.path)
                fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                with fake._count:
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    self._answer(body)
                finally:
                    with fake._count:
                        fake.in_flight -= 1

            def _answer(self, body: dict[str, Any]) -> None:
                if fake.delay_s:
                    time.sleep(fake.delay_s)
                if len(fake.requests) <= fake.fail_first:
                    self._send(fake.status, "application/json", b'{"error": "try later"}')
                elif self.path != "/v1/chat/completions":
                    self._send(404, "application/json", b'{"error": "not found"}')
                elif fake.mode == "error":
                    self._send(fake.status, "application/json", b'{"error": "boom"}')
                elif fake.mode == "json" or not body.get("stream"):
                    reply = {
                        "choices": [
                            {"index": 0, "message": {"role": "assistant",
                                                     "content": fake.reply_to(body)}}
                        ]
                    }
                    self._send(200, "application/json", json.dumps(reply).encode())
                elif fake.mode == "badjson":
                    self._send(200, "text/event-stream", b"data: {not json\n\n")
                else:
                    self._stream(fake.reply_to(body))

            def _send(self, status: int, kind: str, payload: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _stream(self, reply: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                first = {"choices": [{"index": 0, "delta": {"role": "assistant"}}]}
                self.wfile.write(f"data: {json.dumps(first)}\n\n".encode())
                self.wfile.write(b": keep-alive comment\n\n")
                for piece in fake.pieces(reply):
                    time.sleep(fake.chunk_delay_s)
                    event = {"choices": [{"index": 0, "delta": {"content": piece}}]}
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler
