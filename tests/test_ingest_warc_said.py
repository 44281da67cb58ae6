"""``ingest`` of WARC records carrying our own export's headers, where a header is not
taken as written, says so: two records of one URL, or of two URLs whose pages name one
canonical URL, naming two configured sources (``WARC-Newsagg-Source``) make one article,
under the source it was stored under first, the later record its newer reading, alike
whether the two are in one batch, in two files or in two runs, with a line naming the
later record's URL and both sources; hints (``WARC-Newsagg-Hints``) that do not read are
counted by why, in one line, and the page is stored without them. WARC files written here
byte by byte (WARC/1.1), a real SQLite file, the CLI in a child process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_store import sql_rows
from conftest import run_cli
from test_warc_export_headers import ARTICLE, NAMES_BANK, _config, _page

# No scope of the config holds its host (a feed-only source's page): each source's
# name in a record is taken.
URL = "https://feeds.example/story/1"


def _record(url: str, body: bytes, date: str, headers: dict[str, str], number: int) -> bytes:
    """One ``response`` record: an HTTP 200 of ``body`` as text/html, with ``headers``."""
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)
    ) + body
    named = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    head = (
        "WARC/1.1\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{number:012d}>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: {date}\r\n{named}"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


# The first reading, named bank; an hour later, edited, named lax: at the same URL, or at
# another (its print edition) whose page names the first's URL as its canonical URL.
NAMES_LAX = {**ARTICLE, "WARC-Newsagg-Source": "lax"}
FIRST = _record(URL, _page("Ferry returns"), "2026-11-05T10:00:00Z", NAMES_BANK, 1)
LATER = _record(URL, _page("Ferry returns", more=1), "2026-11-05T11:00:00Z", NAMES_LAX, 2)
PRINT_URL = "https://feeds.example/print/story-1"
LATER_PRINTED = _record(
    PRINT_URL,
    _page("Ferry returns", more=1, head=f'<link rel="canonical" href="{URL}">'),
    "2026-11-05T11:00:00Z",
    NAMES_LAX,
    2,
)


@pytest.mark.parametrize(
    ("later", "later_url"),
    [(LATER, URL), (LATER_PRINTED, PRINT_URL)],
    ids=["same URL", "same canonical URL"],
)
@pytest.mark.parametrize("how", ["one file", "two files", "two runs"])
def test_one_url_named_under_two_sources_is_one_article_under_the_first(
    tmp_path: Path, how: str, later: bytes, later_url: str
) -> None:
    config = _config(tmp_path)
    if how == "one file":
        warc = tmp_path / "pages.warc"
        warc.write_bytes(FIRST + later)
        runs = [[warc]]
    else:
        first, later_file = tmp_path / "1.warc", tmp_path / "2.warc"
        first.write_bytes(FIRST)
        later_file.write_bytes(later)
        runs = [[first, later_file]] if how == "two files" else [[first], [later_file]]
    results = [run_cli("--config", str(config), "ingest", *map(str, files)) for files in runs]

    assert [result.returncode for result in results] == [0] * len(runs)
    stored = sql_rows(
        tmp_path / "news.db",
        # (0): the paragraph the later reading adds
        "SELECT source, version, fetched_at, body_text LIKE '%(0)%' FROM articles",
    )
    # One article, under the source it was stored under first; the later record is its
    # newer reading: its text, its fetch time.
    assert stored == [("bank", 2, "2026-11-05T11:00:00+00:00", 1)]
    warnings = [line for result in results for line in result.stderr.splitlines()]
    said = (
        f"{later_url}: its WARC-Newsagg-Source 'lax' is not taken: its article is stored "
        "under 'bank' (a record never moves an article to another source)"
    )
    assert warnings == [f"warning: {runs[-1][-1]}: {said}"]


def test_hints_that_do_not_read_are_counted_by_why_and_the_pages_stored(
    tmp_path: Path,
) -> None:
    hints = [
        "{not json",
        '["Ann Lee"]',
        json.dumps({"published_at": "last Tuesday"}),
        json.dumps({"authors": ["Ann Lee"], "rank": 3}),  # a key no export writes
        json.dumps({"authors": ["Ben Ode"]}),  # reads
        "[" * 4000 + "]" * 4000,  # under 8 KB, nested past reading
        # Times that read, but lie past the last or before the first moment in UTC.
        json.dumps({"published_at": "9999-12-31T23:59:59-23:59"}),
        json.dumps({"updated_at": "0001-01-01T00:00:00+23:59"}),
    ]
    warc = tmp_path / "pages.warc"
    warc.write_bytes(
        b"".join(
            _record(
                f"https://feeds.example/story/{number}",
                _page(f"Ferry story {number}"),
                "2026-11-05T10:00:00Z",
                {**ARTICLE, "WARC-Newsagg-Hints": written},
                number,
            )
            for number, written in enumerate(hints)
        )
    )

    result = run_cli("--config", str(_config(tmp_path)), "ingest", str(warc))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{warc}: 8 new, 0 updated, 0 unchanged, 0 skipped\n"
    assert result.stderr == (
        f"warning: {warc}: WARC-Newsagg-Hints of 7 records not read whole (2 bad "
        "published_at, 1 bad updated_at, 1 nested too deep, 1 not JSON, 1 not a JSON "
        "object, 1 unknown key 'rank'): left off, their pages read all the same\n"
    )
    authors = dict(sql_rows(tmp_path / "news.db", "SELECT url, authors FROM articles"))
    # Beside a key no export writes, the others are read; an array naming the author is none.
    assert "Ann Lee" in authors["https://feeds.example/story/3"]
    assert "Ben Ode" in authors["https://feeds.example/story/4"]
    assert authors["https://feeds.example/story/1"] == "[]"
