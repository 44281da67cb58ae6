"""What readers see of first-seen times and revisions (issue 18, item 7).

A real database (``fresh_db``) with an article stored, then edited, read
through the CLI (``show``, ``show --json``, ``export``) and the Atom feed.
"""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import UTC, datetime

import feedparser
from click.testing import CliRunner
from sqlite_utils import Database

from aggregator.config import DedupSettings
from aggregator.schema import Article
from app.cli import cli
from storage.writes import StoreStatus, store_article

PUBLISHED = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)


def _article(url: str, body: list[str], published: datetime | None) -> Article:
    return Article(
        url=url,
        canonical_url=url,
        source="gazette",
        site_name="The Gazette",
        headline="Harbour bridge reopens after repairs",
        body=body,
        fetched_at=datetime.now(UTC),
        published_at=published,
    )


BODY = [
    f"Paragraph {i} on the harbour bridge: " + " ".join(f"bridge{i}word{j}" for j in range(30))
    for i in range(5)
]


def _store(db: Database, body: list[str], published: datetime | None) -> StoreStatus:
    url = "https://gazette.example/bridge"
    return store_article(db, _article(url, body, published), DedupSettings()).status


def _run(db: Database, *args: str) -> str:
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    result = CliRunner().invoke(cli, ["--db", path, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_copy_without_a_published_time_shows_first_seen_labelled(fresh_db) -> None:  # type: ignore[no-untyped-def]
    assert _store(fresh_db, BODY, None) is StoreStatus.NEW
    text = _run(fresh_db, "show", "1")
    (line,) = [ln for ln in text.splitlines() if ln.startswith("  [1] ")]
    assert line.startswith("  [1] The Gazette — first seen 20"), line
    assert "edited" not in text


def test_a_revision_shows_in_show_json_export_and_atom(fresh_db) -> None:  # type: ignore[no-untyped-def]
    assert _store(fresh_db, BODY, PUBLISHED) is StoreStatus.NEW
    before = _run(fresh_db, "export", "--format", "atom")
    first = json.loads(_run(fresh_db, "show", "1", "--json"))["copies"][0]
    assert first["versions"] == 1 and first["last_edited_at"] is None
    # Atom's <updated> has whole seconds: the edit must fall in a later second (bounded wait).
    seen = datetime.fromisoformat(first["first_seen_at"]).replace(microsecond=0)
    deadline = time.monotonic() + 5
    while datetime.now(UTC).replace(microsecond=0) <= seen and time.monotonic() < deadline:
        time.sleep(0.05)
    edited = BODY[:-1] + ["A correction: the bridge reopens on Monday, not Sunday, officials said."]
    assert _store(fresh_db, edited, PUBLISHED) is StoreStatus.UPDATED

    copy = json.loads(_run(fresh_db, "show", "1", "--json"))["copies"][0]
    assert copy["versions"] == 2
    edited_at = datetime.fromisoformat(copy["last_edited_at"])
    assert edited_at > datetime.fromisoformat(copy["first_seen_at"])
    text = _run(fresh_db, "show", "1")
    assert "  [1] The Gazette — 2026-03-01 08:30" in text  # a published time is shown as is
    assert f"edited: 2 versions, last edit {edited_at:%Y-%m-%d %H:%M}" in text

    old_entry = feedparser.parse(before).entries[0]
    new_entry = feedparser.parse(_run(fresh_db, "export", "--format", "atom")).entries[0]
    assert new_entry.id == old_entry.id
    assert new_entry.updated_parsed > old_entry.updated_parsed

    (row,) = [json.loads(line) for line in _run(fresh_db, "export", "--articles").splitlines()]

    def same_time(a: str, b: str) -> bool:
        return datetime.fromisoformat(a) == datetime.fromisoformat(b)

    assert same_time(row["first_seen_at"], copy["first_seen_at"])
    assert row["versions"] == 2 and same_time(row["last_edited_at"], copy["last_edited_at"])
    (csv_row,) = csv.DictReader(
        io.StringIO(_run(fresh_db, "export", "--articles", "--format", "csv"))
    )
    assert same_time(csv_row["first_seen_at"], copy["first_seen_at"])
    assert csv_row["versions"] == "2"
