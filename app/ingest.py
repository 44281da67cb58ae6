"""``aggregator ingest``: already-extracted articles from a JSON-lines file into the store.

Records become articles in the core (:mod:`aggregator.records`) and go through
the same dedup and storage path as a crawl, a batch per transaction. A batch is
stored when it is full, when its first line has waited about a second (the input
paused, or trickles: a producer's lines reach readers as a crawl's pages do), and
when Ctrl-C or SIGTERM stops the read: no line read is lost.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from aggregator.config import DedupSettings, RetentionSettings
from aggregator.jsonl import Waits, is_stream, read_jsonl
from aggregator.records import article_from_record
from aggregator.schema import ArticleWrite, utc_now
from app.errors import signals_held
from storage.writes import BATCH_SIZE, store_articles

# Called with (line number, what): why a line was not stored, or what it was stored without.
LineReporter = Callable[[int, str], None]

# How long a line read waits, at most about, before its batch is stored though not full.
PAUSE_SECONDS = 1.0


@dataclass
class IngestCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged + self.skipped


def ingest_file(
    db: Database,
    path: Path,
    settings: DedupSettings,
    *,
    retention: RetentionSettings | None = None,
    source: str | None = None,
    on_skip: LineReporter = lambda number, reason: None,
    on_progress: Callable[[int], object] = lambda lines: None,
    on_note: LineReporter = lambda number, note: None,
) -> IngestCounts:
    """Store every good record of ``path`` (``-``: standard input); a bad line, record
    or article is skipped alone.
    ``retention``: the config's (its bound on an edited article's versions).

    ``on_progress(n)`` is told each time ``n`` more lines are done: skipped, or stored
    (committed; a batch's commit and its report are not parted by Ctrl-C or SIGTERM,
    which wait for both). ``on_note(line, note)`` is told, once a record is stored new
    or updated, of each field it was given but could not keep (a ``published`` that is
    no date, an empty headline, a field of the wrong shape …: the article is still
    worth keeping, but the operator is told, rather than finding a story with no time
    or title): not for a record skipped, interrupted or found unchanged (told on its
    first run). Ctrl-C or SIGTERM ends the reading: the lines read are stored (of a
    file, those of the last 64 KiB read), then it goes on as itself.
    """
    # Of a stream, a line waits about PAUSE_SECONDS at most; a file's batches fill at once.
    pause = PAUSE_SECONDS if is_stream(path) else None
    batch = _Batch(db, settings, retention, pause, on_skip, on_progress, on_note)
    # A signal stops the reading, not a line half taken: every line read is stored
    # (a pipe cannot be read again for it), then the signal acts, as Ctrl-C would have.
    with signals_held(), _signals_told() as signals:
        for line in read_jsonl(path, Waits(pause, signals)):
            if line is None:  # the input paused: what was read reaches readers now
                batch.store()
                continue
            try:
                if line.record is None:
                    raise ValueError(line.problem)
                notes: list[str] = []
                article = article_from_record(
                    line.record, source=source, fetched_at=utc_now(), notes=notes
                )
            except ValueError as exc:
                batch.skip(line.number, str(exc))
                continue
            batch.add(line.number, ArticleWrite(article), notes)
        batch.store()
    return batch.counts


@contextmanager
def _signals_told() -> Iterator[int | None]:
    """A file descriptor each signal's number is written to as it arrives, so a wait
    for input ends on Ctrl-C though the signal is held (None off the main thread, which
    signals do not reach)."""
    if threading.current_thread() is not threading.main_thread():
        yield None
        return
    told, teller = os.pipe()
    os.set_blocking(teller, False)
    previous = signal.set_wakeup_fd(teller, warn_on_full_buffer=False)
    try:
        yield told
    finally:
        signal.set_wakeup_fd(previous)
        os.close(told)
        os.close(teller)


class _Batch:
    """The lines read and not yet stored, stored a batch per transaction: when full,
    or once its first line has waited ``pause`` seconds (None: never), or when asked."""

    def __init__(
        self,
        db: Database,
        settings: DedupSettings,
        retention: RetentionSettings | None,
        pause: float | None,
        on_skip: LineReporter,
        on_progress: Callable[[int], object],
        on_note: LineReporter,
    ) -> None:
        self.counts = IngestCounts()
        self._db, self._settings, self._retention = db, settings, retention
        self._pause = float("inf") if pause is None else pause
        self._on_skip, self._on_progress, self._on_note = on_skip, on_progress, on_note
        self._lines: list[tuple[int, ArticleWrite, list[str]]] = []
        self._started = 0.0  # when its first line was read

    def skip(self, number: int, reason: str) -> None:
        self._on_skip(number, reason)
        self.counts.skipped += 1
        self._on_progress(1)

    def add(self, number: int, write: ArticleWrite, notes: list[str]) -> None:
        if not self._lines:
            self._started = time.monotonic()
        self._lines.append((number, write, notes))
        if len(self._lines) >= BATCH_SIZE or time.monotonic() - self._started >= self._pause:
            self.store()

    def store(self) -> None:
        if not self._lines:
            return
        with signals_held():
            writes = [write for _, write, _ in self._lines]
            outcomes = store_articles(self._db, writes, self._settings, retention=self._retention)
            for (number, _, notes), outcome in zip(self._lines, outcomes, strict=True):
                if outcome.result is None:
                    self._on_skip(number, str(outcome.error))
                    self.counts.skipped += 1
                    continue
                status = outcome.result.status.value
                setattr(self.counts, status, getattr(self.counts, status) + 1)
                if status != "unchanged":
                    for note in notes:
                        self._on_note(number, note)
            self._on_progress(len(self._lines))
            self._lines.clear()
