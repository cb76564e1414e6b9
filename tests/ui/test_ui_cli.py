"""The `clearcart` console script: `serve` is the web app, every other command is assistant.cli."""

from __future__ import annotations

import sys

import pytest

from ui import cli


def test_help_lists_the_assistant_commands_and_serve(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "bias-audit" in out and "ask" in out
    assert "clearcart serve [--port N] [--llm NAME]" in out


def test_other_commands_go_to_assistant_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["models"]) == 0
    assert "smollm2" in capsys.readouterr().out
    assert "gradio" not in sys.modules or "ui.app" in sys.modules  # models did not load the UI


def test_serve_has_the_apps_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["serve", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: clearcart serve") and "--port" in out and "--llm" in out


def test_serve_passes_its_options_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.server

    seen: list[tuple[str, int, str | None, bool]] = []
    monkeypatch.setattr(ui.server, "serve", lambda host, port, llm, console_only:
                        seen.append((host, port, llm, console_only)))
    assert cli.main(["serve", "--port", "7999", "--llm", "smollm2"]) == 0
    assert cli.main(["console", "serve", "--port", "7998"]) == 0
    assert seen == [("127.0.0.1", 7999, "smollm2", False), ("127.0.0.1", 7998, None, True)]
