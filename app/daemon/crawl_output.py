"""What the daemon and a cluster worker quote of a crawl's output when the run did not end
well: :func:`failure_line`, the one reader of a crawl log's end.

A crawl child's output goes to its source's log (:func:`app.daemon.runner.open_log`).
The ``crawl finished`` line of the daemon, and of a worker (``app.cluster.worker``),
quotes one line of this run's part of it (from the size the log had when the child was
spawned), preferring the child's own word on why:

1. the CLI's ``error: …`` line (a config it could not read, a database it cannot open);
2. when the run counted storage errors, its last ERROR record (the pipeline's
   ``disk full while writing database …``); when its output holds none, a full disk
   most likely cut it short (QA pass E: half a Scrapy banner was quoted), and the line
   says so with the free space in the folder the crawl writes (the daemon's database's;
   a worker's crawl log's, its articles going to Redis), measured then;
3. otherwise its last line.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

#: How much of the end of a run's output is read: its summary is at the end.
TAIL_BYTES = 64 * 1024
QUOTE_CHARS = 300
#: A log record at ERROR or worse, in the crawl's LOG_FORMAT ("<date> <time> ERROR name: …").
_ERROR_RECORD = re.compile(r"^\d{4}-\d\d-\d\d[ T][\d:,.]+ ((?:ERROR|CRITICAL) .*)$")


def log_size(path: Path | None) -> int:
    """Where a child spawned now starts writing ``path``: its size (0 if none)."""
    if path is None:
        return 0
    try:
        return path.stat().st_size
    except OSError:
        return 0


def run_output(path: Path | None, start: int) -> list[str]:
    """The non-empty lines this run wrote to ``path`` from ``start`` on (the last
    TAIL_BYTES of them); none when it is no regular file or cannot be read."""
    if path is None:
        return []
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return []
            offset = start if start <= info.st_size else 0  # rotated or truncated since
            handle.seek(max(offset, info.st_size - TAIL_BYTES))
            tail = handle.read().decode("utf-8", "replace")
    except OSError:
        return []
    return [line.strip() for line in tail.splitlines() if line.strip()]


def failure_line(path: Path | None, start: int, errors: dict[str, int], folder: Path) -> str:
    """The line of a failed run's output (written to ``path`` from ``start`` on) that the
    ``crawl finished`` line quotes; ``errors`` are the run's counted errors, ``folder``
    where its free space is measured (module docstring)."""
    return quoted_line(run_output(path, start), errors, folder)


def quoted_line(lines: list[str], errors: dict[str, int], folder: Path) -> str:
    """The line of a run's output lines the ``crawl finished`` line quotes (module docstring)."""
    summaries = [line for line in lines if line.startswith("error: ")]
    if summaries:
        return summaries[-1][:QUOTE_CHARS]
    if "storage" in errors:
        records = [m.group(1) for line in lines if (m := _ERROR_RECORD.match(line))]
        if records:
            return records[-1][:QUOTE_CHARS]
        return f"storage failed; the crawl's output holds no error (disk full? {_free(folder)})"
    return lines[-1][:QUOTE_CHARS] if lines else ""


def _free(folder: Path) -> str:
    try:
        free = shutil.disk_usage(folder).free
    except OSError as exc:
        return f"free space of {folder} unknown: {exc}"
    return f"{free / 2**20:.1f} MiB free in {folder}"
