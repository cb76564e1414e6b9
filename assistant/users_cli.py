"""`clearcart console ...`: manage the marketer console's users (no web UI needed).

    clearcart console add-user NAME [--role marketer|admin] [--replace] [--password-stdin]
    clearcart console list-users
    clearcart console remove-user NAME

The password is read from the terminal without echo (or one line of standard input
with --password-stdin, for scripts), hashed with argon2id and never printed.
`clearcart console serve` (the web console alone) lives in ui/cli.py: it needs gradio.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from models.errors import InputError
from models.settings import Settings


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    console = sub.add_parser("console", help="marketer console users (serve it with "
                             "`clearcart console serve`)")
    c_sub = console.add_subparsers(dest="console_command", required=True, metavar="ACTION")
    add = c_sub.add_parser("add-user", help="create a console user (asks for the password)")
    add.add_argument("name")
    add.add_argument("--role", choices=("marketer", "admin"), default="marketer",
                     help="marketer: read the audit log, explanations, parameters, bias audit; "
                     "admin: also sponsorships and erasure requests (default: marketer)")
    add.add_argument("--replace", action="store_true",
                     help="the user exists: set a new password and role (old logins end)")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    c_sub.add_parser("list-users", help="list console users and their roles")
    rm = c_sub.add_parser("remove-user", help="delete a console user (their logins end)")
    rm.add_argument("name")
    c_sub.add_parser("serve", help="serve the console alone: use `clearcart console serve` "
                     "(needs the ui extra)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.privacy import Store

    if args.console_command == "serve":
        raise InputError("the console's web app is served by the clearcart command",
                         fix="run `clearcart console serve [--port N]` (pip install "
                         "'clearcart[ui]' first if it is missing)")
    store = Store.open(settings)
    try:
        if args.console_command == "add-user":
            password = _password(args.password_stdin)
            user = store.add_console_user(args.name, password, args.role, replace=args.replace)
            print(f"console user {user.username!r} {'updated' if args.replace else 'added'} "
                  f"with role {user.role}")
        elif args.console_command == "list-users":
            for u in store.console_users():
                print(f"{u.username}\t{u.role}")
        else:
            if not store.remove_console_user(args.name):
                raise InputError(f"no console user {args.name!r}",
                                 fix="see `clearcart console list-users`")
            print(f"console user {args.name!r} removed")
    finally:
        store.close()
    return 0


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise InputError("the two passwords differ", fix="type the same password twice")
    return first


__all__ = ["add_parser", "run"]
