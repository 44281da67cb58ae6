"""Locks beside the database: one crawl of a source at a time, one daemon per database.

The daemon never starts a source twice, but an operator's ``aggregator crawl``
may run next to it, or three of them at once: each would fetch the same pages
and store the same articles. Every crawl of a source therefore holds an
exclusive ``flock`` on ``<database>.locks/<source>.lock`` for as long as it
runs.

A daemon holds ``<database>.daemon.lock`` from before it reads a run until it
stops: a second one would mark the first one's running crawls crashed (killing
them as orphans) and schedule every source a second time. ``aggregator
status`` asks the same lock whether a daemon runs.

Every cluster writer of the database, writing or standing by for its Redis
lease, holds a shared lock on ``<database>.writer.lock``; a daemon without
``cluster:`` (which would write the database itself) is refused while it is held.

The kernel releases a lock when its process ends however it ends (``kill -9``
included), so a lock is never stale; the holder's pid is written into the file
only to name it in a refusal. The descriptors are not inherited (Python opens
files close-on-exec), so a crawl child outliving its daemon holds nothing; the
shards of ``crawl --processes`` are given their parent's on purpose, so that the
source stays locked until the last of them has ended.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from pathlib import Path
from typing import IO

from storage.db import DatabaseError

try:
    import fcntl
except ImportError:  # not POSIX (Windows): refuse to run unguarded rather than skip the lock
    fcntl = None  # type: ignore[assignment]

#: ``status`` takes a role's lock shared for an instant to see whether it is held; a
#: process taking it meanwhile waits that instant out, this many times at most.
PROBE_WAITS = 200
PROBE_WAIT_SECONDS = 0.005


class LockHeld(DatabaseError):
    """Another process holds the lock; the message names it and the database."""


class HeldLock:
    """A lock this process holds; :meth:`release` (or process exit) lets it go."""

    def __init__(self, path: Path, handle: IO[str]) -> None:
        self.path = path
        self._handle = handle

    def fileno(self) -> int:
        """The lock's descriptor: a child given it (``pass_fds``) holds the lock until it
        ends too (``crawl --processes``)."""
        return self._handle.fileno()

    def release(self) -> None:
        if not self._handle.closed:
            self._handle.close()  # closing the descriptor releases the flock


def lock_path(db_path: Path, source: str) -> Path:
    """The crawl lock of ``source``: ``<database>.locks/<source>.lock``."""
    return db_path.parent / f"{db_path.name}.locks" / f"{source}.lock"


def daemon_lock_path(db_path: Path) -> Path:
    """The daemon's lock: ``<database>.daemon.lock``."""
    return db_path.parent / f"{db_path.name}.daemon.lock"


def try_lock(db_path: Path, source: str) -> HeldLock | int:
    """Take the source's crawl lock: the held lock, or the holder's pid (0 if unknown) when busy.

    Raises DatabaseError when the lock file cannot be created (the folder
    beside the database is not writable: nothing could be stored either).
    """
    return _take(lock_path(db_path, source), "crawl lock")


def lock_daemon(db_path: Path) -> HeldLock:
    """Take the daemon's lock of ``db_path``; LockHeld when another daemon holds it."""
    held = _take(daemon_lock_path(db_path), "daemon lock")
    if not isinstance(held, HeldLock):
        pid = f"pid {held}" if held else "pid unknown"
        raise LockHeld(f"a daemon ({pid}) already runs on {db_path}")
    return held


def daemon_holder(db_path: Path) -> int | None:
    """The pid of the daemon holding ``db_path``'s lock (0 if unknown), None when none does.

    Creates nothing: a database never run by a daemon has no lock file.
    """
    held, pid = _probe(daemon_lock_path(db_path), "daemon lock", db_path, fcntl.LOCK_SH)
    return pid if held else None


def writer_lock_path(db_path: Path) -> Path:
    """The cluster writers' mark: ``<database>.writer.lock``."""
    return db_path.parent / f"{db_path.name}.writer.lock"


def mark_writer(db_path: Path) -> HeldLock:
    """Mark ``db_path`` as a cluster writer's, writing or standing by: a shared lock, since
    a cluster's second writer stands by for the first one's Redis lease, on this file."""
    handle = _open_lock(writer_lock_path(db_path), "writer mark")
    fcntl.flock(handle, fcntl.LOCK_SH)  # waits only for a daemon's probe, an instant
    return HeldLock(writer_lock_path(db_path), handle)


def writer_present(db_path: Path) -> bool:
    """Whether a cluster writer, writing or standing by, holds its mark on ``db_path``;
    creates nothing."""
    return _probe(writer_lock_path(db_path), "writer mark", db_path, fcntl.LOCK_EX)[0]


def _probe(path: Path, what: str, db_path: Path, mode: int) -> tuple[bool, int]:
    """Whether another process holds ``path``'s lock against a ``mode`` lock tried for an
    instant, and the pid written in it (0 if unknown); (False, 0) when there is no file."""
    _require_flock()
    try:
        handle = path.open("r", encoding="utf-8")
    except FileNotFoundError:
        return False, 0
    except OSError as exc:
        raise DatabaseError(f"cannot read the {what} of {db_path}: {exc.strerror}") from None
    with handle:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            return True, _holder(handle)
        return False, 0  # closing the file lets the probe's lock go


def _open_lock(path: Path, what: str) -> IO[str]:
    _require_flock()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Read-write, not append: the pid is written over the old one, then cut to length,
        # so the file never reads empty to a refused process naming the holder. Never
        # through a symbolic link: in a folder others may write (the lock folder is made
        # by whoever comes first) it would have the pid written over any file of ours.
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW
        return os.fdopen(os.open(path, flags, 0o644), "r+", encoding="utf-8")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DatabaseError(
                f"the {what} {path} is a symbolic link: refused (remove it; a lock is a "
                "plain file newsagg makes itself)"
            ) from None
        raise DatabaseError(f"cannot create the {what} {path}: {exc.strerror}") from None


def _take(path: Path, what: str) -> HeldLock | int:
    handle = _open_lock(path, what)
    if not _flock_exclusive(handle):
        holder = _holder(handle)
        handle.close()
        return holder
    try:
        handle.seek(0)
        handle.write(str(os.getpid()))
        handle.truncate()  # flushes the pid first
    except OSError as exc:
        with contextlib.suppress(OSError):  # flushes the unwritten pid again: closes all the same
            handle.close()
        raise DatabaseError(_write_failure(path, what, exc)) from None
    return HeldLock(path, handle)


def _write_failure(path: Path, what: str, exc: OSError) -> str:
    """One line for a lock whose holder's pid could not be written (a full disk, mostly)."""
    if exc.errno == errno.ENOSPC:
        return f"disk full while writing the {what} {path} ({exc.strerror})"
    return f"cannot write the {what} {path}: {exc.strerror or exc}"


def _flock_exclusive(handle: IO[str]) -> bool:
    """Lock ``handle`` exclusively; False when another process holds it exclusively.

    A shared holder is only a ``status`` looking for an instant: wait for it to go
    rather than refuse as though a daemon ran.
    """
    for _ in range(PROBE_WAITS):
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            pass
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # an exclusive holder: a daemon, or a crawl of the source
        fcntl.flock(handle, fcntl.LOCK_UN)
        time.sleep(PROBE_WAIT_SECONDS)
    return False


def _require_flock() -> None:
    if fcntl is None:
        raise DatabaseError(
            "this platform has no POSIX file locks (fcntl): newsagg's crawl and daemon "
            "locks need them"
        )


def _holder(handle: IO[str]) -> int:
    with contextlib.suppress(OSError, ValueError):
        handle.seek(0)
        return int(handle.read().strip() or 0)
    return 0
