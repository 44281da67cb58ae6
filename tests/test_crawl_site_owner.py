"""A site owner's word through real crawls: a configured feed that moved permanently; and
AutoThrottle's target for a host that slows down.

Each crawl is ``aggregator crawl`` in a child process against the fault server,
into a real SQLite file (``test_crawl_faults.crawl``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import FaultServer
from test_crawl_faults import crawl, feed

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def fs() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


# --- F9: a configured feed that moved permanently -------------------------------------------------


def test_a_feed_that_moved_permanently_is_said_once_per_crawl(
    fs: FaultServer, tmp_path: Path
) -> None:
    key = "/article/moved-feed"
    old, new = feed(fs, key), feed(fs, key)
    fs.control(feed_moved=old.rsplit("/", 1)[1].removesuffix(".xml"), to=new)
    for _run in range(2):  # the second with the first's database and kept feeds
        result = crawl(fs, tmp_path, feeds=[old])
        assert result.returncode == 0, result.output[-2000:]
        moved = f"the feed URL {fs.url}{old} moved permanently to {fs.url}{new}: update feeds"
        assert result.output.count(moved) == 1, result.output[-3000:]
        assert "1 feed or sitemap moved permanently (update config.yaml)" in result.output
        assert result.stats["newsagg/documents_moved"] == 1
        assert key in result.paths()
        assert result.hit(old) == _run + 1 and result.hit(new) == _run + 1


# --- F7: AutoThrottle's target ----------------------------------------------------------------


def test_autothrottle_aims_at_one_request_in_flight_per_host() -> None:
    """Scrapy's polite default: delay = latency / target, so a host answering in 1.5 s
    gets a request about every 1.5 s (with 2.0, every download_delay, 1.5 in flight)."""
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    assert settings.get("BOT_NAME") == "newsagg"  # scrapy.cfg's settings module
    assert settings.getfloat("AUTOTHROTTLE_TARGET_CONCURRENCY") == 1.0
