"""`AuditRecord`: one suggestion shown, as the audit log holds it (typed, read-only).

The console and the renderers read these fields instead of the stored JSON's
keys. `to_dict()` gives back the hashed JSON form; `from_payload` /
`from_row` read it (records written before a field existed get its empty value).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from explain.decision import Decision
from explain.types import Disclosure, Explanation


@dataclass(frozen=True)
class AuditRecord:
    """One stored suggestion: what was shown, to which pseudonym, why, and with which data."""

    id: int  # position in the hash chain, 1..n
    time: float  # when it was shown (Unix seconds)
    pseudonym: str  # random per shopper; unlinked once the shopper is erased
    product_id: str
    score: float  # the ranker's output
    product_title: str = ""
    # The card's catalog facts as shown: `price` is what the shopper pays,
    # `list_price` the price before the discount (records since issue 12).
    product: dict[str, Any] = field(default_factory=dict)
    rank: int | None = None  # place in the list, 1 = first
    base_value: float | None = None  # the explanation's expected score
    shap: dict[str, float] = field(default_factory=dict)  # feature group -> SHAP value
    category_of: dict[str, str] = field(default_factory=dict)  # feature group -> data category
    disclosure: Disclosure = field(default_factory=lambda: Disclosure({}, {}, None))
    reasons: tuple[str, ...] = ()  # the sentences the shopper saw (PII-redacted)
    model_version: str = "unknown"
    catalog_version: str = "unknown"
    # How it got its place: constraints, the question's rule or the ranker, with the
    # feature row behind its score (records since issue 20; None before).
    decision: Decision | None = None
    held_back: tuple[str, ...] = ()  # what held the model's score back, as shown

    @property
    def top_reason(self) -> str:
        return self.reasons[0] if self.reasons else ""

    @property
    def explanation(self) -> Explanation:
        """The stored explanation (no value function: `value_of` needs the model)."""
        return Explanation.from_dict({
            "score": self.score,
            "base_value": self.score - sum(self.shap.values())
            if self.base_value is None else self.base_value,
            "shap": self.shap,
            "category_of": self.category_of,
        })

    @classmethod
    def from_payload(cls, d: Mapping[str, Any]) -> AuditRecord:
        """Read the audit log's JSON form (see assistant.privacy.audit.audit_fields)."""
        base = d.get("base_value")
        rank = d.get("rank")
        return cls(
            id=int(d["id"]),
            time=float(d["time"]),
            pseudonym=str(d.get("pseudonym") or ""),
            product_id=str(d["product_id"]),
            score=float(d["score"]),
            product_title=str(d.get("product_title") or ""),
            product=dict(d.get("product") or {}),
            rank=None if rank is None else int(rank),
            base_value=None if base is None else float(base),
            shap={str(k): float(v) for k, v in (d.get("shap") or {}).items()},
            category_of={str(k): str(v) for k, v in (d.get("category_of") or {}).items()},
            disclosure=Disclosure.from_dict(d.get("disclosure") or {}),
            reasons=tuple(str(r) for r in d.get("reasons") or ()),
            model_version=str(d.get("model_version") or "unknown"),
            catalog_version=str(d.get("catalog_version") or "unknown"),
            decision=None if not d.get("decision") else Decision.from_dict(d["decision"]),
            held_back=tuple(str(r) for r in d.get("held_back") or ()),
        )

    @classmethod
    def from_row(cls, row: Any) -> AuditRecord:
        """From an `audit_log` row (its `payload` column is the hashed JSON)."""
        return cls.from_payload(json.loads(row.payload))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form the audit log hashes (keys as in the stored payload)."""
        out = {
            "id": self.id,
            "time": self.time,
            "pseudonym": self.pseudonym,
            "product_id": self.product_id,
            "product_title": self.product_title,
            "product": dict(self.product),
            "rank": self.rank,
            "score": self.score,
            "base_value": self.base_value,
            "shap": dict(self.shap),
            "category_of": dict(self.category_of),
            "disclosure": self.disclosure.to_dict(),
            "reasons": list(self.reasons),
            "model_version": self.model_version,
            "catalog_version": self.catalog_version,
        }
        if self.decision is not None:  # records before issue 20 have no decision
            out["decision"] = self.decision.to_dict()
        if self.held_back:
            out["held_back"] = list(self.held_back)
        return out


__all__ = ["AuditRecord"]
