"""UI test fixtures: a real assistant with a fake LM; the real app and headless Chromium.

`bot`: one ShopAssistant (catalog, ranker, explainer, SQLite store) with FakeLM
and the hashing embedder, shared by the tests of one session (each test uses
its own shoppers).

The app runs as `python app.py --port <free> --llm smollm2` with a private
CLEARCART_HOME, started once per test session and killed at teardown
(`app_server`; `pg_app_server` is the same app on a fresh PostgreSQL schema,
when CLEARCART_TEST_PG_DSN is set). Its first start prints the console's
`admin` password, which `RunningApp.admin_password` reads from its log; a
`marketer` user is added with the CLI. Chromium is Debian's /usr/bin/chromium
(never `playwright install`); without it the browser tests skip, unless
CLEARCART_REQUIRE_BROWSER=1 (then they fail). CLEARCART_UI_URL points the
browser tests at an app that is already running.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant import ShopAssistant
from assistant.qa import HashingEmbedder

from app_kit import REPO, RunningApp, run_app
from fakes import FakeLM

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = REPO / "test-output" / "screenshots"
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


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """The real app on SQLite (a fresh CLEARCART_HOME)."""
    yield from run_app(tmp_path_factory.mktemp("ui-home"))


@pytest.fixture(scope="session")
def pg_app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """The real app on a fresh PostgreSQL schema (skips without CLEARCART_TEST_PG_DSN)."""
    from pg_testkit import pg_schema_url

    with pg_schema_url() as url:
        yield from run_app(tmp_path_factory.mktemp("ui-home-pg"), db_url=url)


@pytest.fixture(scope="session")
def app_url(request: pytest.FixtureRequest) -> str:
    require_chromium()
    given = os.environ.get("CLEARCART_UI_URL")
    return given.rstrip("/") + "/" if given else request.getfixturevalue("app_server").url


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
