"""The single write path: idempotence, versions, and the full-text index kept in step."""

from __future__ import annotations

import dataclasses
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from profile_format1 import profile_json, text_keys
from sqlite_utils import Database

from aggregator.config import DedupSettings
from aggregator.dedup import build_profile
from aggregator.schema import Article
from storage import open_db, queries
from storage.db import DatabaseError
from storage.writes import ArticleWrite, StoreStatus, store_article, store_articles

BODY = [
    "The harbour authority said on Tuesday that the northern breakwater would be rebuilt "
    "over two summers.",
    "Engineers found that winter storms had undermined the foundations of the 1930s structure.",
    "The work is expected to cost about 14 million euros, most of it from the regional budget.",
    "Fishing boats will use the southern basin while the work goes on, the authority said.",
]


def _article(
    body: list[str],
    headline: str = "Breakwater to be rebuilt",
    url: str = "https://port.example/news/breakwater",
) -> Article:
    return Article(
        url=url,
        canonical_url=url,
        source="port",
        site_name="Port News",
        headline=headline,
        body=body,
        fetched_at=datetime(2026, 5, 1, tzinfo=UTC),
    )


def test_same_article_twice_is_stored_once(fresh_db: Database) -> None:
    db = fresh_db
    first = store_article(db, _article(BODY), DedupSettings())
    again = store_article(db, _article(BODY), DedupSettings())
    assert first.status is StoreStatus.NEW and again.status is StoreStatus.UNCHANGED
    assert again.article_id == first.article_id
    assert queries.totals(db).articles == 1


def test_edited_article_keeps_its_history_story_and_search_index(fresh_db: Database) -> None:
    db = fresh_db
    first = store_article(db, _article(BODY), DedupSettings())
    edited = BODY[:3] + ["Correction: the cost is about 16 million euros, officials said later."]
    second = store_article(db, _article(edited, "Breakwater rebuild to cost more"), DedupSettings())
    assert second.status is StoreStatus.UPDATED
    assert (second.article_id, second.story_id) == (first.article_id, first.story_id)
    versions = db.execute("SELECT version, headline FROM article_versions").fetchall()
    assert versions == [(1, "Breakwater to be rebuilt")]
    assert db.execute("SELECT version FROM articles").fetchone()[0] == 2
    assert queries.search(db, "correction") and not queries.search(db, "fishing boats southern")
    assert queries.story(db, first.story_id).headline == "Breakwater rebuild to cost more"
    # The lookup keys are the edited text's, and only those.
    stored_keys = {
        k
        for (k,) in db.execute(
            "SELECT key FROM dedup_keys WHERE article_id = ?", [first.article_id]
        )
    }
    assert stored_keys == set(build_profile(edited).band_keys)
    assert stored_keys != set(build_profile(BODY).band_keys)


def test_a_byline_corrected_over_the_same_text_clears_the_copys_byline_flag(
    fresh_db: Database,
) -> None:
    """A copy fetched again with the same text under the origin's author: its byline is
    stored in place and its story's byline flags are worked out again (QA incr-51 #3)."""
    db = fresh_db

    def copy(site: str, author: str, published_hour: int) -> Article:
        url = f"https://{site.lower().replace(' ', '')}.example/news/breakwater"
        return replace(
            _article(BODY, url=url),
            site_name=site,
            source=site.lower().replace(" ", ""),
            authors=[author],
            byline_raw=f"By {author}",
            published_at=datetime(2026, 5, 1, published_hour, tzinfo=UTC),
        )

    store_article(db, copy("Port News", "Tom Reyes", 8), DedupSettings())
    courier = store_article(db, copy("Bay Courier", "Jane Doe", 10), DedupSettings())
    ((flag, numbered),) = db.execute(
        "SELECT byline_flag, change_seq FROM articles WHERE id = ?", [courier.article_id]
    ).fetchall()
    assert flag and "Jane Doe" in flag

    again = store_article(db, copy("Bay Courier", "Tom Reyes", 10), DedupSettings())

    assert (again.status, again.article_id) == (StoreStatus.UPDATED, courier.article_id)
    ((authors, flag, version, renumbered),) = db.execute(
        "SELECT authors, byline_flag, version, change_seq FROM articles WHERE id = ?",
        [courier.article_id],
    ).fetchall()
    assert (authors, flag, version) == ('["Tom Reyes"]', None, 1)
    assert renumbered > numbered


def test_story_bookkeeping_updates_do_not_touch_the_search_index(fresh_db: Database) -> None:
    db = fresh_db
    store_article(db, _article(BODY), DedupSettings())
    before = db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
    db.execute("UPDATE articles SET byline_flag = 'x', similarity = 0.5")
    assert db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == before
    assert queries.search(db, "breakwater")


def _search_index_matches_the_articles(db) -> bool:  # type: ignore[no-untyped-def]
    # FTS5's integrity check with rank 1 also compares an external-content index
    # with its table: a row missing from the index, or indexed with other text, fails it.
    try:
        db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError:
        return False
    return True


def test_a_batch_indexes_its_new_articles_for_search_and_only_those_stored(
    fresh_db: Database,
) -> None:
    db = fresh_db
    broken = _article(
        ["A quay will be built for the ferries, the council said."],
        url="https://port.example/news/quay",
    )
    broken.headline = None  # type: ignore[assignment]  # rolled back in its savepoint
    ferry = _article(
        ["A new ferry line will link the two islands from June, the operator said on Monday."],
        headline="Ferry line to open",
        url="https://port.example/news/ferry",
    )
    outcomes = store_articles(
        db,
        [ArticleWrite(_article(BODY)), ArticleWrite(broken), ArticleWrite(ferry)],
        DedupSettings(),
    )
    assert [o.error is None for o in outcomes] == [True, False, True]
    assert _search_index_matches_the_articles(db)
    assert [hit.headline for hit in queries.search(db, "breakwater")] == [
        "Breakwater to be rebuilt"
    ]
    assert [hit.headline for hit in queries.search(db, "ferry")] == ["Ferry line to open"]
    assert not queries.search(db, "quay")
    # The batch, not the trigger, indexed them: a row marked the same way that no
    # batch indexes is missing from the index, and the check says so.
    row = dict(db["articles"].get(outcomes[2].result.article_id))
    assert row["search_index_deferred"] == 1
    row.update(
        id=None,
        url="https://port.example/news/copy",
        canonical_url="https://port.example/news/copy",
    )
    db["articles"].insert(row)
    assert not _search_index_matches_the_articles(db)


def test_an_article_edited_within_its_batch_is_found_by_its_new_text_only(
    fresh_db: Database,
) -> None:
    db = fresh_db
    edited = BODY[:3] + ["Correction: the cost is about 16 million euros, officials said later."]
    outcomes = store_articles(
        db,
        [
            ArticleWrite(_article(BODY)),
            ArticleWrite(_article(edited, "Breakwater rebuild to cost more")),
        ],
        DedupSettings(),
    )
    assert [o.result.status for o in outcomes if o.result] == [StoreStatus.NEW, StoreStatus.UPDATED]
    assert _search_index_matches_the_articles(db)
    assert queries.search(db, "correction") and not queries.search(db, "fishing boats southern")


def test_after_m007_rows_of_other_writers_are_still_indexed_and_can_be_edited(
    tmp_path: Path,
) -> None:
    path = tmp_path / "news.db"
    db = open_db(path)
    # Put the database back in its m006 state: every insert indexed by the trigger.
    db.execute("DROP TRIGGER articles_fts_insert")
    db.execute(
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
        "INSERT INTO articles_fts (rowid, headline, body_text) "
        "VALUES (new.id, new.headline, new.body_text); END"
    )
    db.execute("ALTER TABLE articles DROP COLUMN search_index_deferred")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_index_new_articles_per_batch'")
    db.close()
    db = open_db(path)
    ours = store_article(db, _article(BODY), DedupSettings())
    assert (
        db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == 1
    )  # once, not twice
    # A writer that knows nothing of m007 (older code still running, a hand-made
    # INSERT) leaves the mark empty: the trigger indexes its row, so a later edit's
    # update trigger finds the old text to take out.
    row = dict(db["articles"].get(ours.article_id))
    other_url = "https://other.example/breakwater"
    row.update(
        id=None,
        url=other_url,
        canonical_url=other_url,
        content_hash="x",
        search_index_deferred=None,
    )
    db["articles"].insert(row)
    assert _search_index_matches_the_articles(db)
    edited = BODY[:3] + ["Correction: the cost is about 16 million euros, officials said later."]
    assert (
        store_article(db, _article(edited, url=other_url), DedupSettings()).status
        is StoreStatus.UPDATED
    )
    assert _search_index_matches_the_articles(db)
    assert db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == 2


def test_summarising_a_stored_story_again_changes_nothing(tmp_path: Path) -> None:
    # The story row and the copy's comparison columns follow from the stored rows
    # alone: a second refresh_story, as any later copy triggers, must change nothing.
    from storage.stories import refresh_story

    db = open_db(tmp_path / "news.db")
    article = _article(["PORTO (Reuters) - " + BODY[0], *BODY[1:]])
    article.authors, article.credits, article.byline_raw = (
        ["Ana Lima"],
        ["Reuters"],
        "By Ana Lima, Reuters",
    )
    article.site_name = ""  # the site falls back to the source, as it does when read back
    article.published_at = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    result = store_article(db, article, DedupSettings())

    def summary() -> tuple[object, ...]:
        story = db.execute("SELECT * FROM stories WHERE id = ?", [result.story_id]).fetchone()
        copy = db.execute(
            "SELECT byline_flag, similarity, paragraph_diff FROM articles WHERE id = ?",
            [result.article_id],
        ).fetchone()
        return story, copy

    stored = summary()
    assert stored[0][0] == result.story_id and stored[1][1] == 1.0
    refresh_story(db, result.story_id)
    assert summary() == stored


def test_a_batch_files_copies_within_it_in_one_story(fresh_db: Database) -> None:
    db = fresh_db
    original = _article(BODY)
    copy = _article(BODY[:3], url="https://coast.example/2026/breakwater-rebuilt")
    other = _article(
        [
            "A new ferry line will link the two islands from June, the operator said on Monday.",
            "Tickets go on sale next week and a return crossing will cost 12 euros for adults.",
        ],
        headline="Ferry line to open",
        url="https://port.example/news/ferry",
    )
    outcomes = store_articles(
        db, [ArticleWrite(original), ArticleWrite(copy), ArticleWrite(other)], DedupSettings()
    )
    assert [o.result.status for o in outcomes if o.result] == [StoreStatus.NEW] * 3
    first, second, third = (o.result for o in outcomes if o.result)
    assert first.story_id == second.story_id != third.story_id
    assert queries.story(db, first.story_id).copies == 2


def test_one_bad_article_in_a_batch_is_skipped_and_the_rest_stored(fresh_db: Database) -> None:
    db = fresh_db
    broken = _article(BODY, url="https://port.example/news/broken")
    broken.headline = None  # type: ignore[assignment]  # articles.headline is NOT NULL
    unreadable = _article(BODY, url="https://port.example/news/unreadable")
    unreadable.body = [None]  # type: ignore[list-item]  # fails before the lock, in the fingerprint
    good = _article(BODY)
    outcomes = store_articles(
        db, [ArticleWrite(broken), ArticleWrite(unreadable), ArticleWrite(good)], DedupSettings()
    )
    assert [type(o.error).__name__ for o in outcomes] == ["IntegrityError", "TypeError", "NoneType"]
    assert outcomes[2].result is not None and outcomes[2].result.status is StoreStatus.NEW
    assert [r[0] for r in db.execute("SELECT url FROM articles")] == [good.url]
    # Nothing of the rolled-back article is left behind: no keys, no story.
    assert queries.totals(db).stories == 1
    assert (
        db.execute(
            "SELECT count(*) FROM dedup_keys WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        == 0
    )


def test_a_batch_stored_again_after_a_failure_keeps_nothing_of_the_first_attempt(
    tmp_path: Path,
) -> None:
    # The batch goes in without savepoints first; the bad article in the middle
    # sends it in again with one per article. The articles before it were stored
    # by the first attempt too: that attempt must leave nothing behind.
    db = open_db(tmp_path / "news.db")
    original = _article(BODY)
    # A story of its own is created for it before its row fails (articles.headline is NOT NULL).
    broken = _article(
        ["A new ferry line will link the two islands from June, the operator said on Monday."],
        url="https://port.example/news/broken",
    )
    broken.headline = None  # type: ignore[assignment]
    copy = _article(BODY[:3], url="https://coast.example/2026/breakwater-rebuilt")
    outcomes = store_articles(
        db, [ArticleWrite(original), ArticleWrite(broken), ArticleWrite(copy)], DedupSettings()
    )
    assert [o.result.status if o.result else type(o.error).__name__ for o in outcomes] == [
        StoreStatus.NEW,
        "IntegrityError",
        StoreStatus.NEW,
    ]
    first, third = outcomes[0].result, outcomes[2].result
    assert first is not None and third is not None and first.story_id == third.story_id
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert db.execute("SELECT count(*) FROM stories").fetchone()[0] == 1
    assert queries.story(db, first.story_id).copies == 2
    assert db.execute("SELECT count(DISTINCT article_id) FROM dedup_keys").fetchone()[0] == 2
    assert _search_index_matches_the_articles(db)
    assert db.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == 2


def test_a_full_disk_stores_nothing_of_the_batch(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    db = open_db(path)
    store_article(db, _article(BODY), DedupSettings())
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 2}")
    new = [
        ArticleWrite(
            _article([f"Item {i}: " + p for p in BODY], url=f"https://port.example/news/{i}")
        )
        for i in range(20)
    ]
    with pytest.raises(DatabaseError, match="disk full"):
        store_articles(db, new, DedupSettings())
    assert not db.conn.in_transaction
    assert queries.totals(db).articles == 1 and queries.totals(db).stories == 1


def test_a_database_from_before_m004_loses_the_article_key_index_and_keeps_its_keys(
    tmp_path: Path,
) -> None:
    path = tmp_path / "news.db"
    db = open_db(path)
    store_article(db, _article(BODY), DedupSettings())
    # Put the database back in its m003 state: the index m001 made, m004 not applied.
    db.execute("CREATE INDEX dedup_keys_article ON dedup_keys(article_id)")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_drop_dedup_keys_article_index'")
    keys = db.execute("SELECT count(*) FROM dedup_keys").fetchone()[0]
    db.close()
    db = open_db(path)
    indexes = {
        name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    assert "dedup_keys_article" not in indexes
    assert db.execute("SELECT count(*) FROM dedup_keys").fetchone()[0] == keys > 0
    assert store_article(db, _article(BODY[:3]), DedupSettings()).status is StoreStatus.UPDATED


def test_m005_turns_text_keys_into_the_integers_new_copies_look_up(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    db = open_db(path)
    stored = store_article(db, _article(BODY), DedupSettings())
    profile = build_profile(BODY)
    # Put the database back in its m004 state: text keys and a format-1 profile.
    db.execute("DROP TABLE dedup_keys")
    db.execute(
        "CREATE TABLE dedup_keys (key TEXT NOT NULL, article_id INTEGER NOT NULL "
        "REFERENCES articles(id), PRIMARY KEY (key, article_id)) WITHOUT ROWID"
    )
    db.conn.executemany(
        "INSERT INTO dedup_keys (key, article_id) VALUES (?, ?)",
        [(key, stored.article_id) for key in text_keys(profile)],
    )
    db.execute("UPDATE articles SET profile = ?", [profile_json(profile)])
    # A key row of an article deleted with foreign keys off is dropped, not fatal.
    db.conn.commit()
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("INSERT INTO dedup_keys (key, article_id) VALUES ('a:00000000000000ff', 999)")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_integer_dedup_keys'")
    db.conn.commit()
    db.close()
    db = open_db(path)
    keys = db.execute(
        "SELECT key FROM dedup_keys WHERE article_id = ?", [stored.article_id]
    ).fetchall()
    assert sorted(k for (k,) in keys) == sorted(profile.band_keys)
    assert db.execute("SELECT count(*) FROM dedup_keys WHERE article_id = 999").fetchone()[0] == 0
    # A copy elsewhere finds the migrated article, and an edit of it swaps its keys.
    copy = _article(
        ["LONDON (Reuters) - " + BODY[0], *BODY[1:3]], url="https://other.example/breakwater"
    )
    assert store_article(db, copy, DedupSettings()).story_id == stored.story_id
    edited = BODY[:3] + ["Correction: the cost is about 16 million euros, officials said later."]
    assert store_article(db, _article(edited), DedupSettings()).status is StoreStatus.UPDATED
    keys = db.execute(
        "SELECT key FROM dedup_keys WHERE article_id = ?", [stored.article_id]
    ).fetchall()
    assert {k for (k,) in keys} == set(build_profile(edited).band_keys)


def test_writers_keep_statement_journals_in_memory_and_checkpoint_seldom(
    fresh_db: Database,
) -> None:
    # A savepoint (per article when a batch is stored again) journals the pages
    # it touches; on disk that was hundreds of write() calls per stored article.
    # The default checkpoint interval copied the key pages back after nearly
    # every batch.
    db = fresh_db
    assert db.execute("PRAGMA temp_store").fetchone()[0] == 2
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 10_000


def test_a_durable_writer_syncs_each_commit(tmp_path: Path) -> None:
    """The cluster's writer acknowledges Redis entries after each commit: under
    NORMAL, a power cut could undo commits whose entries Redis had already deleted."""
    path = tmp_path / "news.db"
    crawl = open_db(path)
    durable = open_db(path, durable=True)
    try:
        assert crawl.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert durable.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        crawl.close()
        durable.close()


def _open_when_released(path: str, barrier) -> None:  # type: ignore[no-untyped-def]
    barrier.wait()
    open_db(path).close()


def test_processes_creating_one_database_at_once_all_succeed(tmp_path: Path) -> None:
    """Parallel crawl processes (crawl --processes N) open a new database together."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for attempt in range(10):
        path = str(tmp_path / f"{attempt}.db")
        barrier = context.Barrier(4)
        openers = [
            context.Process(target=_open_when_released, args=(path, barrier)) for _ in range(4)
        ]
        for process in openers:
            process.start()
        for process in openers:
            process.join(timeout=60)
        assert [p.exitcode for p in openers] == [0, 0, 0, 0], f"attempt {attempt}"
        assert queries.totals(open_db(path, read_only=True)).articles == 0


def test_a_redirected_url_is_known_on_the_next_crawl(fresh_db: Database) -> None:
    db = fresh_db
    feed_url = "http://port.example/news/breakwater?from=rss"
    stored = store_article(db, _article(BODY), DedupSettings(), aliases=[feed_url])
    known = queries.known_page(db, feed_url)
    assert known is not None and known.article_id == stored.article_id
    assert queries.known_page(db, "http://port.example/other") is None
    # Storing the page again under the same alias adds nothing.
    store_article(db, _article(BODY), DedupSettings(), aliases=[feed_url])
    assert db.execute("SELECT count(*) FROM url_aliases").fetchone()[0] == 1


def test_a_rolling_url_naming_each_story_s_own_address_tells_no_move(
    fresh_db: Database,
) -> None:
    """A page fetched at a stored article's URL only (a "/news/latest" slot whose stories
    each declare their own canonical address) is no move of that article (stop 51), even
    when its text follows the stored one closely: both stay current, each under its own
    canonical URL. A redirect from that URL, or the article's canonical URL, would be."""
    db = fresh_db
    latest = "https://port.example/news/latest"
    first_address, next_address = (f"https://port.example/news/breakwater-{n}" for n in (1, 2))
    first = dataclasses.replace(_article(BODY, url=latest), canonical_url=first_address)
    follow_up = BODY[:3] + ["The regional council approved the money on Thursday evening."]
    later = dataclasses.replace(
        _article(follow_up, "Breakwater money approved", url=latest), canonical_url=next_address
    )
    stored = store_article(db, first, DedupSettings())
    again = store_article(db, later, DedupSettings())
    assert again.status is StoreStatus.NEW and again.article_id != stored.article_id
    rows = db.execute(
        "SELECT id, url, canonical_url FROM articles WHERE replaced_at IS NULL ORDER BY id"
    ).fetchall()
    assert rows == [
        (stored.article_id, latest, first_address),
        (again.article_id, latest, next_address),
    ]


def test_a_rolling_url_s_story_stored_under_that_url_is_not_moved_by_the_next_one(
    fresh_db: Database,
) -> None:
    """A slot whose first story was stored under the slot's URL (no canonical link of its
    own): the next story there, naming its own address and sharing a fifth of the text (a
    follow-up), is no move of the first (review2 stop 51, finding 5): with no redirect a
    page re-addressed keeps its headline or its text. Before, it became the first's
    version 2 and the first story was no current article any more."""
    db = fresh_db
    latest = "https://port.example/news/latest"
    next_address = "https://port.example/news/breakwater-money-approved"
    follow_up = BODY[:3] + ["The regional council approved the money on Thursday evening."]
    later = dataclasses.replace(
        _article(follow_up, "Breakwater money approved", url=latest), canonical_url=next_address
    )
    stored = store_article(db, _article(BODY, url=latest), DedupSettings())
    again = store_article(db, later, DedupSettings())
    assert again.status is StoreStatus.NEW and again.article_id != stored.article_id
    rows = db.execute(
        "SELECT id, canonical_url, version FROM articles WHERE replaced_at IS NULL ORDER BY id"
    ).fetchall()
    assert rows == [(stored.article_id, latest, 1), (again.article_id, next_address, 1)]


def test_an_article_moved_to_another_s_alias_takes_that_alias(fresh_db: Database) -> None:
    """An article that moves to a URL another article was reached by (its alias) is that
    URL now: the alias names it (review2 stop 51, finding 3), so retention and removals
    no longer take the URL for the other article's."""
    db = fresh_db
    new_address = "https://port.example/news/new-address"
    closure = [
        "The city council voted on Monday to close the old library on Elm Street by the end "
        "of the year.",
        "Councillors said the building needed repairs that the city could not afford.",
    ]
    library = _article(closure, "Library to close", url="https://port.example/news/library")
    other = store_article(db, library, DedupSettings(), aliases=[new_address])
    stored = store_article(db, _article(BODY), DedupSettings())
    moved = dataclasses.replace(_article(BODY), canonical_url=new_address)
    assert store_article(db, moved, DedupSettings()).article_id == stored.article_id
    assert stored.article_id != other.article_id
    aliases = db.execute("SELECT url, article_id FROM url_aliases ORDER BY url").fetchall()
    assert aliases == [
        ("https://port.example/news/breakwater", stored.article_id),
        (new_address, stored.article_id),
    ]
