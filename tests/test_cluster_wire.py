"""What crosses between a worker's crawl and the writer: articles and run reports as text,
and a store that a second delivery of the same article leaves unchanged."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from clusterkit import golden_write
from sqlite_utils import Database

from aggregator.config import BoilerplateSettings, DedupSettings
from storage.runs import RunCounts, RunReport
from storage.wire import WireError, decode_report, decode_write, encode_report, encode_write
from storage.writes import StoreStatus, store_articles


def test_an_article_comes_back_from_its_text_equal_in_every_field() -> None:
    write = golden_write("wirewire", "gws-trump-kim-summit")
    article = write.article
    assert article.related and article.published_at and article.authors and article.credits
    again = decode_write(encode_write(write))
    assert again == write
    assert again.article.content_hash == write.article.content_hash
    assert again.article.published_at.tzinfo is not None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("not json", "invalid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"v": 2, "article": {}}', "wire version 2"),
        ('{"v": 1, "article": {"url": "http://a/"}}', "'canonical_url' is missing"),
    ],
)
def test_text_that_is_no_article_is_refused_with_a_reason(text: str, named: str) -> None:
    with pytest.raises(WireError, match=named):
        decode_write(text)


def test_a_field_of_the_wrong_type_is_named() -> None:
    data = json.loads(encode_write(golden_write("metroherald", "metro-trump-kim-summit")))
    data["article"]["body"] = "one string, not paragraphs"
    with pytest.raises(WireError, match="'body'"):
        decode_write(json.dumps(data))
    data["article"]["body"] = ["text"]
    data["article"]["surprise"] = 1
    with pytest.raises(WireError, match="unknown article field 'surprise'"):
        decode_write(json.dumps(data))


def test_a_run_report_comes_back_from_its_text() -> None:
    report = RunReport(
        source="wirewire",
        started_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
        ended_at=datetime(2026, 1, 2, 3, 5, 0, tzinfo=UTC),
        status="ok",
        counts=RunCounts(pages_fetched=9, articles_failed=1, errors={"http_4xx": 1}),
        exit_code=0,
        stats={"downloader/response_count": 9, "start_time": "2026-01-02 03:04:05"},
        worker="host-a:123",
    )
    assert decode_report(encode_report(report)) == report
    with pytest.raises(WireError, match="not a run report"):
        decode_report('{"v": 1, "source": "x"}')


def _dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    tables = [t for t in db.table_names() if not t.startswith(("articles_fts", "_"))]
    return {t: sorted(map(tuple, db.execute(f"SELECT * FROM [{t}]").fetchall()), key=repr)
            for t in tables}  # fmt: skip


def test_a_redelivered_batch_changes_nothing_in_the_database(fresh_db: Database) -> None:
    """The writer may store a batch twice (it stopped between commit and acknowledgement)."""
    writes = [
        decode_write(encode_write(golden_write(outlet, name)))
        for outlet, name in [
            ("wirewire", "gws-trump-kim-summit"),
            ("metroherald", "metro-trump-kim-summit"),
            ("islandpulse", "island-trump-kim-summit"),
            ("valleygazette", "valley-chile-quake"),
        ]
    ]
    settings, rules = DedupSettings(), BoilerplateSettings()
    first = store_articles(fresh_db, writes, settings, rules)
    assert [o.result.status for o in first] == [StoreStatus.NEW] * 4  # type: ignore[union-attr]
    before = _dump(fresh_db)
    again = store_articles(
        fresh_db, [decode_write(encode_write(w)) for w in writes], settings, rules
    )
    assert [o.result.status for o in again] == [StoreStatus.UNCHANGED] * 4  # type: ignore[union-attr]
    assert [o.result.article_id for o in again] == [o.result.article_id for o in first]  # type: ignore[union-attr]
    assert _dump(fresh_db) == before
    count = fresh_db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Kim'")
    assert count.fetchone()[0] == 3


def test_a_changed_article_redelivered_after_its_edit_is_a_version_not_a_copy(
    tmp_path: Path,
) -> None:
    """Control: the store does notice a different text under the same URL."""
    from storage.db import open_db

    db = open_db(tmp_path / "news.db")
    write = golden_write("wirewire", "gws-trump-kim-summit")
    edited = dataclasses.replace(
        write, article=dataclasses.replace(write.article, body=[*write.article.body, "Update."])
    )
    (stored,) = store_articles(db, [write], DedupSettings())
    (changed,) = store_articles(db, [edited], DedupSettings())
    assert changed.result.status is StoreStatus.UPDATED  # type: ignore[union-attr]
    assert changed.result.article_id == stored.result.article_id  # type: ignore[union-attr]
    db.close()
    rows = sqlite3.connect(tmp_path / "news.db").execute("SELECT count(*) FROM articles").fetchone()
    assert rows == (1,)
