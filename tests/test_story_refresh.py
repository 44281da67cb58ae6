"""A story refreshed copy by copy as copies join equals the story recomputed in full."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from aggregator.config import DedupSettings
from aggregator.schema import Article
from storage.stories import refresh_story
from storage.writes import ArticleWrite, store_articles

T0 = datetime(2026, 6, 2, 8, 0, tzinfo=UTC)

PARAGRAPHS = [
    "The city council voted on Monday to close the old river bridge to cars from September, "
    "after inspectors found corrosion in three of its steel girders.",
    "Buses and bicycles will still be allowed across while engineers decide whether the "
    "structure, opened in 1911, can be repaired or has to be replaced.",
    "Mayor Ilse Brandt said the decision was painful but that safety came first, and promised "
    "a temporary ferry for commuters who live on the eastern bank.",
    "Shop owners near the bridge warned that losing passing traffic could cost them a third "
    "of their trade, and asked the council for help with rents.",
    "The inspection report, published on the council's website, puts the cost of a repair at "
    "about 30 million euros and of a new bridge at more than 80 million.",
    "A final decision is expected before the end of the year, after a public consultation "
    "that opens next month and runs for eight weeks.",
]
EXTRA = [
    "Traffic planners expect about 12,000 cars a day to move to the motorway ring, adding up "
    "to ten minutes to journeys across the city at peak times.",
    "The regional government has said it would share the cost of a new bridge but not of a "
    "repair, which it considers the city's own responsibility.",
    "Opposition councillors accused the mayor of ignoring warnings about the girders that "
    "were first raised in an inspection five years ago.",
]


def _copy(n: int, body: list[str], *, author: str, credit: str | None) -> Article:
    url = f"https://outlet{n}.example/news/river-bridge-closes"
    return Article(
        url=url,
        canonical_url=url,
        source=f"outlet{n}",
        site_name=f"Outlet {n}",
        headline="River bridge to close to cars from September",
        body=body,
        authors=[author],
        credits=[credit] if credit else [],
        byline_raw=f"By {author}" + (f", {credit}" if credit else ""),
        published_at=T0 + timedelta(hours=n),
        fetched_at=T0 + timedelta(hours=n, minutes=5),
    )


# Copies in arrival order: the canonical copy stays for some joins and changes for others
# (a fuller copy arrives), and bylines that get flagged or not as the origin settles.
COPIES = [
    _copy(1, PARAGRAPHS, author="Jan Visser", credit=None),
    _copy(2, ["AMSTERDAM - " + PARAGRAPHS[0], *PARAGRAPHS[1:5]], author="Kim Ode", credit=None),
    # Credits an agency: the origin becomes Reuters, so copy 2's flag changes its reason.
    _copy(3, PARAGRAPHS[:5], author="Jan Visser", credit="Reuters"),
    _copy(4, [*PARAGRAPHS, *EXTRA], author="Lea Smit", credit="Reuters"),
    _copy(5, [*PARAGRAPHS[1:], EXTRA[1]], author="Tom Bakker", credit=None),
    _copy(6, [*PARAGRAPHS[:4], *EXTRA[1:]], author="Jan Visser", credit="Reuters"),
]


def _stored(db: Database, story_id: int) -> tuple[object, ...]:
    story = db.execute("SELECT * FROM stories WHERE id = ?", [story_id]).fetchone()
    copies = db.execute(
        "SELECT id, byline_flag, similarity, paragraph_diff FROM articles "
        "WHERE story_id = ? ORDER BY id",
        [story_id],
    ).fetchall()
    return story, copies


def test_copies_joining_one_by_one_store_what_a_full_recompute_stores(
    fresh_db: Database,
) -> None:
    db = fresh_db
    canonicals, flags = [], []
    story_id = None
    for article in COPIES:
        (outcome,) = store_articles(db, [ArticleWrite(article)], DedupSettings())
        assert outcome.result is not None
        story_id = story_id or outcome.result.story_id
        assert outcome.result.story_id == story_id  # every copy joined the one story
        canonicals.append(
            db.execute(
                "SELECT canonical_article_id FROM stories WHERE id = ?", [story_id]
            ).fetchone()[0]
        )
        flags.append(
            db.execute("SELECT byline_flag FROM articles ORDER BY id LIMIT 1 OFFSET 1").fetchone()
        )
    # Both cases happened: joins that kept the canonical copy and joins that changed it.
    assert any(a == b for a, b in zip(canonicals[1:], canonicals[2:], strict=False))
    assert any(a != b for a, b in zip(canonicals[1:], canonicals[2:], strict=False))
    # And a join that kept the canonical copy but changed an earlier copy's byline flag.
    assert canonicals[1] == canonicals[2] and flags[1] != flags[2]
    assert story_id is not None
    joined = _stored(db, story_id)
    assert len(joined[1]) == len(COPIES)
    assert all(diff is not None for _, _, _, diff in joined[1])

    # The same story recomputed from its stored copies, every copy diffed again.
    with db.conn:
        db.execute(
            "UPDATE articles SET byline_flag = NULL, similarity = NULL, paragraph_diff = NULL"
        )
        refresh_story(db, story_id)
    assert _stored(db, story_id) == joined
