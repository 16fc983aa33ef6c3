"""Study keys: the one secret behind every pseudonym and date shift, checked before any use.

Pseudonyms and date shifts are derived from the key and never stored, so whoever holds the
key can undo them and nobody else can. The key therefore has to be too strong to be found by
trying, and kept where nobody else can read or swap it:

- **Keys** are at least 32 random bytes: a key file holds exactly 64 or more hex digits
  (``secrets.token_hex(32)``), is a regular file (not a symbolic link) and is readable by
  its owner only. New key files are created 0600, and folders created for them 0700,
  whatever the umask. Anything else is refused with a message that says how to make a key.
- Key material never appears in a message.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from pathlib import Path

from ..errors import ReflectkitError
from ..io.private import FOLDER_MODE, NOFOLLOW, new_file

KEY_BYTES = 32
#: A key of 32 random bytes has about 30 different byte values; fewer than this means the
#: key was typed or patterned, not drawn at random (the chance for a random key is < 1e-15).
MIN_DISTINCT_KEY_BYTES = 16
MAX_KEY_FILE_BYTES = 4096
KEY_HOWTO = (
    'make one with `python -c "import secrets; print(secrets.token_hex(32))" > study.key; '
    "chmod 600 study.key`, or let `reflectkit anonymise` create it by giving --key-file a "
    "file that does not exist yet (a new key gives new pseudonyms and date shifts)"
)
_HEX = re.compile(r"[0-9a-fA-F]+")


class StudyKeyError(ReflectkitError, ValueError):
    """A study key (or its file) is too weak, malformed, or not private."""


def read_key(path: str | Path) -> bytes:
    """The secret key in an existing key file, after checking that the file is safe.

    Parameters
    ----------
    path
        A regular file, readable and writable by its owner only (mode 0600 or 0400),
        holding 64 or more hex digits (32 or more bytes) and nothing else.

    Returns
    -------
    bytes
        The key.

    Raises
    ------
    StudyKeyError
        The file is a symbolic link, is not a regular file, can be read or changed by other
        users, or does not hold a strong hex key. The message says what to do.
    FileNotFoundError
        There is no such file.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        if err.errno in (errno.ELOOP, errno.EMLINK) or path.is_symlink():
            raise StudyKeyError(
                f"{path} is a symbolic link; key files are opened only directly, so that "
                "nobody can swap the key. Point the key file option at the file itself."
            ) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StudyKeyError(f"{path} is not a regular file: {KEY_HOWTO}.")
        if os.name == "posix" and info.st_mode & 0o077:
            raise StudyKeyError(
                f"{path} can be read or changed by other users (mode "
                f"{stat.S_IMODE(info.st_mode):04o}): run `chmod 600 {path}`, and make a new "
                "key if someone else may have read it."
            )
        data = os.read(fd, MAX_KEY_FILE_BYTES + 1)
    finally:
        os.close(fd)
    return _key_from_text(data, source=str(path))


def read_or_create_key(path: str | Path) -> bytes:
    """The secret key in ``path``, creating a new random one when there is no file.

    A new key is 32 bytes from :func:`secrets.token_hex`, written to a file created with
    mode 0600 (never following a symbolic link, never replacing a file); folders created
    on the way get mode 0700, whatever the umask. Folders that already exist are left as
    they are.

    Parameters
    ----------
    path
        Where the key is kept, apart from the data it protects.

    Returns
    -------
    bytes
        The key, checked as :func:`read_key` checks it.
    """
    path = Path(path)
    if not os.path.lexists(path):
        _make_private_folders(path.parent)
        try:
            fd = new_file(path)  # mode 0600 whatever the umask; refuses links and files
        except FileExistsError:
            pass  # made meanwhile by someone else: read_key checks it
        else:
            try:
                os.write(fd, (secrets.token_hex(KEY_BYTES) + "\n").encode())
                os.fsync(fd)
            except BaseException:
                os.close(fd)
                path.unlink()  # ours, and not a whole key: the next run makes a new one
                raise
            os.close(fd)
    return read_key(path)


def checked_key(key: object) -> bytes:
    """``key`` as bytes, after checking that it is bytes, long enough and random-looking."""
    if isinstance(key, str):
        raise StudyKeyError(
            "the key must be bytes, not text: pass key=read_key('study.key') (or "
            f"bytes.fromhex(...) of the key file's digits); to get a key, {KEY_HOWTO}."
        )
    if not isinstance(key, bytes | bytearray):
        raise StudyKeyError(f"the key must be bytes, got {type(key).__name__}: {KEY_HOWTO}.")
    if len(key) < KEY_BYTES:
        raise StudyKeyError(
            f"the key has {len(key)} bytes; at least {KEY_BYTES} random bytes are needed, "
            f"since a short key can be found by trying every one: {KEY_HOWTO}."
        )
    if len(set(key)) < MIN_DISTINCT_KEY_BYTES:
        raise StudyKeyError(
            f"the key uses only {len(set(key))} different byte values; a random key of "
            f"{KEY_BYTES} bytes uses about 30, so this one was typed or patterned, not drawn "
            f"at random: {KEY_HOWTO}."
        )
    return bytes(key)


def _key_from_text(data: bytes, *, source: str) -> bytes:
    if len(data) > MAX_KEY_FILE_BYTES:
        raise StudyKeyError(f"{source} is too large to be a key file: {KEY_HOWTO}.")
    try:
        text = data.decode("ascii").strip()
    except UnicodeDecodeError:
        text = ""
    if not _HEX.fullmatch(text):
        what = (
            "no hex digits"
            if not text
            else "0x before its digits"
            if text.lower().startswith("0x")
            else "characters other than hex digits"
        )
        raise StudyKeyError(
            f"{source} holds {what}; a key file holds hex digits only (0-9, a-f), at least "
            f"{2 * KEY_BYTES} of them: {KEY_HOWTO}."
        )
    if len(text) < 2 * KEY_BYTES:
        raise StudyKeyError(
            f"{source} holds {len(text)} hex digits; at least {2 * KEY_BYTES} ({KEY_BYTES} "
            f"bytes) are needed, since a short key can be found by trying every one: "
            f"{KEY_HOWTO}."
        )
    if len(text) % 2:
        raise StudyKeyError(
            f"{source} holds an odd number of hex digits ({len(text)}), so part of the key is "
            f"missing: {KEY_HOWTO}."
        )
    try:
        return checked_key(bytes.fromhex(text))
    except StudyKeyError as err:
        raise StudyKeyError(f"{source}: {err}") from None


def _make_private_folders(folder: Path) -> None:
    """Create the missing folders of ``folder`` with mode 0700; leave existing ones be.

    Not :func:`reflectkit.io.private.ensure_private_folder`: that one refuses an existing
    folder others can write to (with a message about REFLECTKIT_HOME), while a key may be
    kept in any folder of the researcher's choosing; the key file itself is checked.
    """
    missing = []
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, FOLDER_MODE)  # never wider than 0700, whatever the umask
        except FileExistsError:
            continue  # made meanwhile by someone else: not ours to change
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | NOFOLLOW)
        try:
            if os.name == "posix":
                os.fchmod(fd, FOLDER_MODE)  # exactly 0700: a umask like 0o277 narrows even ours
        finally:
            os.close(fd)
