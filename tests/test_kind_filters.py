"""Page kinds wherever a reader filters (stop 48): an alert's ``kinds:``, the web view's
``kind`` (its home and search pages, and the story page's kind badge linking there), and
an Atom feed exported with ``--kind`` (or ``--language``) having an id of its own.

Stop 47 left them open: alerts could not leave sponsored stories out, the web home had no
kind filter, and a feed exported with ``--kind`` kept the unfiltered feed's id, so a feed
reader subscribed to two filtered feeds saw one.
"""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from conftest import run_cli
from test_page_kind_store import _store

pytestmark = pytest.mark.timeout(300)


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
