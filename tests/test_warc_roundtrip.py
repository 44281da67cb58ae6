"""``export --format warc`` → ``ingest``: a real crawl (``aggregator crawl`` in a child
process) of a feed-only source served on 127.0.0.1, its kept pages exported as a WARC
and ingested into a new SQLite file through the CLI. The crawl's article comes back with
what its feed said (date, author) and its source's name; a WARC of another crawler (no
newsagg headers) is read as before. Also ``ingest -`` of a piped WARC: one error line."""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_store import crawl_source, loopback_source, write_config
from conftest import REPO, run_cli
from pageserver import PageServer
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

pytestmark = pytest.mark.timeout(300)

# A URL no link rule takes for an article's by its look: the feed named it.
PATH = "/a/12345"
HEADLINE = "Night ferry to the islands returns for the winter"
PARAGRAPHS = [
    "The night ferry to the outer islands will sail again from December, the harbour "
    "board said, after a summer in which the crossing ran only in daylight.",
    "Islanders had asked for the late sailing back since spring, when the last boat of "
    "the day moved to six in the evening and left commuters stranded on the mainland.",
    "The board said the crossing would run four nights a week until March, with a fifth "
    "night added over the holidays if bookings allow it.",
]
# No date and no byline in the page: only the feed gives them.
PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    f"<title>{HEADLINE}</title></head><body><main><article><h1>{HEADLINE}</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article></main></body></html>"
)
SOURCE = "harbourfeed"


def _feed(server: PageServer) -> str:
    item = (
        f"<item><title>{HEADLINE}</title><link>{server.url(PATH)}</link>"
        "<pubDate>Tue, 03 Nov 2026 08:00:00 GMT</pubDate>"
        "<dc:creator>Jo Ferryman</dc:creator></item>"
    )
    return server.put(
        "/feed.xml",
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Harbour</title>{item}</channel></rss>",
        content_type="application/rss+xml",
    )


def _config(path: Path, db: Path, feed: str, zone: str | None = None) -> Path:
    source = loopback_source(SOURCE, feeds=[feed])
    if zone:
        source["page_timezone"] = zone
    return write_config(path, db, [source])


def _article(db: Path) -> tuple[Any, ...]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT source, url, published_at, authors FROM articles").fetchall()
    assert len(rows) == 1, rows
    return tuple(rows[0])


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[Any, ...], str]:
    """The crawl's WARC export, its article's row and the served page's URL."""
    home = tmp_path_factory.mktemp("crawl")
    with PageServer() as server:
        server.put(PATH, PAGE)
        config = _config(home / "config.yaml", home / "news.db", _feed(server))
        crawl_source(config, SOURCE)
        url = server.url(PATH)
    warc = home / "pages.warc.gz"
    result = run_cli("--config", str(config), "export", "--format", "warc", "-o", str(warc))
    assert result.returncode == 0, result.stderr
    row = _article(home / "news.db")
    assert row[0] == SOURCE and row[2] and "Jo Ferryman" in row[3]  # the feed's, kept
    return warc, row, url


def test_an_exported_article_ingests_with_its_feeds_date_author_and_source(
    exported: tuple[Path, tuple[Any, ...], str], tmp_path: Path
) -> None:
    warc, crawled, url = exported
    db = tmp_path / "copy.db"
    # The same source, its feed elsewhere: its scope does not hold the page's host, so
    # only the name the WARC gives puts the page under it.
    config = _config(tmp_path / "config.yaml", db, "http://feeds.invalid/harbour.xml")
    result = run_cli("--config", str(config), "ingest", str(warc))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{warc}: 1 new, 0 updated, 0 unchanged, 1 skipped (1 not a response)\n"
    assert _article(db) == crawled


def test_an_exported_article_without_its_source_configured_is_stored_under_its_host(
    exported: tuple[Path, tuple[Any, ...], str], tmp_path: Path
) -> None:
    warc, crawled, url = exported
    db = tmp_path / "copy.db"
    result = run_cli("--db", str(db), "ingest", str(warc))
    assert result.returncode == 0, result.stderr
    host = url.split("/")[2]
    assert _article(db) == (host, *crawled[1:])


def _foreign_warc(path: Path, url: str) -> Path:
    """The page as another crawler's WARC holds it: no newsagg header."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(PAGE.encode("utf-8")), http_headers=http
        )
        writer.write_record(record)
    return path


def test_a_foreign_warc_of_the_page_is_judged_by_link_rules_as_before(
    exported: tuple[Path, tuple[Any, ...], str], tmp_path: Path
) -> None:
    _, _, url = exported
    db = tmp_path / "copy.db"
    config = _config(tmp_path / "config.yaml", db, f"http://{url.split('/')[2]}/feed.xml")
    warc = _foreign_warc(tmp_path / "other.warc.gz", url)
    refused = run_cli("--config", str(config), "ingest", str(warc))
    assert refused.returncode == 0, refused.stderr
    assert "0 new, 0 updated, 0 unchanged, 1 skipped (1 not an article URL)" in refused.stdout
    read = run_cli("--config", str(config), "ingest", "--all-pages", str(warc))
    assert "1 new" in read.stdout, read.stderr
    source, _, published, authors = _article(db)
    assert (source, published, authors) == (SOURCE, None, "[]")  # no feed: no date, no author


def test_a_warc_piped_to_ingest_is_one_error_line(
    exported: tuple[Path, tuple[Any, ...], str], tmp_path: Path
) -> None:
    warc, _, url = exported
    plain = tmp_path / "plain.warc"
    with plain.open("wb") as handle:  # a WARC not gzipped: read from its "WARC/" line
        writer = WARCWriter(handle, gzip=False)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(b"<p>x</p>"), http_headers=http
            )
        )
    for file in (warc, plain):
        code, _, err = _piped(file.read_bytes(), tmp_path / "x.db")
        assert code == 1, err  # as for a JSON document given as JSON lines
        assert err.count("\n") == 1, err
        assert "standard input holds a WARC file: give the file's path" in err
    # JSON lines through the same pipe still lose none of their first bytes.
    lines = tmp_path / "lines.jsonl"
    record = {"url": "https://pipe.example/1", "site": "Pipe", "headline": HEADLINE}
    lines.write_text(json.dumps({**record, "body": "\n\n".join(PARAGRAPHS)}) + "\n")
    code, out, err = _piped(lines.read_bytes(), tmp_path / "x.db")
    assert (code, out) == (0, "<stdin>: 1 new, 0 updated, 0 unchanged, 0 skipped\n"), err


def _piped(data: bytes, db: Path) -> tuple[int, str, str]:
    """``ingest -`` reading ``data`` through a pipe: (exit status, stdout, stderr)."""
    result = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "ingest", "-"],
        input=data,
        capture_output=True,
        timeout=120,
        cwd=REPO,
    )
    return result.returncode, result.stdout.decode(), result.stderr.decode()


def _saved(url: str, headline: str, paragraphs: list[str]) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<title>{headline}</title><link rel="canonical" href="{url}"></head>'
        f"<body><main><article><h1>{headline}</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></main></body></html>"
    )


def test_a_saved_folder_is_judged_by_its_sources_deny_and_allow_rules(tmp_path: Path) -> None:
    site = "https://coast.example"
    folder = tmp_path / "saved"
    (folder / "news").mkdir(parents=True)
    (folder / "about").mkdir()
    article = f"{site}/news/2026/11/03/night-ferry-returns-for-winter"
    (folder / "news" / "ferry.html").write_text(_saved(article, HEADLINE, PARAGRAPHS))
    about = [
        "Coast Courier has reported on the harbour towns and the islands since 1921, "
        "from a newsroom above the fish market that still smells of the morning catch.",
        "Our reporters cover the ferries, the fishing fleet and the councils of six towns, "
        "and our photographers the weather that decides what happens in all of them.",
        "Write to the editor at the address below; letters are printed on Saturdays.",
    ]
    (folder / "about" / "index.html").write_text(_saved(f"{site}/about/", "About us", about))
    config = tmp_path / "config.yaml"
    source = {"name": "coast", "start_pages": [f"{site}/"], "link_rules": {"deny": ["/about/"]}}
    config.write_text(json.dumps({"database": str(tmp_path / "news.db"), "sources": [source]}))
    result = run_cli("--config", str(config), "ingest", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"{folder}: 1 new, 0 updated, 0 unchanged, 1 skipped (1 not an article URL)\n"
    )
    assert result.stderr == ""  # counted, not told, as a WARC's
    with sqlite3.connect(tmp_path / "news.db") as conn:
        assert conn.execute("SELECT source, url FROM articles").fetchall() == [("coast", article)]
    every = run_cli("--config", str(config), "ingest", "--all-pages", str(folder))
    assert "1 not an article URL" not in every.stdout, every.stdout


def test_a_saved_article_is_read_whatever_its_urls_look(tmp_path: Path) -> None:
    """A person saved these from a browser as articles: URLs a feed names, whose look no
    link rule takes for an article's (a crawl of a feed-only source stores them)."""
    site = "https://www.coast.example"
    folder = tmp_path / "saved"
    folder.mkdir()
    paths = ["/news/articles/c0kgx2e5n9po", "/a/12345", "/news/world-europe-68123456"]
    for number, path in enumerate(paths):
        headline = f"{HEADLINE}, part {number + 1}"
        text = [f"{p} (Report {number + 1}.)" for p in PARAGRAPHS]
        (folder / f"story{number}.html").write_text(_saved(site + path, headline, text))
    config = tmp_path / "config.yaml"
    source = {"name": "coast", "feeds": [f"{site}/feed.xml"], "start_pages": [f"{site}/news"]}
    config.write_text(json.dumps({"database": str(tmp_path / "news.db"), "sources": [source]}))
    result = run_cli("--config", str(config), "ingest", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{folder}: 3 new, 0 updated, 0 unchanged, 0 skipped"), (
        result.stdout
    )
    with sqlite3.connect(tmp_path / "news.db") as conn:
        stored = conn.execute("SELECT source, url FROM articles ORDER BY url").fetchall()
    assert stored == sorted(("coast", site + path) for path in paths)


def test_a_gzipped_page_and_a_warc_given_to_extract_are_named_for_what_they_are(
    exported: tuple[Path, tuple[Any, ...], str], tmp_path: Path
) -> None:
    warc, _, url = exported
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(PAGE.encode("utf-8")))
    result = run_cli("--db", str(tmp_path / "x.db"), "ingest", str(page))
    assert result.returncode == 1
    assert result.stderr == (
        f"error: {page}: gzipped, but no WARC (a gzipped page or JSON lines?): gunzip it "
        "and ingest what it holds\n"
    )
    for given in ([], ["--url", url]):
        extracted = run_cli("extract", str(warc), *given)
        assert extracted.returncode == 1, extracted.stderr
        assert extracted.stderr == (
            f"error: {warc}: a WARC file, not a page: 'aggregator ingest' reads its pages\n"
        )


def test_a_feed_date_without_a_zone_comes_back_the_same_through_export_and_reparse(
    tmp_path: Path,
) -> None:
    """The feed's ``dc:date`` states no zone: the crawl reads it in the source's
    ``page_timezone``; the WARC's hints and a reparse of the kept page read it so too."""
    home = tmp_path / "crawl"
    home.mkdir()
    with PageServer() as server:
        server.put(PATH, PAGE)
        item = (
            f"<item><title>{HEADLINE}</title><link>{server.url(PATH)}</link>"
            "<dc:date>2026-11-03T08:00:00</dc:date></item>"
        )
        feed = server.put(
            "/feed.xml",
            '<?xml version="1.0"?><rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>Harbour</title>{item}</channel></rss>",
            content_type="application/rss+xml",
        )
        config = _config(home / "config.yaml", home / "news.db", feed, "Europe/Berlin")
        crawl_source(config, SOURCE)
    published = _article(home / "news.db")[2]
    assert published.startswith("2026-11-03T07:00:00"), published  # 08:00 in Berlin
    reparsed = run_cli("--config", str(config), "reparse")
    assert "0 changed" in reparsed.stdout, reparsed.stdout
    warc = home / "pages.warc.gz"
    result = run_cli("--config", str(config), "export", "--format", "warc", "-o", str(warc))
    assert result.returncode == 0, result.stderr
    copy = _config(tmp_path / "copy.yaml", tmp_path / "copy.db", feed, "Europe/Berlin")
    assert run_cli("--config", str(copy), "ingest", str(warc)).returncode == 0
    assert _article(tmp_path / "copy.db")[2] == published


def test_gzipped_json_lines_or_a_warc_through_a_pipe_are_one_error_line_naming_them(
    exported: tuple[Path, tuple[Any, ...], str], tmp_path: Path
) -> None:
    warc, _, _ = exported
    record = {"url": "https://pipe.example/1", "site": "Pipe", "headline": HEADLINE}
    lines = gzip.compress((json.dumps({**record, "body": "\n\n".join(PARAGRAPHS)}) + "\n").encode())
    code, _, err = _piped(lines, tmp_path / "x.db")
    assert (code, err) == (
        1,
        "error: <stdin>: gzipped, but no WARC (a gzipped page or JSON lines?): gunzip it "
        "and ingest what it holds\n",
    )
    # A WARC given as a path that is a pipe (bash's <(...)): one line, not one a "line".
    command = f"{sys.executable} -m app --db {tmp_path / 'y.db'} ingest <(cat {warc})"
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "a pipe that holds a WARC file: give the file's path" in result.stderr
