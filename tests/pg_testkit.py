"""PostgreSQL for tests: `CLEARCART_TEST_PG_DSN` (the only environment variable tests read
for configuration); each user gets its own schema, dropped after. Unset DSN: the caller
skips, unless CLEARCART_REQUIRE_POSTGRES=1 (then it fails)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def pg_dsn() -> str:
    dsn = os.environ.get("CLEARCART_TEST_PG_DSN", "")
    if not dsn:
        if os.environ.get("CLEARCART_REQUIRE_POSTGRES") == "1":
            pytest.fail("CLEARCART_REQUIRE_POSTGRES=1 but CLEARCART_TEST_PG_DSN is not set")
        pytest.skip("PostgreSQL tests need CLEARCART_TEST_PG_DSN")
    return dsn


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema (dropped afterwards)."""
    dsn = pg_dsn()
    schema = f"cc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(dsn)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(dsn).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
