"""Files and folders that only their owner can use, opened without following links.

Every file reflectkit reads as personal data or writes goes through here:

- a folder that another user could write to is refused (they could plant or swap files);
- a file that is a symbolic link is refused (``O_NOFOLLOW``), so nothing is read or written
  through a link someone else placed;
- permissions are set only on files and folders reflectkit creates itself;
- outputs are written to a temporary file beside the target and renamed over it, so a reader
  never sees half a file, and an existing file is only replaced when asked to.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import StoreError

FILE_MODE = 0o600
FOLDER_MODE = 0o700
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class OutputError(StoreError):
    """An output file was refused (it is an input, a link, or exists) or could not be written."""


def check_private_folder(folder: Path) -> None:
    """Refuse a folder that is not a folder, belongs to someone else, or others can write to."""
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{folder} is not a folder: point REFLECTKIT_HOME at a folder.")
    if info.st_uid != os.geteuid():
        raise StoreError(
            f"{folder} belongs to another user, so reflectkit will not keep your data there. "
            "Choose a folder of your own with REFLECTKIT_HOME."
        )
    others = info.st_mode & stat.S_IWOTH or (
        info.st_mode & stat.S_IWGRP and not _group_is_only(info.st_gid, info.st_uid)
    )
    if others:
        raise StoreError(
            f"{folder} can be changed by other users (permissions "
            f"{stat.filemode(info.st_mode)}), so reflectkit will not keep your data there. "
            f"Make it private with `chmod 700 {folder}`, or choose another folder with "
            "REFLECTKIT_HOME."
        )


def _group_is_only(gid: int, uid: int) -> bool:
    """Whether the group holds no one but this user (a "user private group", as many Linux
    systems give every user, so a group-writable folder is still only theirs)."""
    try:
        import grp
        import pwd

        group = grp.getgrgid(gid)
        owner = pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return False
    if any(member != owner for member in group.gr_mem):
        return False
    return all(user.pw_gid != gid or user.pw_uid == uid for user in pwd.getpwall())


def ensure_private_folder(folder: Path) -> None:
    """Create ``folder`` (mode 0700) when missing; otherwise check that it is private."""
    if folder.exists():
        check_private_folder(folder)
        return
    _make_folders(folder)


def open_file(path: Path, flags: int, *, create: bool = False) -> tuple[int, bool]:
    """Open ``path`` without following a link; return ``(fd, created)``.

    With ``create``, a missing file is created with mode 0600 (and only then chmod'ed).
    """
    # non-blocking: a FIFO put in place of the file must not hang the open (regular files
    # ignore the flag); anything but a regular file is refused right after
    base = flags | NOFOLLOW | CLOEXEC | getattr(os, "O_NONBLOCK", 0)
    created = False
    try:
        if create:
            try:
                fd = os.open(path, base | os.O_CREAT | os.O_EXCL, FILE_MODE)
                created = True
            except FileExistsError:
                fd = os.open(path, base)
        else:
            fd = os.open(path, base)
    except OSError as err:
        raise explain_os_error(err, path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(f"{path} is not a regular file: give the path of a .csv file.")
        if created:
            os.fchmod(fd, FILE_MODE)
    except BaseException:
        os.close(fd)
        raise
    return fd, created


def new_file(path: Path) -> int:
    """Create ``path`` (mode 0600) for writing; refuse when anything already has that name."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC, FILE_MODE)
    except OSError as err:
        if isinstance(err, FileExistsError):
            raise
        raise explain_os_error(err, path) from None
    try:
        os.fchmod(fd, FILE_MODE)
    except OSError as err:  # e.g. a network drive: leave no half-made file behind
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise explain_os_error(err, path) from None
    return fd


def read_file(path: Path) -> bytes:
    """The bytes of ``path``, refusing a link (``FileNotFoundError`` when it is missing)."""
    fd, _ = open_file(path, os.O_RDONLY)
    with os.fdopen(fd, "rb") as file:
        return file.read()


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_output(target: Path, *, protected: Iterable[Path] = (), force: bool = False) -> None:
    """Refuse an output that is a link, a folder, one of ``protected`` or (unless forced) exists."""
    if str(target).endswith(("/", os.sep)):
        raise OutputError(f"{target} names a folder: give a file name for the output.")
    target = Path(target)
    for other in protected:
        if same_file(target, Path(other)):
            raise OutputError(
                f"{target} is also an input of this command (or your check-in store); "
                "writing there would destroy it. Choose another name for the output."
            )
        if inside(target, Path(other)):
            raise OutputError(
                f"{target} is inside {other}, an input folder of this command; the next run "
                "would read it as input. Choose a place outside that folder."
            )
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(
            f"{target} is a symbolic link; reflectkit does not write through links. "
            "Choose another name for the output."
        )
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{target} is a folder: give a file name for the output.")
    if not force:
        raise OutputError(
            f"{target} already exists, so nothing was written. Add --force to replace it, "
            "or choose another name."
        )


@contextlib.contextmanager
def output_file(
    target: Path, *, protected: Iterable[Path] = (), force: bool = False, private: bool = True
) -> Iterator[Path]:
    """A temporary path to write an output to; it replaces ``target`` when the block succeeds.

    The temporary file lives in a private folder (0700) made next to ``target``, so no one
    else can swap it for a link while it is written by name; it is fsync'd and renamed into
    place, so ``target`` is either the old file or the whole new one. It is 0600 for
    ``private`` outputs, else the umask's usual mode. Without ``force`` an existing
    ``target`` is never replaced, even one created while the output was being written.
    Folders made for the output are private (0700).
    """
    target = Path(target)
    protected = list(protected)
    check_output(target, protected=protected, force=force)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        _make_folders(folder)
        workspace = Path(tempfile.mkdtemp(dir=folder, prefix=f".{target.name}.", suffix=".partial"))
    except OSError as err:
        raise explain_os_error(err, target) from None
    temporary = workspace / target.name
    try:
        fd = new_file(temporary)
        os.close(fd)
        if not private:
            os.chmod(temporary, 0o666 & ~_umask())
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        check_output(target, protected=protected, force=force)
        if force:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)  # fails if the name was taken meanwhile: no clobbering
        fsync_folder(folder)
    except OSError as err:
        if isinstance(err, StoreError):
            raise
        raise explain_os_error(err, target) from None
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


def _make_folders(folder: Path) -> None:
    """Create ``folder`` and missing parents, private (0700) whatever the umask."""
    missing = [p for p in [folder, *folder.parents] if not p.exists()]
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    for created in missing:
        with contextlib.suppress(OSError):
            os.chmod(created, FOLDER_MODE)


def write_output(
    target: Path,
    data: bytes,
    *,
    protected: Iterable[Path] = (),
    force: bool = False,
    private: bool = True,
) -> Path:
    """Write ``data`` to ``target`` through :func:`output_file`; return ``target``."""
    with output_file(target, protected=protected, force=force, private=private) as temporary:
        temporary.write_bytes(data)
    return Path(target)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (a hard link, a link, or one path written two ways)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` would be inside ``folder`` (an input folder of Parquet parts, say)."""
    try:
        real, base = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    except OSError:
        return False
    return base.is_dir() and base in real.parents


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def explain_os_error(err: OSError, path: Path) -> OSError:
    """An OSError as a one-line message that names the file and the next step."""
    code = err.errno
    if code == errno.ENOENT:
        missing = FileNotFoundError(f"{path} does not exist: check the path.")
        missing.errno = code
        return missing
    if code == errno.ELOOP:
        text = (
            f"{path} is a symbolic link; reflectkit does not follow links for your data. "
            "Replace the link with the file itself, or point reflectkit at the real file."
        )
    elif code in (errno.EACCES, errno.EPERM):
        text = f"{path} cannot be opened: permission denied. Check who owns it with `ls -l`."
    elif code == errno.EISDIR:
        text = f"{path} is a folder: give the path of a file."
    elif code in (errno.ENOSPC, errno.EDQUOT):
        text = (
            f"The disk holding {path} is full, so nothing was written. "
            "Free some space and try again."
        )
    elif code == errno.EROFS:
        text = f"{path} is on a read-only disk: choose a folder you can write to."
    else:
        text = f"{path}: {err.strerror or err}."
    error = StoreError(text)
    error.errno = code
    return error
