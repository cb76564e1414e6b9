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
SERVE_HELP = "serve the web app (Shop | Privacy center | Marketer console); needs the ui extra"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == SERVE:
        try:
            from ui.app import main as serve_main
        except ImportError as exc:  # gradio is in the `ui` extra
            print(f"error: clearcart serve needs the web UI's packages ({exc.name} is missing) "
                  "(how to fix: pip install 'clearcart[ui]')", file=sys.stderr)
            return 2
        serve_main(args[1:], prog="clearcart serve")
        return 0
    from assistant.cli import main as assistant_main

    if not args or args[0] in ("-h", "--help"):
        try:
            return assistant_main(args)
        finally:  # argparse exits after its help or usage; add the command it does not know
            print(f"\nweb app:\n  clearcart {SERVE} [--port N] [--llm NAME]   {SERVE_HELP}")
    return assistant_main(args)

if __name__ == "__main__":
    raise SystemExit(main())
