"""Mistakes an operator makes writing config.yaml by hand (QA stop 47): each is named in one
line where it is made, instead of loading as something else than was meant."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from aggregator.config import ConfigError, load_config, parse_config, parse_json_config
from aggregator.parser.sources import SourceParserError, load_parser

# A forgotten "- " between two sources: the second's keys land in the first's entry.
NO_DASH = """\
sources:
  - name: harbour
    feeds: ['http://127.0.0.1:9101/feed.xml']
    politeness: {download_delay: 5}
  # added by hand: the dash forgotten
    name: lighthouse
    feeds: ['http://127.0.0.1:9102/feed.xml']
  - name: quay
    feeds: ['http://127.0.0.1:9103/feed.xml']
"""


def test_a_name_given_twice_in_one_entry_sets_that_entry_aside_naming_both_lines() -> None:
    config = parse_config(NO_DASH, where="config.yaml")
    assert [s.name for s in config.sources] == ["quay"]
    (rejected,) = config.rejected_sources
    assert rejected.error == "config.yaml:6: sources[0].name given twice (first at line 2)"
    assert rejected.name == "harbour"  # the source the entry began as


def test_another_key_given_twice_names_its_source() -> None:
    text = (
        "sources:\n  - name: alpha\n    feeds: [http://127.0.0.1:9/f.xml]\n"
        "    limits: {max_pages: 10}\n    site_name: A\n    limits: {max_depth: 5}\n"
    )
    (rejected,) = parse_config(text, where="config.yaml").rejected_sources
    assert rejected.error == (
        "config.yaml:6: sources[0].limits (source 'alpha') given twice (first at line 4)"
    )


def test_a_second_sources_block_refuses_the_file() -> None:
    pasted = "daemon: {max_parallel_crawls: 2}\nsources:\n  - name: quay"
    text = NO_DASH.replace("  - name: quay", pasted)
    refused = r"^config.yaml:9: sources given twice \(first at line 1\)$"
    with pytest.raises(ConfigError, match=refused):
        parse_config(text, where="config.yaml")


def test_a_key_given_twice_in_json_is_refused_with_its_lines() -> None:
    text = (
        '{"sources": [{"name": "alpha", "feeds": ["http://127.0.0.1:9/f"]}],\n'
        ' "sources": [{"name": "beta", "feeds": ["http://127.0.0.1:9/f"]}]}\n'
    )
    with pytest.raises(ConfigError, match=r"^c.json:2: sources given twice \(first at line 1\)$"):
        parse_json_config(text, where="c.json")


def test_an_entry_set_aside_for_a_repeat_is_set_aside_again_in_the_snapshot(
    tmp_path: Path,
) -> None:
    """The daemon's snapshot cannot write a key twice: the entry it writes back carries
    the error, so its crawls set it aside too, under the same name."""
    snapshot = tmp_path / "config.json"
    snapshot.write_text(json.dumps(parse_config(NO_DASH).to_document()), encoding="utf-8")
    again = load_config(snapshot)
    assert [s.name for s in again.sources] == ["quay"]
    assert [r.name for r in again.rejected_sources] == ["harbour"]


def test_a_database_under_the_home_folder_is_expanded(tmp_path: Path) -> None:
    config = parse_config("database: ~/news/news.db\nsources: []\n")
    assert config.database == Path.home() / "news" / "news.db"


def test_a_database_naming_an_environment_variable_is_refused_in_one_line() -> None:
    refused = r"^config.yaml:1: database = '\$HOME/x.db': .*not expanded"
    with pytest.raises(ConfigError, match=refused):
        parse_config("database: $HOME/x.db\nsources: []\n", where="config.yaml")


def test_a_defaults_schedule_giving_only_a_zone_keeps_the_built_in_interval() -> None:
    config = parse_config(
        "defaults:\n  schedule: {timezone: Europe/Berlin}\n"
        "sources:\n  - {name: a, feeds: ['http://127.0.0.1:9/f.xml']}\n"
    )
    assert config.schedule_for(config.source("a")).describe() == "every 30m (Europe/Berlin)"


def test_a_source_schedule_giving_only_a_jitter_keeps_the_defaults_when() -> None:
    config = parse_config(
        "defaults:\n  schedule: {cron: '0 6 * * *'}\n"
        "sources:\n  - {name: a, feeds: ['http://127.0.0.1:9/f.xml'], schedule: {jitter: 5m}}\n"
    )
    schedule = config.schedule_for(config.source("a"))
    assert (schedule.cron, schedule.every, schedule.jitter) == (
        "0 6 * * *",
        None,
        timedelta(minutes=5),
    )
    alone = parse_config(
        "sources:\n  - {name: a, feeds: ['http://127.0.0.1:9/f.xml'], schedule: {jitter: 5m}}\n"
    )
    schedule = alone.schedule_for(alone.source("a"))
    assert (schedule.every, schedule.jitter) == (timedelta(minutes=30), timedelta(minutes=5))


@pytest.mark.parametrize(
    "defaults,own",
    [
        ("", "{every: 1m, jitter: 2h}"),
        ("", "{every: 15m, jitter: 15m}"),
        ("defaults: {schedule: {every: 1m}}\n", "{jitter: 2h}"),
        ("defaults: {schedule: {every: 1d, jitter: 2h}}\n", "{every: 1m}"),
    ],
)
def test_a_jitter_not_shorter_than_the_interval_sets_the_source_aside(
    defaults: str, own: str
) -> None:
    text = (
        defaults + f"sources:\n  - {{name: a, feeds: ['http://127.0.0.1:9/f'], schedule: {own}}}\n"
    )
    (rejected,) = parse_config(text, where="config.yaml").rejected_sources
    assert "sources[0].schedule" in rejected.error and "is not shorter than every" in rejected.error
    assert "\n" not in rejected.error
    assert "= None" not in rejected.error  # the merged case named no value (review 47c F4)


def test_a_defaults_jitter_not_shorter_than_the_interval_refuses_the_file() -> None:
    with pytest.raises(
        ConfigError, match=r"defaults.schedule: jitter 30m is not shorter than every 30m"
    ):
        parse_config("defaults: {schedule: {jitter: 30m}}\nsources: []\n", where="config.yaml")


def test_a_cron_with_any_jitter_loads() -> None:
    schedule = "{cron: '0 6 * * *', jitter: 2d}"
    text = f"sources:\n  - {{name: a, feeds: ['http://127.0.0.1:9/f'], schedule: {schedule}}}\n"
    assert parse_config(text).sources[0].name == "a"


@pytest.mark.parametrize(
    "written,meant",
    [
        (
            "    feed: ['http://127.0.0.1:9/f']\n",
            "sources[0].feed (source 'a'): unknown key (did you mean 'feeds'?)",
        ),
        (
            "    politeness: {downlaod_delay: 5}\n",
            "unknown key (did you mean 'download_delay'?)",
        ),
        (
            "    selectors: {author: .by}\n",
            "unknown key (known keys: headline, standfirst, byline,",
        ),
    ],
)
def test_an_unknown_key_of_a_source_says_what_was_meant(written: str, meant: str) -> None:
    text = "sources:\n  - name: a\n    feeds: ['http://127.0.0.1:9/f']\n" + written
    (rejected,) = parse_config(text, where="config.yaml").rejected_sources
    assert meant in rejected.error


def test_an_unknown_top_level_key_says_what_was_meant() -> None:
    with pytest.raises(ConfigError, match=r"defualts: unknown key \(did you mean 'defaults'\?\)$"):
        parse_config("defualts: {}\nsources: []\n", where="config.yaml")


def test_a_parser_module_without_the_name_says_so() -> None:
    with pytest.raises(
        SourceParserError,
        match=r"app.demo.parsers has no NoSuchName \(its parsers: ValleyGazetteV1",
    ):
        load_parser("app.demo.parsers:NoSuchName")


def test_one_feed_in_two_sources_is_a_notice_naming_both() -> None:
    config = parse_config(
        "sources:\n"
        "  - name: old-tool-a\n    feeds: ['http://127.0.0.1:9102/feed.xml']\n"
        "  - name: old-tool-b\n    feeds: ['http://127.0.0.1:9102/feed.xml']\n",
        where="config.yaml",
    )
    assert [s.name for s in config.sources] == ["old-tool-a", "old-tool-b"]  # not an error
    assert config.warnings() == [
        "config.yaml:5: sources[1].feeds[0] (source 'old-tool-b') is also in source "
        "'old-tool-a' (line 3): both crawl it"
    ]


SOURCE_A = "sources:\n  - name: alpha\n    feeds: [http://127.0.0.1:9001/feed.xml]\n"


@pytest.mark.parametrize(
    "text,said",
    [
        (
            SOURCE_A + "\tsite_name: Alpha\n",
            ":4: YAML error: .* \\(a tab: YAML indents with spaces\\)$",
        ),
        (
            SOURCE_A + "    limits:\n\t  max_pages: 5\n",
            ":5: .*\\(a tab: YAML indents with spaces\\)$",
        ),
        (SOURCE_A + "    schedule: {cron: */20 6-23 * * *}\n", ":4: .*read as an alias: quote it"),
    ],
    ids=["tab-first", "tab-nested", "cron-unquoted"],
)
def test_a_yaml_error_names_the_tab_or_the_unquoted_star(text: str, said: str) -> None:
    with pytest.raises(ConfigError, match=said):
        parse_config(text, where="config.yaml")


@pytest.mark.parametrize(
    "key", ["politeness: {download_delay: 2s}", "limits: {download_timeout: 20s}"]
)
def test_a_key_of_bare_seconds_given_a_duration_says_it_takes_a_number(key: str) -> None:
    (rejected,) = parse_config(SOURCE_A + f"    {key}\n").rejected_sources
    assert (
        "takes seconds as a bare number (such as 2 or 0.5), not a duration such as"
        in rejected.error
    )


def test_a_file_not_in_utf8_is_named_with_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes((SOURCE_A + "    site_name: Zürich\n").encode("latin-1"))
    with pytest.raises(
        ConfigError, match=r"config.yaml:4:17: byte 0xfc is not UTF-8; save the file as UTF-8$"
    ):
        load_config(path)
    path.write_bytes(b"\xff\xfe\x00\x01 not text")  # a BOM, then no UTF-16
    with pytest.raises(ConfigError, match=r"config.yaml:1:1: byte 0xff is not UTF-8"):
        load_config(path)
    path.write_text(SOURCE_A, encoding="utf-16")
    with pytest.raises(ConfigError, match=r"config.yaml: the file is UTF-16; save it as UTF-8$"):
        load_config(path)


def test_the_daemon_s_json_snapshot_gives_no_shared_url_notice(tmp_path: Path) -> None:
    """Its lines would be found by parsing it again as YAML, in every crawl child."""
    text = (
        "sources:\n  - {name: a, feeds: ['http://127.0.0.1:9/f.xml']}\n"
        "  - {name: b, feeds: ['http://127.0.0.1:9/f.xml']}\n"
    )
    snapshot = tmp_path / "config.json"
    snapshot.write_text(json.dumps(parse_config(text).to_document()), encoding="utf-8")
    assert parse_config(text).warnings() and load_config(snapshot).warnings() == []
