"""JSON lines read from a file or a pipe, a line at a time, for ``aggregator ingest``.

Each line is read on its own, so one bad line is told and the next is still read.
A line is handed on as soon as it is whole, and a pause of the input (a pipe with
nothing new for a while: a producer between its batches) is told too, so the reader
can store what it holds rather than keep it until more comes. A file that is one
JSON document (an array, or an object printed over several lines) is refused once,
with the command that turns it into JSON lines, rather than warned of line by line.
"""

from __future__ import annotations

import json
import os
import select
import shlex
import signal
import stat
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from aggregator.content import GZIP_MAGIC, WARC_MAGIC
from aggregator.errors import IngestError

STDIN = Path("-")  # what a command line names standard input by
STDIN_NAME = "<stdin>"  # ... and how messages name it

_CHUNK = 1 << 16


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line of a JSON-lines file: its record, or why it is none."""

    number: int
    record: dict[str, Any] | None
    problem: str | None = None


def input_name(path: Path) -> str:
    """``path`` as messages name it (standard input as ``<stdin>``)."""
    return STDIN_NAME if path == STDIN else str(path)


@dataclass(frozen=True)
class Waits:
    """How the reading waits for input. ``pause``: after this many seconds with nothing
    new, None is yielded (once a pause). ``signals``: a file descriptor that
    ``signal.set_wakeup_fd`` writes each signal's number to; a SIGINT or SIGTERM there
    ends the reading once the lines already read are handed on."""

    pause: float | None = None
    signals: int | None = None


_STOPS = {signal.SIGINT, signal.SIGTERM}


def stdin_buffer() -> BinaryIO:
    """Standard input, as bytes; IngestError when it is closed (``<&-``: Python then has
    no ``sys.stdin``)."""
    if sys.stdin is None:
        raise IngestError(f"{STDIN_NAME}: cannot read (standard input is closed)")
    return sys.stdin.buffer


def is_stream(path: Path) -> bool:
    """Does ``path`` (``-``: standard input) come as a stream (a pipe, FIFO, socket or
    terminal), whose lines may come slowly, rather than from a file?"""
    try:
        mode = os.fstat(stdin_buffer().fileno()).st_mode if path == STDIN else os.stat(path).st_mode
    except (OSError, ValueError, IngestError):  # no such file, or stdin closed (said when read)
        return False
    return not stat.S_ISREG(mode)


def read_jsonl(path: Path, waits: Waits = Waits()) -> Iterator[JsonLine | None]:
    """Each non-blank line of ``path`` (``-``: standard input), read on its own, as
    soon as it is whole; None when the input pauses (``waits``).

    A line that is not UTF-8, not JSON, JSON nested too deeply to read, or not
    an object comes with its problem, and the lines after it are still read.
    IngestError when the file itself cannot be read, or is one JSON document.
    """
    if path == STDIN:
        yield from _records(stdin_buffer().fileno(), STDIN_NAME, waits)
        return
    try:
        handle = path.open("rb", buffering=0)
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
    with handle:
        yield from _records(handle.fileno(), str(path), waits)


# A gzip of something else than a WARC, given to ``ingest`` (a file's or a pipe's).
GZIPPED_NOT_WARC = (
    "gzipped, but no WARC (a gzipped page or JSON lines?): gunzip it and ingest what it holds"
)


def _not_lines(start: bytes, name: str) -> str:
    """What is wrong with a pipe whose first bytes ``start`` are a WARC's or a gzip's."""
    if start.startswith(GZIP_MAGIC):
        try:
            inflated = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(start, 64)
        except zlib.error:
            inflated = b""
        if len(inflated) >= len(WARC_MAGIC) and not inflated.startswith(WARC_MAGIC):
            return f"{name}: {GZIPPED_NOT_WARC}"
    where = "standard input" if name == STDIN_NAME else f"{name}: a pipe that"
    return f"{where} holds a WARC file: give the file's path"


def _records(fd: int, name: str, waits: Waits) -> Iterator[JsonLine | None]:
    first: JsonLine | None = None  # the first line, while it may be a one-line array
    number = 0
    started = False  # a non-blank line seen
    for raw in _lines(fd, name, waits):
        if raw is None:
            yield None
            continue
        number += 1
        if number == 1 and raw.startswith((GZIP_MAGIC, WARC_MAGIC)):
            # Through a pipe (a file was read for its format before): a WARC is searched
            # in a file (after a broken record); one line, not a warning per "line".
            raise IngestError(_not_lines(raw, name))
        line = _decoded(number, raw)
        if isinstance(line, JsonLine):
            yield line
            continue
        if not line.strip():
            continue
        parsed = _parsed(number, line)
        if not started:
            started = True
            if not _opens_a_document(line, name, parsed):
                first = parsed  # a whole array: one JSON document if nothing follows it
                continue
        if first is not None:
            yield first
            first = None
        yield parsed
    if first is not None:
        _refuse_a_document(name, "jq -c '.[]'")


def _decoded(number: int, raw: bytes) -> str | JsonLine:
    try:
        return raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return JsonLine(number, None, f"not valid UTF-8 ({exc.reason} at byte {exc.start})")


_ARRAY = "expected a JSON object, not an array"


def _parsed(number: int, line: str) -> JsonLine:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return JsonLine(number, None, f"invalid JSON ({exc.msg})")
    except RecursionError:
        return JsonLine(number, None, "JSON nested too deeply to read")
    if isinstance(record, list):
        return JsonLine(number, None, _ARRAY)
    if not isinstance(record, dict):
        return JsonLine(number, None, "expected a JSON object")
    return JsonLine(number, record)


def _opens_a_document(first_line: str, name: str, parsed: JsonLine) -> bool:
    """IngestError when the first line opens one JSON document over several lines:
    an array (a first line opening with ``[`` that is no whole array: ``[`` alone, as
    ``jq .`` and ``json.dump(indent=…)`` print one, ``[{`` or its first element after
    it) or an object (``{`` alone). False when it is a whole array (a document if no
    line follows), True otherwise. A JSON line is an object whole; a line that is no
    JSON among them is only skipped, as is a first line that opens with ``[`` and is
    no array of objects cut short (``[[[…`` nested too deep, ``[1, 2,``)."""
    start = first_line.strip()
    opens_objects = start == "[" or start[1:].lstrip().startswith("{")
    if opens_objects and (parsed.problem or "").startswith("invalid JSON"):
        _refuse_a_document(name, "jq -c '.[]'")
    if start == "{":
        _refuse_a_document(name, "jq -c .")
    return parsed.problem != _ARRAY


def _refuse_a_document(name: str, jq: str) -> NoReturn:
    fix = f"pipe it through {jq}" if name == STDIN_NAME else f"{jq} {shlex.quote(name)}"
    raise IngestError(
        f"{name} is one JSON document, not JSON lines (one object a line): "
        f"{fix} | aggregator ingest -"
    )


def _lines(fd: int, name: str, waits: Waits) -> Iterator[bytes | None]:
    """Each line of ``fd`` (its newline kept) as soon as it is whole; None once a pause.
    A line not ended when a signal stops the reading is no line read."""
    pending = bytearray()  # the start of a line not yet whole
    while True:
        ready = _wait(fd, waits)
        if ready is None:
            yield None  # then wait, however long, for the next bytes
            ready = _wait(fd, Waits(None, waits.signals))
        if not ready:
            return
        try:
            chunk = os.read(fd, _CHUNK)
        except OSError as exc:
            raise IngestError(f"{name}: cannot read ({exc.strerror or exc})") from None
        if not chunk:
            break
        start = 0
        end = chunk.find(b"\n")
        while end >= 0:
            if pending:
                pending += chunk[start : end + 1]
                yield bytes(pending)
                pending.clear()
            else:
                yield chunk[start : end + 1]
            start = end + 1
            end = chunk.find(b"\n", start)
        pending += chunk[start:]
    if pending:
        yield bytes(pending)


def _wait(fd: int, waits: Waits) -> bool | None:
    """Until ``fd`` has bytes (or its end) to read: True; a stopping signal first: False;
    ``waits.pause`` seconds with neither: None."""
    watched = [fd] if waits.signals is None else [fd, waits.signals]
    while True:
        ready = select.select(watched, [], [], waits.pause)[0]
        if not ready:
            return None
        if waits.signals in ready and _STOPS & set(os.read(waits.signals, 512)):
            return False
        if fd in ready:
            return True
