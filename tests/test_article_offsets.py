"""The page's own UTC offset beside the UTC time: parsed, stored, read back, shown, migrated."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from aggregator.config import DedupSettings
from aggregator.parser import extract
from aggregator.schema import Article
from app.cli import cli
from storage import queries
from storage.db import apply_migrations, open_db
from storage.writes import store_article

FETCHED = datetime(2024, 1, 10, 12, 0, tzinfo=UTC)
BODY = (
    "<p>The city council voted late on Wednesday to close the old bridge to lorries, "
    "after engineers found cracks in two of its supports.</p>"
    "<p>Repairs are expected to take most of next year, the council said.</p>"
)


def page(head: str = "", header: str = "") -> str:
    return (
        f"<html><head><title>Bridge closed</title>{head}</head><body>"
        f'<div class="site-header"><span class="today">Wednesday, 10 January 2024</span></div>'
        f"<article><h1>Council closes the old bridge to lorries</h1>{header}{BODY}</article>"
        "<footer>© 2024 The Paper</footer></body></html>"
    )


def ld(**dates: str) -> str:
    data = json.dumps({"@type": "NewsArticle", **dates})
    return f'<script type="application/ld+json">{data}</script>'


def meta(prop: str, value: str) -> str:
    return f'<meta property="{prop}" content="{value}">'


EVENING = page(
    head=ld(datePublished="2023-11-08T21:24:00-05:00"),
    header='<p class="byline">By Ann Lee · November 8, 2023</p>',
)


def test_an_evening_with_its_offset_is_the_next_utc_day_and_the_page_day_locally() -> None:
    article = extract(EVENING, "https://paper.example/news/bridge", fetched_at=FETCHED)
    assert article.published_at == datetime(2023, 11, 9, 2, 24, tzinfo=UTC)
    assert article.published_offset == -300
    local = article.published_local
    assert local is not None and local.isoformat() == "2023-11-08T21:24:00-05:00"
    assert local.date() == date(2023, 11, 8)
    assert local == article.published_at  # one instant


def test_a_date_alone_without_any_offset_has_none() -> None:
    html = page(header='<p class="byline">By Ann Lee · <time>November 8, 2023</time></p>')
    article = extract(html, "https://paper.example/news/bridge", fetched_at=FETCHED)
    assert article.published_at == datetime(2023, 11, 8, tzinfo=UTC)
    assert article.published_offset is None
    assert article.published_local is None


def test_a_date_alone_takes_the_offset_the_metadata_writes_throughout() -> None:
    html = page(
        head=ld(dateModified="2023-11-09T10:00:00+09:00")
        + meta("article:modified_time", "2023-11-09T10:00:00+09:00"),
        header='<p class="byline"><time>2023年11月8日</time></p>',
    )
    article = extract(html, "https://paper.example/news/bridge", fetched_at=FETCHED)
    assert article.published_offset == 540
    assert article.published_local is not None
    assert article.published_local.isoformat() == "2023-11-08T00:00:00+09:00"
    # Local midnight of the 8th in Tokyo is the 7th in UTC.
    assert article.published_at == datetime(2023, 11, 7, 15, 0, tzinfo=UTC)
    assert article.updated_offset == 540
    assert article.updated_local is not None
    assert article.updated_local.isoformat() == "2023-11-09T10:00:00+09:00"


@pytest.mark.parametrize(
    ("lang", "offset"),
    [("ja", 540), ("de", None), ("", None)],
)
def test_only_a_language_spoken_in_one_zone_sets_the_offset(lang: str, offset: int | None) -> None:
    html = page(header='<p class="byline"><time>2019年2月27日</time></p>').replace(
        "<html>", f'<html lang="{lang}">'
    )
    article = extract(html, "https://paper.example/news/bridge", fetched_at=FETCHED)
    assert article.published_offset == offset
    local = article.published_local or article.published_at
    assert local is not None and local.date() == date(2019, 2, 27)  # the page's day either way


@pytest.mark.parametrize(
    "head",
    [
        # Two different offsets: the page states none consistently.
        ld(dateModified="2023-11-09T10:00:00+09:00")
        + meta("article:modified_time", "2023-11-09T01:00:00Z"),
        # UTC alone lends nothing: CMSs write "Z" whatever their zone.
        ld(dateModified="2023-11-09T10:00:00Z"),
    ],
)
def test_no_offset_is_lent_by_mixed_or_utc_metadata(head: str) -> None:
    html = page(head=head, header='<p class="byline"><time>November 8, 2023</time></p>')
    article = extract(html, "https://paper.example/news/bridge", fetched_at=FETCHED)
    assert article.published_at == datetime(2023, 11, 8, tzinfo=UTC)
    assert article.published_offset is None and article.published_local is None


def test_a_value_written_in_utc_keeps_offset_zero() -> None:
    html = page(head=ld(datePublished="2023-11-08T21:24:00Z"))
    article = extract(html, "https://paper.example/news/bridge", fetched_at=FETCHED)
    assert (article.published_offset, article.published_at) == (
        0,
        datetime(2023, 11, 8, 21, 24, tzinfo=UTC),
    )
    assert (
        article.published_local is not None
        and article.published_local.utcoffset() == UTC.utcoffset(None)
    )


def test_the_offset_survives_the_article_json_round_trip() -> None:
    article = extract(EVENING, "https://paper.example/news/bridge", fetched_at=FETCHED)
    data = article.to_dict()
    assert data["published_offset"] == -300
    assert data["published_local"] == "2023-11-08T21:24:00-05:00"
    again = Article.from_dict(data)
    assert again.published_local == article.published_local
    with pytest.raises(ValueError, match="published_offset"):
        Article.from_dict({**data, "published_offset": 5000})


def stored(db: Database) -> int:
    article = extract(
        EVENING, "https://paper.example/news/bridge", source="paper", fetched_at=FETCHED
    )
    return store_article(db, article, DedupSettings()).article_id


def test_stored_and_read_back_through_a_real_database(fresh_db: Database) -> None:
    article_id = stored(fresh_db)
    row = fresh_db.execute(
        "SELECT published_at, published_offset FROM articles WHERE id = ?", [article_id]
    ).fetchone()
    assert row == ("2023-11-09T02:24:00+00:00", -300)
    (story_id, copy), *_ = queries.articles(fresh_db)
    assert copy.article.published_offset == -300
    assert copy.article.published_local is not None
    assert copy.article.published_local.isoformat() == "2023-11-08T21:24:00-05:00"


def database_of_one_story(folder: Path) -> tuple[Path, int]:
    """A database file holding the evening page's article; the file and its story id."""
    path = folder / "news.db"
    db = open_db(path)
    stored(db)
    story_id = db.execute("SELECT story_id FROM articles").fetchone()[0]
    db.close()
    return path, story_id


def test_show_and_export_give_the_local_time_beside_utc(tmp_path: Path) -> None:
    path, story_id = database_of_one_story(tmp_path)
    runner = CliRunner()
    text = runner.invoke(cli, ["--db", str(path), "show", str(story_id)])
    assert text.exit_code == 0, text.output
    assert "2023-11-09 02:24 UTC (local 2023-11-08 21:24-05:00)" in text.output
    record = json.loads(
        runner.invoke(cli, ["--db", str(path), "show", str(story_id), "--json"]).output
    )
    (copy,) = record["copies"]
    assert (copy["published_at"], copy["published_local"], copy["published_offset"]) == (
        "2023-11-09T02:24:00+00:00",
        "2023-11-08T21:24:00-05:00",
        -300,
    )
    exported = runner.invoke(cli, ["--db", str(path), "export", "--articles"])
    (row,) = [json.loads(line) for line in exported.output.splitlines()]
    assert row["published_local"] == "2023-11-08T21:24:00-05:00"


def before_page_offsets(path: Path) -> None:
    """Put a database back in its state before migration m011: no offset columns."""
    db = open_db(path)
    db.execute("ALTER TABLE articles DROP COLUMN published_offset")
    db.execute("ALTER TABLE articles DROP COLUMN updated_offset")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_article_offsets'")
    db.close()


def test_a_database_of_the_previous_schema_is_read_then_migrated(tmp_path: Path) -> None:
    path, story_id = database_of_one_story(tmp_path)
    before_page_offsets(path)
    runner = CliRunner()
    # Readers never migrate: the old file reads with no offsets.
    old = runner.invoke(cli, ["--db", str(path), "show", str(story_id), "--json"])
    assert old.exit_code == 0, old.output
    (copy,) = json.loads(old.output)["copies"]
    assert copy["published_at"] == "2023-11-09T02:24:00+00:00"
    assert copy["published_offset"] is None and copy["published_local"] is None
    migrated = runner.invoke(cli, ["--db", str(path), "migrate"])
    assert migrated.exit_code == 0, migrated.output
    assert "applied m011_article_offsets" in migrated.output
    db = open_db(path)
    # The article stored before keeps its UTC time and no offset; a new one gets its offset.
    assert db.execute("SELECT published_at, published_offset FROM articles").fetchall() == [
        ("2023-11-09T02:24:00+00:00", None)
    ]
    later = extract(
        EVENING, "https://paper.example/news/bridge-2", source="paper", fetched_at=FETCHED
    )
    later.body = later.body + ["A later paragraph makes this a different article from the first."]
    new_id = store_article(db, later, DedupSettings()).article_id
    assert db.execute(
        "SELECT published_offset FROM articles WHERE id = ?", [new_id]
    ).fetchone() == (-300,)
    db.close()


def offsets_read(db: Database) -> list[int | None]:
    return [copy.article.published_offset for _, copy in queries.articles(db)]


def test_a_connection_reads_the_columns_a_migration_adds_while_it_is_open(tmp_path: Path) -> None:
    """Readers keep a connection's columns between queries; a migration must not stale them."""
    path, _ = database_of_one_story(tmp_path)
    before_page_offsets(path)
    writer = open_db(path, migrate=False)
    reader = open_db(path, read_only=True)
    assert offsets_read(writer) == offsets_read(reader) == [None]
    apply_migrations(writer)  # by the writer's connection, while the reader's stays open
    later = extract(
        EVENING, "https://paper.example/news/bridge-2", source="paper", fetched_at=FETCHED
    )
    later.body = later.body + ["A later paragraph makes this a different article from the first."]
    store_article(writer, later, DedupSettings())
    # Both connections, the migrating one and the other, now read the new columns.
    assert offsets_read(writer) == offsets_read(reader) == [None, -300]
    writer.close()
    reader.close()


def test_show_gives_the_local_time_only_when_the_page_offset_is_not_utc(tmp_path: Path) -> None:
    db = open_db(tmp_path / "news.db")
    for name, published in (
        ("evening", "2023-11-08T21:24:00-05:00"),
        ("night", "2023-11-09T02:24:00+00:00"),
    ):
        article = extract(
            page(head=ld(datePublished=published)),
            f"https://{name}.example/news/bridge",
            source=name,
            fetched_at=FETCHED,
        )
        store_article(db, article, DedupSettings())
    story_id = db.execute("SELECT story_id FROM articles").fetchone()[0]
    assert db.execute("SELECT count(DISTINCT story_id) FROM articles").fetchone()[0] == 1
    db.close()
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "news.db"), "show", str(story_id)])
    assert result.exit_code == 0, result.output
    copies = [line for line in result.output.splitlines() if line.startswith("  [")]
    assert len(copies) == 2, result.output
    assert any(
        line.endswith("2023-11-09 02:24 UTC (local 2023-11-08 21:24-05:00)") for line in copies
    )
    assert any(line.endswith("2023-11-09 02:24 UTC") for line in copies), copies
    assert "+00:00" not in result.output
