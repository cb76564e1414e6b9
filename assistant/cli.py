"""Command line: `python -m assistant --help`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant import users_cli
from models.errors import ClearCartError

if TYPE_CHECKING:
    from assistant.reply import Reply


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m assistant",
        description="ClearCart: an offline shop assistant with exact, checkable explanations.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = sub.add_parser("ask", help="ask one question; print the reply, suggestions, reasons")
    ask.add_argument("question", help="the shopper's message")
    ask.add_argument("--shopper", default="cli-shopper", help="pseudonymous shopper id")
    ask.add_argument(
        "--llm", default=None, help="LM backend: qwen2.5-0.5b (default), smollm2, ..."
    )
    ask.add_argument("--catalog", default=None, help="catalog file (CSV, Parquet, JSON)")
    ask.add_argument("--json", action="store_true", help="print the reply as JSON data")

    audit = sub.add_parser("audit", help="audit log tools")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    audit_sub.add_parser(
        "verify", help="check the hash chain; name any edited/deleted/moved record"
    )
    replay = audit_sub.add_parser(
        "replay",
        help="re-run a shown suggestion's decision (and the rest of its reply) from its "
        "audit record; check the order, score and Shapley values reproduce",
        description="Re-runs the constraints, the question's rule and the model from the "
        "stored record (no free text, no personal data) and compares. Exit code 0: "
        "reproduced; 1: a difference (each one named); 2: cannot replay (no such record, "
        "a record from before decisions were stored, another model or catalog version).",
    )
    replay.add_argument("id", type=int, help="audit record id (from the console or an export)")
    replay.add_argument("--json", action="store_true", help="print the report as JSON data")

    cat = sub.add_parser("catalog", help="catalog tools")
    cat_sub = cat.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")
    check = cat_sub.add_parser(
        "check",
        help="validate a catalog file (Shopify export, Merchant Center feed, canonical CSV)",
        description="Print the layout detected, products and variants, the share of products "
        "that state each field and attribute, the bad rows (row, field, fix) and product text "
        "that reads as instructions to an assistant. Exit code 2 on a bad row without --skip.",
    )
    check.add_argument("path")
    check.add_argument("--skip", action="store_true", help="skip bad rows and summarise them")

    export = sub.add_parser("export", help="print everything held about a shopper (JSON)")
    export.add_argument("shopper")
    erase = sub.add_parser("erase", help="erase a shopper's personal data")
    erase.add_argument("shopper")
    sub.add_parser("models", help="list the LM backends and their licences")
    users_cli.add_parser(sub)

    bias = sub.add_parser(
        "bias-audit",
        help="bias audit of your own table of suggestions shown, over your own group columns",
        description="Compare groups of your shoppers (any column of yours: age band, region, "
        "loyalty tier, ...) in a table with one row per suggestion shown: which categories "
        "and price bands each group was shown, and the rate of an outcome (clicked, bought). "
        "Exit code 0: no gap above the threshold; 1: gaps flagged; 2: the table is unusable.",
    )
    bias.add_argument("file", help="CSV, Parquet or JSON table, one row per suggestion shown")
    bias.add_argument(
        "--group", action="append", required=True, metavar="COLUMN",
        help="a column of shopper groups to compare (repeat for several columns)",
    )
    bias.add_argument(
        "--outcome", default=None, metavar="COLUMN",
        help="a 0/1 column (clicked, bought) whose rate is compared across groups",
    )
    bias.add_argument(
        "--category", default="category", metavar="COLUMN",
        help="the product category column (default: category)",
    )
    bias.add_argument(
        "--price", default="price", metavar="COLUMN", help="the price column (default: price)"
    )
    bias.add_argument(
        "--threshold", type=float, default=0.10,
        help="flag a gap between groups above this share (default: 0.10)",
    )
    bias.add_argument(
        "--min-rows", type=int, default=20,
        help="leave groups with fewer rows out of the gaps (default: 20)",
    )
    bias.add_argument("--json", action="store_true", help="print the audit as JSON data")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except ClearCartError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from models.settings import Settings, offline_env

    offline_env()
    settings = Settings.from_env()
    if args.command == "ask":
        from assistant.shop import ShopAssistant

        bot = ShopAssistant.load(args.llm, settings=settings, catalog=args.catalog)
        reply = bot.session(args.shopper).ask(args.question)
        print(json.dumps(reply.to_dict(), indent=2) if args.json else _as_text(reply))
        return 0
    if args.command == "audit":
        from assistant.audit_cli import run_replay, run_verify

        if args.audit_command == "replay":
            return run_replay(settings, args.id, as_json=args.json)
        return run_verify(settings)
    if args.command == "bias-audit":
        from assistant.audit_cli import run_bias_audit

        return run_bias_audit(
            args.file,
            args.group,
            outcome=args.outcome,
            category=args.category,
            price=args.price,
            threshold=args.threshold,
            min_rows=args.min_rows,
            as_json=args.json,
        )
    if args.command == "catalog":
        from assistant.catalog import load_catalog
        from assistant.catalog.check import check

        report = check(load_catalog(args.path, on_error="skip"))
        print(report.render())
        if report.bad_rows and not args.skip:
            load_catalog(args.path)  # raises the first bad row's error: row, field, fix
        return 0
    if args.command in ("export", "erase"):
        from assistant.privacy import Store

        store = Store.open(settings)
        if args.command == "export":
            print(json.dumps(store.export_data(args.shopper), indent=2, default=str))
        else:
            store.erase(args.shopper)
            print(f"erased personal data of {args.shopper!r}")
        return 0
    if args.command == "console":
        return users_cli.run(args, settings)
    if args.command == "models":
        from models.llm import available_models

        for m in available_models():
            print(m)
        return 0
    raise AssertionError(args.command)


def _as_text(reply: Reply) -> str:
    """The reply for a terminal: text, then each suggestion with reasons and data used."""
    from explain.decision_text import decided_by_words

    lines = [reply.text, ""]
    for s in reply.suggestions:
        p = s.product
        rating = "no reviews"
        if p.rating is not None:
            rating = f"{p.rating:.1f}★ ({p.review_count} reviews)"
        # price is what the shopper pays; the list price only when a discount applies
        deal = f" (was ${p.list_price:,.2f})" if p.discount > 0 else ""
        lines.append(f"{s.rank}. {p.title} — ${p.price:,.2f}{deal}, {rating}  [{p.id}]")
        if s.decision is not None:
            lines.append(f"   placed by: {decided_by_words(s.decision)}")
        lines += [f"   why: {r}" for r in s.reasons]
        lines += [f"   held back by: {r}" for r in s.held_back]
        used = ", ".join(f"{c} {share:.0%}" for c, share in s.disclosure.used.items())
        lines.append(f"   data used: {used}")
        for c, why in s.disclosure.not_used.items():
            lines.append(f"   not used: {c} ({why})")
        if s.disclosure.sponsored_by:
            lines.append(f"   sponsored by: {s.disclosure.sponsored_by}")
    return "\n".join(lines)


__all__ = ["main"]
