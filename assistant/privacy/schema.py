"""Tables of the profile/audit store and the versioned migrations that create them.

Personal rows are keyed by `shopper_key` (a keyed HMAC of the shopper id, see
crypto.py), never by the id itself; their content columns (`*_enc`) are Fernet
ciphertext. `pid_tag` is a per-shopper keyed tag of a product id, so exclusions
can be matched without decrypting. The audit log holds only a random
`pseudonym`, linked to a shopper solely by the `shoppers` row that erase deletes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    insert,
    inspect,
    select,
    text,
    update,
)

from models.errors import StoreError

metadata = MetaData()

KEY = String(64)  # hex HMAC-SHA256

schema_version = Table(
    "schema_version", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # always 1
    Column("version", Integer, nullable=False),
)

shoppers = Table(
    "shoppers", metadata,
    Column("shopper_key", KEY, primary_key=True),
    # random; the only link to audit rows
    Column("pseudonym", String(32), nullable=False, unique=True),
    Column("objected", Boolean, nullable=False, default=False),  # objection to profiling
    Column("created_at", Float, nullable=False),
)


def _personal(name: str, *cols: Column) -> Table:  # type: ignore[type-arg]
    return Table(
        name, metadata,
        Column("shopper_key", KEY, ForeignKey("shoppers.shopper_key"), nullable=False, index=True),
        *cols,
    )


consent = _personal(
    "consent",
    Column("category", String(32), nullable=False),
    Column("granted", Boolean, nullable=False),
    Column("updated_at", Float, nullable=False),
)
Index("ux_consent", consent.c.shopper_key, consent.c.category, unique=True)

consent_receipts = _personal(
    "consent_receipts",
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("category", String(32), nullable=False),
    Column("granted", Boolean, nullable=False),
    Column("at", Float, nullable=False),
    Column("source", String(64), nullable=False),
    Column("note", Text, nullable=False, default=""),
)

views = _personal(
    "views",
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pid_tag", KEY, nullable=False),
    Column("product_enc", Text, nullable=False),
    Column("at", Float, nullable=False, index=True),
)

purchases = _personal(
    "purchases",
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pid_tag", KEY, nullable=False),
    Column("product_enc", Text, nullable=False),
    Column("price_enc", Text, nullable=False),
    Column("at", Float, nullable=False, index=True),
)

exclusions = _personal(
    "exclusions",
    Column("pid_tag", KEY, nullable=False),
    Column("product_enc", Text, nullable=False),
    Column("at", Float, nullable=False),
)
Index("ux_exclusions", exclusions.c.shopper_key, exclusions.c.pid_tag, unique=True)

not_interested = _personal(
    "not_interested",
    Column("pid_tag", KEY, nullable=False),
    Column("product_enc", Text, nullable=False),
    Column("at", Float, nullable=False),
)
Index("ux_not_interested", not_interested.c.shopper_key, not_interested.c.pid_tag, unique=True)

turns = _personal(
    "turns",
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("role", String(16), nullable=False),
    Column("text_enc", Text, nullable=False),
    Column("at", Float, nullable=False, index=True),
)

suggestions_shown = _personal(
    "suggestions_shown",
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("audit_id", Integer, nullable=False),
    Column("record_enc", Text, nullable=False),
    Column("at", Float, nullable=False, index=True),
)

sponsorships = Table(
    "sponsorships", metadata,
    Column("product_id", String(200), primary_key=True),
    Column("payer", String(200), nullable=False),
    Column("boost", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # = position in the chain, 1..n
    Column("pseudonym", String(32), nullable=False),
    Column("created_at", Float, nullable=False),
    Column("payload", Text, nullable=False),  # canonical JSON of the record
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    # A copy of the payload's product id so the console filters in SQL (schema v2;
    # verify_audit checks it against the hashed payload).
    Column("product_id", String(200), nullable=True),
)
# Console filters: by product, by pseudonym prefix, newest first.
AUDIT_INDEXES = (
    Index("ix_audit_log_product_id", audit_log.c.product_id, audit_log.c.id),
    Index("ix_audit_log_pseudonym", audit_log.c.pseudonym, audit_log.c.id),
)

console_users = Table(  # marketer console logins (assistant/privacy/users.py)
    "console_users", metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", Text, nullable=False),  # argon2id, from argon2-cffi
    Column("role", String(16), nullable=False),  # "marketer" (read) or "admin"
    Column("created_at", Float, nullable=False),
    # Logins issued before this time are no longer valid (password change, role change).
    Column("changed_at", Float, nullable=False),
)

audit_head = Table(  # one row: the chain's last position and hash (detects a cut tail)
    "audit_head", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # always 1
    Column("last_id", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
)

# Tables holding one shopper's personal rows (erase and export walk these).
PERSONAL_TABLES: tuple[Table, ...] = (
    consent, consent_receipts, views, purchases, exclusions, not_interested, turns,
    suggestions_shown,
)

GENESIS_HASH = "0" * 64


def _v1(conn: Connection) -> None:
    """Initial schema."""
    metadata.create_all(conn, checkfirst=True)
    if conn.execute(select(audit_head.c.id)).first() is None:
        conn.execute(insert(audit_head).values(id=1, last_id=0, last_hash=GENESIS_HASH))


def _v2(conn: Connection) -> None:
    """audit_log.product_id (filled from each record's payload) and the console's indexes."""
    have = {c["name"] for c in inspect(conn).get_columns("audit_log")}
    if "product_id" not in have:  # a store made by v1 (a new store's _v1 already has it)
        conn.execute(text("ALTER TABLE audit_log ADD COLUMN product_id VARCHAR(200)"))
    last = 0
    while True:
        rows = conn.execute(select(audit_log.c.id, audit_log.c.payload)
                            .where(audit_log.c.id > last, audit_log.c.product_id.is_(None))
                            .order_by(audit_log.c.id).limit(2000)).all()
        for r in rows:
            try:
                pid = json.loads(r.payload).get("product_id")
            except (ValueError, AttributeError):  # an edited record: verify_audit names it
                pid = None
            if isinstance(pid, str):
                conn.execute(update(audit_log).where(audit_log.c.id == r.id)
                             .values(product_id=pid))
            last = r.id
        if len(rows) < 2000:
            break
    for index in AUDIT_INDEXES:
        index.create(conn, checkfirst=True)


def _v3(conn: Connection) -> None:
    """console_users: hashed marketer console logins with roles."""
    console_users.create(conn, checkfirst=True)


Migration = Callable[[Connection], None]
# Migration i (0-based) brings the schema from version i to i + 1. Append, never edit.
MIGRATIONS: tuple[Migration, ...] = (_v1, _v2, _v3)
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    schema_version.create(conn, checkfirst=True)
    row = conn.execute(select(schema_version.c.version).where(schema_version.c.id == 1)).first()
    return 0 if row is None else int(row[0])


def migrate(conn: Connection, migrations: Sequence[Migration] = MIGRATIONS) -> tuple[int, int]:
    """Apply pending migrations inside the caller's (write) transaction; (from, to) versions."""
    found = current_version(conn)
    target = len(migrations)
    if found > target:
        raise StoreError(
            f"the store's schema is version {found}, "
            f"newer than this ClearCart understands ({target})",
            fix="upgrade ClearCart to the version that wrote this store, or point "
            "CLEARCART_HOME / CLEARCART_DB_URL at another store",
        )
    for version in range(found, target):
        migrations[version](conn)
    if found == 0:
        conn.execute(insert(schema_version).values(id=1, version=target))
    elif target > found:
        conn.execute(update(schema_version).where(schema_version.c.id == 1).values(version=target))
    return found, target


__all__ = [
    "AUDIT_INDEXES", "GENESIS_HASH", "MIGRATIONS", "PERSONAL_TABLES", "SCHEMA_VERSION",
    "audit_head", "audit_log", "console_users", "consent", "consent_receipts", "current_version",
    "exclusions",
    "metadata", "migrate", "not_interested", "purchases", "schema_version", "shoppers",
    "sponsorships", "suggestions_shown", "turns", "views",
]
