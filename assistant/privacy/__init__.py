"""Privacy, consent and security: the shopper controls the data, and nothing leaks.

`Store.open(settings)` is the one entry point; `ConsentManager(store, id)` holds a
shopper's consent. See each module's docstring for the design decisions
(withdrawal deletes, erase unlinks the audit pseudonym, what is encrypted).
"""

from __future__ import annotations

from assistant.privacy.audit import AuditReport, canonical, chain_hash
from assistant.privacy.base import StoreConfig
from assistant.privacy.consent import PROFILING, ConsentManager
from assistant.privacy.crypto import FieldCipher, load_or_create_key
from assistant.privacy.records import AuditRecord
from assistant.privacy.redact import Redaction, redact, redact_text
from assistant.privacy.retention import RETENTION_DAYS, retention_text
from assistant.privacy.schema import SCHEMA_VERSION
from assistant.privacy.store import Store

__all__ = [
    "PROFILING",
    "RETENTION_DAYS",
    "SCHEMA_VERSION",
    "AuditRecord",
    "AuditReport",
    "ConsentManager",
    "FieldCipher",
    "Redaction",
    "Store",
    "StoreConfig",
    "canonical",
    "chain_hash",
    "load_or_create_key",
    "redact",
    "redact_text",
    "retention_text",
]
