"""A site owner's word through real crawls: robots.txt groups for our bot's own name,
pages asking not to be kept (X-Robots-Tag, robots meta tags), and a configured feed
that moved permanently; and AutoThrottle's target for a host that slows down.

Each crawl is ``aggregator crawl`` in a child process against the fault server,
into a real SQLite file (``test_crawl_faults.crawl``).
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import ROBOTS_META, FaultServer
from test_crawl_faults import crawl, feed

from aggregator.config import parse_config
from spiders.news import STAT_LATER_PAGES_ALONE

pytestmark = pytest.mark.timeout(120)

COMPATIBLE_UA = "Mozilla/5.0 (compatible; AcmeNewsBot/1.0; +https://acme.example/bot)"


@pytest.fixture(scope="module")
def fs() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


# --- F1: the robots token of a bot in the "compatible;" form ---------------------------------


@pytest.fixture
def named_block(fs: FaultServer) -> Iterator[None]:
    fs.control(robots="named-block")
    yield
    fs.control(robots="allow")


@pytest.mark.parametrize(
    "config_extra",
    [{"user_agent": COMPATIBLE_UA}, {"robots_token": "AcmeNewsBot"}],
    ids=["compatible-user-agent", "robots-token"],
)
def test_a_robots_txt_blocking_our_bot_by_name_is_obeyed(
    fs: FaultServer, tmp_path: Path, named_block: None, config_extra: dict[str, str]
) -> None:
    fs.control(reset="1")
    key = f"/article/named-{next(iter(config_extra))}"
    path = feed(fs, key)
    result = crawl(fs, tmp_path, feeds=[path], config_extra=config_extra)
    assert result.returncode == 0, result.output[-2000:]
    assert set(result.hits) == {"/robots.txt"}, result.hits  # not the feed, not the article
    assert result.errors == {"robots_disallowed": 1}
    assert not result.paths()


def test_another_bots_block_leaves_ours_free(
    fs: FaultServer, tmp_path: Path, named_block: None
) -> None:
    key = "/article/named-other"
    result = crawl(fs, tmp_path, feeds=[feed(fs, key)], config_extra={"robots_token": "OtherBot"})
    assert result.returncode == 0, result.output[-2000:]
    assert key in result.paths()


def test_a_browsers_token_is_warned_of_or_refused() -> None:
    base = "sources: [{name: a, feeds: ['http://127.0.0.1:9/f.xml']}]\n"
    browser = "user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/120.0'\n"
    config = parse_config(browser + base, where="config.yaml")
    assert config.robots_agent == "Mozilla"
    (notice,) = config.notices
    assert "config.yaml:1: user_agent: its product token 'Mozilla' is a browser's" in notice
    assert "set robots_token" in notice
    assert parse_config(browser + "robots_token: acme-bot\n" + base).notices == ()
    with pytest.raises(Exception, match="robots_token.*'Mozilla' is a browser's product token"):
        parse_config("robots_token: Mozilla\n" + base)
    with pytest.raises(Exception, match="robots_token.*letters, digits, '_' and '-' only"):
        parse_config("robots_token: 'Acme Bot/1.0'\n" + base)


# --- F4: noarchive / noindex in X-Robots-Tag and robots meta tags -------------------------------

REFUSED = {
    "header-noarchive": "robots_noarchive",
    "header-token-none": "robots_noindex",
    "meta-noarchive": "robots_noarchive",
    "meta-noindex": "robots_noindex",
    "meta-token-none": "robots_noindex",
}
# Listed as page 2: a later page alone, skipped as such (counted, no failure), never stored.
LATER_PAGE = "later-page-noindex"
STORED = sorted(set(ROBOTS_META) - set(REFUSED) - {LATER_PAGE})


def _meta_feed(fs: FaultServer, run: str) -> tuple[str, dict[str, str]]:
    pages = {case: f"/robotsmeta/{case}/{run}" for case in ROBOTS_META}
    pages[LATER_PAGE] += "?page=2"
    return feed(fs, *pages.values()), pages


def test_pages_asking_not_to_be_kept_are_not_stored(fs: FaultServer, tmp_path: Path) -> None:
    path, pages = _meta_feed(fs, "obeyed")
    result = crawl(fs, tmp_path, feeds=[path])
    assert result.returncode == 0, result.output[-2000:]
    assert result.paths() == {pages[case] for case in STORED}
    assert all(result.hit(page) == 1 for page in pages.values())  # fetched once, no retry
    assert result.errors == dict(Counter(REFUSED.values()))
    assert "failed: robots_noarchive 2, robots_noindex 3" in result.output
    # How many, and the key that stores them, on a line of its own (review 48b F6).
    assert (
        "5 article pages asked not to be kept and were not stored (robots_noarchive 2, "
        "robots_noindex 3); politeness.obey_robots_meta: false stores them" in result.output
    )
    assert result.stats[STAT_LATER_PAGES_ALONE] == 1
    # And aggregator status, which shows each source's health, says it of the last run.
    status = subprocess.run(
        [sys.executable, "-m", "app", "--config", str(result.db.parent / "config.yaml")]
        + ["--db", str(result.db), "status"],
        capture_output=True, text=True, timeout=60, cwd=result.db.parent, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert status.returncode == 0, status.stderr
    assert (
        "faulty: last run: 5 article pages asked not to be kept and were not stored "
        "(robots_noarchive 2, robots_noindex 3); politeness.obey_robots_meta: false"
    ) in status.stdout, status.stdout
    # Named once for the host, with what to set for a site that licenses its pages.
    assert result.output.count("asks not to keep its pages") == 1
    assert "politeness.obey_robots_meta: false" in result.output


def test_obey_robots_meta_false_stores_them(fs: FaultServer, tmp_path: Path) -> None:
    path, pages = _meta_feed(fs, "licensed")
    result = crawl(fs, tmp_path, feeds=[path], politeness={"obey_robots_meta": False})
    assert result.returncode == 0, result.output[-2000:]
    # The later page alone is not stored with or without the check.
    assert result.paths() == set(pages.values()) - {pages[LATER_PAGE]}
    assert not result.errors
    body = result.rows("SELECT length(body) FROM articles WHERE url LIKE ?", ("%header-noarch%",))
    assert body and body[0][0] > 500


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
