"""``ingest`` of WARC records carrying the headers of newsagg's own ``export --format
warc`` that no export of this store wrote (another store's, or made by hand): the source
a record names (``WARC-Newsagg-Source``) is taken only where it may hold the URL, its
size and robots rules are that source's, its ``deny`` rules still apply, and a header
never moves a stored article to another source. Real WARC files (warcio), a real SQLite
file, through the CLI."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest
from cli_store import sql_rows, write_config
from conftest import run_cli
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PARAGRAPHS = [
    "The night ferry to the outer islands will sail again from December, the harbour "
    "board said, after a summer in which the crossing ran only in daylight.",
    "Islanders had asked for the late sailing back since spring, when the last boat of "
    "the day moved to six in the evening and left commuters stranded on the mainland.",
    "The board said the crossing would run four nights a week until March, with a fifth "
    "night added over the holidays if bookings allow it.",
]
ARTICLE = {"WARC-Newsagg-Article": "1"}
NAMES_BANK = {**ARTICLE, "WARC-Newsagg-Source": "bank"}
LIMIT = 20000


def _page(headline: str, more: int = 0, head: str = "") -> bytes:
    paragraphs = PARAGRAPHS + [f"{PARAGRAPHS[i % 3]} ({i})" for i in range(more)]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{headline}</title>{head}</head><body><main><article><h1>{headline}</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></main></body></html>"
    ).encode()


def _warc(path: Path, url: str, body: bytes, headers: dict[str, str], date: str) -> Path:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": date, **headers},
        )
        writer.write_record(record)
    return path


def _config(tmp_path: Path) -> Path:
    bank = {
        "name": "bank",
        "start_pages": ["https://bank.example/"],
        "link_rules": {"deny": ["/private/"]},
        "limits": {"max_page_bytes": LIMIT},
    }
    lax = {
        "name": "lax",
        "start_pages": ["https://lax.example/"],
        "politeness": {"obey_robots_meta": False},
    }
    return write_config(
        tmp_path / "config.yaml", tmp_path / "news.db", [bank, lax], keep_pages=False
    )


def _ingest(tmp_path: Path, warc: Path) -> str:
    result = run_cli("--config", str(_config(tmp_path)), "ingest", str(warc))
    assert result.returncode == 0, result.stderr
    return result.stdout


def _stored(tmp_path: Path) -> list[tuple[Any, ...]]:
    return sql_rows(
        tmp_path / "news.db",
        "SELECT source, url FROM articles WHERE replaced_at IS NULL ORDER BY url",
    )


def test_a_named_source_of_a_url_no_scope_holds_keeps_its_size_limit(tmp_path: Path) -> None:
    big = _page("Ferry returns to the islands", more=150)
    assert len(big) > LIMIT
    warc = _warc(
        tmp_path / "a.warc.gz", "https://evil.example/a/1", big, NAMES_BANK, "2026-11-05T10:00:00Z"
    )
    assert "1 skipped (1 too large)" in _ingest(tmp_path, warc)
    assert _stored(tmp_path) == []


def test_the_article_header_does_not_pass_its_sources_deny_rule(tmp_path: Path) -> None:
    url = "https://bank.example/private/ledger"
    warc = _warc(
        tmp_path / "a.warc.gz", url, _page("Ferry returns"), ARTICLE, "2026-11-05T10:00:00Z"
    )
    assert "1 skipped (1 not an article URL)" in _ingest(tmp_path, warc)
    assert _stored(tmp_path) == []


def test_a_source_named_for_another_sources_url_is_not_taken(tmp_path: Path) -> None:
    url = "https://lax.example/news/2026/11/05/ferry-returns"
    noindex = _page("Ferry returns", head='<meta name="robots" content="noindex">')
    warc = _warc(tmp_path / "a.warc.gz", url, noindex, NAMES_BANK, "2026-11-05T10:00:00Z")
    assert "1 new" in _ingest(tmp_path, warc)  # lax's rules: robots meta not obeyed
    assert _stored(tmp_path) == [("lax", url)]


def test_a_later_record_does_not_move_a_stored_article_by_its_header(tmp_path: Path) -> None:
    for host, name in (("lax.example", "lax"), ("elsewhere.example", "elsewhere.example")):
        url = f"https://{host}/news/2026/11/05/ferry-story"
        first = _warc(
            tmp_path / "1.warc.gz", url, _page("Ferry returns"), {}, "2026-11-05T10:00:00Z"
        )
        _ingest(tmp_path, first)
        later = _page("Ferry returns to the islands tonight", more=1)
        second = _warc(tmp_path / "2.warc.gz", url, later, NAMES_BANK, "2026-11-06T10:00:00Z")
        assert "1 updated" in _ingest(tmp_path, second)
        assert (name, url) in _stored(tmp_path)
        assert "bank" not in {source for source, _ in _stored(tmp_path)}


def test_a_named_source_is_taken_where_no_configured_scope_holds_the_url(tmp_path: Path) -> None:
    url = "https://feeds.example/a/12345"  # a feed-only source's page: no scope names it
    warc = _warc(
        tmp_path / "a.warc.gz", url, _page("Ferry returns"), NAMES_BANK, "2026-11-05T10:00:00Z"
    )
    assert "1 new" in _ingest(tmp_path, warc)
    assert _stored(tmp_path) == [("bank", url)]


def _two_records(path: Path, hints: str, *, whole: bool) -> Path:
    """A record whose hints do not read, then a good one: gzipped a member a record, or
    the file gzipped whole (``gzip pages.warc``)."""
    raw = io.BytesIO()
    writer = WARCWriter(raw, gzip=not whole)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    for number, headers in enumerate(({**ARTICLE, "WARC-Newsagg-Hints": hints}, ARTICLE)):
        body = _page(f"Ferry returns, part {number + 1}")
        url = f"https://feeds.example/story/{number + 1}"
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2026-11-05T10:00:00Z", **headers},
        )
        writer.write_record(record)
    path.write_bytes(gzip.compress(raw.getvalue()) if whole else raw.getvalue())
    return path


@pytest.mark.parametrize("whole", [False, True])
@pytest.mark.parametrize(
    ("hints", "why"),
    [
        ("[" * 100_000 + "]" * 100_000, "over 8192 characters"),
        (json.dumps({"title": "T" * 100_000}), "over 8192 characters"),
        ("{not json", "not JSON"),
    ],
    ids=["nested", "huge", "broken"],
)
def test_hints_that_do_not_read_are_left_off_and_the_page_kept(
    tmp_path: Path, hints: str, why: str, whole: bool
) -> None:
    warc = _two_records(tmp_path / "a.warc.gz", hints, whole=whole)
    result = run_cli("--db", str(tmp_path / "news.db"), "ingest", str(warc))
    assert (result.returncode, result.stderr) == (
        0,
        f"warning: {warc}: WARC-Newsagg-Hints of 1 record not read whole (1 {why}): left off, "
        "its page read all the same\n",
    )
    assert result.stdout.startswith(f"{warc}: 2 new, 0 updated, 0 unchanged"), result.stdout
    titles = [
        row[0]
        for row in sql_rows(tmp_path / "news.db", "SELECT headline FROM articles ORDER BY url")
    ]
    assert titles == ["Ferry returns, part 1", "Ferry returns, part 2"]
