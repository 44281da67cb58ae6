"""The QA pass of 2026-12-06 (/work/notes/s40): commands that could destroy or taint a
database, or took a bad value without a word.

Each test failed before its fix: ``export -o`` naming the database it reads wrote
JSON lines over it; ``migrate``, ``ingest`` and ``crawl`` added newsagg's tables to
another program's SQLite file; ``extract --url`` took any text as the page's address;
``status`` on a mistyped --db listed every source as healthy. Real SQLite files,
through the CLI.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from app.cli import cli
from storage.db import open_db

pytestmark = pytest.mark.timeout(240)

RECORD = {
    "url": "https://archive.example/2026/12/04/harbour-ferry",
    "headline": "Harbour ferry returns to service",
    "body": "The harbour ferry returned to service on Friday after a month of repairs.",
    "published": "2026-12-04T09:30:00+01:00",
}


def _invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), prog_name="aggregator")


@pytest.fixture
def stored_db(tmp_path: Path) -> Path:
    """A newsagg database holding one story (ingested), in WAL mode as a writer leaves it."""
    records = tmp_path / "one.jsonl"
    records.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    db = tmp_path / "news.db"
    result = _invoke("--db", str(db), "ingest", str(records))
    assert result.exit_code == 0, result.output
    return db


def _foreign_database(path: Path) -> Path:
    """Another program's SQLite file: one table of its own."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.execute("INSERT INTO t VALUES ('kept')")
    conn.close()
    return path


# --- export -o naming the database it reads -------------------------------------------


def _spellings(db: Path) -> dict[str, tuple[Path, Path]]:
    """Each way of naming the database (or a file SQLite keeps beside it), with the file
    it names."""
    folder = db.parent
    (folder / "sub").mkdir()
    link = folder / "link.jsonl"
    link.symlink_to(db)
    hard = folder / "hard.jsonl"
    os.link(db, hard)
    return {
        "the path": (db, db),
        "through ..": (folder / "sub" / ".." / db.name, db),
        "a symlink": (link, db),
        "a hard link": (hard, db),
        "the -wal": (folder / f"{db.name}-wal", folder / f"{db.name}-wal"),
        "the -shm": (folder / f"{db.name}-shm", folder / f"{db.name}-shm"),
        "the -journal": (folder / f"{db.name}-journal", folder / f"{db.name}-journal"),
    }


SPELLINGS = ["the path", "through ..", "a symlink", "a hard link", "the -wal", "the -shm",
             "the -journal"]  # fmt: skip


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_export_refuses_to_write_over_the_database_it_reads(
    stored_db: Path, spelling: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--db news.db export -o news.db` exited 0 and left JSON lines where the database
    was; the next reader said "file is not a database"."""
    output, named = _spellings(stored_db)[spelling]
    # A relative spelling is the current folder's, as the operator typed it.
    monkeypatch.chdir(stored_db.parent)
    before = {p: p.read_bytes() for p in stored_db.parent.iterdir() if p.is_file()}
    result = _invoke("--db", str(stored_db), "export", "-o", str(output))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert str(output) in lines[0] and str(stored_db) in lines[0]
    assert "would destroy the database" in lines[0]
    if named != stored_db:
        assert named.name in lines[0]
    assert {p: p.read_bytes() for p in stored_db.parent.iterdir() if p.is_file()} == before
    assert not named.exists() or named.name in {p.name for p in before}
    shown = _invoke("--db", str(stored_db), "stories", "--json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)[0]["headline"] == RECORD["headline"]


def test_export_still_writes_a_file_beside_the_database(stored_db: Path) -> None:
    output = stored_db.parent / "news.db.jsonl"  # a name that starts like the database's
    result = _invoke("--db", str(stored_db), "export", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert json.loads(output.read_text(encoding="utf-8"))["headline"] == RECORD["headline"]


def test_crawl_report_refuses_the_database(stored_db: Path) -> None:
    """`crawl --report` (the worker's file for a run's report) is the other option that
    names a file a command writes."""
    before = stored_db.read_bytes()
    result = _invoke(
        "--db", str(stored_db), "crawl", "wirewire", "--stream", "k", "--report", str(stored_db)
    )
    assert result.exit_code == 2
    assert "would destroy the database" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert stored_db.read_bytes() == before


# --- writers on another program's SQLite file -----------------------------------------

FOREIGN = "is not a newsagg database: it holds another program's tables (1: t)"


@pytest.mark.parametrize("command", ["migrate", "ingest", "crawl"])
def test_a_writer_refuses_another_programs_sqlite_file(tmp_path: Path, command: str) -> None:
    """`migrate`, `ingest` and `crawl` added newsagg's 30 tables beside table t."""
    db = _foreign_database(tmp_path / "other.db")
    records = tmp_path / "one.jsonl"
    records.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    before = db.read_bytes()
    args = {"migrate": ["migrate"], "ingest": ["ingest", str(records)], "crawl": ["crawl", "--all"]}
    result = _invoke("--db", str(db), *args[command])
    assert result.exit_code == 1
    assert f"error: {db} {FOREIGN}; name a new file or a newsagg database\n" in result.stderr
    assert db.read_bytes() == before
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["t"]
    conn.close()


@pytest.mark.parametrize("kind", ["new", "empty file"])
def test_migrate_still_creates_a_new_or_empty_database(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "news.db"
    if kind == "empty file":
        db.touch()
    result = _invoke("--db", str(db), "migrate")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{db}: applied m001")
    assert _invoke("--db", str(db), "stories").exit_code == 0


def test_a_reader_names_what_the_foreign_file_holds(tmp_path: Path) -> None:
    """A reader said "'aggregator migrate' creates them in a new or empty file", which
    migrate then did to another program's file."""
    db = _foreign_database(tmp_path / "other.db")
    result = _invoke("--db", str(db), "stories")
    assert result.exit_code == 1
    assert result.stderr == f"error: {db} {FOREIGN}; name a new file or a newsagg database\n"
    assert "migrate" not in result.stderr


def test_the_open_function_refuses_it_too(tmp_path: Path) -> None:
    """The daemon, the cluster's writer and the alerts open through storage.db.open_db."""
    from storage.db import DatabaseError

    db = _foreign_database(tmp_path / "other.db")
    with pytest.raises(DatabaseError, match="not a newsagg database"):
        open_db(db)


# --- extract --url --------------------------------------------------------------------

PAGE = (
    "<html><head><title>Harbour ferry returns</title></head><body><article>"
    "<h1>Harbour ferry returns to service</h1>"
    "<p>The harbour ferry returned to service on Friday after a month of repairs to its "
    "hull, the port authority said.</p><p>Passengers queued from early morning.</p>"
    "<a href='/2026/12/03/ferry-repairs'>Ferry repairs begin</a></article></body></html>"
)


@pytest.mark.parametrize(
    "url", ["example.com/news/story", "https://", "ftp://example.com/a", "/news/story", " "]
)
def test_extract_refuses_a_url_that_is_no_address(tmp_path: Path, url: str) -> None:
    """`extract a.html --url example.com/news/story` stored canonical_url
    "example.com/news/story" and image "/wp-content/…"; `--url https://` gave
    "https:///2026/…"."""
    page = tmp_path / "a.html"
    page.write_text(PAGE, encoding="utf-8")
    result = _invoke("extract", str(page), "--url", url)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: Invalid value for --url: ")
    assert "expected an absolute http(s) URL" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_extract_reads_the_page_against_a_good_url(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(PAGE, encoding="utf-8")
    result = _invoke("extract", str(page), "--url", " https://example.com/news/story ")
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert article["canonical_url"] == "https://example.com/news/story"


# --- status on a mistyped --db ---------------------------------------------------------


def test_status_says_a_mistyped_db_is_no_database(tmp_path: Path) -> None:
    """`--db missing.db status` exited 0 listing every source "never … due now"."""
    missing = tmp_path / "typo" / "news.db"
    reader = _invoke("--db", str(missing), "stories")
    result = _invoke("--db", str(missing), "status")
    assert result.exit_code == reader.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == reader.stderr == f"error: no database at {missing}\n"
    assert not missing.parent.exists()


def test_status_reads_an_existing_db(stored_db: Path) -> None:
    result = _invoke("--db", str(stored_db), "status")
    assert result.exit_code == 0, result.output
    assert "wirewire" in result.stdout


# --- ingest: a record's relative date --------------------------------------------------

RELATIVE = "is relative (to when it is read, not to when it was written); give an absolute time"


def _ingest(tmp_path: Path, *records: dict[str, object]) -> tuple[click.testing.Result, Path]:
    lines = tmp_path / "records.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "news.db"
    return _invoke("--db", str(db), "ingest", str(lines)), db


def _stored_articles(db: Path) -> list[dict[str, object]]:
    result = _invoke("--db", str(db), "export", "--articles")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize(
    "written", ["3 hours ago", "yesterday", "2 days ago", "vor 2 Stunden", "il y a 3 jours"]
)
def test_ingest_drops_a_relative_published_time(tmp_path: Path, written: str) -> None:
    """ "published": "3 hours ago" was stored as the ingest's clock less 3 hours: for a
    backfill, no time of the article's."""
    result, db = _ingest(tmp_path, {**RECORD, "published": written})
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: {tmp_path / 'records.jsonl'}:1: field 'published' = {written!r} "
        f"{RELATIVE}: stored without a published time"
    ]
    [article] = _stored_articles(db)
    assert article["published_at"] is None
    assert article["body"] == [RECORD["body"]]


def test_ingest_drops_a_relative_updated_time_and_keeps_the_published(tmp_path: Path) -> None:
    result, db = _ingest(tmp_path, {**RECORD, "updated": "2 hours ago"})
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: {tmp_path / 'records.jsonl'}:1: field 'updated' = '2 hours ago' "
        f"{RELATIVE}: stored without an updated time"
    ]
    [article] = _stored_articles(db)
    assert article["updated_at"] is None
    assert article["published_at"] == "2026-12-04T08:30:00+00:00"


# --- ingest: trafilatura's and news-please's records -----------------------------------

COURIER_PAGE = """<html lang="en"><head><title>Harbour ferry returns | The Courier</title>
<meta name="author" content="Jane Doe; John Roe">
<meta property="og:site_name" content="The Courier">
<meta name="description" content="The ferry is back after a month.">
<meta property="article:published_time" content="2026-12-04T09:30:00+01:00">
<meta property="og:image" content="https://courier.example/img/ferry.jpg">
<meta property="article:tag" content="ferries"><meta property="article:tag" content="harbour">
</head><body><article><h1>Harbour ferry returns to service</h1>
<p>The harbour ferry returned to service on Friday after a month of repairs to its hull,
the port authority said in a statement.</p>
<p>Passengers queued from early morning to board the first crossing of the day, which left
on time.</p>
<p>The authority said the repairs had cost less than expected and that the timetable would
return to normal.</p></article></body></html>"""


def test_ingest_reads_a_trafilatura_record(tmp_path: Path) -> None:
    """trafilatura's own JSON output was skipped: "field 'url' must be an http(s) URL, got
    ''" (its URL is 'source'), then "field 'body' is empty" (its body is 'text'); its
    title, author and date were never read."""
    trafilatura = pytest.importorskip("trafilatura")
    url = "https://courier.example/2026/12/04/ferry"
    output = trafilatura.extract(COURIER_PAGE, output_format="json", with_metadata=True, url=url)
    record = json.loads(output)
    assert "url" not in record and "body" not in record  # its own names, read as such
    result, db = _ingest(tmp_path, record)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    [article] = _stored_articles(db)
    assert article["url"] == url and article["source"] == "The Courier"  # its site
    assert article["headline"] == "Harbour ferry returns to service"
    assert article["authors"] == ["Jane Doe", "John Roe"]
    assert article["published_at"] == "2026-12-04T00:00:00+00:00"
    assert article["site_name"] == "The Courier"
    assert article["standfirst"] == "The ferry is back after a month."
    assert article["image_url"] == "https://courier.example/img/ferry.jpg"
    assert article["tags"] == ["ferries", "harbour"]
    assert article["body"][-1].startswith("The authority said the repairs had cost less")


NEWS_PLEASE_RECORD = {  # NewsArticle.get_serializable_dict(): dates as str(), None as 'None'
    "authors": ["Jane Doe"],
    "date_download": "2026-12-05 10:00:00",
    "date_modify": "None",
    "date_publish": "2026-12-04 09:30:00",
    "description": "The ferry is back after a month.",
    "filename": "https%3A%2F%2Fcourier.example%2F2026%2F12%2F04%2Fferry.json",
    "image_url": "https://courier.example/img/ferry.jpg",
    "language": "en",
    "localpath": None,
    "maintext": "The harbour ferry returned to service on Friday.\nPassengers queued early.",
    "source_domain": "courier.example",
    "text": None,
    "title": "Harbour ferry returns to service",
    "title_page": "Harbour ferry returns | The Courier",
    "title_rss": None,
    "url": "https://courier.example/2026/12/04/ferry",
}


def test_ingest_reads_a_news_please_record(tmp_path: Path) -> None:
    """news-please's maintext, title and date_publish were never read: "field 'body' is
    empty"."""
    result, db = _ingest(tmp_path, NEWS_PLEASE_RECORD)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    [article] = _stored_articles(db)
    assert article["headline"] == "Harbour ferry returns to service"
    assert article["body"] == [
        "The harbour ferry returned to service on Friday.",
        "Passengers queued early.",
    ]
    assert article["published_at"] == "2026-12-04T09:30:00+00:00"
    assert article["updated_at"] is None
    assert article["standfirst"] == "The ferry is back after a month."
    assert (article["authors"], article["site_name"]) == (["Jane Doe"], "courier.example")
    assert article["language"] == "en"


def test_ingest_two_names_of_a_field_that_differ_are_noted(tmp_path: Path) -> None:
    result, db = _ingest(tmp_path, {**RECORD, "title": "Another headline"})
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: {tmp_path / 'records.jsonl'}:1: fields 'title' and 'headline' differ: "
        "stored without either"
    ]
    assert _stored_articles(db)[0]["headline"] == ""


@pytest.mark.parametrize(
    ("missing", "says"),
    [
        ("url", "no 'url' field (nor 'source' holding the page's URL, as trafilatura's)"),
        ("body", "no 'body' field (nor 'text' or 'maintext')"),
    ],
)
def test_ingest_names_a_missing_required_field(tmp_path: Path, missing: str, says: str) -> None:
    """A record without 'url' said "field 'url' must be an http(s) URL, got ''"; without
    'body', "field 'body' is empty"."""
    record = {k: v for k, v in RECORD.items() if k != missing}
    result, _ = _ingest(tmp_path, record)
    assert result.exit_code == 1
    assert result.stderr == f"warning: {tmp_path / 'records.jsonl'}:1: skipped: {says}\n"


# --- minor findings --------------------------------------------------------------------


def test_db_naming_a_folder_gets_the_documented_line(tmp_path: Path) -> None:
    """docs/configuration.md promises "database PATH is a directory; name a file in it"
    (what a ``database:`` key naming a folder gets); --db said click's "File '…' is a
    directory."."""
    result = _invoke("--db", str(tmp_path), "stories")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: Invalid value for '--db': database {tmp_path} is a directory; "
        "name a file in it (see 'aggregator --help')\n"
    )


def test_show_says_what_an_id_is(stored_db: Path) -> None:
    """`show abc` said "'abc' is not a valid integer range."."""
    result = _invoke("--db", str(stored_db), "show", "abc")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Invalid value for 'STORY_ID': 'abc' is not a story id: the number at the "
        "start of a line of 'stories' or 'search' (see 'aggregator show --help')\n"
    )
    assert _invoke("--db", str(stored_db), "show", "1").exit_code == 0


def test_since_a_too_long_duration_says_so(stored_db: Path) -> None:
    """`--since 99999d` said "is neither a duration (24h, 7d) nor an ISO date"."""
    result = _invoke("--db", str(stored_db), "stories", "--since", "99999d")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: Invalid value for --since: '99999d' is too long a duration (expected a "
        "duration of at most 3660d) (see 'aggregator stories --help')\n"
    )
    assert _invoke("--db", str(stored_db), "stories", "--since", "3660d").exit_code == 0


def test_extract_explain_rows_are_aligned(tmp_path: Path) -> None:
    """published_offset, updated_offset and published_local were longer than the name
    column and shifted their rows' values."""
    page = tmp_path / "a.html"
    page.write_text(
        PAGE.replace(
            "<title>",
            '<meta property="article:published_time" content="2026-12-04T09:30:00+01:00"><title>',
        ),
        encoding="utf-8",
    )
    result = _invoke("extract", str(page), "--url", "https://example.com/n/1", "--explain")
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    names = {row.split()[0] for row in rows}
    assert {"published_offset", "published_local", "headline"} <= names
    # Every value starts in one column: after the name's and the rule's.
    starts = {re.match(r"\S+\s+(?:\[[^\]]*\]\s+)?", row).end() for row in rows}  # type: ignore[union-attr]
    assert len(starts) == 1


def test_demo_outside_the_repository_hints_at_print_config(tmp_path: Path) -> None:
    """`aggregator demo` where no config.yaml is said only "config file not found"."""
    missing = tmp_path / "config.yaml"
    result = _invoke("--config", str(missing), "demo")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {missing}: config file not found; 'aggregator demo --print-config > "
        f"{missing}' writes the demo network's\n"
    )
