"""The longest Retry-After a run waits has one default, the config model's
(``Limits.max_retry_after``): the middleware keeps no copy of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings

from aggregator.config import Config, Source
from spiders.middlewares import RetryAfterMiddleware
from spiders.settings import settings_for_source


def test_the_wait_is_the_sources_limit(tmp_path: Path) -> None:
    config = Config(database=tmp_path / "news.db")
    for limits, seconds in (({}, 120.0), ({"max_retry_after": "5s"}, 5.0)):
        source = Source(name="site", feeds=["https://example.com/feed"], limits=limits)
        settings = Settings(settings_for_source(config, source))
        assert RetryAfterMiddleware(settings).max_retry_after == seconds


def test_a_crawl_built_without_the_setting_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match="NEWSAGG_MAX_RETRY_AFTER is not set"):
        RetryAfterMiddleware(Settings())
