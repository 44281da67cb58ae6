"""``aggregator ingest`` of WARC files and saved pages, review 49b: a WARC gzipped whole,
pages a crawl of their source would not fetch, an older record after a newer one, saved
pages named by the parser's canonical rules, one bad FILE among several, what else a
folder holds, articles split over pages, per-source page limits, one name for a site of
no configured source, and a binary file that is no input. WARC files are written in the
test with warcio's writer, of the demo network's real pages; nothing is fetched."""

from __future__ import annotations

import gzip
import io
import json
import os
import zipfile
from pathlib import Path

from sqlite_utils import Database
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from app.demo import outlet_base_url
from tests.test_ingest_warc import (
    COPY,
    ISLAND_COPY,
    ORIGINAL,
    PORT,
    _aggregator,
    _articles,
    _host,
    _mixed_warc,
    _page,
    _url,
)

METRO = outlet_base_url("metroherald", PORT, _host("metroherald"))
METRO_SOURCE = f"sources:\n  - name: metro\n    feeds: ['{METRO}/feed.xml']\n"


def _record(writer: WARCWriter, url: str, body: bytes, date: str = "2019-01-18T09:30:00Z") -> None:
    http = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    writer.write_record(
        writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )
    )


def _warc(path: Path, *records: tuple[str, bytes] | tuple[str, bytes, str]) -> Path:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        for record in records:
            _record(writer, *record)
    return path


def test_a_warc_gzipped_whole_is_read_through(tmp_path: Path) -> None:
    """``gzip crawl.warc``: warcio's offset went below 0 and the command ended in a traceback."""
    plain = tmp_path / "crawl.warc"
    _mixed_warc(plain, gzip_members=False)
    whole = tmp_path / "crawl.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    result = _aggregator(tmp_path, "ingest", str(whole))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{whole}: 2 new, 0 updated, 0 unchanged, 4 skipped "
        "(1 not 200, 1 not HTML, 1 not a response, 1 revisit)\n"
    )
    assert result.stderr == ""

    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) * 2 // 3])
    result = _aggregator(tmp_path, "ingest", str(cut))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"warning: {cut}: offset ") and "warcio recompress" in lines[0]


def test_a_page_its_sources_crawl_would_not_fetch_is_counted_unless_all_pages(
    tmp_path: Path,
) -> None:
    """A site crawl's WARC holds its about page and section listings: stored as articles,
    they joined real stories. Its source's link rules say what a crawl fetches."""
    warc = _warc(
        tmp_path / "site.warc",
        (_url(ORIGINAL), _page(ORIGINAL)),
        (f"{METRO}/about/", _page(ISLAND_COPY)),
        (f"{METRO}/world/", _page(COPY)),
    )
    result = _aggregator(tmp_path, "ingest", str(warc), config=METRO_SOURCE)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{warc}: 1 new, 0 updated, 0 unchanged, 2 skipped (2 not an article URL)\n"
    )
    assert [a["url"] for a in _articles(tmp_path)] == [_url(ORIGINAL)]

    kept = _aggregator(tmp_path, "ingest", str(warc), "--all-pages", config=METRO_SOURCE)
    assert kept.exit_code == 0, kept.output
    assert kept.stdout == f"{warc}: 2 new, 0 updated, 1 unchanged, 0 skipped\n"

    # A saved page's URL is often its file's name: no crawler fetched it, no rule judges it.
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "summit.html").write_bytes(_page(COPY))  # names no URL of its own
    result = _aggregator(tmp_path, "ingest", str(saved), "--base-url", METRO, config=METRO_SOURCE)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{saved}: 1 new, 0 updated, 0 unchanged, 0 skipped\n"


def _edited(page: bytes) -> bytes:
    return page.replace(
        b"<p>He had been expected", b"<p>Updated: a venue is named.</p><p>He had been expected", 1
    )


def test_an_older_record_never_replaces_a_newer_reading_in_either_order(tmp_path: Path) -> None:
    newer = (_url(ORIGINAL), _edited(_page(ORIGINAL)), "2019-01-19T09:30:00Z")
    older = (_url(ORIGINAL), _page(ORIGINAL), "2019-01-18T09:30:00Z")
    results = {}
    for name, records in {"new-first": (newer, older), "old-first": (older, newer)}.items():
        folder = tmp_path / name
        folder.mkdir()
        warc = _warc(folder / "a.warc", *records)
        result = _aggregator(folder, "ingest", str(warc))
        assert result.exit_code == 0, result.output
        results[name] = result.stdout.split(": ", 1)[1]
        [article] = _articles(folder)
        assert str(article["fetched_at"]).startswith("2019-01-19"), name
    assert results == {
        "new-first": "1 new, 0 updated, 0 unchanged, 1 skipped (1 older than stored)\n",
        "old-first": "1 new, 1 updated, 0 unchanged, 0 skipped\n",
    }
    # An archive older than the stored reading, ingested after it.
    again = _aggregator(tmp_path / "new-first", "ingest", str(_warc(tmp_path / "b.warc", older)))
    assert again.stdout.endswith("0 new, 0 updated, 0 unchanged, 1 skipped (1 older than stored)\n")


def _saved(title: str, head: str = "", before: str = "") -> bytes:
    paras = "".join(
        f"<p>{title} paragraph {n}: officials said on Monday that the plan would go ahead "
        "despite objections from residents and several local businesses.</p>"
        for n in range(6)
    )
    return (
        f"{before}<html><head><title>{title}</title>{head}</head><body><article><h1>{title}"
        f"</h1>{paras}</article></body></html>"
    ).encode()


def test_a_saved_pages_url_follows_the_parsers_canonical_rules(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    home = '<meta property="og:url" content="https://www.example-news.com/">'
    (saved / "a.html").write_bytes(_saved("Harbour bridge approved", home))
    (saved / "b.html").write_bytes(_saved("New tram line opens in the north", home))
    relative = '<link rel="canonical" href="/news/library-repairs">'
    (saved / "c.html").write_bytes(_saved("Library to close for repairs", relative))
    chrome = "<!-- saved from url=(0041)https://news.example.org/2019/01/ferry -->\n"
    (saved / "Ferry strike.html").write_bytes(_saved("Ferry strike talks resume", before=chrome))

    result = _aggregator(
        tmp_path, "ingest", str(saved), "--base-url", "https://example-news.com/news"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{saved}: 4 new, 0 updated, 0 unchanged, 0 skipped\n"
    assert sorted(str(a["url"]) for a in _articles(tmp_path)) == [
        "https://example-news.com/news/a.html",
        "https://example-news.com/news/b.html",
        "https://example-news.com/news/library-repairs",
        "https://news.example.org/2019/01/ferry",
    ]

    # Without --base-url a home page names no article; the saved-from comment still does.
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "a.html").write_bytes(_saved("Harbour bridge approved", home))
    result = _aggregator(alone, "ingest", str(saved))
    assert result.exit_code == 1
    assert [line.split(": skipped: ")[1][:6] for line in result.stderr.splitlines()] == [
        "no URL",
        "no URL",
        "no URL",
    ]


def test_one_bad_file_is_one_line_and_the_others_are_read(tmp_path: Path) -> None:
    good = _warc(tmp_path / "good.warc", (_url(ORIGINAL), _page(ORIGINAL)))
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    wacz = tmp_path / "crawl.wacz"
    with zipfile.ZipFile(wacz, "w") as archive:
        archive.writestr("archive/data.warc.gz", os.urandom(4096))
    missing = tmp_path / "missing.warc.gz"
    result = _aggregator(tmp_path, "ingest", str(missing), str(empty), str(wacz), str(good))
    assert result.exit_code == 1, result.output
    assert result.stdout == f"{good}: 1 new, 0 updated, 0 unchanged, 0 skipped\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 3, result.stderr
    assert lines[0].startswith(f"error: {missing}: ")
    assert lines[1].startswith(f"error: {empty}: ")
    assert lines[2].startswith(f"error: {wacz}: not a WARC, HTML or JSON lines")
    assert "unzip" in lines[2]


def test_a_folders_pipe_is_counted_never_opened_and_a_linked_file_read_once(
    tmp_path: Path,
) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "a.html").write_bytes(_page(ORIGINAL))
    os.mkfifo(saved / "pipe.html")
    (saved / "same.html").symlink_to(saved / "a.html")
    result = _aggregator(tmp_path, "ingest", str(saved))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{saved}: 1 new, 0 updated, 0 unchanged, 1 skipped (1 not a file)\n"
    assert result.stderr == ""


def _split_page(number: int, next_url: str | None, prev_url: str | None) -> bytes:
    links = f'<link rel="prev" href="{prev_url}">' if prev_url else ""
    links += f'<link rel="next" href="{next_url}">' if next_url else ""
    paras = "".join(
        f"<p>Page {number}, paragraph {n}: the city council voted on Tuesday to approve the "
        "new harbour bridge after a long debate about its cost and its traffic.</p>"
        for n in range(6)
    )
    return (
        f"<html><head><title>Council approves harbour bridge</title>{links}</head><body>"
        f"<article><h1>Council approves harbour bridge</h1>{paras}</article></body></html>"
    ).encode()


def _bodies(folder: Path) -> list[tuple[str, str]]:
    db = Database(folder / "news.db")
    try:
        return [(row[0], row[1]) for row in db.execute("SELECT url, body FROM articles")]
    finally:
        db.close()


def test_an_article_split_over_pages_is_joined_and_a_later_page_alone_not_stored(
    tmp_path: Path,
) -> None:
    """Page 1 and its page 2 were two articles, page 1 without page 2's text; the crawl
    joins them, and refuses a page 2 read alone. So does the export's WARC round trip."""
    first = "http://harbour.example/news/council-approves-harbour-bridge"
    later = f"{first}?page=2"
    keep = "retention:\n  keep_pages: true\nsources: []\n"
    one, two, alone = tmp_path / "one", tmp_path / "two", tmp_path / "alone"
    for folder in (one, two, alone):
        folder.mkdir()
    warc = _warc(
        tmp_path / "split.warc",
        (first, _split_page(1, later, None)),
        (later, _split_page(2, None, first)),
    )
    result = _aggregator(one, "ingest", str(warc), config=keep)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{warc}: 1 new, 0 updated, 0 unchanged, 0 skipped\n"
    [(url, body)] = _bodies(one)
    assert url == first and "Page 1, paragraph 0" in body and "Page 2, paragraph 5" in body

    exported = tmp_path / "pages.warc.gz"
    result = _aggregator(one, "export", "--format", "warc", "-o", str(exported), config=keep)
    assert result.exit_code == 0, result.output
    result = _aggregator(two, "ingest", str(exported), config=keep)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(": 1 new, 0 updated, 0 unchanged, 1 skipped (1 not a response)\n")
    assert _bodies(two) == _bodies(one)

    page_two = _warc(tmp_path / "two.warc", (later, _split_page(2, None, first)))
    result = _aggregator(alone, "ingest", str(page_two))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{page_two}: 0 new, 0 updated, 0 unchanged, 1 skipped (1 later page)\n"


def test_a_sources_own_max_page_bytes_applies(tmp_path: Path) -> None:
    warc = _warc(tmp_path / "a.warc", (_url(ORIGINAL), _page(ORIGINAL)))
    config = (
        "defaults:\n  limits:\n    max_page_bytes: 2048\n"
        f"sources:\n  - name: metro\n    feeds: ['{METRO}/feed.xml']\n"
        "    limits:\n      max_page_bytes: 1000000\n"
    )
    result = _aggregator(tmp_path, "ingest", str(warc), config=config)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{warc}: 1 new, 0 updated, 0 unchanged, 0 skipped\n"


def test_a_site_of_no_source_is_named_alike_from_a_warc_and_from_json_lines(
    tmp_path: Path,
) -> None:
    url = "http://www.harbour.example:8443/news/council-approves-harbour-bridge"
    warc = _warc(tmp_path / "a.warc", (url, _split_page(1, None, None)))
    records = tmp_path / "a.jsonl"
    line = {"url": url.replace("bridge", "budget"), "headline": "Budget", "body": "Budget passed."}
    records.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = _aggregator(tmp_path, "ingest", str(warc), str(records))
    assert result.exit_code == 0, result.output
    assert [a["source"] for a in _articles(tmp_path)] == ["harbour.example:8443"] * 2


def test_a_redirects_url_is_kept_as_an_alias_of_the_page_it_led_to(tmp_path: Path) -> None:
    asked = f"{METRO}/s/46922183?utm_source=feed"
    warc = tmp_path / "redirect.warc"
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        http = StatusAndHeaders(
            "301 Moved Permanently", [("Location", _url(ORIGINAL))], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(asked, "response", payload=io.BytesIO(b""), http_headers=http)
        )
        _record(writer, _url(ORIGINAL), _page(ORIGINAL))
    result = _aggregator(tmp_path, "ingest", str(warc))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{warc}: 1 new, 0 updated, 0 unchanged, 1 skipped (1 not 200)\n"
    db = Database(tmp_path / "news.db")
    try:
        aliases = {row[0] for row in db.execute("SELECT url FROM url_aliases")}
    finally:
        db.close()
    assert f"{METRO}/s/46922183" in aliases
