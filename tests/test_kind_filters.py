"""Page kinds wherever a reader filters (stop 48): an alert's ``kinds:``, the web view's
``kind`` (its home and search pages, and the story page's kind badge linking there), and
an Atom feed exported with ``--kind`` (or ``--language``) having an id of its own.

Stop 47 left them open: alerts could not leave sponsored stories out, the web home had no
kind filter, and a feed exported with ``--kind`` kept the unfiltered feed's id, so a feed
reader subscribed to two filtered feeds saw one.
"""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from conftest import run_cli
from test_alerts import GOVERNMENT, cli, deliveries, ingest
from test_page_kind_store import _store
from test_web_view import Web

from aggregator.config import Config, ConfigError, parse_config
from aggregator.schema import KINDS

pytestmark = pytest.mark.timeout(300)

SPONSORED = {
    "url": "https://example.org/partners/government-savings",
    "site": "Example Times",
    "headline": "How the government's new savings scheme can work for you",
    "body": "Brought to you by a bank: the government scheme rewards saving every month.\n\n"
    "Our advisers explain which account suits which saver, and how to open one today.\n\n"
    "Terms apply; the offer ends when the scheme's first round closes in the spring.",
    "kind": "sponsored",
}


# --- alerts -----------------------------------------------------------------------------


def test_an_alert_fires_only_for_the_kinds_it_keeps(tmp_path: Path) -> None:
    db, config = tmp_path / "news.db", tmp_path / "config.yaml"
    config.write_text(
        f"database: {db}\nalerts:\n"
        "  - {name: news, query: government, target: atom, kinds: [-sponsored, -press_release]}\n"
        "  - {name: paid, query: government, target: atom, kinds: sponsored}\n"
        "  - {name: every, query: government, target: atom}\n",
        encoding="utf-8",
    )
    assert cli(config, "alerts", "deliver").returncode == 0  # the alerts start watching
    ingest(config, tmp_path, [GOVERNMENT, SPONSORED])
    result = cli(config, "alerts", "deliver")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == ["news: 1 fired", "paid: 1 fired", "every: 2 fired"]
    fired = {alert: [r["story_id"] for r in deliveries(db, alert)] for alert in ("news", "paid")}
    listed = run_cli("--db", str(db), "stories", "--json", "--kind", "sponsored")
    assert listed.returncode == 0, listed.stderr
    (paid,) = re.findall(r'"story_id": (\d+)', listed.stdout)
    assert fired["paid"] == [int(paid)] and fired["news"] != fired["paid"]

    shown = cli(config, "alerts", "list")
    assert shown.returncode == 0, shown.stderr
    assert "news: 'government' --kind=-sponsored,-press_release -> atom feed" in shown.stdout
    assert "every: 'government' -> atom feed" in shown.stdout


@pytest.mark.parametrize(
    ("kinds", "message"),
    [
        ("[sponsered]", "'sponsered' is no page kind (" + ", ".join(KINDS) + ")"),
        ("[opinion, -opinion]", "leaves out every page kind"),
    ],
)
def test_an_alerts_bad_kinds_are_one_line(kinds: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f"alerts:\n  - {{name: a, query: x, target: atom, kinds: {kinds}}}\n")
    assert "alerts[0].kinds" in str(caught.value) and message in str(caught.value)
    assert "\n" not in str(caught.value)


# --- the web view -----------------------------------------------------------------------


def _listed(web: Web, path: str) -> set[int]:
    response = web.get(path)
    assert response.status_code == 200
    return {int(i) for i in re.findall(r'href="/story/(\d+)"', response.text)}


def test_the_web_home_and_search_filter_by_kind_and_the_badge_links_there(
    tmp_path: Path,
) -> None:
    db = tmp_path / "news.db"
    ids = _store(db)
    web = Web(Config(database=str(db)), db)
    assert _listed(web, "/") == set(ids.values())
    assert _listed(web, "/?kind=sponsored") == {ids["sponsored by type"]}
    news = {ids[n] for n in ("news article", "live blog", "opinion by type")}
    assert _listed(web, "/?kind=-sponsored,-press_release") == news
    assert _listed(web, "/search?q=officials&kind=sponsored") == {ids["sponsored by type"]}

    page = web.get("/?kind=opinion").text
    assert '<select id="f-kind" name="kind">' in page
    assert '<option value="opinion" selected>opinion</option>' in page
    bad = web.get("/?kind=advert")
    assert bad.status_code == 200
    assert "&#39;advert&#39; is no page kind (" + ", ".join(KINDS) + "): ignored" in bad.text
    assert _listed(web, "/?kind=advert") == set(ids.values())

    story = web.get(f"/story/{ids['press release']}").text
    (link,) = re.findall(r'<a href="(/\?kind=[^"]+)"[^>]*><span class="badge">', story)
    assert link == "/?kind=press_release"
    assert _listed(web, link) == {ids["press release"]}


def test_the_web_reads_kind_given_twice_as_the_cli_reads_kind_twice(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    ids = _store(db)
    web = Web(Config(database=str(db)), db)
    both = {ids["live blog"], ids["opinion by type"]}
    assert _listed(web, "/?kind=liveblog&kind=opinion") == both
    assert _listed(web, "/?kind=liveblog,opinion") == both
    assert _listed(web, "/search?q=officials&kind=liveblog&kind=opinion") == _listed(
        web, "/search?q=officials&kind=liveblog,opinion"
    )
    # The form reads back the combined filter.
    page = web.get("/?kind=liveblog&kind=opinion").text
    assert '<option value="liveblog,opinion" selected>liveblog, opinion</option>' in page


# --- Atom feed ids ----------------------------------------------------------------------


def _feed(db: Path, *args: str) -> feedparser.FeedParserDict:
    result = run_cli("--db", str(db), "export", "--format", "atom", *args)
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse(result.stdout)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_a_feed_exported_with_kind_or_language_has_an_id_of_its_own(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    ids = _store(db)
    selections = {
        "everything": [],
        "opinion": ["--kind", "opinion"],
        "press releases": ["--kind", "press_release"],
        "no paid content": ["--kind=-sponsored,-press_release"],
        "in english": ["--language", "en"],
        "one source": ["--source", "tribune"],
    }
    feeds = {name: _feed(db, *args) for name, args in selections.items()}
    feed_ids = {name: feed.feed.id for name, feed in feeds.items()}
    assert len(set(feed_ids.values())) == len(selections), feed_ids
    # The feeds of before stop 48 keep their ids: a subscribed reader sees no new feed.
    assert "?" not in feed_ids["everything"]
    assert feed_ids["one source"] == feed_ids["everything"] + "?source=tribune"
    assert feed_ids["no paid content"].endswith("?kind=-sponsored%2C-press_release")
    assert [e.title for e in feeds["opinion"].entries] == [
        e.title for e in feeds["everything"].entries if ids["opinion by type"] == _id(e.id)
    ]
    # The same selection written otherwise is the same feed.
    assert (
        _feed(db, "--kind", "review,opinion").feed.id
        == _feed(db, "--kind", "opinion", "--kind", "review").feed.id
    )
    assert _feed(db, "--kind", "opinion", "--since", "7d").feed.id == feed_ids["opinion"]


def _id(entry_id: str) -> int:
    return int(entry_id.rsplit("/", 1)[1])
