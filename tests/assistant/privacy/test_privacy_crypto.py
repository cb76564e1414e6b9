"""Key file (0600, reused, refused when readable by others), settings.key, pseudonyms."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from assistant.privacy import FieldCipher, Store, load_or_create_key
from models.errors import StoreError
from models.settings import Settings


def test_key_file_is_created_owner_only_and_reused(tmp_path: Path) -> None:
    old_umask = os.umask(0o000)  # even a permissive umask must not widen the key file
    try:
        key = load_or_create_key(Settings(home=tmp_path / "home"))
    finally:
        os.umask(old_umask)
    path = tmp_path / "home" / "clearcart.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) == 32
    assert load_or_create_key(Settings(home=tmp_path / "home")) == key


def test_data_written_with_the_key_file_reads_back_after_reopen(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    with Store.open(settings) as s:
        s.mark_not_interested("alice", "p1")
    with Store.open(settings) as s:
        assert s.not_interested("alice") == {"p1"}


def test_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    load_or_create_key(Settings(home=tmp_path))
    (tmp_path / "clearcart.key").chmod(0o644)
    with pytest.raises(StoreError) as err:
        load_or_create_key(Settings(home=tmp_path))
    assert "chmod 600" in (err.value.fix or "")


def test_settings_key_is_used_and_no_file_is_written(tmp_path: Path) -> None:
    raw = Fernet.generate_key().decode()
    key = load_or_create_key(Settings(home=tmp_path, key=raw))
    assert key == __import__("base64").urlsafe_b64decode(raw)
    assert not (tmp_path / "clearcart.key").exists()


@pytest.mark.parametrize("bad", ["short", "!!!not base64!!!", "a" * 44])
def test_malformed_key_is_a_store_error(tmp_path: Path, bad: str) -> None:
    with pytest.raises(StoreError) as err:
        load_or_create_key(Settings(home=tmp_path, key=bad))
    assert "generate_key" in (err.value.fix or "")


def test_wrong_key_cannot_read_personal_fields(tmp_path: Path) -> None:
    with Store.open(Settings(home=tmp_path, key=Fernet.generate_key().decode())) as s:
        s.mark_not_interested("alice", "p1")
    with Store.open(Settings(home=tmp_path, key=Fernet.generate_key().decode())) as s:
        # Another key also derives another shopper_key: the rows are not even found...
        assert s.not_interested("alice") == set()
        # ...and ciphertext from the first key does not decrypt.
        token = FieldCipher(os.urandom(32)).encrypt("p1")
        with pytest.raises(StoreError):
            s.cipher.decrypt(token)


def test_pseudonyms_are_keyed_stable_and_distinct() -> None:
    a, b = FieldCipher(b"\x01" * 32), FieldCipher(b"\x02" * 32)
    assert a.shopper_key("alice") == a.shopper_key("alice")
    assert a.shopper_key("alice") != a.shopper_key("bob")
    assert a.shopper_key("alice") != b.shopper_key("alice")
    assert "alice" not in a.log_tag("alice") and a.log_tag("alice") != a.log_tag("bob")
    assert a.decrypt(a.encrypt({"x": 1.5})) == {"x": 1.5}
