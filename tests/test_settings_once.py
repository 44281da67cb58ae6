"""Each default is declared once: spiders/settings.py does not repeat, with other values,
what a source's config sets for every crawl; the config path has one name; the user
agent's version is the package's."""

from __future__ import annotations

from pathlib import Path

import spiders.settings
from aggregator.config import DEFAULT_CONFIG_PATH, Config, Source
from spiders.settings import settings_for_source


def test_module_settings_agree_with_what_every_crawl_sets(tmp_path: Path) -> None:
    # settings_for_source overwrites these for every crawl (NewsSpider.from_crawler and
    # fetch_page): a module value that differs is one a reader believes and no crawl uses.
    source = Source(name="site", feeds=["https://example.com/feed"])
    # A database folder that exists: its discovery cache can be kept (HTTPCACHE_ENABLED).
    config = Config(database=tmp_path / "news.db")
    per_source = settings_for_source(config, source)
    differ = {
        key: (getattr(spiders.settings, key), value)
        for key, value in per_source.items()
        if hasattr(spiders.settings, key) and getattr(spiders.settings, key) != value
    }
    assert differ == {}


def test_scrapy_crawl_reads_the_default_config_path() -> None:
    assert str(DEFAULT_CONFIG_PATH) == spiders.settings.AGGREGATOR_CONFIG


def test_the_default_user_agent_names_the_version_aggregator_prints() -> None:
    from click.testing import CliRunner

    from app.cli import cli

    printed = CliRunner().invoke(cli, ["--version"]).output.split()[-1]
    assert Config().user_agent == f"newsagg/{printed} (+https://github.com/newsagg/newsagg)"
