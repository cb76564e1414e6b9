"""The `clearcart` console script: `clearcart serve` runs the web app, the rest is assistant.cli.

It lives in `ui` because `assistant` must not import `ui` or gradio:
`clearcart serve [--port N] [--host H] [--llm NAME]` is the same app as
`python app.py`; every other subcommand (ask, models, catalog, export, erase,
audit, bias-audit) goes to `assistant.cli.main` unchanged, so those work
without the `ui` extra installed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

SERVE = "serve"
SERVE_HELP = ("serve the web app (Shop | Privacy center at /, the marketer console behind a "
              "login at /console/); needs the ui extra")
CONSOLE_SERVE_HELP = "serve only the marketer console (its own port); needs the ui extra"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == SERVE:
        return _serve(args[1:], "clearcart serve", console_only=False)
    if args[:2] == ["console", SERVE]:
        return _serve(args[2:], "clearcart console serve", console_only=True)
    from assistant.cli import main as assistant_main

    if not args or args[0] in ("-h", "--help"):
        try:
            return assistant_main(args)
        finally:  # argparse exits after its help or usage; add the command it does not know
            print(f"\nweb app:\n  clearcart {SERVE} [--port N] [--llm NAME]   {SERVE_HELP}\n"
                  f"  clearcart console {SERVE} [--port N]   {CONSOLE_SERVE_HELP}")
    return assistant_main(args)


def _serve(args: list[str], prog: str, console_only: bool) -> int:
    try:
        from ui.app import parser
        from ui.server import serve
    except ImportError as exc:  # gradio is in the `ui` extra
        print(f"error: {prog} needs the web UI's packages ({exc.name} is missing) "
              "(how to fix: pip install 'clearcart[ui]')", file=sys.stderr)
        return 2
    opts = parser(prog).parse_args(args)
    serve(opts.host, opts.port, opts.llm, console_only=console_only)
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
