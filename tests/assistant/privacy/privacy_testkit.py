"""Fixtures for the privacy tests: a Store on SQLite, and on PostgreSQL when a DSN is given.

PostgreSQL runs use `CLEARCART_TEST_PG_DSN` (the only environment variable
tests read for configuration); each test gets its own schema, dropped after.
Unset DSN: those cases skip, unless CLEARCART_REQUIRE_POSTGRES=1 (then they fail).

Use: `from privacy_testkit import store_fixture, store_settings_fixture  # noqa: F401`
(pytest registers them as the `store` and `store_settings` fixtures).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, inspect, select, text

from assistant.privacy import Store, StoreConfig
from assistant.privacy import schema as t
from models.settings import Settings

from pg_testkit import pg_dsn, pg_schema_url  # noqa: F401  (re-exported for the tests here)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS, name="store_settings")
def store_settings_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings for a fresh store: SQLite under tmp_path, or a fresh PostgreSQL schema."""
    home = tmp_path / "home"
    if request.param == "postgres":
        with pg_schema_url() as url:
            yield Settings(home=home, db_url=url)
    else:
        yield Settings(home=home)


@pytest.fixture(name="store")
def store_fixture(store_settings: Settings) -> Iterator[Store]:
    s = Store.open(store_settings)
    try:
        yield s
    finally:
        s.close()


def open_store(settings: Settings, **config: Any) -> Store:
    return Store.open(settings, StoreConfig(**config))


def rows_for(conn: Connection, key: str) -> dict[str, int]:
    """Rows per table that carry this shopper_key (0 everywhere after erase)."""
    out: dict[str, int] = {}
    for table in t.metadata.sorted_tables:
        if "shopper_key" in table.c:
            rows = conn.execute(select(table).where(table.c.shopper_key == key)).all()
            out[table.name] = len(rows)
    return out


def dump_all_text(conn: Connection, skip: tuple[str, ...] = ()) -> str:
    """Every value in every table (but `skip`), as one string (to search for leaked plaintext)."""
    parts: list[str] = []
    for name in inspect(conn).get_table_names():
        if name in skip:
            continue
        for row in conn.execute(text(f'SELECT * FROM "{name}"')):
            parts.extend(str(v) for v in row)
    return "\n".join(parts)


def audit_row_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return len(conn.execute(select(t.audit_log.c.id)).all())


def suggestion(pid: str = "p1", score: float = 0.5) -> dict[str, Any]:
    """A suggestion record shaped like the session's (Suggestion.to_dict parts + versions)."""
    return {
        "product_id": pid,
        "product_title": f"Product {pid}",
        "rank": 1,
        "score": score,
        "explanation": {
            "score": score, "base_value": 0.1,
            "values": {"request_match": score - 0.3, "viewed_similar": 0.2},
            "category_of": {"request_match": "request", "viewed_similar": "browsing_history"},
            "players": ["request_match", "viewed_similar"],
            "feature_values": {},
        },
        "reasons": ["It matches what you asked for."],
        "disclosure": {"used": {"request": 0.6, "browsing_history": 0.4}, "not_used": {},
                       "sponsored_by": None},
        "model_version": "m1",
        "catalog_version": "c1",
    }
