"""The one error hierarchy of ClearCart.

Every error says what went wrong *and how to fix it*. `assistant` and
`explain` re-export these; `models` sits at the bottom of the dependency
graph, so the hierarchy lives here.
"""

from __future__ import annotations


class ClearCartError(Exception):
    """Base error. The message always ends with how to fix the problem."""

    def __init__(self, problem: str, fix: str | None = None) -> None:
        self.problem = problem
        self.fix = fix
        super().__init__(problem if not fix else f"{problem}\n  How to fix: {fix}")


class ModelPackageError(ClearCartError):
    """A model-weights package is missing, incomplete or corrupted."""


class ModelLoadError(ClearCartError):
    """Weights were found but could not be loaded or converted."""


class BackendError(ClearCartError):
    """An LM backend (local or HTTP server) failed to answer."""


class ServerBusy(BackendError):
    """Too many requests are waiting for the model: try again in a moment."""


class CatalogError(ClearCartError):
    """A catalog file is unreadable or has a malformed row."""


class ArtifactError(ClearCartError):
    """A trained ranker artifact is missing, stale or does not match its hash."""


class InputError(ClearCartError):
    """Bad input from a caller: unknown id, category, oversized message..."""


class ConsentError(InputError):
    """Unknown data category or a consent operation that is not allowed."""


class AccessDenied(ClearCartError):
    """The caller has no valid shopper session, console login or role for this action."""


class RateLimited(ClearCartError):
    """Too many requests from one session or address: wait a moment."""


class StoreError(ClearCartError):
    """The profile/audit store failed (database unreachable, schema too new...)."""


class AuditIntegrityError(StoreError):
    """The hash-chained audit log does not verify."""


__all__ = [
    "AccessDenied",
    "ArtifactError",
    "AuditIntegrityError",
    "BackendError",
    "CatalogError",
    "ClearCartError",
    "ConsentError",
    "InputError",
    "ModelLoadError",
    "ModelPackageError",
    "RateLimited",
    "ServerBusy",
    "StoreError",
]
