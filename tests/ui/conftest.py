"""UI test fixtures: a real assistant with a fake LM; the real app and headless Chromium.

`bot`: one ShopAssistant (catalog, ranker, explainer, SQLite store) with FakeLM
and the hashing embedder, shared by the tests of one session (each test uses
its own shoppers).

The app runs as `python app.py --port <free> --llm smollm2` with a private
CLEARCART_HOME, started once per test session and killed at teardown.
Chromium is Debian's /usr/bin/chromium (never `playwright install`); without
it the browser tests skip, unless CLEARCART_REQUIRE_BROWSER=1 (then they
fail). CLEARCART_UI_URL points the tests at an app that is already running.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant import ShopAssistant
from assistant.qa import HashingEmbedder

from fakes import FakeLM

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = REPO / "test-output" / "screenshots"
APP_START_TIMEOUT_S = 600.0  # first start may convert model weights; later starts take ~20 s
LOOPBACK = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


@pytest.fixture(scope="session")
def bot() -> ShopAssistant:
    return ShopAssistant.load(lm=FakeLM(), embedder=HashingEmbedder())


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CLEARCART_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{CHROMIUM} is missing; install it: apt-get install -y chromium")
    pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium; "
                "CI sets CLEARCART_REQUIRE_BROWSER=1)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_http(
    url: str, proc: subprocess.Popen[bytes] | None, log: Path | None, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-4000:] if log else ""
            raise RuntimeError(f"app.py exited with {proc.returncode} before serving:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    tail = log.read_text(errors="replace")[-4000:] if log else ""
    raise RuntimeError(f"app did not answer at {url} within {timeout:.0f} s:\n{tail}")


def start_app(home: Path, port: int, llm: str = "smollm2") -> tuple[subprocess.Popen[bytes], Path]:
    """Start app.py as a subprocess on 127.0.0.1:port; its output goes to home/app.log."""
    home.mkdir(parents=True, exist_ok=True)
    log = home / "app.log"
    env = {**os.environ, "CLEARCART_HOME": str(home), "CLEARCART_LLM": llm,
           "CLEARCART_THREADS": "1"}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(REPO / "app.py"), "--port", str(port), "--llm", llm],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    return proc, log


def stop_app(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    given = os.environ.get("CLEARCART_UI_URL")
    if given:
        yield given.rstrip("/") + "/"
        return
    port = free_port()
    proc, log = start_app(tmp_path_factory.mktemp("ui-home"), port)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url, proc, log, APP_START_TIMEOUT_S)
        yield url
    finally:
        stop_app(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, app_url: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context (so a fresh anonymous shopper) at 1280x800.

    Fails the test if the page asked any host other than the loopback app.
    Saves test-output/screenshots/<test name>.png at the end.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.set_default_timeout(300_000)  # a reply on 2 busy shared CPU cores can take minutes
    outside: list[str] = []
    pg.on("request", lambda r: None if r.url.startswith(LOOPBACK) else outside.append(r.url))
    pg.external_requests = outside
    try:
        yield pg
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        try:
            pg.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"))
        finally:
            context.close()
    assert not outside, f"the page reached outside the machine: {outside[:5]}"
