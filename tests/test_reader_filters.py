"""The story filters by source and author (``--source``, ``--author``, the web view's
source): the same stories as filtering every story by its copies, and a plan that tests
each candidate story's own copies rather than looping every story of the source; and
an exclusion (`-word`) the same as testing each hit's copies, by a plan that reads the
word's matches rather than seeking them copy by copy."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from storage import open_db, queries

_WORD = "summit"


def _has_copy(db: Any, story_id: int, test: Callable[[Any], bool]) -> bool:
    return any(test(c.article) for c in queries.copies(db, story_id))


def _tests(db: Any) -> dict[str, tuple[dict[str, str], Callable[[Any], bool]]]:
    """Each filter a reader can give (keyword arguments) and what a copy must be to pass."""
    cases: dict[str, tuple[dict[str, str], Callable[[Any], bool]]] = {}
    for name in queries.stored_sources(db):
        cases[f"source {name}"] = ({"source": name}, lambda a, name=name: a.source == name)
    cases["author"] = (
        {"author": "monika walker"},
        lambda a: any(x.lower() == "monika walker" for x in a.authors),
    )
    return cases


def test_filtered_stories_and_hits_are_those_with_such_a_copy(demo_run) -> None:  # type: ignore[no-untyped-def]
    db = open_db(demo_run.db, read_only=True)
    every_story = queries.stories(db, limit=10_000)
    every_hit = [h.story.story_id for h in queries.search(db, _WORD, limit=10_000)]
    assert every_story and every_hit
    for name, (kwargs, test) in _tests(db).items():
        listed = [s.story_id for s in queries.stories(db, limit=10_000, **kwargs)]  # type: ignore[arg-type]
        assert listed == [s.story_id for s in every_story if _has_copy(db, s.story_id, test)], name
        found = [h.story.story_id for h in queries.search(db, _WORD, limit=10_000, **kwargs)]  # type: ignore[arg-type]
        assert found == [s for s in every_hit if _has_copy(db, s, test)], name
        assert listed, name


@contextmanager
def _statements(db: Any) -> Iterator[list[str]]:
    """Every SQL statement ``db`` runs meanwhile, with its parameters in place."""
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        db.conn.set_trace_callback(None)


def test_a_filter_tests_each_storys_copies_not_every_story_of_the_source(demo_run) -> None:  # type: ignore[no-untyped-def]
    """With a list of hits, ``s.id IN (SELECT story_id ... WHERE source = ?)`` made SQLite
    read every story of the source and probe the hits for each (13.5 s a search on 20,000
    articles): the plan of every statement over the stories must not build that list."""
    db = open_db(demo_run.db, read_only=True)
    source = queries.stored_sources(db)[0]
    with _statements(db) as seen:
        queries.search(db, _WORD, source=source)
        queries.search(db, _WORD, author="monika walker")
        queries.stories(db, source=source, author="monika walker")
    filtered = [s for s in seen if s.lstrip().upper().startswith("SELECT") and "stories s" in s]
    assert len(filtered) >= 3
    raw = sqlite3.connect(f"file:{demo_run.db}?mode=ro", uri=True)
    for statement in filtered:
        plan = [row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}")]
        assert not any(step.startswith("LIST SUBQUERY") for step in plan), (statement, plan)
    raw.close()


def _copy_holds(raw: sqlite3.Connection, story_id: int, word: str) -> bool:
    """Whether a copy of the story holds ``word``, asked of the index one copy at a time."""
    return any(
        raw.execute(
            "SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?", [word, copy]
        ).fetchone()
        for (copy,) in raw.execute("SELECT id FROM articles WHERE story_id = ?", [story_id])
    )


def test_an_exclusion_leaves_out_the_stories_a_copy_of_which_holds_the_word(demo_run) -> None:  # type: ignore[no-untyped-def]
    """`summit -WORD` is `summit`'s hits, in order, less those with a copy holding WORD, for
    each word of their headlines that leaves out some of them but not all."""
    db = open_db(demo_run.db, read_only=True)
    raw = sqlite3.connect(f"file:{demo_run.db}?mode=ro", uri=True)
    every_hit = queries.search(db, _WORD, limit=10_000)
    words = sorted(
        {w.lower() for h in every_hit for w in h.headline.split() if w.isalpha()} - {_WORD}
    )
    tried = 0
    for word in words:
        kept = [h.story.story_id for h in every_hit if not _copy_holds(raw, h.story.story_id, word)]
        if not 0 < len(kept) < len(every_hit):
            continue
        tried += 1
        found = [h.story.story_id for h in queries.search(db, f"{_WORD} -{word}", limit=10_000)]
        assert found == kept, word
    raw.close()
    assert tried


def test_an_exclusion_reads_each_words_matches_not_a_seek_per_copy(demo_run) -> None:  # type: ignore[no-untyped-def]
    """`rowid IN (copies)` beside MATCH made FTS5 seek every term's list once per copy
    (135 ms a slice of 2,000 matches on 20,000 articles, 0.6 s for `wind -rail`): no
    statement of a search with an exclusion may test the index's rowids one by one."""
    db = open_db(demo_run.db, read_only=True)
    with _statements(db) as seen:
        queries.search(db, f"{_WORD} -minister")
        queries.search(db, f"{_WORD} OR talks -minister", source=queries.stored_sources(db)[0])
    matching = [s for s in seen if s.lstrip().upper().startswith("SELECT") and " MATCH " in s]
    assert any("minister" in s for s in matching)
    raw = sqlite3.connect(f"file:{demo_run.db}?mode=ro", uri=True)
    for statement in matching:
        plan = [row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}")]
        # FTS5 writes a rowid equality into its plan as '=' (ranges are '<' and '>')
        assert not any(re.search(r"VIRTUAL TABLE INDEX \d+:\S*=", step) for step in plan), (
            statement,
            plan,
        )
    raw.close()
