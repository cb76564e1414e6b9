"""Marketer console logins: user names, argon2id password hashes and roles.

Roles: `marketer` reads (audit log, explanations, model parameters, bias audit);
`admin` also changes things (sponsorships, erasure on a shopper's behalf).
Passwords are hashed with argon2-cffi's `PasswordHasher` (argon2id, its maintained
defaults) and never stored or logged. `changed_at` moves on every password or role
change, so a login issued before it stops working at once (ui/gate.py checks it).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, insert, select, update

from assistant.privacy import schema as t
from assistant.privacy.base import StoreBase, log
from models.errors import InputError

ROLES = ("marketer", "admin")
MIN_PASSWORD_CHARS = 12  # a console password shorter than this is refused
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
_HASHER = PasswordHasher()
# Verified against when the user name is unknown, so both cases take the same time.
_DUMMY_HASH = _HASHER.hash("clearcart-no-such-user-dummy-password")


@dataclass(frozen=True)
class ConsoleUser:
    username: str
    role: str  # one of ROLES
    changed_at: float  # logins issued before this are void


def check_role(role: object) -> str:
    if role not in ROLES:
        raise InputError(f"unknown console role {role!r}", fix=f"use one of {', '.join(ROLES)}")
    return str(role)


def check_username(name: object) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise InputError(f"bad console user name {name!r}",
                         fix="use 1-64 letters, digits, '.', '_', '@' or '-', starting with a "
                         "letter or digit")
    return name


def check_password(password: object) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_CHARS:
        raise InputError(f"the password must be at least {MIN_PASSWORD_CHARS} characters",
                         fix="choose a longer password (a passphrase of a few words is good)")
    return password


class UsersMixin(StoreBase):
    """add_console_user, verify_console_user, console_user, remove_console_user."""

    def add_console_user(self, username: str, password: str, role: str,
                         replace: bool = False) -> ConsoleUser:
        """Create a console user (or, with `replace`, set a new password and role)."""
        name, pw, r = check_username(username), check_password(password), check_role(role)
        digest = _HASHER.hash(pw)
        now = time.time()
        with self._write() as conn:
            exists = conn.execute(select(t.console_users.c.username)
                                  .where(t.console_users.c.username == name)).first()
            if exists and not replace:
                raise InputError(f"console user {name!r} already exists",
                                 fix="pick another name, or pass --replace to set a new "
                                 "password and role")
            if exists:
                conn.execute(update(t.console_users).where(t.console_users.c.username == name)
                             .values(password_hash=digest, role=r, changed_at=now))
            else:
                conn.execute(insert(t.console_users).values(
                    username=name, password_hash=digest, role=r, created_at=now, changed_at=now))
        log.info("console user %s %s with role %s", name, "updated" if exists else "added", r)
        return ConsoleUser(name, r, now)

    def verify_console_user(self, username: str, password: str) -> ConsoleUser | None:
        """The user if the password matches; None otherwise (unknown user or wrong password)."""
        user = self.console_user(username) if _NAME.fullmatch(username or "") else None
        stored = _DUMMY_HASH
        if user is not None:
            with self._read() as conn:
                stored = conn.execute(select(t.console_users.c.password_hash)
                                      .where(t.console_users.c.username == user.username)
                                      ).scalar_one()
        try:
            _HASHER.verify(stored, password if isinstance(password, str) else "")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        return user

    def console_user(self, username: str) -> ConsoleUser | None:
        """The user's role and last change; None if there is no such user."""
        with self._read() as conn:
            row = conn.execute(select(t.console_users.c.role, t.console_users.c.changed_at)
                               .where(t.console_users.c.username == username)).first()
        return None if row is None else ConsoleUser(username, str(row.role), float(row.changed_at))

    def console_users(self) -> list[ConsoleUser]:
        with self._read() as conn:
            rows = conn.execute(select(t.console_users.c.username, t.console_users.c.role,
                                       t.console_users.c.changed_at)
                                .order_by(t.console_users.c.username)).all()
        return [ConsoleUser(r.username, r.role, float(r.changed_at)) for r in rows]

    def remove_console_user(self, username: str) -> bool:
        with self._write() as conn:
            res = conn.execute(delete(t.console_users)
                               .where(t.console_users.c.username == username))
        return bool(res.rowcount)


__all__ = ["MIN_PASSWORD_CHARS", "ROLES", "ConsoleUser", "UsersMixin", "check_password",
           "check_role", "check_username"]
