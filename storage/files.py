"""Files written whole: a reader finds the old content or the new one, never half.

The one helper for it (``aggregator export -o``, WARC too, the daemon's state files,
a crawl's report to its worker): the text goes to a scratch file beside the
target, which is renamed over it once complete.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO, overload

# Scratch names tried before giving up: each is 64 random bits, so a second is
# needed only if a file of that name was left by someone else.
_SCRATCH_ATTEMPTS = 100

_TEXT: dict[str, Any] = {"mode": "w", "encoding": "utf-8", "newline": ""}


@overload
def replacing(
    path: Path, mode: int | None = None, *, binary: Literal[False] = False
) -> contextlib.AbstractContextManager[TextIO]: ...


@overload
def replacing(
    path: Path, mode: int | None = None, *, binary: Literal[True]
) -> contextlib.AbstractContextManager[BinaryIO]: ...


def replacing(
    path: Path, mode: int | None = None, *, binary: bool = False
) -> contextlib.AbstractContextManager[IO[Any]]:
    """A text handle (``binary``: a bytes one) whose content becomes ``path`` only once
    the block ends without error.

    A write that fails or is interrupted (an exception, Ctrl-C, SIGTERM turned into
    one) leaves ``path`` as it was and no scratch file. That needs a rename, and a
    rename makes a new file: it is done only when ``path`` is a regular file with
    one link that this process may replace as its owner would (or does not exist),
    in a folder this process may write. A symlink is followed: its target is
    replaced and the link kept. Anything else is written in place, as ``open(path,
    "w")`` would: a FIFO or device (``/dev/stdout``) would become a regular file, a
    hard link's other names would keep the old content, and a file in a folder
    that cannot be written could not be replaced at all. The replaced file's
    permission bits are kept, unless ``mode`` is given: the file then gets exactly
    those (``0o600`` for a file holding secrets) whether new or replaced.
    """
    return _replacing(path, mode, binary)


@contextlib.contextmanager
def _replacing(path: Path, mode: int | None, binary: bool) -> Iterator[IO[Any]]:
    # Text as UTF-8 with the newlines as written; bytes as they are.
    how: dict[str, Any] = {"mode": "wb"} if binary else _TEXT
    try:
        # What ``path`` is, followed as open() follows it: /dev/stdout's chain ends in
        # /proc/self/fd/1, a link the kernel resolves to a pipe no path names.
        existing: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        existing = None
    target = Path(os.path.realpath(path))
    if not _replaceable(target, existing):
        with open(path, **how) as handle:
            yield handle
        return
    scratch: Path | None = None
    try:
        for _ in range(_SCRATCH_ATTEMPTS):
            # Named before it is made: a Ctrl-C between the file's creation and the
            # next line still finds the name to remove (a test signals as soon as the
            # file shows).
            scratch = target.with_name(f".{target.name}.{secrets.token_hex(8)}.part")
            try:
                fd = _open_scratch(scratch, existing, mode)
            except FileExistsError:
                scratch = None  # someone else's file: never removed
                continue
            break
        else:
            raise FileExistsError(f"no free scratch name beside {target}")
        with os.fdopen(fd, **how) as handle:
            yield handle
            handle.flush()
            # Without it an OS crash can keep the rename but lose the data (the file
            # system may write the folder before the file's blocks): an empty file
            # where the old one was, the very loss the scratch file is there to avoid.
            os.fsync(handle.fileno())
        os.replace(scratch, target)
    except BaseException:
        if scratch is not None:
            scratch.unlink(missing_ok=True)  # made by this process, exclusively, above
        raise


def write_atomically(path: Path, text: str, mode: int | None = None) -> None:
    """Write ``text`` to ``path`` whole (see :func:`replacing`)."""
    with replacing(path, mode) as handle:
        handle.write(text)


def private_folder(folder: Path) -> Path:
    """``folder``, made if missing, readable by its owner only (0700): for files that hold
    secrets. Raises PermissionError for a folder of another user's, or a symbolic link:
    who owns it could place links in it that a write here would follow."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    found = folder.lstat()
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.geteuid():
        raise PermissionError(
            errno.EPERM,
            f"{folder} is not a folder of this user's (uid {os.geteuid()}): refused",
        )
    folder.chmod(0o700)  # one made before, 0755 under the usual umask
    return folder


def _replaceable(target: Path, existing: os.stat_result | None) -> bool:
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        return False
    if not os.access(target.parent, os.W_OK | os.X_OK):
        return False
    if existing is None:
        return True
    try:
        named = target.stat()  # the file the rename would replace is the one open() finds
    except OSError:
        return False
    return (
        os.path.samestat(named, existing)
        and existing.st_nlink == 1
        # A new file is owned by whoever makes it: root may give it the old owner back,
        # anyone else only a group of their own.
        and (
            os.geteuid() == 0
            or (
                existing.st_uid == os.geteuid()
                and existing.st_gid in (os.getegid(), *os.getgroups())
            )
        )
    )


def _open_scratch(scratch: Path, existing: os.stat_result | None, wanted: int | None) -> int:
    """Make ``scratch`` beside the target (the same file system, so the rename is
    atomic), exclusively: a stale file is never reused. Its name is random, so no one
    can guess it."""
    # A new file gets the mode open() would give it (0666 less the umask); a replaced
    # one its old mode, group and (as root) owner; either ``wanted`` when given.
    mode = wanted if wanted is not None else stat.S_IMODE(existing.st_mode) if existing else 0o666
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
    try:
        if existing is not None or wanted is not None:
            os.fchmod(fd, mode)  # the umask applied to os.open's mode
        if existing is not None:
            owner = existing.st_uid if os.geteuid() == 0 else -1
            os.fchown(fd, owner, existing.st_gid)
    except BaseException:
        os.close(fd)
        raise
    return fd
