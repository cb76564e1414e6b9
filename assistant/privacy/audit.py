"""The append-only, hash-chained audit log: one record per suggestion shown.

Record n holds canonical JSON (sorted keys, no whitespace) of: id (= n, its
position), pseudonym, time, product id, rank, score, base value, SHAP values
with their data categories, disclosure, model and catalog versions, and (since
issue 20) the decision record: how the card got its place and the feature row
behind its score, enough to replay it (assistant/replay.py). Then

    hash_n = sha256(payload_n + prev_hash_n),  prev_hash_n = hash_{n-1},  prev_hash_1 = "0"*64

and the `audit_head` row holds (n, hash_n) of the last record, so a cut tail
shows too. Appends run in one write transaction that locks the head (SQLite:
BEGIN IMMEDIATE; PostgreSQL: SELECT ... FOR UPDATE), so the chain never forks.

The pseudonym is random per shopper and linked to the shopper only by the
`shoppers` row; erase deletes that row and the shopper's copy of the records,
after which nothing links these records to a person. The log itself is never
edited, so it still verifies after erasures.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select, update

from assistant.privacy import schema as t
from assistant.privacy.base import StoreBase
from assistant.privacy.records import AuditRecord
from assistant.privacy.redact import redact
from assistant.privacy.validate import check_amount, check_id
from models.errors import InputError

PAGE = 2000  # records read per query while verifying


@dataclass(frozen=True)
class AuditReport:
    ok: bool  # True when every record verifies and the head matches
    checked: int  # records read
    problems: list[str] = field(default_factory=list)  # one line per problem, naming the record
    head_hash: str = t.GENESIS_HASH  # hash of the last record (what to note down externally)

    def summary(self) -> str:
        if self.ok:
            return f"audit log OK: {self.checked} records verified, head {self.head_hash[:16]}"
        return (f"audit log FAILED: {len(self.problems)} problem(s) in {self.checked} records\n"
                + "\n".join(f"  - {p}" for p in self.problems))


def canonical(obj: Any) -> str:
    """The one JSON text a record hashes as."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def chain_hash(payload: str, prev_hash: str) -> str:
    return hashlib.sha256((payload + prev_hash).encode("utf-8")).hexdigest()


def _finite(obj: Any) -> Any:
    """JSON-safe copy: numpy scalars/arrays become Python values, NaN/inf become None."""
    if hasattr(obj, "tolist") and not isinstance(obj, str | bytes):
        obj = obj.tolist()  # numpy scalars and arrays
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): _finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(v) for v in obj]
    return obj


def audit_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The parts of a suggestion record that go into the audit log.

    No free text about the shopper: reasons are PII-redacted.
    """
    if not isinstance(record, dict):
        raise InputError(f"a suggestion record must be a dict, got {type(record).__name__}",
                         fix="pass a dict with at least product_id and score")
    if hasattr(record.get("score"), "tolist"):
        record = {**record, "score": record["score"].tolist()}  # a numpy scalar
    product = record.get("product")
    pid = record.get("product_id") or (product.get("id") if isinstance(product, dict) else None)
    raw_expl = record.get("explanation")
    expl: dict[str, Any] = raw_expl if isinstance(raw_expl, dict) else {}
    try:
        score = check_amount(record.get("score"), "score", -1e9, 1e9)
        out = _finite({
            "product_id": check_id(pid, "product id"),
            "product_title": str(record.get("product_title", ""))[:300],
            # the catalog facts on the card the shopper saw (price, rating...)
            "product": record.get("product", {}),
            "rank": record.get("rank"),
            "score": score,
            "base_value": expl.get("base_value", record.get("base_value")),
            "shap": expl.get("values", record.get("shap", {})),
            "category_of": expl.get("category_of", record.get("category_of", {})),
            "disclosure": record.get("disclosure", {}),
            # the sentences the shopper saw, PII-redacted (they may quote the request)
            "reasons": [redact(str(r)[:500]).text for r in record.get("reasons", [])],
            "model_version": str(record.get("model_version", "unknown")),
            "catalog_version": str(record.get("catalog_version", "unknown")),
        })
        decision = _decision(record.get("decision"))
        if decision is not None:
            # how it got its place (constraints, rule or ranker) and the feature row behind
            # its score: numbers, ids and catalog words only, enough to replay the decision
            out["decision"] = _finite(decision)
        if record.get("held_back"):
            # what held the model's score back, as the shopper saw it (never a reason)
            out["held_back"] = [redact(str(r)[:500]).text for r in record["held_back"]]
        canonical(out)
    except (TypeError, ValueError) as e:
        raise InputError(
            f"the suggestion record cannot be stored: {e}",
            fix="pass JSON-serialisable values (numbers, strings, lists, dicts)",
        ) from e
    return out


def _decision(raw: Any) -> dict[str, Any] | None:
    """The decision record as stored: checked to read back (a wrong shape fails early)."""
    if raw is None:
        return None
    from explain.decision import Decision

    if isinstance(raw, Decision):
        raw = raw.to_dict()
    try:
        return Decision.from_dict(raw).to_dict()  # type: ignore[no-any-return]
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise InputError(f"the suggestion's decision record is malformed: {e}",
                         fix="pass Decision.to_dict() (explain.decision)") from e


class AuditMixin(StoreBase):
    """record_suggestion and verify_audit."""

    def record_suggestion(self, shopper_id: str, record: dict[str, Any]) -> int:
        """Append the audit record and keep the shopper's copy (for export); the audit id."""
        key = self._key(shopper_id)
        fields = audit_fields(record)
        try:
            copy = self.cipher.encrypt(_finite(record))
        except (TypeError, ValueError) as e:
            raise InputError(f"the suggestion record is not JSON-serialisable: {e}",
                             fix="pass plain values (use Explanation.to_dict() etc.)") from e
        with self._write() as conn:
            shopper = self._ensure_shopper(conn, key)
            audit_id = self._append(conn, shopper.pseudonym, fields)
            conn.execute(insert(t.suggestions_shown).values(
                shopper_key=key, audit_id=audit_id, record_enc=copy, at=time.time()
            ))
        return audit_id

    def _append(self, conn: Connection, pseudonym: str, fields: dict[str, Any]) -> int:
        head = conn.execute(
            select(t.audit_head.c.last_id, t.audit_head.c.last_hash)
            .where(t.audit_head.c.id == 1).with_for_update()
        ).one()
        new_id = int(head.last_id) + 1
        now = time.time()
        payload = canonical({"id": new_id, "pseudonym": pseudonym, "time": now, **fields})
        digest = chain_hash(payload, head.last_hash)
        conn.execute(insert(t.audit_log).values(
            id=new_id, pseudonym=pseudonym, created_at=now, payload=payload,
            prev_hash=head.last_hash, hash=digest, product_id=fields["product_id"],
        ))
        conn.execute(update(t.audit_head).where(t.audit_head.c.id == 1)
                     .values(last_id=new_id, last_hash=digest))
        return new_id

    def audit_records(
        self,
        limit: int = 100,
        *,
        pseudonym: str | None = None,
        product_id: str | None = None,
        since: float | None = None,
        until: float | None = None,
    ) -> list[AuditRecord]:
        """The newest `limit` records that match every filter given, newest first.

        `pseudonym`: a prefix of the shopper's pseudonym; `product_id`: exact;
        `since` / `until`: Unix times, inclusive. Filters run in the database, so
        an old record is found however many newer ones there are.
        """
        log = t.audit_log
        query = select(log.c.payload).order_by(log.c.id.desc()).limit(max(0, int(limit)))
        if pseudonym:
            query = query.where(log.c.pseudonym.startswith(pseudonym, autoescape=True))
        if product_id:
            query = query.where(log.c.product_id == product_id)
        if since is not None:
            query = query.where(log.c.created_at >= float(since))
        if until is not None:
            query = query.where(log.c.created_at <= float(until))
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [AuditRecord.from_row(r) for r in rows]

    def audit_record(self, audit_id: int) -> AuditRecord | None:
        """One audit record by id (None if there is no such record)."""
        with self._read() as conn:
            row = conn.execute(select(t.audit_log.c.payload)
                               .where(t.audit_log.c.id == int(audit_id))).first()
        return None if row is None else AuditRecord.from_row(row)

    def verify_audit(self) -> AuditReport:
        """Recompute the chain; name every edited, deleted or reordered record."""
        problems: list[str] = []
        expected_id, prev_hash, checked = 1, t.GENESIS_HASH, 0
        with self._read(snapshot=True) as conn:
            head = conn.execute(select(t.audit_head).where(t.audit_head.c.id == 1)).first()
            last_seen = 0
            while True:
                rows = conn.execute(
                    select(t.audit_log).where(t.audit_log.c.id > last_seen)
                    .order_by(t.audit_log.c.id).limit(PAGE)
                ).all()
                for r in rows:
                    checked += 1
                    problems += _check_row(r, expected_id, prev_hash)
                    expected_id, prev_hash, last_seen = r.id + 1, r.hash, r.id
                if len(rows) < PAGE:
                    break
        if head is None:
            problems.append("the audit head row is missing (it was deleted)")
        elif (head.last_id, head.last_hash) != (expected_id - 1, prev_hash):
            if head.last_id > expected_id - 1:
                problems.append(
                    f"records {expected_id}..{head.last_id} at the end were deleted (the head "
                    f"says the log ends at record {head.last_id}, it ends at {expected_id - 1})")
            else:
                problems.append(
                    f"the audit head (record {head.last_id}) does not match the last record "
                    f"({expected_id - 1}): the end of the log was edited or the head was")
        return AuditReport(not problems, checked, problems, prev_hash)


def _check_row(r: Any, expected_id: int, prev_hash: str) -> list[str]:
    """Problems with one row, given where the chain expected it."""
    out: list[str] = []
    if r.id > expected_id:
        if r.id == expected_id + 1:
            gap = f"record {expected_id}"
        else:
            gap = f"records {expected_id}..{r.id - 1}"
        out.append(f"{gap} deleted (the log jumps from {expected_id - 1} to {r.id})")
    if chain_hash(r.payload, r.prev_hash) != r.hash:
        out.append(f"record {r.id}: edited (its content no longer matches its hash)")
    try:
        body = json.loads(r.payload)
    except ValueError:
        return [*out, f"record {r.id}: edited (its content is not valid JSON)"]
    if not isinstance(body, dict):
        return [*out, f"record {r.id}: edited (its content is not a record)"]
    if body.get("id") != r.id:
        out.append(f"record at position {r.id} is record {body.get('id')}: records were reordered")
    elif (body.get("pseudonym"), body.get("time"), body.get("product_id")) != (
            r.pseudonym, r.created_at, r.product_id):
        out.append(f"record {r.id}: edited (pseudonym, time or product column differs "
                   "from the hashed record)")
    if r.prev_hash != prev_hash and r.id == expected_id:
        out.append(f"record {r.id}: does not link to record {r.id - 1} (record {r.id - 1} was "
                   "edited and rehashed, or records were reordered)")
    return out


__all__ = ["AuditMixin", "AuditRecord", "AuditReport", "audit_fields", "canonical", "chain_hash"]
