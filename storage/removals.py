"""Articles removed at the source: a stored article's URL answering 410 Gone, or 404 Not
Found on two runs (docs/crawling.md, "Removed at the source").

Only the article's own URLs count: ``articles.url`` (where the stored page was
fetched) and ``canonical_url`` (its identity). An alias (``url_aliases``: a URL that
redirected there, a variant of the page) answering 404 or 410 is ignored: it says the
old address is gone, not the article.

Nothing stored is deleted: the article is marked (``articles.removed_at``,
``removed_status``) and its ``change_seq`` moves, so a syncing reader learns of it.
``gone_answers`` keeps what the crawl needs: the last such answer and how many runs
in a row gave one (the spider sends one answer per article per run). Any later
successful answer breaks the row: a 304 forgets a pending 404 (:func:`note_gone`), and
a page of the article fetched again (a 200) clears the mark too, through
:func:`clear_removal`, in the store's own transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum

from sqlite_utils import Database

from aggregator.schema import GoneAnswer
from storage.changes import next_change, number_story_of
from storage.db import write_transaction

GONE = 410
NOT_FOUND = 404
GONE_STATUSES = (NOT_FOUND, GONE)
# A 404 may be a site's passing fault (a deploy, a cache serving an error page, an
# article unpublished for a correction): trusted only when a second run sees it too.
# A 410 says the removal is meant, and is trusted at once.
NOT_FOUND_RUNS = 2
# A URL marked removed by 404 is asked again this long after its last 404, then twice
# as long after each further one, at most RECHECK_LONGEST apart. One marked by 410 is
# not asked again unless the operator names it (``crawl --refresh URL``).
RECHECK_FIRST = timedelta(days=1)
RECHECK_LONGEST = timedelta(days=30)


class GoneOutcome(Enum):
    """What one 404 or 410 answer did to its article."""

    PENDING = "pending"  # a first 404: not trusted yet
    MARKED = "marked"  # marked removed now (or its status changed, 404 → 410)
    STILL = "still"  # already marked: the answer is counted for the next re-check
    UNKNOWN = "unknown"  # the article is no longer stored (pruned meanwhile)
    ALIAS = "alias"  # an alias of the article answered, not its own URL: ignored
    ANSWERED = "answered"  # a 304: a pending 404 forgotten (none marks or clears a mark)


def next_check(status: int, last_answer: datetime, answers: int) -> datetime | None:
    """When a URL marked removed may be requested again; None: never (a 410)."""
    if status == GONE:
        return None
    doublings = min(max(0, answers - NOT_FOUND_RUNS), 10)
    wait: timedelta = min(RECHECK_FIRST * 2**doublings, RECHECK_LONGEST)
    return last_answer + wait


def note_gone(db: Database, answer: GoneAnswer) -> GoneOutcome:
    """Record one run's 404 or 410 for a stored article, and mark it removed once trusted;
    or, for a 304 (``answer.status`` not a 404 or 410), forget a pending 404."""
    with write_transaction(db):
        row = db.execute(
            "SELECT a.url, a.canonical_url, a.removed_at, a.removed_status, "
            "coalesce(g.answers, 0) FROM articles a "
            "LEFT JOIN gone_answers g ON g.article_id = a.id WHERE a.id = ?",
            [answer.article_id],
        ).fetchone()
        if row is None:
            return GoneOutcome.UNKNOWN
        url, canonical_url, removed_at, removed_status, answers = row
        if answer.status not in GONE_STATUSES:
            return _answered(db, answer.article_id, marked=removed_at is not None)
        if answer.url not in (url, canonical_url):
            return GoneOutcome.ALIAS
        return _count_gone(db, answer, removed_at, removed_status, answers)


def _answered(db: Database, article_id: int, *, marked: bool) -> GoneOutcome:
    # A marked article is sent no validators, so a 304 for one says little: its mark
    # is left to a 200 (clear_removal) or to its next re-check.
    if not marked:
        db.execute("DELETE FROM gone_answers WHERE article_id = ?", [article_id])
    return GoneOutcome.ANSWERED


def _count_gone(
    db: Database,
    answer: GoneAnswer,
    removed_at: str | None,
    removed_status: int | None,
    answers: int,
) -> GoneOutcome:
    when = answer.answered_at.isoformat()
    db.execute(
        "INSERT INTO gone_answers (article_id, status, first_at, last_at, answers) "
        "VALUES (?, ?, ?, ?, 1) ON CONFLICT (article_id) DO UPDATE SET "
        "status = excluded.status, last_at = excluded.last_at, answers = answers + 1",
        [answer.article_id, answer.status, when, when],
    )
    trusted = answer.status == GONE or answers + 1 >= NOT_FOUND_RUNS
    if not trusted:
        return GoneOutcome.PENDING
    if removed_at is not None and removed_status == answer.status:
        return GoneOutcome.STILL
    _set_mark(db, answer.article_id, removed_at or when, answer.status)
    return GoneOutcome.MARKED


def clear_removal(db: Database, article_id: int) -> bool:
    """Forget a stored article's 404/410 answers and clear its mark: its page answered
    again. Inside the caller's write transaction; whether there was anything to clear."""
    if db.execute("SELECT 1 FROM gone_answers WHERE article_id = ?", [article_id]).fetchone():
        db.execute("DELETE FROM gone_answers WHERE article_id = ?", [article_id])
        marked = db.execute(
            "SELECT 1 FROM articles WHERE id = ? AND removed_at IS NOT NULL", [article_id]
        ).fetchone()
        if marked:
            _set_mark(db, article_id, None, None)
        return True
    return False


def _set_mark(db: Database, article_id: int, when: str | None, status: int | None) -> None:
    # A reader syncing by change_seq learns of the mark: the article's number moves,
    # and its story's, as for an edit of one of its copies.
    db.execute(
        "UPDATE articles SET removed_at = ?, removed_status = ?, change_seq = ? WHERE id = ?",
        [when, status, next_change(db), article_id],
    )
    number_story_of(db, article_id)
