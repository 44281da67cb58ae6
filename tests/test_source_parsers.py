"""Per-source Python parsers: declarative base, versions by date, valleygazette example, CLI."""

from __future__ import annotations

import json
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import demo_config_text, run_cli
from pageserver import PageServer

from aggregator.config import load_config, parse_config
from aggregator.parser import extract
from aggregator.parser.for_source import extract_for_source
from aggregator.parser.sources import (
    PROVENANCE,
    SourceParser,
    SourceParserError,
    apply_source_parser,
    attribute,
    load_parser,
    version_for,
)
from app.cli import cli
from app.demo import ground_truth
from app.demo.parsers import ValleyGazetteV1

REPO = Path(__file__).resolve().parent.parent


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


# --- the shipped example ------------------------------------------------------------


def test_valleygazette_parser_matches_the_ground_truth(demo_network) -> None:  # type: ignore[no-untyped-def]
    config = parse_config(
        "sources:\n  - name: valleygazette\n    feeds: ['http://127.0.0.1:9/f']\n"
        "    parser: app.demo.parsers:ValleyGazetteV1\n"
    )
    source = config.source("valleygazette")
    pages = [a for a in ground_truth() if a.outlet == "valleygazette"]
    assert pages
    for truth in pages:
        url = demo_network.outlet("valleygazette").base_url + truth.path
        html = fetch(url)
        page_only = extract(html, url, source="valleygazette")
        article = extract_for_source(html, url, source=source).article
        assert page_only.section is None  # only the breadcrumb names it
        assert article.section and article.section.casefold() == truth.section.casefold()
        assert article.provenance["section"] == PROVENANCE
        assert article.headline == truth.headline and article.provenance["headline"] == PROVENANCE
        assert article.body == list(truth.body) and article.provenance["body"] == PROVENANCE
        assert article.authors == list(truth.authors)
        assert article.credits == list(truth.credits)
        assert article.published_at == truth.published_at
        assert article.standfirst == truth.standfirst
        assert article.provenance["source_parser"].startswith("ValleyGazetteV1")


def test_no_parser_is_registered_by_import() -> None:
    """Only a source whose config names a parser gets one; the demo's is loaded like any other."""
    plain = parse_config("sources:\n  - name: valleygazette\n    feeds: ['http://127.0.0.1:9/f']\n")
    assert plain.source("valleygazette").parser is None
    assert load_parser("app.demo.parsers:ValleyGazetteV1") == (ValleyGazetteV1,)


# --- versions by date, loaded from an operator's file -----------------------------------

PAGE_V1 = """<html><head><title>T</title>
<meta property="article:published_time" content="{published}"></head><body>
<h1 class="title">Old-style headline</h1>
<div class="story"><p>First paragraph of the old template, long enough to be text.</p>
<p>Second paragraph of the old template, with more words in it.</p></div>
<div class="story-v2"><p>Text in the new wrapper.</p></div>
<div class="promo">Subscribe now</div>
</body></html>"""

PAPER_PARSERS = """
from datetime import date

from aggregator.parser.sources import SourceParser, attribute


class PaperV1(SourceParser):
    valid_from = date(2020, 1, 1)
    headline = "h1.title"
    body = "div.story"

    @attribute
    def tags(self):
        return ["from-v1"]


class PaperV2(PaperV1):  # the 2024 redesign moved the text; the rest is unchanged
    valid_from = date(2024, 6, 1)
    body = "div.story-v2"
    remove = (".promo",)


class Headless(SourceParser):
    headline = "h1.missing"


class Bad(SourceParser):
    body = "xpath://p[("


class Twin(SourceParser):
    valid_from = date(2020, 1, 1)


class Twin2(SourceParser):
    valid_from = date(2020, 1, 1)


VERSIONS = [PaperV2, PaperV1]
TWINS = (Twin, Twin2)
NOT_A_PARSER = "text"
"""


@pytest.fixture
def paper_file(tmp_path: Path) -> Path:
    path = tmp_path / "parsers" / "paper.py"
    path.parent.mkdir()
    path.write_text(PAPER_PARSERS, encoding="utf-8")
    return path


def test_a_parser_file_named_in_the_config_is_found_relative_to_it(
    paper_file: Path, tmp_path: Path
) -> None:
    config_path = tmp_path / "config.yaml"
    config_path.write_text(
        "sources:\n  - name: paper\n    feeds: ['http://127.0.0.1:9/f']\n"
        "    parser: parsers/paper.py:VERSIONS\n",
        encoding="utf-8",
    )
    spec = load_config(config_path).source("paper").parser
    assert spec == f"{paper_file}:VERSIONS"
    assert [v.__name__ for v in load_parser(spec)] == ["PaperV1", "PaperV2"]  # oldest first


def test_version_is_chosen_by_published_date_else_fetch_date(paper_file: Path) -> None:
    spec = f"{paper_file}:VERSIONS"
    v1, v2 = load_parser(spec)
    assert version_for((v1, v2), date(2021, 5, 1)) is v1
    assert version_for((v1, v2), date(2024, 6, 1)) is v2
    assert version_for((v1, v2), date(2019, 1, 1)) is v1  # older than every version: the oldest
    assert version_for((v1, v2), None) is v2
    fetched = datetime(2025, 1, 1, tzinfo=UTC)
    old_html = PAGE_V1.format(published="2021-03-01T10:00:00Z")
    old = extract(old_html, "https://paper.example/a", source="paper", fetched_at=fetched)
    apply_source_parser(old, old_html, spec)
    assert old.body[0].startswith("First paragraph") and old.tags == ["from-v1"]
    new_html = PAGE_V1.format(published="2024-07-01T10:00:00Z")
    new = extract(new_html, "https://paper.example/b", source="paper", fetched_at=fetched)
    apply_source_parser(new, new_html, spec)
    assert new.body == ["Text in the new wrapper."]
    assert new.headline == "Old-style headline" and new.tags == ["from-v1"]  # inherited
    assert new.provenance["body"] == PROVENANCE
    assert new.provenance["source_parser"].startswith("PaperV2")
    undated = extract(
        "<html><body><h1 class=title>X</h1><div class=story-v2><p>Only text.</p></div>"
        "</body></html>",
        "https://paper.example/c",
        source="paper",
        fetched_at=fetched,
    )
    assert version_for((v1, v2), undated.published_at or undated.fetched_at) is v2


def test_operator_selectors_win_over_the_source_parser(paper_file: Path) -> None:
    html = PAGE_V1.format(published="2021-03-01T10:00:00Z")
    config = parse_config(
        "sources:\n  - name: paper\n    feeds: ['http://127.0.0.1:9/f']\n"
        "    selectors: {headline: 'title'}\n"
    )
    article = extract(
        html, "https://paper.example/a", source="paper", selectors=config.source("paper").selectors
    )
    apply_source_parser(article, html, f"{paper_file}:VERSIONS")
    assert article.headline == "T" and article.provenance["headline"] == "override"
    assert article.provenance["body"] == PROVENANCE


def test_a_field_the_parser_does_not_find_keeps_the_automatic_value(paper_file: Path) -> None:
    html = PAGE_V1.format(published="2021-03-01T10:00:00Z")
    automatic = extract(html, "https://paper.example/a", source="paper")
    article = apply_source_parser(
        extract(html, "https://paper.example/a", source="paper"), html, f"{paper_file}:Headless"
    )
    assert article.headline == automatic.headline and article.provenance["headline"] != PROVENANCE


def test_declaration_errors_name_what_is_wrong(paper_file: Path) -> None:
    with pytest.raises(SourceParserError, match="Bad.body"):
        load_parser(f"{paper_file}:Bad")
    with pytest.raises(SourceParserError, match="not a field"):

        class Worse(SourceParser):
            @attribute
            def colour(self) -> str:
                return "red"

    with pytest.raises(SourceParserError, match="both valid from 2020-01-01"):
        load_parser(f"{paper_file}:TWINS")
    with pytest.raises(SourceParserError, match="not a SourceParser subclass"):
        load_parser(f"{paper_file}:NOT_A_PARSER")
    with pytest.raises(SourceParserError, match="cannot import"):
        load_parser("no_such_module_anywhere:Parser")


@pytest.mark.parametrize(
    ("top_level", "named"),
    [
        ("VERSIONS = [Foo]\n", "NameError: name 'Foo' is not defined"),
        ("raise RuntimeError('set PAPER_KEY')\n", "RuntimeError: set PAPER_KEY"),
    ],
)
def test_a_parser_file_raising_at_import_is_one_error_naming_it(
    tmp_path: Path, top_level: str, named: str
) -> None:
    # Any error of the file's top level, not only a syntax error or a missing module:
    # crawl --all leaves out the sources a SourceParserError names and crawls the rest.
    path = tmp_path / f"raises_{len(top_level)}.py"
    path.write_text(top_level, encoding="utf-8")
    with pytest.raises(SourceParserError) as raised:
        load_parser(f"{path}:Parser")
    assert str(raised.value) == f"parser '{path}:Parser': cannot import {path} ({named})"


def test_a_wrong_parser_in_the_config_is_one_line_before_any_request(
    tmp_path: Path,
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {tmp_path / 'news.db'}\n"
        "sources:\n  - name: paper\n    feeds: ['http://127.0.0.1:9/f']\n"
        "    parser: no_such_module_anywhere:Parser\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--config", str(config), "crawl", "paper"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: parser 'no_such_module_anywhere:Parser': cannot import no_such_module_anywhere "
        "(No module named 'no_such_module_anywhere'); a parser module must be installed or "
        "on PYTHONPATH (the working directory is not searched)"
    ]


def test_a_parser_that_does_not_load_leaves_its_source_out_of_a_crawl_of_several(
    tmp_path: Path,
) -> None:
    # One operator's typo in one parser file: the other sources of `crawl --all` are
    # crawled (one reactor: the spider that could not start stopped all of them).
    (tmp_path / "parsers").mkdir()
    (tmp_path / "parsers" / "broken.py").write_text("def broken(:\n", encoding="utf-8")
    paragraphs = "".join(
        f"<p>Part {n}: the harbour council met on Tuesday and agreed a plan for the "
        "district's new ferry landing, to be built over the coming year.</p>"
        for n in range(4)
    )
    with PageServer() as server:
        server.put(
            "/news/harbour-council-agrees-ferry-plan",
            f"<html><head><title>Harbour council agrees</title></head><body><article>"
            f"<h1>Harbour council agrees ferry plan</h1>{paragraphs}</article></body></html>",
        )
        item = "<item><title>t</title><link>/news/harbour-council-agrees-ferry-plan</link></item>"
        channel = f"<channel><title>f</title>{item}</channel>"
        feed = server.put(
            "/rss.xml",
            f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>',
            content_type="application/rss+xml",
        )
        polite = {"download_delay": 0, "autothrottle": False, "obey_robots": False}
        sources = [
            {"name": "paper", "feeds": [feed], "parser": "parsers/broken.py:Paper"},
            {"name": "good", "feeds": [feed], "politeness": polite},
        ]
        config = tmp_path / "config.yaml"
        config.write_text(json.dumps({"database": str(tmp_path / "news.db"), "sources": sources}))
        result = run_cli("--config", str(config), "crawl", "--all", timeout=120)
        stories = run_cli("--config", str(config), "stories", "--json", timeout=60)
    assert result.returncode == 2, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in result.stderr
    assert errors[0].startswith("error: paper: not crawled: parser ")
    assert "broken.py:Paper': cannot import" in errors[0]
    assert "good: finished; 1 article pages fetched, 1 new" in result.stdout
    assert "paper" not in result.stdout
    assert [s["headline"] for s in json.loads(stories.stdout)] == [
        "Harbour council agrees ferry plan"
    ]


# --- the CLI: files and URLs -------------------------------------------------------------


def demo_config(tmp_path: Path, base_port: int) -> Path:
    text = demo_config_text(base_port, tmp_path / "news.db")
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def extract_cli(*args: str) -> tuple[int, str]:
    """``aggregator extract`` in a child process (its fetch starts a reactor, once per
    process); exit code and stdout + stderr."""
    result = run_cli(*args, timeout=120)
    return result.returncode, result.stdout + result.stderr


def test_cli_extract_url_with_source_parser(demo_network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    truth = next(a for a in ground_truth() if a.outlet == "valleygazette")
    url = demo_network.outlet("valleygazette").base_url + truth.path
    config = demo_config(tmp_path, demo_network.base_port)
    demo_network.clear_requests()
    code, output = extract_cli(
        "--config", str(config), "extract", url, "--source", "valleygazette", "--json"
    )
    assert code == 0, output
    assert demo_network.requested_paths("valleygazette") == [truth.path]  # fetched once
    data = json.loads(output)
    assert data["url"] == url and data["body"] == list(truth.body)
    assert data["provenance"]["section"] == PROVENANCE
    code, explained = extract_cli(
        "--config", str(config), "extract", url, "--source", "valleygazette", "--explain"
    )
    assert code == 0, explained
    assert "[source-parser]" in explained
    # The name column is as wide as the longest field name (published_offset) since the
    # QA pass of 2026-12-06; it was 14 characters.
    assert f"{'source parser':<{len('published_offset')}} ValleyGazetteV1" in explained


def test_cli_extract_sends_the_configured_user_agent_and_gives_the_final_url(
    tmp_path: Path,
) -> None:
    with PageServer() as server:
        server.put(
            "/final",
            b"<html><body><article><p>Some text that is long enough to be a body.</p>"
            b"</article></body></html>",
        )
        start = server.redirect("/start", server.url("/final"))
        config = tmp_path / "config.yaml"
        config.write_text(
            "user_agent: test-agent/1.0\ndefaults:\n  limits: {download_timeout: 7}\n"
        )
        code, output = extract_cli("--config", str(config), "extract", start)
        assert code == 0, output
        assert server.agents == ["test-agent/1.0", "test-agent/1.0"]
    assert json.loads(output)["url"] == server.url("/final")  # the URL after redirects


def test_cli_extract_url_without_source_and_with_url_override(demo_network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    truth = next(a for a in ground_truth() if a.outlet == "islandpulse")
    url = demo_network.outlet("islandpulse").base_url + truth.path
    config = demo_config(tmp_path, demo_network.base_port)
    code, output = extract_cli(
        "--config", str(config), "extract", url, "--url", "https://island.example/x"
    )
    assert code == 0, output
    data = json.loads(output)
    assert data["url"] == "https://island.example/x" and data["body"] == list(truth.body)


def test_cli_extract_url_errors_are_one_line(demo_network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = demo_config(tmp_path, demo_network.base_port)
    missing = demo_network.outlet("islandpulse").base_url + "/no/such/page"
    code, output = extract_cli("--config", str(config), "extract", missing)
    assert code == 1
    assert "HTTP 404" in output and "Traceback" not in output
    assert len(output.strip().splitlines()) == 1, output
    tiny = tmp_path / "tiny.yaml"
    text = config.read_text()
    defaults_limits = "  limits:\n    max_age: 7d"  # the shipped defaults' limits (config.yaml)
    assert defaults_limits in text  # else the limit below would silently not be set
    tiny.write_text(text.replace(defaults_limits, defaults_limits + "\n    max_page_bytes: 1024"))
    page = (
        demo_network.outlet("wirewire").base_url
        + next(a for a in ground_truth() if a.outlet == "wirewire").path
    )
    code, big = extract_cli("--config", str(tiny), "extract", page)
    assert code == 1 and "max_page_bytes (1024)" in big


def test_cli_extract_file_needs_url_and_an_existing_file(tmp_path: Path) -> None:
    saved = tmp_path / "p.html"
    saved.write_text("<html><body><p>Hello there, this is text.</p></body></html>")
    runner = CliRunner()
    no_url = runner.invoke(cli, ["--config", str(tmp_path / "none.yaml"), "extract", str(saved)])
    assert no_url.exit_code == 2 and "--url" in no_url.output
    missing = runner.invoke(
        cli,
        [
            "--config",
            str(tmp_path / "none.yaml"),
            "extract",
            str(tmp_path / "nope.html"),
            "--url",
            "https://example.org/",
        ],
    )
    assert missing.exit_code == 2 and "neither an http(s) URL nor a file" in missing.output
    ok = runner.invoke(
        cli,
        [
            "--config",
            str(tmp_path / "none.yaml"),
            "extract",
            str(saved),
            "--url",
            "https://example.org/a",
        ],
    )
    assert ok.exit_code == 0 and json.loads(ok.output)["url"] == "https://example.org/a"
