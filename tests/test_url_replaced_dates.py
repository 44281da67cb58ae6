"""Another story at a URL, or the same story rewritten there: the publication times decide.

Breaking news is often rewritten in place: a stub at its own URL replaced by the full
piece, under another headline, with little text in common. That stays one article with a
version. A rolling slot brings a new publication time with each story; only then is the
stored article kept as replaced and the new text stored as another article. A URL that
flips back to a story it held before makes that article current again, no copy of it.
Through ``aggregator ingest`` (the crawl's store path) into a real SQLite file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from test_url_replaced import HARBOUR, ORCHESTRA
from test_url_replaced_store import ROLLING, _ingest, _query
from test_web_view import Web

from app.config_loader import load_app_config

pytestmark = pytest.mark.timeout(300)

PERMALINK = "https://gazette.example/news/2026/12/07/plant-explosion"

STUB = (
    "Explosion reported at chemical plant",
    [
        "An explosion has been reported at the Northgate chemical plant. Emergency "
        "services are on their way.",
        "More details to follow.",
    ],
)
FULL = (
    "Two workers killed in blast at Northgate chemical works",
    [
        "Two workers died and eleven were taken to hospital after a blast tore through a "
        "storage hall at the Northgate chemical works on Monday morning, fire crews said.",
        "The fire service said the explosion happened shortly after nine o'clock, as a "
        "tanker was unloading solvent, and that the fire which followed took three hours "
        "to bring under control.",
        "Residents within a mile of the site were told to keep windows closed until the "
        "smoke had cleared, and the road past the works stayed shut into the evening.",
        "The company said it was working with investigators and would close the site "
        "until the cause was known.",
    ],
)


def _record(url: str, story: tuple[str, list[str]], **times: str) -> dict[str, Any]:
    headline, paragraphs = story
    record = {"url": url, "site": "Harbour Gazette", "headline": headline}
    return {**record, "body": "\n\n".join(paragraphs), **times}


def _articles(db: Path) -> list[tuple[Any, ...]]:
    return _query(db, "SELECT headline, version, replaced_at IS NOT NULL FROM articles ORDER BY id")


def test_a_stub_rewritten_in_place_with_its_publication_time_stays_one_article(
    tmp_path: Path,
) -> None:
    db = tmp_path / "news.db"
    _ingest(db, tmp_path, _record(PERMALINK, STUB, published="2026-12-07T09:12:00Z"))
    # The full piece keeps the stub's publication time and states when it was updated.
    full = _record(
        PERMALINK, FULL, published="2026-12-07T09:12:00Z", updated="2026-12-07T11:40:00Z"
    )
    _ingest(db, tmp_path, full)
    assert _articles(db) == [(FULL[0], 2, 0)]
    assert _query(db, "SELECT headline FROM article_versions") == [(STUB[0],)]
    assert _query(db, "SELECT count(*) FROM stories") == [(1,)]


def test_a_page_stating_no_publication_time_is_rewritten_not_replaced(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    _ingest(db, tmp_path, _record(PERMALINK, STUB))
    _ingest(db, tmp_path, _record(PERMALINK, FULL, published="2026-12-07T11:40:00Z"))
    assert _articles(db) == [(FULL[0], 2, 0)]
    _ingest(db, tmp_path, _record(ROLLING, HARBOUR))
    _ingest(db, tmp_path, _record(ROLLING, ORCHESTRA))
    assert _articles(db)[1:] == [(ORCHESTRA[0], 2, 0)]


def test_a_publication_time_the_stored_update_explains_is_the_same_article(
    tmp_path: Path,
) -> None:
    db = tmp_path / "news.db"
    stub = _record(
        PERMALINK, STUB, published="2026-12-07T09:12:00Z", updated="2026-12-07T10:05:00Z"
    )
    _ingest(db, tmp_path, stub)
    # The page's published time now shows its last update, as some sites print it.
    _ingest(db, tmp_path, _record(PERMALINK, FULL, published="2026-12-07T10:05:30Z"))
    assert _articles(db) == [(FULL[0], 2, 0)]


def test_a_rolling_slot_with_a_later_publication_time_keeps_both(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    _ingest(db, tmp_path, _record(ROLLING, HARBOUR, published="2026-12-07T08:00:00Z"))
    _ingest(db, tmp_path, _record(ROLLING, ORCHESTRA, published="2026-12-07T09:30:00Z"))
    assert _articles(db) == [(HARBOUR[0], 1, 1), (ORCHESTRA[0], 1, 0)]


def test_a_url_flipping_between_two_stories_keeps_one_article_of_each(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    flips = [HARBOUR, ORCHESTRA, HARBOUR, ORCHESTRA, HARBOUR]
    # Each story comes back with its own publication time, as a rolling slot shows it.
    published = {HARBOUR[0]: "2026-12-07T08:00:00Z", ORCHESTRA[0]: "2026-12-07T09:00:00Z"}
    before = 0
    for story in flips:
        if db.exists():
            ((before,),) = _query(db, "SELECT max(change_seq) FROM articles")
        _ingest(db, tmp_path, _record(ROLLING, story, published=published[story[0]]))
        # Whichever story the URL holds is its one current article, stored once.
        assert _query(db, "SELECT headline FROM articles WHERE replaced_at IS NULL") == [
            (story[0],)
        ]
    assert _articles(db) == [(HARBOUR[0], 1, 0), (ORCHESTRA[0], 1, 1)]
    assert _query(db, "SELECT count(DISTINCT story_id), count(*) FROM articles") == [(2, 2)]
    assert _query(db, "SELECT copies FROM stories ORDER BY id") == [(1,), (1,)]
    # The last flip moved both articles' numbers, so a syncing reader hears of it.
    changed = _query(
        db, "SELECT headline FROM articles WHERE change_seq > ? ORDER BY id", (before,)
    )
    assert changed == [(HARBOUR[0],), (ORCHESTRA[0],)]
    ((harbour_story,),) = _query(db, "SELECT story_id FROM articles WHERE replaced_at IS NULL")
    shown = run_cli("--db", str(db), "show", ROLLING)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(f"Story {harbour_story}: {HARBOUR[0]}")


def test_a_slot_back_to_an_older_story_edited_since_leaves_the_other_story_whole(
    tmp_path: Path,
) -> None:
    db = tmp_path / "news.db"
    _ingest(db, tmp_path, _record(ROLLING, HARBOUR, published="2026-12-07T08:00:00Z"))
    _ingest(db, tmp_path, _record(ROLLING, ORCHESTRA, published="2026-12-07T09:00:00Z"))
    # The harbour story comes back, updated (another text), under its own earlier time.
    headline, paragraphs = HARBOUR
    updated = (headline, [*paragraphs, "Update: the road reopened at noon on Wednesday."])
    _ingest(db, tmp_path, _record(ROLLING, updated, published="2026-12-07T08:00:00Z"))
    # The orchestra article keeps its text: it is no edit of the harbour story.
    assert _query(db, "SELECT version FROM articles WHERE headline = ?", (ORCHESTRA[0],)) == [(1,)]
    assert _query(db, "SELECT count(*) FROM article_versions") == [(0,)]
    assert _query(db, "SELECT headline FROM articles WHERE replaced_at IS NULL") == [(HARBOUR[0],)]


def test_a_shared_teaser_under_another_headline_is_stored_as_its_own_story(
    tmp_path: Path,
) -> None:
    db = tmp_path / "news.db"
    teaser = [
        "This article is for subscribers only. Subscribe today to read the full story "
        "and every article on our site, on any device, with no limits.",
        "Already a subscriber? Log in to continue reading.",
    ]
    council = ("Council approves the new harbour budget", teaser)
    striker = ("Striker signs for rival club after a week of talks", teaser)
    _ingest(db, tmp_path, _record(ROLLING, council, published="2026-12-07T08:00:00Z"))
    _ingest(db, tmp_path, _record(ROLLING, ORCHESTRA, published="2026-12-07T09:00:00Z"))
    _ingest(db, tmp_path, _record(ROLLING, striker, published="2026-12-07T10:00:00Z"))
    # The striker page shares the council page's text, not its story: it is stored.
    assert _query(db, "SELECT headline FROM articles WHERE replaced_at IS NULL") == [(striker[0],)]
    assert _query(db, "SELECT count(*) FROM articles") == [(3,)]


def test_the_web_views_story_page_shows_the_replaced_mark(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    _ingest(db, tmp_path, _record(ROLLING, HARBOUR, published="2026-12-07T08:00:00Z"))
    _ingest(db, tmp_path, _record(ROLLING, ORCHESTRA, published="2026-12-07T09:00:00Z"))
    config = tmp_path / "web.yaml"
    config.write_text(f"database: {db}\n", encoding="utf-8")
    web = Web(load_app_config(config, db), db)
    ((replaced,), (current,)) = _query(db, "SELECT story_id FROM articles ORDER BY id")
    page = web.get(f"/story/{replaced}")
    assert page.status_code == 200
    assert "Replaced at its URL</strong> on" in page.text
    assert "Replaced at its URL" not in web.get(f"/story/{current}").text
