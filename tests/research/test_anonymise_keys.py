"""Keys: at least 32 random bytes, in private files, refused otherwise with a way forward."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

import pytest
from anon_data import KEY, cohort
from hypothesis import given, settings
from hypothesis import strategies as st

from reflectkit.errors import ReflectkitError
from reflectkit.research import StudyKeyError, anonymise, read_key, read_or_create_key
from reflectkit.research.anonymise import date_shift_days, pseudonym

HOWTO = 'python -c "import secrets; print(secrets.token_hex(32))" > study.key; chmod 600 study.key'


def key_file(folder: Path, text: str, mode: int = 0o600) -> Path:
    path = folder / "study.key"
    path.write_text(text)
    path.chmod(mode)
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("00\n", r"holds 2 hex digits; at least 64 \(32 bytes\)"),  # 256 tries found everyone
        ("0x" + "ab" * 32, r"holds 0x before its digits"),
        ("correct horse battery staple, our study's secret\n", r"holds characters other than hex"),
        ("", r"holds no hex digits"),
        ("abc" * 23, r"holds an odd number of hex digits \(69\)"),
        ("00" * 32, r"uses only 1 different byte values"),
        ("deadbeef" * 8, r"uses only 4 different byte values"),
    ],
)
def test_weak_or_malformed_key_files_are_refused(tmp_path, text, message):
    path = key_file(tmp_path, text)
    with pytest.raises(StudyKeyError, match=message) as caught:
        read_key(path)
    assert isinstance(caught.value, ReflectkitError) and HOWTO in str(caught.value)
    assert "reflectkit anonymise" in str(caught.value)  # ... or let the command make one
    assert "deadbeef" not in str(caught.value)  # key material never appears in a message
    with pytest.raises(StudyKeyError):
        read_or_create_key(path)  # an existing weak file is never replaced silently
    assert path.read_text() == text


@pytest.mark.parametrize("text", [secrets.token_hex(32), secrets.token_hex(48).upper() + "\n"])
def test_strong_key_files_are_read(tmp_path, text):
    assert read_key(key_file(tmp_path, text)) == bytes.fromhex(text.strip())


@pytest.mark.parametrize("loose", [0o644, 0o640, 0o604, 0o660, 0o602])
def test_a_key_file_others_can_read_or_change_is_refused(tmp_path, loose):
    path = key_file(tmp_path, secrets.token_hex(32), mode=loose)
    with pytest.raises(StudyKeyError, match=rf"\(mode {loose:04o}\): run `chmod 600 {path}`"):
        read_key(path)


def test_a_read_only_key_file_is_fine(tmp_path):
    text = secrets.token_hex(32)
    assert read_key(key_file(tmp_path, text, mode=0o400)) == bytes.fromhex(text)


def test_a_symlinked_key_file_is_refused(tmp_path):
    real = key_file(tmp_path, secrets.token_hex(32))
    link = tmp_path / "link.key"
    link.symlink_to(real)
    with pytest.raises(StudyKeyError, match="is a symbolic link"):
        read_key(link)
    with pytest.raises(StudyKeyError, match="is a symbolic link"):
        read_or_create_key(link)


def test_a_dangling_symlink_is_not_followed_to_create_a_key(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "study.key"
    link.symlink_to(elsewhere / "planted.key")
    with pytest.raises(StudyKeyError, match="is a symbolic link"):
        read_or_create_key(link)
    assert not (elsewhere / "planted.key").exists()


def test_a_folder_is_not_a_key_file(tmp_path):
    (tmp_path / "study.key").mkdir(mode=0o700)
    with pytest.raises(StudyKeyError, match="is not a regular file"):
        read_key(tmp_path / "study.key")


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077, 0o277])
def test_new_key_files_and_folders_are_private_whatever_the_umask(tmp_path, umask):
    path = tmp_path / "keys" / "deeper" / "study.key"
    old = os.umask(umask)
    try:
        key = read_or_create_key(path)
    finally:
        os.umask(old)
    assert len(key) == 32
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
    assert path.read_text().strip() == key.hex()


def test_existing_folders_are_left_as_they_are(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    read_or_create_key(shared / "study.key")
    assert mode(shared) == 0o755 and mode(shared / "study.key") == 0o600


@given(key=st.binary(max_size=64))
@settings(max_examples=200, deadline=None)
def test_bytes_keys_need_32_bytes_of_varied_values(key):
    weak = len(key) < 32 or len(set(key)) < 16
    for use in (
        lambda: pseudonym("P001", key=key),
        lambda: date_shift_days("P001", key=key),
    ):
        if weak:
            with pytest.raises(StudyKeyError, match="secrets.token_hex"):
                use()
        else:
            use()


def test_anonymise_refuses_short_and_text_keys():
    frame = cohort(2, days=1)
    with pytest.raises(StudyKeyError, match="the key has 19 bytes; at least 32"):
        anonymise(frame, key=b"another key of ours")
    with pytest.raises(StudyKeyError, match="must be bytes, not text"):
        anonymise(frame, key=KEY.hex())  # type: ignore[arg-type]
    with pytest.raises(StudyKeyError, match="the key has 0 bytes"):
        anonymise(frame, key=b"")
