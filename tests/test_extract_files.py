"""``aggregator extract`` of several saved pages or a folder: one JSON line per article
(the same article ``extract FILE --url URL`` prints), a page that cannot be named or
read one warning line, the others still printed, exit 1. Real demo pages, no network."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner, Result

from app.cli import cli
from tests.test_ingest_warc import COPY, ISLAND_COPY, ORIGINAL, _page, _url


def _extract(tmp_path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(tmp_path / "news.db"), "extract", *args])


def test_a_folder_prints_one_json_line_per_article_and_warns_of_the_one_without_a_url(
    tmp_path: Path,
) -> None:
    saved = tmp_path / "saved"
    (saved / "world").mkdir(parents=True)
    (saved / "world" / "summit.html").write_bytes(_page(ORIGINAL))
    (saved / "copy.html").write_bytes(_page(ISLAND_COPY))
    (saved / "notes.txt").write_text("not a page\n", encoding="utf-8")
    (saved / "zz-plain.html").write_bytes(_page(COPY))  # plainpost names no canonical URL

    result = _extract(tmp_path, str(saved))
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"warning: {saved / 'zz-plain.html'}: skipped: no URL: the page names no canonical "
        "link or og:url (but its site's home page) nor where it was saved from; give --base-url\n"
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["url"] for line in lines] == [_url(ISLAND_COPY), _url(ORIGINAL)]

    # The same article as extract of the one file with its URL prints (both read at now).
    one = _extract(tmp_path, str(saved / "copy.html"), "--url", _url(ISLAND_COPY))
    assert one.exit_code == 0, one.output
    single = json.loads(one.stdout)
    assert single.pop("fetched_at") and lines[0].pop("fetched_at")
    assert single == lines[0]

    named = _extract(tmp_path, str(saved), "--base-url", "https://archive.example/")
    assert named.exit_code == 0, named.output
    urls = [json.loads(line)["url"] for line in named.stdout.splitlines()]
    assert urls == [_url(ISLAND_COPY), "https://archive.example/zz-plain.html", _url(ORIGINAL)]


def test_several_files_print_a_line_each_and_url_or_explain_is_refused(tmp_path: Path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    first.write_bytes(_page(ORIGINAL))
    second.write_bytes(_page(ISLAND_COPY))
    result = _extract(tmp_path, str(first), str(second))
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["url"] for line in result.stdout.splitlines()] == [
        _url(ORIGINAL),
        _url(ISLAND_COPY),
    ]
    refused = _extract(tmp_path, str(first), str(second), "--explain")
    assert refused.exit_code == 2
    assert "--url and --explain are for one page" in refused.stderr


def test_a_folder_whose_pages_lack_urls_says_so_not_that_it_holds_no_page(
    tmp_path: Path,
) -> None:
    """Review 49b: it said "no HTML page in it" below each page's own warning; and a pipe
    in the folder hung the command."""
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "plain.html").write_bytes(_page(COPY))  # plainpost names no canonical URL
    os.mkfifo(saved / "pipe.html")
    result = _extract(tmp_path, str(saved))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"warning: {saved / 'plain.html'}: skipped: no URL: the page names no canonical "
        "link or og:url (but its site's home page) nor where it was saved from; give --base-url"
    ]
