"""A story's event-tier counts go as they came: an edited copy that moved to a new story
founded it on its new text, and a prune (or its next move) takes that text's terms off the
document frequencies, not its first version's (``event_profiles.founding_version``, m024;
docs/dedup.md, "An edited article keeps its story …").

Real SQLite files, records ingested and pruned through the CLI (the cases of
tests/test_edit_moves.py); after everything but the newest story is pruned, ``event_df``
must be exactly that of a store that only ever held the newest story.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

from cli_store import ingest, invoke
from test_edit_moves import AP, OWN, RIVERSIDE, VALLEY_COPY, VALLEY_OWN, VALLEY_URL, WIRE

from aggregator.schema import utc_now

# The newest story: a prune never takes it (its id must not be reused), so the test
# compares the event tier with a store holding it alone. Its last paragraphs name what the
# pruned texts name (in sentences of their own: no copy of them): a prune that took off
# a term the pruned stories did not count would take this story's count of it.
KEEPER = {
    "url": "https://chess.example/open-final",
    "site": "Chess Weekly",
    "headline": "Teenager wins the Lakeside Open after a four-hour final",
    "byline": "By Petra Lindqvist",
    "body": "\n\n".join(
        [
            "Sixteen-year-old Tomasz Wierzbicki won the Lakeside Open on Sunday, beating "
            "grandmaster Elena Duarte in a four-hour final that ended in a rook endgame.",
            "Wierzbicki, who learned the game from his grandfather in Gdynia, had lost his "
            "first-round game and won seven in a row after it.",
            "Duarte said the young player defended better than anyone she had faced this "
            "year. The prize of 12,000 euros is the largest of his career.",
            "The tournament drew 214 players from 31 countries to the Lakeside Conference "
            "Hall, the organisers said, a record for the event.",
            "Among the spectators were electricians from Dayton Power, volunteers from "
            "Oakridge Baptist Church and Harlan County commissioners, who had driven up from "
            "Pikeville with generators for the hall.",
            "The club's president, Carol Nemeth of Millbrook Township, thanked Gary Pohl, "
            "the Red Cross team from Canal Street and Birch Avenue, and Marta Kessling, who "
            "chairs the Tessaly River chess league.",
        ]
    ),
    "published": "2026-12-07T09:30:00+00:00",
}
# The outlet's own report updated three times, each update naming what no earlier text
# did (terms its story was not counted with): edits that keep its story.
UPDATES = [
    "Volunteers from Oakridge Baptist Church filled sandbags at the Birch Avenue depot.",
    "Harlan County commissioners approved a loan of two generators from Pikeville.",
    "Electricians from Dayton Power restored streetlights along Orchard Lane overnight.",
]
OWN_CORRECTED = [{**VALLEY_OWN, "body": "\n\n".join([*OWN, *UPDATES[:n]])} for n in range(1, 4)]
DF = "SELECT bucket, n FROM event_df ORDER BY bucket"


def _rows(path: Path, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path / "news.db")) as db:
        return db.execute(sql, params).fetchall()


def _prune_all_but_the_newest(path: Path) -> None:
    """Every story but the newest made 30 days old, then ``aggregator prune``."""
    when = (utc_now() - timedelta(days=30)).isoformat()
    with closing(sqlite3.connect(path / "news.db")) as db, db:
        newest = "(SELECT max(id) FROM stories)"
        db.execute(
            f"UPDATE stories SET first_seen_at = ?, last_seen_at = ? WHERE id != {newest}",
            [when, when],
        )
        db.execute(
            f"UPDATE articles SET first_seen_at = ?, fetched_at = ? WHERE story_id != {newest}",
            [when, when],
        )
    assert "pruned" in invoke(path, "prune", "--older-than", "10d")
    assert _rows(path, "SELECT count(*) FROM stories") == [(1,)]


def _keeper_alone(tmp_path: Path) -> list[tuple[Any, ...]]:
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    ingest(fresh, KEEPER)
    return _rows(fresh, DF)


def test_a_pruned_story_founded_by_a_moved_copy_takes_off_what_it_counted(
    tmp_path: Path,
) -> None:
    ingest(tmp_path, WIRE, RIVERSIDE, VALLEY_COPY)
    ingest(tmp_path, VALLEY_OWN)  # Valley leaves the wire story: a story of its own
    assert _rows(
        tmp_path,
        "SELECT a.version, p.founding_version FROM event_profiles p "
        "JOIN articles a ON a.id = p.article_id WHERE a.url = ?",
        [VALLEY_URL],
    ) == [(2, 2)]
    ingest(tmp_path, KEEPER)
    _prune_all_but_the_newest(tmp_path)
    assert _rows(tmp_path, DF) == _keeper_alone(tmp_path)


def test_a_founder_that_moves_twice_under_a_small_bound_leaves_no_count_behind(
    tmp_path: Path,
) -> None:
    # Valley's copy founds the wire story; its own report founds another (the wire story
    # founded again by its next copy); corrected three times under a bound of two
    # versions; then the page carries the wire text again and goes back to the wire
    # story, its own story merged away.
    (tmp_path / "config.yaml").write_text(
        "sources: []\nretention:\n  versions_per_article: 2\n", encoding="utf-8"
    )
    ingest(tmp_path, VALLEY_COPY, WIRE, RIVERSIDE)
    ingest(tmp_path, VALLEY_OWN)
    for corrected in OWN_CORRECTED:
        ingest(tmp_path, corrected)
    versions = "SELECT v.version FROM article_versions v JOIN articles a ON a.id = v.article_id "
    versions += "WHERE a.url = ? ORDER BY v.version"
    # The first text and the latest: the one its own story was founded on is dropped, and
    # what that story counted is kept instead.
    assert _rows(tmp_path, versions, [VALLEY_URL]) == [(1,), (4,)]
    assert _rows(
        tmp_path,
        "SELECT p.founding_version, p.counted IS NOT NULL FROM event_profiles p "
        "JOIN articles a ON a.id = p.article_id WHERE a.url = ?",
        [VALLEY_URL],
    ) == [(2, 1)]
    ingest(tmp_path, {**VALLEY_COPY, "body": "\n\n".join([VALLEY_COPY["body"], AP[1]])})
    stories = _rows(tmp_path, "SELECT DISTINCT story_id FROM articles")
    assert len(stories) == 1
    ingest(tmp_path, KEEPER)
    _prune_all_but_the_newest(tmp_path)
    assert _rows(tmp_path, DF) == _keeper_alone(tmp_path)


def test_a_profile_rebuild_after_the_bound_dropped_the_founding_text_keeps_counts_exact(
    tmp_path: Path,
) -> None:
    # Valley's own report founds its story (version 2), then three corrections under a
    # bound of two versions drop version 2: its story's counts are kept, and the profile
    # rebuild (as after m015) takes them off before counting the text it builds from.
    (tmp_path / "config.yaml").write_text(
        "sources: []\nretention:\n  versions_per_article: 2\n", encoding="utf-8"
    )
    ingest(tmp_path, WIRE, RIVERSIDE, VALLEY_COPY)
    ingest(tmp_path, VALLEY_OWN, *OWN_CORRECTED)
    assert _rows(tmp_path, "SELECT count(*) FROM event_profiles WHERE counted IS NOT NULL") == [
        (1,)
    ]
    with closing(sqlite3.connect(tmp_path / "news.db")) as db, db:
        db.execute("INSERT INTO stale_profiles (article_id) SELECT id FROM articles")
    invoke(tmp_path, "migrate")  # any run rebuilds the listed profiles
    assert _rows(tmp_path, "SELECT count(*) FROM stale_profiles") == [(0,)]
    ingest(tmp_path, KEEPER)
    _prune_all_but_the_newest(tmp_path)
    assert _rows(tmp_path, DF) == _keeper_alone(tmp_path)


def _before_m024(path: Path) -> None:
    """Put a database back in its state before migration m024."""
    with closing(sqlite3.connect(path / "news.db")) as db, db:
        db.execute("ALTER TABLE event_profiles DROP COLUMN founding_version")
        db.execute("ALTER TABLE event_profiles DROP COLUMN counted")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm024_founding_version'")
        (applied,) = db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()
        db.execute(f"PRAGMA user_version = {applied}")


def test_m024_records_each_founders_version(tmp_path: Path) -> None:
    # A founder edited in place (version 2, founded on 1), a copy moved to a story of its
    # own, and the copy that founds the wire story again after the move.
    edited_wire = {**WIRE, "body": WIRE["body"] + "\n\nThis story has been corrected."}
    ingest(tmp_path, VALLEY_COPY, WIRE, RIVERSIDE, KEEPER)
    ingest(tmp_path, VALLEY_OWN, edited_wire)
    ingest(tmp_path, OWN_CORRECTED[0])  # edited again in its own story: version 3
    query = (
        "SELECT a.url, a.version, p.founding_version FROM event_profiles p "
        "JOIN articles a ON a.id = p.article_id ORDER BY a.url"
    )
    recorded = _rows(tmp_path, query)
    assert {(url, founded) for url, _, founded in recorded} == {
        (WIRE["url"], 1),
        (VALLEY_URL, 2),
        (KEEPER["url"], 1),
    }
    _before_m024(tmp_path)
    assert "m024_founding_version" in invoke(tmp_path, "migrate")
    assert _rows(tmp_path, query) == recorded
    # Every founding text is stored: none marked as unknown.
    assert _rows(tmp_path, "SELECT count(*) FROM event_profiles WHERE counted IS NOT NULL") == [
        (0,)
    ]


def test_m024_marks_a_founder_whose_founding_text_the_old_bound_dropped(tmp_path: Path) -> None:
    # Review 48a F5: stop 47's bound (two versions) dropped the text Valley's own report
    # founded its story on (version 2; versions 1 and 3 stored, the page at 4) without
    # keeping what its story counted. Upgraded, a prune of that story may take off its
    # story's count alone: never a term of the text it is now, which the story was not
    # counted with and the kept story was.
    (tmp_path / "config.yaml").write_text(
        "sources: []\nretention:\n  versions_per_article: 2\n", encoding="utf-8"
    )
    edited_wire = {**WIRE, "body": WIRE["body"] + "\n\nThis story has been corrected."}
    ingest(tmp_path, VALLEY_COPY, WIRE, RIVERSIDE)
    ingest(tmp_path, VALLEY_OWN, edited_wire)
    ingest(tmp_path, OWN_CORRECTED[0])
    ingest(tmp_path, OWN_CORRECTED[1])
    _before_m024(tmp_path)  # as stop 47 left it: no founding version, no counts kept
    versions = "SELECT v.version FROM article_versions v JOIN articles a ON a.id = v.article_id "
    versions += "WHERE a.url = ? ORDER BY v.version"
    assert _rows(tmp_path, versions, [VALLEY_URL]) == [(1,), (3,)]
    assert "m024_founding_version" in invoke(tmp_path, "migrate")
    founder = (
        "SELECT a.version, p.founding_version, length(p.counted) FROM event_profiles p "
        "JOIN articles a ON a.id = p.article_id WHERE a.url = ?"
    )
    assert _rows(tmp_path, founder, [VALLEY_URL]) == [(4, 2, 0)]  # marked: no terms known
    ingest(tmp_path, KEEPER)
    _prune_all_but_the_newest(tmp_path)
    left, alone = dict(_rows(tmp_path, DF)), dict(_keeper_alone(tmp_path))
    assert left[-1] == alone[-1] == 1  # the story count: exact
    short = {bucket: n for bucket, n in alone.items() if left.get(bucket, 0) < n}
    assert short == {}  # none of the kept story's counts taken off
    assert all(n > 0 for n in left.values())
