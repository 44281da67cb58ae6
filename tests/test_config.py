"""config.yaml validation: one line naming file, line, field and value; exit 2; nothing runs."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from aggregator.config import ConfigError, load_config, parse_config
from app.cli import cli

REPO = Path(__file__).resolve().parent.parent

GOOD_SOURCE = """
sources:
  - name: example
    feeds: ["https://example.com/feed.xml"]
"""

# (case id, YAML text, fragments the one-line message must contain)
BAD_CONFIGS = [
    ("yaml-syntax", "sources: [\n", ["YAML error"]),
    ("top-level-list", "- a\n- b\n", ["expected a mapping"]),
    ("unknown-top-key", "databse: x.db\n", ["databse", "unknown key"]),
    (
        "unknown-source-key",
        GOOD_SOURCE + "    shedule: {every: 5m}\n",
        [":5:", "sources[0].shedule", "example", "unknown key"],
    ),
    ("missing-name", "sources:\n  - feeds: ['https://e.com/f']\n", ["sources[0].name", "required"]),
    (
        "bad-name",
        "sources:\n  - name: 'Bad Name'\n    feeds: ['https://e.com/f']\n",
        ["sources[0].name", "Bad Name"],
    ),
    (
        "duplicate-name",
        GOOD_SOURCE + "  - name: example\n    feeds: ['https://e.com/g']\n",
        ["sources[1].name", "duplicate of the entry at line 3; ignored"],
    ),
    (
        "url-no-scheme",
        "sources:\n  - name: a\n    feeds: ['example.com/feed']\n",
        ["sources[0].feeds[0]", "example.com/feed", "http(s) URL"],
    ),
    (
        "url-file",
        "sources:\n  - name: a\n    sitemaps: ['file:///etc/passwd']\n",
        ["sources[0].sitemaps[0]", "file:///etc/passwd"],
    ),
    (
        "url-javascript",
        "sources:\n  - name: a\n    start_pages: ['javascript:alert(1)']\n",
        ["sources[0].start_pages[0]"],
    ),
    ("no-discovery", "sources:\n  - name: a\n", ["sources[0]", "feeds, sitemaps, start_pages"]),
    (
        "interval-zero",
        GOOD_SOURCE + "    schedule: {every: 0m}\n",
        ["sources[0].schedule.every", "'0m'", "positive"],
    ),
    (
        "interval-negative",
        GOOD_SOURCE + "    schedule: {every: -5m}\n",
        ["sources[0].schedule.every", "-5m"],
    ),
    (
        "interval-word",
        GOOD_SOURCE + "    schedule: {every: often}\n",
        ["sources[0].schedule.every", "often"],
    ),
    (
        "interval-unquoted-time",
        GOOD_SOURCE + "    schedule: {every: 12:30}\n",
        ["sources[0].schedule.every", "750", "bare number"],
    ),
    (
        "bad-cron",
        GOOD_SOURCE + "    schedule: {cron: '61 * * * *'}\n",
        ["sources[0].schedule.cron", "61 * * * *"],
    ),
    (
        "bad-timezone",
        GOOD_SOURCE + "    schedule: {every: 5m, timezone: Mars/Olympus}\n",
        ["sources[0].schedule.timezone", "Mars/Olympus"],
    ),
    (
        "both-every-and-cron",
        GOOD_SOURCE + "    schedule: {every: 5m, cron: '* * * * *'}\n",
        ["sources[0].schedule", "exactly one"],
    ),
    ("enabled-not-bool", GOOD_SOURCE + "    enabled: maybe\n", ["sources[0].enabled", "maybe"]),
    (
        "negative-max-pages",
        GOOD_SOURCE + "    limits: {max_pages: -1}\n",
        ["sources[0].limits.max_pages", "-1"],
    ),
    (
        "bad-regex",
        GOOD_SOURCE + "    link_rules: {allow: ['([']}\n",
        ["sources[0].link_rules.allow[0]", "regular expression"],
    ),
    (
        "bad-selector",
        GOOD_SOURCE + "    selectors: {body: 'xpath://div[@'}\n",
        ["sources[0].selectors.body", "XPath"],
    ),
    ("python-tag", "database: !!python/object/apply:os.system ['true']\n", ["YAML error"]),
    ("alias-bomb", "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", ["YAML error", "aliases"]),
    ("bad-parallel", "daemon: {max_parallel_crawls: 0}\n", ["daemon.max_parallel_crawls", "0"]),
    ("bad-parser", GOOD_SOURCE + "    parser: not a spec\n", ["sources[0].parser", "module:Name"]),
    (
        "forget-after-no-unit",
        "boilerplate: {forget_after: 30}\n",
        ["boilerplate.forget_after", "30"],
    ),
]


@pytest.mark.parametrize("case,text,fragments", BAD_CONFIGS, ids=[c[0] for c in BAD_CONFIGS])
def test_bad_config_gives_one_line_naming_the_field(
    case: str, text: str, fragments: list[str]
) -> None:
    message = _the_one_error(text)
    assert "\n" not in message
    assert message.startswith("config.yaml")
    for fragment in fragments:
        assert fragment in message, f"{case}: {fragment!r} not in {message!r}"


def _the_one_error(text: str) -> str:
    """The whole file's error; or, for an error inside one source entry, that entry's (the
    entry is set aside and the rest of the file loads)."""
    try:
        config = parse_config(text, where="config.yaml")
    except ConfigError as exc:
        assert "sources[" not in str(exc), "an error of one source entry refused the file"
        return str(exc)
    assert len(config.rejected_sources) == 1, config
    return config.rejected_sources[0].error


def test_cli_exits_2_with_one_line_and_writes_no_database(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(GOOD_SOURCE + "    shedule: {every: 5m}\n", encoding="utf-8")
    db = tmp_path / "news.db"
    result = CliRunner().invoke(cli, ["--config", str(config), "--db", str(db), "crawl", "example"])
    assert result.exit_code == 2
    # The set-aside entry is a warning of every command; crawling it is the one error.
    errors = [line for line in result.output.splitlines() if not line.startswith("warning: ")]
    assert len(errors) == 1 and str(config) in errors[0] and "shedule" in errors[0]
    assert errors[0].startswith("error: example: not crawled: ")
    assert "Traceback" not in result.output
    assert not db.exists()


def test_missing_config_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = CliRunner().invoke(cli, ["--config", str(missing), "stories"])
    assert result.exit_code == 2
    assert f"{missing}: config file not found" in result.output


def test_shipped_config_is_the_demo_networks_config() -> None:
    """config.yaml lists the demo outlets as ordinary sources: what --print-config renders."""
    from aggregator.config import Source
    from app.demo.config import demo_sources

    config = load_config(REPO / "config.yaml")
    assert config.notices == ()
    assert [s.model_dump() for s in config.sources] == [
        Source.model_validate(raw).model_dump() for raw in demo_sources(8801)
    ]
    assert config.schedule_for(config.sources[0]).every == timedelta(minutes=30)


def test_an_older_config_naming_demo_outlets_still_loads_with_a_notice(tmp_path: Path) -> None:
    """Deprecated in 0.2: demo_outlet and demo.base_port become the outlet's URLs on load."""
    from app.config_loader import load_app_config

    old = tmp_path / "old.yaml"
    old.write_text(
        "demo: {base_port: 9100}\n"
        "sources:\n"
        "  - {name: wire, demo_outlet: wirewire}\n"
        "  - {name: county, demo_outlet: valleygazette}\n",
        encoding="utf-8",
    )
    config = load_app_config(old)
    assert config.source("wire").feeds == ["http://127.0.0.1:9100/rss.xml"]
    assert config.source("county").feeds == ["http://127.0.0.1:9104/atom.xml"]
    assert config.source("county").parser == "app.demo.parsers:ValleyGazetteV1"
    # One notice per deprecated key, not one per source naming it (QA pass 42, item 5).
    assert len(config.notices) == 2 and all("deprecated" in n for n in config.notices)
    result = CliRunner().invoke(cli, ["--config", str(old), "sources"])
    assert result.exit_code == 0
    assert "demo_outlet is deprecated (sources[0], sources[1])" in result.stderr
    assert "http://127.0.0.1:9100/rss.xml" in result.stdout


def test_an_unknown_demo_outlet_is_named(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text("sources:\n  - {name: wire, demo_outlet: nosuch}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(old), "sources"])
    assert result.exit_code == 0  # the entry is set aside, and listed as such
    assert "sources[0].demo_outlet (source 'wire') = 'nosuch': unknown key" in result.stderr
    assert "wire (set aside)" in result.stdout


def test_source_values_override_defaults() -> None:
    config = parse_config(
        GOOD_SOURCE + "    schedule: {cron: '*/5 * * * *', timezone: Europe/Berlin}\n"
    )
    source = config.source("example")
    assert config.schedule_for(source).cron == "*/5 * * * *"
    assert config.politeness_for(source) == config.defaults.politeness
    with pytest.raises(ConfigError, match="no source named 'other'"):
        config.source("other")


PROMO_PAGE = """<!doctype html><html><head><title>Harbour dredging starts | Example</title></head>
<body><article><h1>Harbour dredging starts next week</h1>
<p>The port authority said on Tuesday that dredging of the inner harbour will begin next
Monday and last about six weeks, closing two berths at a time to larger vessels.</p>
<div class="promo"><p>Subscribe today and read every story of the week for one low price.</p></div>
<p>Fishing boats keep their moorings throughout, the authority said, and the ferry
timetable does not change while the work goes on at the far end of the basin.</p>
</article></body></html>"""


@pytest.mark.parametrize("remove", ["div.promo", "[div.promo]"], ids=["one-string", "list"])
def test_one_remove_selector_alone_is_a_list_of_one(tmp_path: Path, remove: str) -> None:
    """Every other selector key takes one selector; `remove` is written the same way."""
    config = tmp_path / "config.yaml"
    config.write_text(GOOD_SOURCE + f"    selectors: {{remove: {remove}}}\n", encoding="utf-8")
    assert load_config(config).source("example").selectors.remove == ["div.promo"]
    page = tmp_path / "page.html"
    page.write_text(PROMO_PAGE, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["--config", str(config), "--db", str(tmp_path / "news.db"), "extract", str(page)]
        + ["--url", "https://example.com/news/dredging", "--source", "example"],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)["body"]
    assert any("dredging of the inner harbour" in p for p in body)
    assert not any("Subscribe today" in p for p in body)


def test_an_empty_remove_key_removes_nothing() -> None:
    # `remove:` with nothing after it is YAML's null, as an empty `headline:` is.
    config = parse_config(GOOD_SOURCE + "    selectors:\n      remove:\n", where="c.yaml")
    assert config.source("example").selectors.remove == []


def test_a_bad_remove_selector_alone_is_named() -> None:
    config = parse_config(
        GOOD_SOURCE + "    selectors: {remove: 'xpath://div[@'}\n", where="c.yaml"
    )
    (rejected,) = config.rejected_sources
    assert "sources[0].selectors.remove[0]" in rejected.error
    assert "'xpath://div[@'" in rejected.error and "XPath" in rejected.error
