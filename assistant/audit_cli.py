"""`python -m assistant audit verify`: check the audit log's hash chain and say what is wrong.

Exit codes: 0 the chain verifies, 1 it does not (each problem names the record),
2 the store could not be opened or read.
"""

from __future__ import annotations

import sys
from typing import TextIO

from models.errors import StoreError
from models.settings import Settings


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
        print("The log has been altered since it was written. Keep this report; restore the "
              "store from a backup to recover the original records.", file=stream)
    return 0 if report.ok else 1


__all__ = ["run_verify"]
