"""``aggregator ingest``: already-extracted articles from a JSON-lines file into the store.

Records become articles in the core (:mod:`aggregator.records`) and go through
the same dedup and storage path as a crawl, a batch per transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from aggregator.config import DedupSettings, RetentionSettings
from aggregator.records import article_from_record, read_jsonl
from aggregator.schema import ArticleWrite, utc_now
from app.errors import signals_held
from storage.writes import BATCH_SIZE, store_articles

# Called with (line number, what): why a line was not stored, or what it was stored without.
LineReporter = Callable[[int, str], None]


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
    """Store every good record of ``path``; a bad line, record or article is skipped alone.
    ``retention``: the config's (its bound on an edited article's versions).

    ``on_progress(n)`` is told each time ``n`` more lines are done: skipped, or stored
    (committed; a batch's commit and its report are not parted by Ctrl-C or SIGTERM,
    which wait for both). ``on_note(line, note)`` is told, once a record is stored new
    or updated, of each field it was given but could not keep (a ``published`` that is
    no date, an empty headline, a field of the wrong shape …: the article is still
    worth keeping, but the operator is told, rather than finding a story with no time
    or title): not for a record skipped, interrupted or found unchanged (told on its
    first run).
    """
    counts = IngestCounts()
    batch: list[tuple[int, ArticleWrite, list[str]]] = []

    def store_batch() -> None:
        with signals_held():
            outcomes = store_articles(
                db, [write for _, write, _ in batch], settings, retention=retention
            )
            for (number, _, notes), outcome in zip(batch, outcomes, strict=True):
                if outcome.result is None:
                    on_skip(number, str(outcome.error))
                    counts.skipped += 1
                    continue
                status = outcome.result.status.value
                setattr(counts, status, getattr(counts, status) + 1)
                if status != "unchanged":
                    for note in notes:
                        on_note(number, note)
            on_progress(len(batch))
        batch.clear()

    for line in read_jsonl(path):
        number = line.number
        try:
            if line.record is None:
                raise ValueError(line.problem)
            notes: list[str] = []
            article = article_from_record(
                line.record, source=source, fetched_at=utc_now(), notes=notes
            )
        except ValueError as exc:
            on_skip(number, str(exc))
            counts.skipped += 1
            on_progress(1)
            continue
        batch.append((number, ArticleWrite(article), notes))
        if len(batch) >= BATCH_SIZE:
            store_batch()
    if batch:
        store_batch()
    return counts
