"""`aggregator ingest` keeps every field of the schema, and an export ingests whole.

A media researcher's walkthrough (2026-12-05) found that ingest kept only url, site,
headline, byline, body and published, so an `export --articles --format jsonl` lost
the standfirst, the authors and credits as split, the offsets, the tags … when
ingested into another database. Each test here failed before the fix but the one
that pins the old minimal records (it pins that they read as before). Real JSON-lines
files, real SQLite databases, through the CLI.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from aggregator.schema import Article
from app.cli import cli

pytestmark = pytest.mark.timeout(240)

ARTICLE_FIELDS = [f.name for f in dataclasses.fields(Article)]
# What an export adds of the reader's: the receiving database decides these itself.
READER_COLUMNS = {"story_id", "event_id", "article_id", "first_seen_at", "versions"}

# Every field of the schema, as an export writes it.
RICH = {
    "url": "https://harbour.example/news/kestrel-point-reopens",
    "canonical_url": "https://harbour.example/news/kestrel-point-reopens",
    "source": "harbour-archive",
    "headline": "Kestrel Point ferry reopens after dredging",
    "body": [
        "The ferry at Kestrel Point reopened on Thursday after a month of dredging.",
        "The harbour authority said the channel was now deep enough at low tide.",
    ],
    "fetched_at": "2026-12-03T10:00:00+00:00",
    "site_name": "Harbour Gazette",
    "standfirst": "The silted channel is clear again, the authority says.",
    "authors": ["Ann Lee"],
    "credits": ["Reuters"],
    "byline_raw": "By Ann Lee, with Reuters",
    "published_at": "2026-12-03T06:15:00+00:00",
    "updated_at": "2026-12-03T08:00:00+00:00",
    "related": [
        {"url": "https://harbour.example/news/silt-closes-channel", "text": "Silt closes channel"}
    ],
    "language": "en",
    "section": "Local",
    "tags": ["ferries", "Kestrel Point"],
    "image_url": "https://harbour.example/img/kestrel.jpg",
    "paywalled": True,
    "is_based_on": "https://wire.example/2026/12/03/kestrel",
    "provenance": {"all": "ingest"},
    "published_offset": 60,
    "updated_offset": 60,
}


def _run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], prog_name="aggregator")


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _ingest(db: Path, path: Path) -> Result:
    return _run(db, "ingest", str(path))


def _export(db: Path) -> list[dict[str, Any]]:
    result = _run(db, "export", "--articles", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def _export_to(db: Path, path: Path) -> Path:
    result = _run(db, "export", "--articles", "--format", "jsonl", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def _fields(row: dict[str, Any]) -> dict[str, Any]:
    return {name: row[name] for name in ARTICLE_FIELDS}


def _partition(rows: list[dict[str, Any]], key: str) -> set[frozenset[str]]:
    groups: dict[Any, set[str]] = {}
    for row in rows:
        groups.setdefault(row[key], set()).add(row["url"])
    return {frozenset(urls) for urls in groups.values()}


def test_a_record_with_every_field_is_stored_whole(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    assert _ingest(db, _write(tmp_path / "rich.jsonl", [RICH])).exit_code == 0
    [row] = _export(db)
    assert _fields(row) == RICH
    assert row["published_local"] == "2026-12-03T07:15:00+01:00"
    shown = _run(db, "show", str(row["story_id"]))
    assert "(local 2026-12-03 07:15+01:00)" in shown.output
    assert "by Ann Lee, Reuters" in shown.output


def test_an_export_ingested_into_a_fresh_database_exports_the_same_articles(
    demo_run,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """Database A crawled from real pages (the demo network); its export ingested into B:
    B's export holds the same articles, stories and events. Provenance reads ``ingest``
    in B (the rule that produced each value in A is A's)."""
    exported_a = _export_to(demo_run.db, tmp_path / "a.jsonl")
    rows_a = [json.loads(line) for line in exported_a.read_text(encoding="utf-8").splitlines()]
    db_b = tmp_path / "b.db"
    result = _ingest(db_b, exported_a)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    rows_b = _export(db_b)
    assert len(rows_b) == len(rows_a) > 20
    for a, b in zip(rows_a, rows_b, strict=True):
        assert b["provenance"] == {"all": "ingest"}
        assert {**_fields(a), "provenance": None} == {**_fields(b), "provenance": None}
        assert b["byline_flag"] == a["byline_flag"]
    assert _partition(rows_b, "story_id") == _partition(rows_a, "story_id")
    assert _partition(rows_b, "event_id") == _partition(rows_a, "event_id")
    assert any(a["published_offset"] not in (None, 0) for a in rows_a)  # offsets carried
    assert any(a["related"] for a in rows_a) and any(a["standfirst"] for a in rows_a)


def test_a_second_round_trip_changes_nothing(tmp_path: Path) -> None:
    """Ingest, export, ingest the export into a fresh database, export: equal records but
    for the reader's first-seen time."""
    db_a, db_b = tmp_path / "a.db", tmp_path / "b.db"
    records = [RICH, {**RICH, "url": RICH["url"] + "-copy", "canonical_url": None}]
    assert _ingest(db_a, _write(tmp_path / "rich.jsonl", records)).exit_code == 0
    exported = _export_to(db_a, tmp_path / "a.jsonl")
    assert _ingest(db_b, exported).exit_code == 0
    rows_a = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    rows_b = _export(db_b)
    assert len(rows_a) == 2
    for a, b in zip(rows_a, rows_b, strict=True):
        assert {**a, "first_seen_at": None} == {**b, "first_seen_at": None}


def test_old_minimal_records_read_as_before(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    records = [
        {
            "url": "https://echo.example/fares?utm_source=feed",
            "site": "Westhaven Echo",
            "headline": "Tram fares rise in January",
            "byline": "Owen Pryce and Reuters",
            "body": "Fares rise by ten pence.\n\nThe council agreed it on Monday.",
            "published": "2026-12-01T09:30:00",
            "extra": "ignored",
        },
        {
            "url": "https://herald.example/strike",
            "headline": "Tram drivers vote to strike",
            "byline": ["Lena Ruiz", "Sam Holt"],
            "body": ["Drivers voted on Tuesday.", "The strike starts next week."],
        },
    ]
    assert _ingest(db, _write(tmp_path / "old.jsonl", records)).exit_code == 0
    fares, strike = _export(db)
    assert fares["canonical_url"] == "https://echo.example/fares"
    assert (fares["source"], fares["site_name"]) == ("Westhaven Echo", "Westhaven Echo")
    assert (fares["authors"], fares["credits"]) == (["Owen Pryce"], ["Reuters"])
    assert fares["byline_raw"] == "Owen Pryce and Reuters"
    assert fares["published_at"] == "2026-12-01T09:30:00+00:00"
    assert fares["published_offset"] is None and fares["published_local"] is None
    assert fares["body"] == ["Fares rise by ten pence.", "The council agreed it on Monday."]
    assert fares["provenance"] == {"all": "ingest"}
    assert (strike["source"], strike["site_name"]) == ("herald.example", "herald.example")
    assert strike["authors"] == ["Lena Ruiz", "Sam Holt"]
    assert strike["byline_raw"] == "Lena Ruiz, Sam Holt"
    for row in (fares, strike):
        assert row["standfirst"] is None and row["updated_at"] is None
        assert (row["tags"], row["related"], row["paywalled"]) == ([], [], False)
        assert row["image_url"] is None and row["is_based_on"] is None


def test_times_keep_the_offset_they_are_written_in(tmp_path: Path) -> None:
    """The short names too; an update not after publication is none, and said so."""
    db = tmp_path / "news.db"
    base = {"headline": "Tram fares rise", "body": "Fares rise by ten pence."}
    records = [
        {**base, "url": "https://a.example/1", "published": "2026-12-03T07:15:00+01:00",
         "updated": "2026-12-03T09:45:00+01:00"},
        {**base, "url": "https://b.example/1", "published_at": "2026-12-03T07:15:00-05:00",
         "updated_at": "2026-12-03T07:00:00-05:00"},
        {**base, "url": "https://c.example/1", "published_at": "2026-12-03T07:15:00Z"},
    ]  # fmt: skip
    result = _ingest(db, _write(tmp_path / "times.jsonl", records))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: {tmp_path / 'times.jsonl'}:2: field 'updated_at' = "
        "'2026-12-03T07:00:00-05:00' is not a date after the published time: "
        "stored without an updated time"
    ]
    paris, boston, utc = _export(db)
    assert (paris["published_at"], paris["published_offset"]) == ("2026-12-03T06:15:00+00:00", 60)
    assert (paris["updated_at"], paris["updated_offset"]) == ("2026-12-03T08:45:00+00:00", 60)
    assert paris["updated_local"] == "2026-12-03T09:45:00+01:00"
    assert (boston["published_offset"], boston["updated_at"]) == (-300, None)
    assert boston["published_local"] == "2026-12-03T07:15:00-05:00"
    assert (utc["published_offset"], utc["published_local"]) == (0, "2026-12-03T07:15:00+00:00")


def test_a_canonical_url_is_canonicalised_and_kept_on_its_own_site(tmp_path: Path) -> None:
    """Never trusted blindly: the canonical URL is the article's identity in storage,
    so one on another site is kept as ``is_based_on``, as the parser keeps a page's."""
    db = tmp_path / "news.db"
    base = {"headline": "Tram fares rise", "body": "Fares rise by ten pence."}
    records = [
        {**base, "url": "https://echo.example/fares?id=7",
         "canonical_url": "HTTPS://Echo.Example:443/fares?utm_medium=x#top"},
        {**base, "url": "https://copy.example/fares", "body": "Other text of the copy.",
         "canonical_url": "https://echo.example/fares"},
    ]  # fmt: skip
    assert _ingest(db, _write(tmp_path / "canonical.jsonl", records)).exit_code == 0
    own, copy = _export(db)
    assert own["canonical_url"] == "https://echo.example/fares"
    assert own["is_based_on"] is None
    assert copy["canonical_url"] == "https://copy.example/fares"
    assert copy["is_based_on"] == "https://echo.example/fares"


BAD_FIELDS = [
    ({"standfirst": 5}, "'standfirst'"),
    ({"authors": "Ann Lee"}, "'authors'"),
    ({"credits": [1]}, "'credits'"),
    ({"tags": "ferries"}, "'tags'"),
    ({"language": ["en"]}, "'language'"),
    ({"paywalled": "yes"}, "'paywalled'"),
    ({"published_offset": "+01:00", "published": "2026-12-03T07:15"}, "'published_offset'"),
    ({"fetched_at": "yesterday"}, "'fetched_at'"),
    ({"canonical_url": "ftp://echo.example/fares"}, "'canonical_url'"),
    ({"canonical_url": 7}, "'canonical_url'"),
    ({"is_based_on": "javascript:alert(1)"}, "'is_based_on'"),
    ({"image_url": ["a.jpg"]}, "'image_url'"),
    ({"related": "https://echo.example/x"}, "'related'"),
    ({"related": [{"url": "mailto:desk@echo.example", "text": "Write to us"}]}, "'related'"),
    ({"byline": "Ann Lee", "byline_raw": "Sam Holt"}, "'byline' and 'byline_raw'"),
    ({"published": "2026-12-03", "published_at": "2026-12-04"}, "'published' and 'published_at'"),
]


def test_each_bad_field_is_one_line_and_the_rest_of_the_file_is_stored(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    good = {"headline": "Tram fares rise", "body": "Fares rise by ten pence."}
    records = [{**good, "url": "https://echo.example/first"}]
    records += [
        {**good, **bad, "url": f"https://echo.example/bad/{n}"}
        for n, (bad, _) in enumerate(BAD_FIELDS)
    ]
    records.append({**good, "url": "https://echo.example/last", "standfirst": "Ten pence more."})
    path = _write(tmp_path / "bad.jsonl", records)
    result = _ingest(db, path)
    assert result.exit_code == 1
    warnings = result.stderr.splitlines()
    assert len(warnings) == len(BAD_FIELDS)
    for number, (warning, (_, named)) in enumerate(zip(warnings, BAD_FIELDS, strict=True), 2):
        assert warning.startswith(f"warning: {path}:{number}: skipped: "), warning
        assert named in warning, warning
    first, last = _export(db)
    assert (first["url"], last["url"]) == (
        "https://echo.example/first",
        "https://echo.example/last",
    )
    assert last["standfirst"] == "Ten pence more."
