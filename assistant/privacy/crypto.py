"""Field encryption (Fernet) and keyed pseudonyms, from one key.

The key comes from `settings.key` (CLEARCART_KEY) or, when that is unset, from
the key file `settings.home / "clearcart.key"`, created on first use with
permissions 0600. Two secrets are derived from it:

- the Fernet key that encrypts personal fields at rest (product ids, prices,
  chat text, suggestion records);
- an HMAC secret that turns a shopper id into the opaque `shopper_key` every
  personal row is stored under, and into the tag used in log lines;
- per-purpose secrets (`derive`): the key that signs shopper session tokens and
  console logins (assistant/identity.py).

Losing the key makes the personal fields unreadable (by design: they are
personal data); the audit log stays verifiable without it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import stat
import time
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from models.errors import StoreError
from models.settings import Settings

KEY_FILE_NAME = "clearcart.key"
KEY_FILE_MODE = 0o600  # owner read/write only


def _check_key(raw: str, where: str) -> bytes:
    """The 32 key bytes of a urlsafe-base64 key, or a StoreError naming where it came from."""
    try:
        key = base64.urlsafe_b64decode(raw.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        key = b""
    if len(key) != 32:
        raise StoreError(
            f"the encryption key in {where} is not 32 bytes of urlsafe base64",
            fix="generate one with `python -c \"from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())\"` (keep a backup: data encrypted "
            "with a lost key cannot be read)",
        )
    return key


def load_or_create_key(settings: Settings) -> bytes:
    """The 32-byte master key: `settings.key`, or the key file (created 0600 if missing)."""
    if settings.key:
        return _check_key(settings.key, "CLEARCART_KEY")
    path = Path(settings.home) / KEY_FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEY_FILE_MODE)
    except FileExistsError:
        return _read_key_file(path)
    with os.fdopen(fd, "w") as f:  # O_EXCL: exactly one process creates it
        f.write(Fernet.generate_key().decode("ascii") + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.chmod(path, KEY_FILE_MODE)  # in case a umask narrowed nothing but the mode differs
    return _read_key_file(path)


def _read_key_file(path: Path) -> bytes:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise StoreError(
            f"the key file {path} can be read by other users (mode {mode:o})",
            fix=f"run `chmod 600 {path}`",
        )
    text = path.read_text(encoding="ascii", errors="replace")
    for _ in range(50):  # another process may have created it and be writing it now
        if text.strip():
            break
        time.sleep(0.02)
        text = path.read_text(encoding="ascii", errors="replace")
    if not text.strip():
        # Another process created the file and has not written it yet, or a crash left it empty.
        raise StoreError(
            f"the key file {path} is empty",
            fix="if the store holds no data yet, delete the file and start again; "
            "otherwise restore the key from your backup",
        )
    return _check_key(text, str(path))


class FieldCipher:
    """Encrypts personal fields and derives keyed, one-way tags from the master key."""

    def __init__(self, master_key: bytes) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(master_key))
        # Separate secret for tags, so a leaked tag says nothing about the Fernet key.
        self._mac = hmac.new(master_key, b"clearcart/pseudonym/v1", hashlib.sha256).digest()
        self._master = master_key

    @classmethod
    def from_settings(cls, settings: Settings) -> FieldCipher:
        return cls(load_or_create_key(settings))

    def encrypt(self, value: Any) -> str:
        """Encrypt any JSON-serialisable value (str, float, dict ...)."""
        data = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        return self._fernet.encrypt(data).decode("ascii")

    def decrypt(self, token: str) -> Any:
        try:
            data = self._fernet.decrypt(token.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError) as e:
            raise StoreError(
                "a personal field cannot be decrypted with this key",
                fix="use the key the store was created with (CLEARCART_KEY or "
                "clearcart.key under CLEARCART_HOME)",
            ) from e
        return json.loads(data.decode("utf-8"))

    def tag(self, *parts: str) -> str:
        """Keyed one-way tag (HMAC-SHA256, hex) of the parts; equal inputs give equal tags."""
        msg = "\x1f".join(parts).encode("utf-8")
        return hmac.new(self._mac, msg, hashlib.sha256).hexdigest()

    def derive(self, purpose: str) -> bytes:
        """A 32-byte secret for one purpose (session signing, ...), derived from the master key
        with HMAC-SHA256 so that no two purposes share a key and none reveals the master."""
        return hmac.new(self._master, f"clearcart/{purpose}".encode(), hashlib.sha256).digest()

    def shopper_key(self, shopper_id: str) -> str:
        """What personal rows are stored under instead of the shopper id."""
        return self.tag("shopper", shopper_id)

    def log_tag(self, shopper_id: str) -> str:
        """A short pseudonym for log lines."""
        return "s-" + self.tag("log", shopper_id)[:12]


__all__ = ["KEY_FILE_MODE", "KEY_FILE_NAME", "FieldCipher", "load_or_create_key"]
