"""Audit commands of the CLI.

`python -m assistant audit verify`: check the audit log's hash chain and say what
is wrong. Exit codes: 0 the chain verifies, 1 it does not (each problem names
the record), 2 the store could not be opened or read.

`python -m assistant audit replay ID`: re-run the decision of record ID and of the
other cards of its reply (assistant/replay.py). Exit codes: 0 reproduced, 1 a
difference (each named), 2 cannot replay (no such record, no decision record,
another model or catalog version).

`python -m assistant bias-audit FILE --group COLUMN [--outcome COLUMN]`: the bias
audit on a shop's own table (explain.audit_table). Exit codes: 0 no gap above the
threshold, 1 gaps flagged, 2 the table could not be read or lacks a column.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from models.errors import InputError, StoreError
from models.llm.base import GenerationConfig, LMBackend, Message
from models.settings import Settings

if TYPE_CHECKING:
    import pandas as pd


def run_verify(settings: Settings, out: TextIO | None = None) -> int:
    """Verify the audit log of the store `settings` points at; print a report; exit code."""
    from assistant.privacy import Store, StoreConfig

    stream = out if out is not None else sys.stdout
    try:
        # Verifying must not change anything: no retention purge on open.
        store = Store.open(settings, StoreConfig(purge_on_open=False))
    except StoreError as e:
        print(f"cannot open the store: {e}", file=stream)
        return 2
    try:
        report = store.verify_audit()
    except StoreError as e:
        print(f"cannot read the audit log: {e}", file=stream)
        return 2
    finally:
        store.close()
    print(f"store: {store.describe()}", file=stream)
    print(report.summary(), file=stream)
    if not report.ok:
        print(
            "The log has been altered since it was written. Keep this report; restore the "
            "store from a backup to recover the original records.",
            file=stream,
        )
    return 0 if report.ok else 1


class _NoLM(LMBackend):
    """Replay never phrases a reply: no model weights are loaded for it."""

    name = "none"
    concurrent = True  # nothing to queue

    def stream(self, messages: Sequence[Message], config: GenerationConfig | None = None
               ) -> Iterator[str]:
        raise InputError("replay does not generate text", fix="use `python -m assistant ask`")


def run_replay(settings: Settings, audit_id: int, as_json: bool = False,
               out: TextIO | None = None) -> int:
    """Replay audit record `audit_id` (and its reply's other cards); print a report; exit code."""
    from assistant.qa import HashingEmbedder
    from assistant.replay import Replayer
    from assistant.shop import ShopAssistant

    stream = out if out is not None else sys.stdout
    # the embedder only feeds the text search, which replay takes as stored: the fast one
    bot = ShopAssistant.load(settings=settings, lm=_NoLM(), embedder=HashingEmbedder())
    try:
        report = Replayer(bot).replay_id(audit_id)
    except InputError as e:
        print(f"cannot replay: {e}", file=stream)
        return 2
    finally:
        bot.store.close()
    print(json.dumps(report.to_dict(), indent=2) if as_json else report.summary(), file=stream)
    if not report.replayable:
        return 2
    return 0 if report.ok else 1


__all__ = ["run_replay", "run_verify"]


def read_table(path: str | Path) -> pd.DataFrame:
    """A CSV, Parquet or JSON table; InputError saying what is wrong and how to fix it."""
    import pandas as pd

    file = Path(path)
    suffix = file.suffix.lower()
    if not file.is_file():
        raise InputError(f"table file {file} does not exist", fix="Check the path.")
    readers = {".csv": pd.read_csv, ".parquet": pd.read_parquet, ".json": pd.read_json}
    if suffix not in readers:
        raise InputError(
            f"{file}: unknown table format {suffix!r}",
            fix="Save the table as .csv, .parquet or .json (a list of row objects).",
        )
    try:
        return readers[suffix](file)
    except Exception as exc:  # parser errors of pandas/pyarrow
        raise InputError(
            f"{file}: could not read the table ({type(exc).__name__}: {exc})",
            fix="Check the file is valid UTF-8 CSV with a header row, Parquet, or JSON.",
        ) from exc


def run_bias_audit(
    path: str | Path,
    groups: Sequence[str],
    *,
    outcome: str | None = None,
    category: str = "category",
    price: str = "price",
    threshold: float = 0.10,
    min_rows: int = 20,
    as_json: bool = False,
    out: TextIO | None = None,
) -> int:
    """Audit the table at `path` over the shop's `groups` columns; print it; exit code."""
    from explain.audit import AuditConfig
    from explain.table_audit import TableAuditConfig, audit_table

    stream = out if out is not None else sys.stdout
    config = TableAuditConfig(AuditConfig(gap_threshold=threshold), min_group_rows=min_rows)
    table = read_table(path)
    named = ((category, "category", "--category"), (price, "price", "--price"))
    for name, default, option in named:
        if name != default and name not in table.columns:  # named on purpose, so required
            raise InputError(
                f"{path}: no column {name!r} (named with {option}); "
                f"the table's columns are {list(map(str, table.columns))}",
                fix=f"Pass {option} with one of those column names (case-sensitive).",
            )
    audit = audit_table(table, list(groups), outcome, category, price, config)
    print(json.dumps(audit.to_dict(), indent=2) if as_json else audit.summary(), file=stream)
    return 0 if audit.passed else 1
