"""A plain HTTP client for attacking the running app the way any script could (httpx only).

No gradio_client and no browser: requests are built by hand from the app's own /config,
so every registered event is reachable by its fn_index, hidden or not, exactly as an
attacker would reach it.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

TIMEOUT_S = 300.0  # a reply on 2 busy shared cores can take a while


@dataclass
class Caller:
    """One HTTP client: no identity, a shopper token, or a console login (cookies)."""

    base: str  # the app's URL, ending with "/"
    headers: dict[str, str] = field(default_factory=dict)
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.base, headers=self.headers, timeout=TIMEOUT_S,
                                   follow_redirects=False)

    def close(self) -> None:
        self.client.close()

    # -- identities ------------------------------------------------------------------
    @classmethod
    def shopper(cls, base: str) -> Caller:
        """An API client with its own new session token (POST /clearcart/session)."""
        for _ in range(3):  # another test may have used this address's new-session budget
            r = httpx.post(base + "clearcart/session", timeout=30)
            if r.status_code != 429:
                break
            wait = re.search(r"wait (\d+)", r.json()["fix"])
            time.sleep(int(wait.group(1)) + 1 if wait else 1)
        return cls(base, {"X-ClearCart-Session": r.json()["token"]})

    def console_login(self, user: str, password: str) -> httpx.Response:
        return self.client.post("console/login", data={"username": user, "password": password})

    # -- Gradio's routes, by hand --------------------------------------------------------
    def config(self, app: str = "") -> dict[str, Any]:
        r = self.client.get(f"{app}config")
        r.raise_for_status()
        return dict(r.json())

    def join(self, fn_index: int, data: list[Any], session_hash: str | None = None,
             app: str = "") -> httpx.Response:
        """POST /gradio_api/queue/join: run any event by its fn_index."""
        body = {"data": data, "fn_index": fn_index, "event_data": None, "trigger_id": None,
                "session_hash": session_hash or secrets.token_hex(6)}
        return self.client.post(f"{app}gradio_api/queue/join", json=body)

    def run(self, fn_index: int, data: list[Any], session_hash: str | None = None,
            app: str = "") -> tuple[bool, Any]:
        """Join, then read the session's stream until that event completes: (success, output)."""
        sh = session_hash or secrets.token_hex(6)
        r = self.join(fn_index, data, sh, app)
        if r.status_code != 200:
            return False, {"status": r.status_code, "body": r.text}
        event = r.json()["event_id"]
        with self.client.stream("GET", f"{app}gradio_api/queue/data",
                                params={"session_hash": sh}) as s:
            if s.status_code != 200:
                return False, {"status": s.status_code}
            for line in s.iter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("event_id") == event and msg.get("msg") == "process_completed":
                    return bool(msg.get("success")), msg.get("output")
        return False, {"status": "stream ended"}

    def call(self, api_name: str, data: list[Any], app: str = "") -> tuple[str, Any]:
        """POST /gradio_api/call/<name>, then GET its result: (event kind, data)."""
        # ASCII JSON: a lone surrogate travels as the escape "\\ud800", as a script would send it
        r = self.client.post(f"{app}gradio_api/call/{api_name}",
                             content=json.dumps({"data": data}, ensure_ascii=True),
                             headers={"content-type": "application/json"})
        if r.status_code != 200:
            return f"http {r.status_code}", r.text
        return self.call_result(api_name, r.json()["event_id"], app)

    def call_result(self, api_name: str, event_id: str, app: str = "") -> tuple[str, Any]:
        r = self.client.get(f"{app}gradio_api/call/{api_name}/{event_id}")
        if r.status_code != 200:
            return f"http {r.status_code}", r.text
        kind, data = "", None
        for line in r.text.splitlines():
            if line.startswith("event:"):
                kind = line[6:].strip()
            elif line.startswith("data:"):
                data = json.loads(line[5:])
        return kind, data


def backend_events(config: dict[str, Any]) -> list[dict[str, Any]]:
    """Every event the app runs on the server (its fn_index is `id`), hidden or not."""
    return [d for d in config["dependencies"] if d.get("backend_fn")]


def dummy_inputs(config: dict[str, Any], event: dict[str, Any]) -> list[Any]:
    """Plausible values for an event's inputs (each component's own default)."""
    props = {c["id"]: c.get("props", {}) for c in config["components"]}
    return [props.get(i, {}).get("value") for i in event["inputs"]]


__all__ = ["Caller", "backend_events", "dummy_inputs"]
