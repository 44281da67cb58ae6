"""A source's partial politeness, limits or schedule block is merged key by key over the
operator's ``defaults`` (built-in default <- defaults <- the source's own keys), in the file
as loaded and in the daemon's snapshot of it."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from aggregator.config import load_config

PARTIAL = """\
defaults:
  politeness: {download_delay: 3.0, concurrency_per_domain: 1, autothrottle: false}
  limits: {max_pages: 50, download_timeout: 3, max_age: 2d, run_timeout: 1m}
  schedule: {every: 2h, timezone: Europe/Berlin, jitter: 5m}
sources:
  - name: part
    feeds: [http://127.0.0.1:9/feeds/ident.xml]
    limits: {max_pages: 5}
    politeness: {concurrency_per_domain: 4}
    schedule: {cron: '0 6 * * *'}
  - name: whole
    feeds: [http://127.0.0.1:9/feeds/other.xml]
"""


def _config_file(tmp_path: Path, text: str = PARTIAL) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_partial_block_keeps_the_defaults_keys_it_does_not_give(tmp_path: Path) -> None:
    config = load_config(_config_file(tmp_path))
    source = config.source("part")
    politeness = config.politeness_for(source)
    assert politeness.concurrency_per_domain == 4  # the source's own
    assert politeness.download_delay == 3.0 and politeness.autothrottle is False  # defaults'
    assert politeness.obey_robots is True  # built-in: neither gives it
    limits = config.limits_for(source)
    assert limits.max_pages == 5
    assert limits.max_age == timedelta(days=2)
    assert limits.run_timeout == timedelta(minutes=1)
    assert limits.download_timeout == 3.0
    assert limits.max_depth == 2  # built-in


def test_a_source_schedule_names_its_own_when_and_keeps_the_defaults_zone(
    tmp_path: Path,
) -> None:
    """every and cron are one choice: the source's cron replaces the defaults' every, while
    the zone its cron is read in and the jitter come from defaults when it gives none."""
    config = load_config(_config_file(tmp_path))
    schedule = config.schedule_for(config.source("part"))
    assert (schedule.cron, schedule.every) == ("0 6 * * *", None)
    assert schedule.timezone == "Europe/Berlin"
    assert schedule.jitter == timedelta(minutes=5)
    assert config.schedule_for(config.source("whole")) == config.defaults.schedule


def test_the_daemons_snapshot_keeps_the_merge(tmp_path: Path) -> None:
    """The daemon hands its crawls the config as a document (to_document): a source's block
    must be written as given, not filled with built-ins that would then hide the defaults."""
    config = load_config(_config_file(tmp_path))
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text(json.dumps(config.to_document()), encoding="utf-8")
    again = load_config(snapshot)
    for name in ("part", "whole"):
        source, copy = config.source(name), again.source(name)
        assert again.politeness_for(copy) == config.politeness_for(source)
        assert again.limits_for(copy) == config.limits_for(source)
        assert again.schedule_for(copy) == config.schedule_for(source)
    assert again.politeness_for(again.source("part")).download_delay == 3.0


def test_sources_json_shows_each_sources_merged_settings(tmp_path: Path) -> None:
    """What an operator checks after the upgrade: the values a crawl of the source uses."""
    from click.testing import CliRunner

    from app.cli import cli

    result = CliRunner().invoke(cli, ["--config", str(_config_file(tmp_path)), "sources", "--json"])
    assert result.exit_code == 0, result.output
    part = json.loads(result.stdout)[0]
    assert part["politeness"] == {
        "download_delay": 3.0,
        "concurrency_per_domain": 4,
        "autothrottle": False,
        "obey_robots": True,
        "obey_robots_meta": True,
        "private_addresses": "named",
    }
    assert part["limits"]["max_pages"] == 5
    assert part["limits"]["max_age"] == "2d" and part["limits"]["run_timeout"] == "1m"
