"""Standard output as every command writes it: a failed write is one error, not a traceback.

The command group (:class:`app.errors.OneLineErrors`) runs each command with
:func:`guarded_stdout`: a write that fails (a full disk, an I/O error, a stdout
the shell closed with ``>&-``) raises :class:`OutputError`, which the group
says in one line with exit status 1, instead of a traceback or, stdout closed,
an exit 0 having written nothing. Only a write to stdout raises it, so an
``OSError`` of anything else keeps its own message.

Encoding, as click's ``echo`` (which re-wraps an ASCII stdout as UTF-8, with
replacement): text for people is written in the output's encoding, a character
it cannot hold replaced by ``?``; the machine formats (JSON, JSON lines, CSV,
Atom), UTF-8 by definition, are written as UTF-8 bytes whatever the locale
(:func:`utf8_stdout`), as ``--output FILE`` writes them.
"""

from __future__ import annotations

import codecs
import errno
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer


class OutputError(Exception):
    """A write to standard output failed; the message is the one line the user sees."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cannot_write("the output", cause))


def cannot_write(what: object, cause: OSError) -> str:
    """The one wording of a failed write: ``cannot write WHAT: <the system's reason>``."""
    return f"cannot write {what}: {cause.strerror or cause}"


class _Stdout(io.FileIO):
    """File descriptor 1, whose failed write raises :class:`OutputError` once (a broken
    pipe stays :class:`BrokenPipeError`: the reader went away, nothing to report); after
    a failure writes go nowhere, so the interpreter's last flush is quiet."""

    failed = False

    def write(self, b: WriteableBuffer, /) -> int:
        if self.failed:
            return memoryview(b).nbytes
        try:
            return super().write(b)
        except BrokenPipeError:
            self.failed = True
            raise
        except OSError as exc:
            self.failed = True
            raise OutputError(exc) from exc


class _NoStdout(io.RawIOBase):
    """Standard output that was closed before we started (``>&-``; Python's sys.stdout is
    then None, and click's echo writes nothing without a word): its first write fails."""

    failed = False

    def writable(self) -> bool:
        return True

    def write(self, b: WriteableBuffer, /) -> int:
        if not self.failed:
            self.failed = True
            raise OutputError(OSError(errno.EBADF, "standard output is closed"))
        return memoryview(b).nbytes


def _holds_all_text(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-16", "utf-32", "utf-8-sig")


def _guarded(stream: TextIO | None) -> TextIO | None:
    """A stream on the same descriptor as ``stream`` that fails as :class:`OutputError`;
    None when ``stream`` has no descriptor (click's CliRunner, a test's StringIO)."""
    if stream is None:
        return io.TextIOWrapper(io.BufferedWriter(_NoStdout()), encoding="utf-8")
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return None
    stream.flush()
    encoding = stream.encoding or "utf-8"
    return io.TextIOWrapper(
        io.BufferedWriter(_Stdout(fd, "w", closefd=False)),
        encoding=encoding,
        errors=stream.errors if _holds_all_text(encoding) else "replace",
        line_buffering=bool(stream.line_buffering),
    )


@contextmanager
def guarded_stdout() -> Iterator[None]:
    """``sys.stdout`` for the block is one whose failed write raises :class:`OutputError`."""
    previous = sys.stdout
    guarded = _guarded(previous)
    if guarded is None:
        yield
        return
    sys.stdout = guarded
    try:
        yield
    finally:
        sys.stdout = previous


@contextmanager
def utf8_stdout() -> Iterator[TextIO]:
    """Standard output as a UTF-8 text handle (newlines as written, as ``--output`` opens its
    file), for a format whose bytes are UTF-8 whatever the locale's encoding."""
    sys.stdout.flush()
    handle = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        yield handle
        handle.flush()
    finally:
        handle.detach()  # sys.stdout keeps its buffer open
