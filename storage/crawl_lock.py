"""One crawl of a source at a time, whoever starts it: a lock file per source beside the database.

The daemon never starts a source twice, but an operator's ``aggregator crawl``
may run next to it, or three of them at once: each would fetch the same pages
and store the same articles. Every crawl of a source therefore holds an
exclusive ``flock`` on ``<database>.locks/<source>.lock`` for as long as it
runs. The kernel releases the lock when the process ends however it ends
(``kill -9`` included), so a lock is never stale; the holder's pid is written
into the file only to name it in the refusal.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import IO

from storage.db import DatabaseError


def lock_path(db_path: Path, source: str) -> Path:
    return db_path.parent / f"{db_path.name}.locks" / f"{source}.lock"


class SourceLock:
    """A held lock of one source's crawls; :meth:`release` (or process exit) lets it go."""

    def __init__(self, source: str, handle: IO[str]) -> None:
        self.source = source
        self._handle = handle

    def release(self) -> None:
        if not self._handle.closed:
            self._handle.close()  # closing the descriptor releases the flock


def try_lock(db_path: Path, source: str) -> SourceLock | int:
    """Take the source's crawl lock: the held lock, or the holder's pid (0 if unknown) when busy.

    Raises DatabaseError when the lock file cannot be created (the folder
    beside the database is not writable: nothing could be stored either).
    """
    path = lock_path(db_path, source)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+", encoding="utf-8")
    except OSError as exc:
        raise DatabaseError(f"cannot create the crawl lock {path}: {exc.strerror}") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(handle)
        handle.close()
        return holder
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return SourceLock(source, handle)


def _holder(handle: IO[str]) -> int:
    with contextlib.suppress(OSError, ValueError):
        handle.seek(0)
        return int(handle.read().strip() or 0)
    return 0
