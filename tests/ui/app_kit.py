"""The real app as a subprocess for the tests that talk to it (browser, attacks)."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APP_START_TIMEOUT_S = 600.0  # first start may convert model weights; later starts take ~20 s


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


def start_app(home: Path, port: int, llm: str = "smollm2",
              db_url: str | None = None) -> tuple[subprocess.Popen[bytes], Path]:
    """Start app.py as a subprocess on 127.0.0.1:port; its output goes to home/app.log."""
    home.mkdir(parents=True, exist_ok=True)
    log = home / "app.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(REPO / "app.py"), "--port", str(port), "--llm", llm],
            cwd=REPO, env=app_env(home, llm, db_url), stdout=out, stderr=subprocess.STDOUT,
        )
    return proc, log


def app_env(home: Path, llm: str = "smollm2", db_url: str | None = None) -> dict[str, str]:
    env = {**os.environ, "CLEARCART_HOME": str(home), "CLEARCART_LLM": llm,
           "CLEARCART_THREADS": "1"}
    if db_url:
        env["CLEARCART_DB_URL"] = db_url
    return env


def stop_app(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@dataclass
class RunningApp:
    """The real app on a free loopback port, and what a test needs to talk to it."""

    url: str  # ends with "/"
    home: Path  # its CLEARCART_HOME (the SQLite store, key file, app.log)
    backend: str  # "sqlite" or "postgresql"
    admin_password: str  # the console's admin (printed on first start, or set by the CLI)
    admin_user: str = "admin"
    marketer_user: str = "test-marketer"
    marketer_password: str = ""
    db_url: str | None = None

    def log_text(self) -> str:
        return (self.home / "app.log").read_text(errors="replace")


def add_console_user(home: Path, name: str, role: str, db_url: str | None = None) -> str:
    """Add (or reset) a console user with the real CLI; returns its new password."""
    password = secrets.token_urlsafe(16)
    subprocess.run(
        [sys.executable, "-m", "assistant", "console", "add-user", name, "--role", role,
         "--replace", "--password-stdin"],
        input=password + "\n", text=True, check=True, cwd=REPO, env=app_env(home, db_url=db_url),
        capture_output=True, timeout=120,
    )
    return password


def run_app(home: Path, db_url: str | None = None) -> Iterator[RunningApp]:
    port = free_port()
    proc, log = start_app(home, port, db_url=db_url)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url, proc, log, APP_START_TIMEOUT_S)
        printed = re.search(r"with password\n\s+(\S+)", log.read_text(errors="replace"))
        # no password printed: the store had users already (a reused database): reset admin
        admin = printed.group(1) if printed else add_console_user(home, "admin", "admin", db_url)
        app = RunningApp(url, home, "postgresql" if db_url else "sqlite", admin, db_url=db_url)
        app.marketer_password = add_console_user(home, app.marketer_user, "marketer", db_url)
        yield app
    finally:
        stop_app(proc)
