"""``aggregator ingest`` of WARC files and saved HTML pages: parsed and stored as a crawl's
pages (dedup of a wire copy into its story, a page that is no article skipped), each
record that is no article page counted by its reason, a broken record one warning line
with the rest read on. WARC files are written in the test with warcio's writer, of the
demo network's real pages; nothing is fetched."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

from click.testing import CliRunner, Result
from sqlite_utils import Database
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from app.cli import cli
from app.demo import outlet_base_url
from app.demo.content import articles_by_id, outlet_spec
from app.demo.templates import render_article

PORT = 8100
ORIGINAL = "metro-trump-kim-summit"  # metroherald's story, which plainpost runs as a copy
COPY = "plain-trump-kim-summit"
ISLAND_COPY = "island-trump-kim-summit"
OTHER = "gws-chile-quake"
PLAIN = "http://plainpost.example:8102"


def _host(outlet: str) -> str:
    return f"{outlet}.example"


def _url(article_id: str) -> str:
    demo = articles_by_id()[article_id]
    return demo.url(PORT, _host(demo.outlet))


def _page(article_id: str) -> bytes:
    demo = articles_by_id()[article_id]
    base = outlet_base_url(demo.outlet, PORT, _host(demo.outlet))
    return render_article(outlet_spec(demo.outlet), demo, base).encode("utf-8")


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
) -> None:
    http = StatusAndHeaders(
        status,
        [("Content-Type", content_type), ("ETag", '"v1"')],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": "2019-01-18T09:30:00Z"},
    )
    writer.write_record(record)


def _request(writer: WARCWriter, url: str) -> None:
    http = StatusAndHeaders(
        "GET / HTTP/1.1", [("Host", url.split("/")[2])], protocol="HTTP/1.1", is_http_request=True
    )
    record = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http)
    writer.write_record(record)


def _revisit(writer: WARCWriter, url: str) -> None:
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_revisit_record(
        url, "sha1:AAAA", url, "2019-01-17T09:30:00Z", http_headers=http
    )
    writer.write_record(record)


def _mixed_warc(path: Path, *, gzip_members: bool) -> None:
    """Two article responses (one plainpost's copy of metroherald's), a request, a 404,
    an image and a revisit."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip_members)
        _request(writer, _url(ORIGINAL))
        _response(writer, _url(ORIGINAL), _page(ORIGINAL))
        _response(writer, f"{PLAIN}/missing", b"<p>gone</p>", "404 Not Found")
        _response(writer, f"{PLAIN}/logo.png", b"\x89PNG....", "200 OK", "image/png")
        _revisit(writer, _url(ORIGINAL))
        _response(writer, _url(COPY), _page(COPY))


def _aggregator(tmp_path: Path, *args: str, config: str = "sources: []\n") -> Result:
    (tmp_path / "config.yaml").write_text(config, encoding="utf-8")
    return CliRunner().invoke(
        cli,
        ["--config", str(tmp_path / "config.yaml"), "--db", str(tmp_path / "news.db"), *args],
    )


def _articles(tmp_path: Path) -> list[dict[str, object]]:
    db = Database(tmp_path / "news.db")
    try:
        return list(
            db.query(
                "SELECT url, source, story_id, headline, etag, fetched_at FROM articles ORDER BY id"
            )
        )
    finally:
        db.close()


def test_a_warc_stores_its_two_articles_as_one_story_and_counts_the_rest(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc"
    _mixed_warc(warc, gzip_members=False)
    result = _aggregator(tmp_path, "ingest", str(warc))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{warc}: 2 new, 0 updated, 0 unchanged, 4 skipped "
        "(1 not 200, 1 not HTML, 1 not a response, 1 revisit)\n"
    )
    assert result.stderr == ""
    articles = _articles(tmp_path)
    assert [a["url"] for a in articles] == [_url(ORIGINAL), _url(COPY)]
    # Not a configured site: each stored under its site (its port kept: two sites of one
    # host are two), as JSON-lines ingest names a record without one.
    assert [a["source"] for a in articles] == ["metroherald.example:8101", "plainpost.example:8102"]
    assert articles[0]["story_id"] == articles[1]["story_id"]  # the wire copy joined its story
    assert articles[0]["etag"] == '"v1"'
    assert str(articles[0]["fetched_at"]).startswith("2019-01-18T09:30:00")

    again = _aggregator(tmp_path, "ingest", str(warc))
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith(f"{warc}: 0 new, 0 updated, 2 unchanged, 4 skipped")
    assert len(_articles(tmp_path)) == 2


def test_a_corrupt_gzip_member_is_one_warning_and_the_records_after_it_are_stored(
    tmp_path: Path,
) -> None:
    whole = io.BytesIO()
    writer = WARCWriter(whole, gzip=True)
    members = []
    for article_id in (ORIGINAL, OTHER, COPY):
        start = whole.tell()
        _response(writer, _url(article_id), _page(article_id))
        members.append((start, whole.tell()))
    data = bytearray(whole.getvalue())
    # The middle member's deflate data overwritten with bytes that are none.
    start, end = members[1]
    middle = start + (end - start) // 2
    data[start + 20 : middle] = os.urandom(middle - start - 20)
    warc = tmp_path / "cc-news.warc.gz"
    warc.write_bytes(bytes(data))

    result = _aggregator(tmp_path, "ingest", str(warc))
    assert result.exit_code == 1, result.output
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith(f"warning: {warc}: offset {start}: skipped: broken: ")
    assert [a["url"] for a in _articles(tmp_path)] == [_url(ORIGINAL), _url(COPY)]
    assert result.stdout == f"{warc}: 2 new, 0 updated, 0 unchanged, 1 skipped (1 broken)\n"


def test_a_warc_is_told_by_its_content_not_its_name(tmp_path: Path) -> None:
    plain = tmp_path / "crawl.warc"
    _mixed_warc(plain, gzip_members=True)  # gzipped, under a plain WARC's name
    renamed = tmp_path / "archive.dat"
    renamed.write_bytes(plain.read_bytes())
    result = _aggregator(tmp_path, "ingest", str(renamed))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{renamed}: 2 new, 0 updated, 0 unchanged, 4 skipped")


def test_a_folder_of_saved_pages_stores_each_and_names_the_one_without_a_url(
    tmp_path: Path,
) -> None:
    saved = tmp_path / "saved"
    (saved / "world").mkdir(parents=True)
    (saved / "world" / "summit.html").write_bytes(_page(ORIGINAL))
    (saved / "copy.htm").write_bytes(_page(ISLAND_COPY))
    (saved / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    # plainpost's pages name no canonical link nor og:url.
    (saved / "zz-nameless.html").write_bytes(_page(COPY))

    result = _aggregator(tmp_path, "ingest", str(saved))
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"warning: {saved / 'zz-nameless.html'}: skipped: no URL: the page names no canonical "
        "link or og:url (but its site's home page) nor where it was saved from; give --base-url\n"
    )
    assert result.stdout == (
        f"{saved}: 2 new, 0 updated, 0 unchanged, 2 skipped (1 no URL, 1 not HTML)\n"
    )
    articles = _articles(tmp_path)
    assert sorted(a["url"] for a in articles) == sorted([_url(ORIGINAL), _url(ISLAND_COPY)])
    assert articles[0]["story_id"] == articles[1]["story_id"]

    # --base-url names it: the file's path under the folder, joined to it.
    named = _aggregator(
        tmp_path, "ingest", str(saved), "--base-url", "https://archive.example/saved/"
    )
    assert named.exit_code == 0, named.output
    assert named.stdout.startswith(f"{saved}: 1 new, 0 updated, 2 unchanged")
    articles = _articles(tmp_path)
    assert articles[2]["url"] == "https://archive.example/saved/zz-nameless.html"
    assert len({a["story_id"] for a in articles}) == 1  # the third copy of the story


def test_source_applies_a_configured_sources_selector_override(tmp_path: Path) -> None:
    warc = tmp_path / "one.warc.gz"
    with warc.open("wb") as handle:
        _response(WARCWriter(handle, gzip=True), _url(ORIGINAL), _page(ORIGINAL))
    demo = articles_by_id()[ORIGINAL]
    config = (
        "sources:\n"
        "  - name: archive\n"
        "    start_pages: ['https://archive.example/']\n"
        "    selectors:\n"
        "      headline: 'xpath://title'\n"
    )
    result = _aggregator(tmp_path, "ingest", str(warc), "--source", "archive", config=config)
    assert result.exit_code == 0, result.output
    [article] = _articles(tmp_path)
    assert article["source"] == "archive"
    # The <title> carries the outlet's name after the headline: the override read it.
    assert article["headline"] != demo.headline
    assert demo.headline in str(article["headline"])


def test_a_configured_sources_site_names_the_source_of_its_pages(tmp_path: Path) -> None:
    warc = tmp_path / "one.warc"
    with warc.open("wb") as handle:
        _response(WARCWriter(handle, gzip=False), _url(ORIGINAL), _page(ORIGINAL))
    base = outlet_base_url("metroherald", PORT, _host("metroherald"))
    config = f"sources:\n  - name: metro\n    feeds: ['{base}/feed.xml']\n"
    result = _aggregator(tmp_path, "ingest", str(warc), config=config)
    assert result.exit_code == 0, result.output
    assert [a["source"] for a in _articles(tmp_path)] == ["metro"]


def test_a_truncated_gzip_at_the_end_warns_and_keeps_what_was_read(tmp_path: Path) -> None:
    whole = io.BytesIO()
    writer = WARCWriter(whole, gzip=True)
    _response(writer, _url(ORIGINAL), _page(ORIGINAL))
    cut_from = whole.tell()
    _response(writer, _url(COPY), _page(COPY))
    warc = tmp_path / "cut.warc.gz"
    warc.write_bytes(whole.getvalue()[: cut_from + 200])
    assert gzip.decompress(whole.getvalue()[:cut_from]).startswith(b"WARC/")

    result = _aggregator(tmp_path, "ingest", str(warc))
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"warning: {warc}: offset {cut_from}: skipped: broken: ")
    assert [a["url"] for a in _articles(tmp_path)] == [_url(ORIGINAL)]


def test_a_plain_warc_record_with_a_wrong_length_is_one_warning_and_the_next_is_read(
    tmp_path: Path,
) -> None:
    whole = io.BytesIO()
    writer = WARCWriter(whole, gzip=False)
    spans = []
    for article_id in (ORIGINAL, OTHER, COPY):
        start = whole.tell()
        _response(writer, _url(article_id), _page(article_id))
        spans.append((start, whole.tell()))
    data = whole.getvalue()
    # The middle record's Content-Length ten times what it holds: it swallows the next.
    start, end = spans[1]
    middle = data[start:end]
    at = middle.index(b"Content-Length: ") + len(b"Content-Length: ")
    warc = tmp_path / "wrong-length.warc"
    warc.write_bytes(data[:start] + middle[:at] + b"9" + middle[at:] + data[end:])

    result = _aggregator(tmp_path, "ingest", str(warc))
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"warning: {warc}: offset {start}: skipped: broken: cut short: the file ends inside "
        "a record, or its length is wrong\n"
    )
    assert [a["url"] for a in _articles(tmp_path)] == [_url(ORIGINAL), _url(COPY)]


def test_a_source_whose_parser_does_not_load_is_one_error_not_a_line_per_page(
    tmp_path: Path,
) -> None:
    warc = tmp_path / "one.warc"
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        for article_id in (ORIGINAL, COPY):
            _response(writer, _url(article_id), _page(article_id))
    config = (
        "sources:\n"
        "  - name: archive\n"
        "    start_pages: ['https://archive.example/']\n"
        "    parser: 'app.demo.parsers:NoSuchParser'\n"
    )
    result = _aggregator(tmp_path, "ingest", str(warc), "--source", "archive", config=config)
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and "NoSuchParser" in line, line
    assert not (tmp_path / "news.db").exists() or _articles(tmp_path) == []


def test_a_saved_listing_page_is_not_stored_and_said_so_in_one_line(tmp_path: Path) -> None:
    from app.demo.content import articles_of
    from app.demo.templates import render_listing

    listing = tmp_path / "home.html"
    spec = outlet_spec("metroherald")
    listing.write_text(
        render_listing(spec, "The Metro Herald", articles_of("metroherald")), encoding="utf-8"
    )
    url = outlet_base_url("metroherald", PORT, _host("metroherald")) + "/"
    result = _aggregator(tmp_path, "ingest", str(listing), "--base-url", url)
    # No article is not a failure: the page was read, and is what it is.
    assert result.exit_code == 0, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"warning: {url}home.html: skipped: not an article: "), line
    assert result.stdout == (
        f"{listing}: 0 new, 0 updated, 0 unchanged, 1 skipped (1 not an article)\n"
    )


def test_a_plain_warc_cut_inside_its_last_record_an_image_warns_of_it(tmp_path: Path) -> None:
    whole = io.BytesIO()
    writer = WARCWriter(whole, gzip=False)
    _response(writer, _url(ORIGINAL), _page(ORIGINAL))
    cut_from = whole.tell()
    _response(writer, f"{PLAIN}/photo.jpg", b"\xff\xd8\xff" + bytes(4000), "200 OK", "image/jpeg")
    warc = tmp_path / "cut.warc"
    warc.write_bytes(whole.getvalue()[: cut_from + 1500])

    result = _aggregator(tmp_path, "ingest", str(warc))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"warning: {warc}: offset {cut_from}: skipped: broken: cut")
    assert result.stdout == f"{warc}: 1 new, 0 updated, 0 unchanged, 1 skipped (1 broken)\n"


def test_an_interrupted_warc_ingest_keeps_its_stored_batches_and_a_rerun_stores_the_rest(
    tmp_path: Path,
) -> None:
    import re
    import signal
    import subprocess
    import sys

    from conftest import REPO, ctrl_c_delivered, wait_for
    from test_operator_review import stored_count

    warc = tmp_path / "big.warc"
    html = _page(COPY)
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        for i in range(1000):  # about ten seconds of parsing: interrupted after the first batch
            page = html.replace(b"</h1>", f" {i}</h1>".encode(), 1)
            _response(writer, f"{PLAIN}/world/item-{i}", page)
    db = tmp_path / "news.db"
    child = subprocess.Popen(
        [sys.executable, "-m", "app", "--db", str(db), "ingest", str(warc)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        preexec_fn=ctrl_c_delivered,
    )
    wait_for(lambda: stored_count(db) >= 256, timeout=120, what="the first batch stored")
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert out == ""
    done = re.fullmatch(
        rf"error: {re.escape(str(warc))}: interrupted after (\d+) records \(stored or skipped; "
        r"kept\); ingest it again for the rest\n",
        err,
    )
    assert done, err
    kept = stored_count(db)
    assert kept == int(done.group(1)) and kept % 256 == 0  # whole batches, each counted

    again = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "ingest", str(warc)],
        cwd=REPO,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout == (f"{warc}: {1000 - kept} new, 0 updated, {kept} unchanged, 0 skipped\n")


def test_a_page_asking_not_to_be_kept_is_refused_as_a_crawl_refuses_it(tmp_path: Path) -> None:
    warc = tmp_path / "noarchive.warc"
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        _response(writer, _url(ORIGINAL), _page(ORIGINAL))
        http = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html"), ("X-Robots-Tag", "noarchive")],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            _url(ISLAND_COPY), "response", payload=io.BytesIO(_page(ISLAND_COPY)), http_headers=http
        )
        writer.write_record(record)
    result = _aggregator(tmp_path, "ingest", str(warc))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{warc}: 1 new, 0 updated, 0 unchanged, 1 skipped (1 robots_noarchive)\n"
    )
    assert result.stderr == (
        f"warning: {warc}: 1 article page asked not to be kept and was not stored "
        "(robots_noarchive 1); politeness.obey_robots_meta: false stores them, only with the "
        "site's licence\n"
    )
    assert [a["url"] for a in _articles(tmp_path)] == [_url(ORIGINAL)]

    # An operator with the site's licence: its source stores them.
    base = outlet_base_url("islandpulse", PORT, _host("islandpulse"))
    config = (
        f"sources:\n  - name: island\n    feeds: ['{base}/feed.xml']\n"
        "    politeness: {obey_robots_meta: false}\n"
    )
    licensed = _aggregator(tmp_path, "ingest", str(warc), config=config)
    assert licensed.exit_code == 0, licensed.output
    assert licensed.stdout == f"{warc}: 1 new, 0 updated, 1 unchanged, 0 skipped\n"
    assert [a["source"] for a in _articles(tmp_path)] == ["metroherald.example:8101", "island"]


def test_base_url_is_checked_and_is_for_saved_pages_only(tmp_path: Path) -> None:
    warc = tmp_path / "one.warc"
    with warc.open("wb") as handle:
        _response(WARCWriter(handle, gzip=False), _url(ORIGINAL), _page(ORIGINAL))
    page = tmp_path / "page.html"
    page.write_bytes(_page(COPY))

    not_html = _aggregator(tmp_path, "ingest", str(warc), "--base-url", "https://x.example/")
    assert not_html.exit_code == 2
    assert "--base-url is for saved HTML pages; no FILE is one" in not_html.stderr
    no_scheme = _aggregator(tmp_path, "ingest", str(page), "--base-url", "x.example/")
    assert no_scheme.exit_code == 2
    assert "--base-url" in no_scheme.stderr and "x.example/" in no_scheme.stderr
    assert not (tmp_path / "news.db").exists()  # refused before anything was opened
