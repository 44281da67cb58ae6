"""Daemon logging: one line per event on stderr, plain and greppable, or JSON lines.

Under systemd, stderr goes to the journal, which adds its own timestamps and
rotation; the plain format still carries a UTC timestamp so that a redirected
log file reads the same.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from aggregator.hygiene import escape_log_records

PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _UTCFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


class JSONFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg (and exc when there is one)."""

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def setup_logging(*, as_json: bool = False, level: str = "INFO") -> None:
    """Route all logging to stderr in the chosen format (replaces existing root handlers)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JSONFormatter() if as_json else _UTCFormatter(PLAIN_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    escape_log_records()  # names, URLs and errors a site sent: no terminal escapes
    # APScheduler's own INFO lines ("Added job", "Running job") repeat ours: keep its warnings.
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, root.level))
