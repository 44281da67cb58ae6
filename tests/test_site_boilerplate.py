"""Site-aware boilerplate: the pure step, per-source counts in SQLite, the pipeline and the CLI."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import demo_config_text, run_cli
from sqlite_utils import Database

from aggregator.config import BoilerplateSettings, ConfigError, parse_config
from aggregator.parser.site_boilerplate import (
    LEARN_EDGE_PARAGRAPHS,
    LEARN_MAX_CHARS,
    SAMPLE_CHARS,
    KnownBlocks,
    block_hash,
    blocks_to_learn,
    strip_boilerplate,
)
from aggregator.schema import Article, FetchedPage, content_hash
from app.cli import cli
from storage.boilerplate import (
    epoch_seconds,
    known_blocks,
    learn_blocks,
    learned_blocks,
    prune_blocks,
)
from storage.db import DatabaseError, open_db
from storage.pages import prepare_page, store_page
from storage.writes import StoreStatus, store_article, store_articles

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
RULES = BoilerplateSettings()  # K=3, 200 chars, 6 paragraphs from either end
FOOTER = "The views of contributors are their own and not those of the Gazette."
HEADER = "Listen to this article"


def art(
    body: list[str], standfirst: str | None = None, source: str = "gazette", url: str = ""
) -> Article:
    return Article(
        url=url or f"https://gazette.example/{abs(hash(tuple(body)))}",
        canonical_url=url or f"https://gazette.example/{abs(hash(tuple(body)))}",
        source=source,
        headline=body[0][:40] if body else "",
        body=list(body),
        fetched_at=NOW,
        standfirst=standfirst,
        provenance={"body": "heuristic", **({"standfirst": "heuristic"} if standfirst else {})},
    )


def known(*texts: str, stories: int = 3) -> KnownBlocks:
    return KnownBlocks("gazette", {block_hash(t): stories for t in texts})


def text(n: int, topic: str = "council") -> list[str]:
    return [
        f"Paragraph {i} about the {topic}: " + " ".join(f"{topic}{i}word{j}" for j in range(25))
        for i in range(n)
    ]


# --- the pure step -----------------------------------------------------------------


def test_block_hash_ignores_case_and_spacing_but_not_numbers() -> None:
    assert block_hash("© 2024 The Gazette.  All rights reserved") == block_hash(
        "© 2024 the gazette. all rights   reserved"
    )
    assert block_hash("Final score: 2-1") != block_hash("Final score: 0-3")
    assert block_hash("Sign up") != block_hash("Sign in")


def test_blocks_to_learn_takes_the_standfirst_and_short_paragraphs_near_the_ends() -> None:
    body = text(30)
    body[0] = HEADER
    body[-1] = FOOTER
    body[15] = "A short line in the middle."
    body[-2] = "x" * (LEARN_MAX_CHARS + 1)
    learned = {b.hash for b in blocks_to_learn(art(body, standfirst="Our daily briefing."))}
    assert block_hash(HEADER) in learned and block_hash(FOOTER) in learned
    assert block_hash("Our daily briefing.") in learned
    assert block_hash(body[15]) not in learned  # middle of the body
    assert block_hash(body[-2]) not in learned  # too long to be furniture
    assert len(learned) <= 2 * LEARN_EDGE_PARAGRAPHS + 1


def test_strip_removes_known_blocks_at_the_edges_and_records_provenance() -> None:
    body = [HEADER, *text(10), FOOTER]
    original = art(body)
    out = strip_boilerplate(original, known(HEADER, FOOTER), RULES)
    assert out.article.body == body[1:-1]
    assert out.removed == [HEADER, FOOTER]
    assert out.article.provenance["body"] == "heuristic; site-boilerplate removed 2 paragraphs"
    assert original.body == body and original.provenance["body"] == "heuristic"  # input untouched


def test_strip_needs_min_stories() -> None:
    body = [*text(10), FOOTER]
    assert strip_boilerplate(art(body), known(FOOTER, stories=2), RULES).removed == []
    assert strip_boilerplate(art(body), known(FOOTER, stories=3), RULES).removed == [FOOTER]


def test_strip_keeps_a_known_line_in_the_middle_and_long_paragraphs() -> None:
    body = text(20)
    separator = "___"
    body[10] = separator  # a repeated separator inside the text (sfgate), not furniture
    long_background = "Background: " + " ".join(["the strike began in March over pay"] * 8)
    assert len(long_background) > RULES.max_chars
    body[-1] = long_background  # follow-ups repeat long background paragraphs
    out = strip_boilerplate(art(body), known(separator, long_background, stories=9), RULES)
    assert out.removed == [] and out.article.body == body


def test_strip_never_empties_a_body() -> None:
    body = [FOOTER, HEADER]
    out = strip_boilerplate(art(body), known(FOOTER, HEADER), RULES)
    assert out.article.body == body and out.removed == []


def test_strip_drops_a_boilerplate_standfirst() -> None:
    out = strip_boilerplate(
        art(text(5), standfirst="The latest news from the valley."),
        known("The latest news from the valley."),
        RULES,
    )
    assert out.standfirst_removed and out.article.standfirst is None
    assert out.article.provenance["standfirst"] == "site-boilerplate (removed)"
    assert out.article.provenance["body"].endswith("site-boilerplate removed standfirst")


def test_strip_is_off_when_disabled() -> None:
    body = [*text(4), FOOTER]
    off = BoilerplateSettings(enabled=False)
    assert strip_boilerplate(art(body), known(FOOTER), off).article.body == body


def test_settings_refuse_k_of_one() -> None:
    # K=1 removes the text of a second copy of the same story (see docs/parser.md).
    with pytest.raises(ConfigError, match="boilerplate.min_stories"):
        parse_config("boilerplate:\n  min_stories: 1\n")


# --- storage: counts per source, by distinct stories, inside the article's transaction --


@pytest.fixture()
def db(fresh_db: Database) -> Database:
    return fresh_db


def test_blocks_count_distinct_stories_per_source(db) -> None:  # type: ignore[no-untyped-def]
    settings = parse_config("").dedup
    for topic in ("council", "harbour", "school"):
        store_article(db, art([*text(6, topic), FOOTER]), settings)
    assert known_blocks(db, "gazette", 3).stories == {block_hash(FOOTER): 3}
    # Another source running the same footer text counts for that source only.
    store_article(db, art([*text(6, "weather"), FOOTER], source="herald"), settings)
    herald = [b for b in learned_blocks(db, "herald") if b.block_hash == block_hash(FOOTER)]
    assert [b.stories for b in herald] == [1] and block_hash(FOOTER) not in known_blocks(
        db, "herald", 2
    ).stories
    assert known_blocks(db, "gazette", 3).stories[block_hash(FOOTER)] == 3


def test_text_is_kept_from_the_second_story_and_one_story_blocks_can_be_pruned(db) -> None:  # type: ignore[no-untyped-def]
    settings = parse_config("").dedup
    store_article(db, art([*text(6, "council"), FOOTER]), settings)
    assert all(b.sample is None for b in learned_blocks(db, "gazette"))
    store_article(db, art([*text(6, "harbour"), FOOTER]), settings)
    footer = next(b for b in learned_blocks(db, "gazette") if b.block_hash == block_hash(FOOTER))
    assert footer.sample == FOOTER and footer.stories == 2
    with db.conn:
        assert prune_blocks(db, "another-source", "9999-01-01T00:00:00+00:00") == 0
        deleted = prune_blocks(db, "gazette", "9999-01-01T00:00:00+00:00")
    assert deleted > 0 and [b.block_hash for b in learned_blocks(db)] == [block_hash(FOOTER)]


def test_copies_and_versions_of_one_story_count_once(db) -> None:  # type: ignore[no-untyped-def]
    settings = parse_config("").dedup
    body = [*text(8, "bridge"), FOOTER]
    first = store_article(db, art(body, url="https://gazette.example/a"), settings)
    copy = store_article(
        db, art(body, url="https://gazette.example/b"), settings
    )  # same text, second URL
    edited = store_article(
        db, art([*body[:-1], "An added line.", FOOTER], url="https://gazette.example/a"), settings
    )
    assert copy.story_id == first.story_id and edited.status is StoreStatus.UPDATED
    row = next(b for b in learned_blocks(db, "gazette") if b.block_hash == block_hash(FOOTER))
    assert row.stories == 1 and row.articles == 3


def test_a_block_seen_again_in_its_story_is_not_forgotten(db) -> None:  # type: ignore[no-untyped-def]
    # An edited version of the article sees its blocks again: that sighting moves
    # last_seen on, which is what prune_blocks goes by.
    article = art([*text(5), FOOTER])
    with db.conn:
        learn_blocks(db, article, 7, "2026-01-01T00:00:00+00:00")
        learn_blocks(db, article, 7, "2026-03-01T00:00:00+00:00")
    footer = next(b for b in learned_blocks(db) if b.block_hash == block_hash(FOOTER))
    assert (footer.stories, footer.articles) == (1, 2)
    assert (footer.first_seen_at, footer.last_seen_at) == (
        "2026-01-01T00:00:00+00:00",
        "2026-03-01T00:00:00+00:00",
    )
    with db.conn:
        assert prune_blocks(db, "gazette", "2026-02-01T00:00:00+00:00") == 0
        assert prune_blocks(db, "gazette", "2026-04-01T00:00:00") > 0  # no offset: UTC
    assert learned_blocks(db) == []


def test_unchanged_refetch_learns_nothing(db) -> None:  # type: ignore[no-untyped-def]
    settings = parse_config("").dedup
    a = art([*text(5), FOOTER], url="https://gazette.example/x")
    store_article(db, a, settings)
    assert store_article(db, a, settings).status is StoreStatus.UNCHANGED
    assert next(b for b in learned_blocks(db) if b.block_hash == block_hash(FOOTER)).articles == 1


def test_a_failed_store_learns_nothing(db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import storage.writes

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(storage.writes, "refresh_story", boom)
    with pytest.raises(DatabaseError):
        store_article(db, art([*text(5), FOOTER]), parse_config("").dedup)
    assert db.execute("SELECT count(*) FROM source_blocks").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM block_sightings").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0


def test_m006_moves_one_story_blocks_to_sightings_and_keeps_learned_ones(tmp_path: Path) -> None:
    import hashlib

    from aggregator.schema import normalise_text

    def old_hash(paragraph: str) -> str:  # blocks were 24 hex digits before m006
        return hashlib.sha256(normalise_text(paragraph).encode("utf-8")).hexdigest()[:24]

    path = tmp_path / "news.db"
    db = open_db(path)
    once = text(1, "harbour")[0]
    with db.conn:
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_block_sightings'")
        db.execute("DROP TABLE block_sightings")
        db.conn.executemany(
            "INSERT INTO source_blocks (source, block_hash, articles, stories, story_ids, sample, "
            "first_seen_at, last_seen_at) VALUES ('gazette', ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    old_hash(FOOTER),
                    4,
                    3,
                    "[7, 8, 9]",
                    FOOTER,
                    "2026-01-01T00:00:00+00:00",
                    "2026-01-03T00:00:00+00:00",
                ),
                (
                    old_hash(once),
                    2,
                    1,
                    "[9]",
                    None,
                    "2026-01-02T00:00:00.5+00:00",
                    "2026-01-04T00:00:00+00:00",
                ),
            ],
        )
    db.close()
    upgraded = CliRunner().invoke(cli, ["--db", str(path), "migrate"])
    assert (
        upgraded.exit_code == 0
        and upgraded.output.strip() == f"{path}: applied m006_block_sightings"
    )
    assert (
        CliRunner().invoke(cli, ["--db", str(path), "migrate"]).output.strip()
        == f"{path}: up to date"
    )
    db = open_db(path)
    assert known_blocks(db, "gazette", 3).stories == {block_hash(FOOTER): 3}
    by_hash = {b.block_hash: b for b in learned_blocks(db, "gazette")}
    moved = by_hash[block_hash(once)]
    assert (moved.stories, moved.articles, moved.sample) == (1, 2, None)
    assert (moved.first_seen_at, moved.last_seen_at) == (
        "2026-01-02T00:00:00+00:00",
        "2026-01-04T00:00:00+00:00",
    )
    assert db.execute("SELECT story_id FROM block_sightings").fetchall() == [(9,)]
    # Learning goes on from the migrated counts: the once-seen block's second story learns its text.
    store_article(db, art([*text(6, "school"), once]), parse_config("").dedup)
    again = next(b for b in learned_blocks(db, "gazette") if b.block_hash == block_hash(once))
    assert (again.stories, again.articles, again.sample) == (2, 3, once[:SAMPLE_CHARS])
    assert db.execute("SELECT count(*) FROM block_sightings WHERE story_id = 9").fetchone()[0] == 0


def test_known_blocks_match_24_digit_hashes_of_a_database_not_yet_at_m006(db) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    from aggregator.schema import normalise_text

    old = hashlib.sha256(normalise_text(FOOTER).encode("utf-8")).hexdigest()[:24]
    with db.conn:
        db.execute(
            "INSERT INTO source_blocks "
            "(source, block_hash, articles, stories, story_ids, first_seen_at, last_seen_at) "
            "VALUES ('gazette', ?, 3, 3, '[1, 2, 3]', '2026-01-01', '2026-01-01')",
            [old],
        )
    assert known_blocks(db, "gazette", 3).matches(FOOTER, 3)


def test_known_blocks_before_the_migration_is_empty(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "old.db")
    from sqlite_utils import Database

    assert len(known_blocks(Database(conn), "gazette", 3)) == 0


# --- the pipeline and the CLI ---------------------------------------------------------

CONFIG = """
sources:
  - name: gazette
    feeds: ["http://127.0.0.1:9/feed.xml"]
"""


def page_html(title: str, paragraphs: list[str]) -> bytes:
    ps = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{ps}"
        f"<p>{FOOTER}</p></article></body></html>"
    ).encode()


def test_process_page_learns_then_removes(db) -> None:  # type: ignore[no-untyped-def]
    config = parse_config(CONFIG)
    source = config.source("gazette")
    topics = ["council", "harbour", "school", "weather"]
    bodies = []
    for topic in topics:
        page = FetchedPage(
            url=f"https://gazette.example/{topic}",
            source="gazette",
            html=page_html(f"The {topic} story", text(6, topic)),
            fetched_at=NOW,
        )
        result = store_page(db, page, source, config)
        row = db.execute(
            "SELECT body, provenance FROM articles WHERE id = ?", [result.article_id]
        ).fetchone()
        bodies.append((json.loads(row[0]), json.loads(row[1])))
    # The first three stories teach the footer; the fourth is stored without it.
    assert all(FOOTER in body for body, _ in bodies[:3])
    body, provenance = bodies[3]
    assert FOOTER not in body and body == text(6, "weather")
    assert provenance["body"] == "heuristic; site-boilerplate removed 1 paragraph"


def test_cli_extract_applies_learned_boilerplate_with_source(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config_path = tmp_path / "config.yaml"
    config_path.write_text(CONFIG, encoding="utf-8")
    settings = parse_config(CONFIG).dedup
    for topic in ("council", "harbour", "school"):
        store_article(db, art([*text(6, topic), FOOTER]), settings)
    saved = tmp_path / "page.html"
    saved.write_bytes(page_html("The weather story", text(6, "weather")))
    db_path = tmp_path / "news.db"
    runner = CliRunner()
    plain = runner.invoke(
        cli,
        [
            "--config",
            str(config_path),
            "--db",
            str(db_path),
            "extract",
            str(saved),
            "--url",
            "https://gazette.example/weather",
        ],
    )
    assert plain.exit_code == 0, plain.output
    assert FOOTER in json.loads(plain.output)["body"]  # no --source: page only
    sourced = runner.invoke(
        cli,
        [
            "--config",
            str(config_path),
            "--db",
            str(db_path),
            "extract",
            str(saved),
            "--url",
            "https://gazette.example/weather",
            "--source",
            "gazette",
            "--json",
        ],
    )
    assert sourced.exit_code == 0, sourced.output
    data = json.loads(sourced.output)
    assert FOOTER not in data["body"] and data["source"] == "gazette"
    explained = runner.invoke(
        cli,
        [
            "--config",
            str(config_path),
            "--db",
            str(db_path),
            "extract",
            str(saved),
            "--url",
            "https://gazette.example/weather",
            "--source",
            "gazette",
            "--explain",
        ],
    )
    assert explained.exit_code == 0, explained.output
    assert "site-boilerplate removed 1 paragraph" in explained.output
    assert "1 learned blocks of 'gazette'" in explained.output
    # The name column is as wide as the longest field name since the QA pass of
    # 2026-12-06 (it was 14 characters, and published_offset shifted its row).
    assert f"{'  removed':<{len('published_offset')}} {FOOTER}" in explained.output


def test_demo_crawl_learns_no_boilerplate_from_clean_outlets(demo_run) -> None:  # type: ignore[no-untyped-def]
    """The demo outlets' furniture is already cut by the page rules: nothing reaches K stories."""
    database = open_db(demo_run.db, read_only=True)
    try:
        blocks = learned_blocks(database)
        assert blocks, "candidate blocks are counted during the crawl"
        assert {b.source for b in blocks} == {
            "wirewire",
            "metroherald",
            "plainpost",
            "islandpulse",
            "valleygazette",
        }
        assert not [b for b in blocks if b.stories >= 3]
        removed = database.execute(
            "SELECT count(*) FROM articles WHERE provenance LIKE '%site-boilerplate%'"
        ).fetchone()[0]
        assert removed == 0
    finally:
        database.close()


def test_a_crawl_forgets_its_sources_old_one_story_blocks(demo_network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(demo_config_text(demo_network.base_port, db_path), encoding="utf-8")
    db = open_db(db_path)
    old, recent = "2020-01-01T00:00:00+00:00", datetime.now(UTC).isoformat()
    # Negative keys: the crawl's own blocks could take any 64-bit key, but not these.
    once = [  # (source, block key, last seen), seen in one story
        ("plainpost", -1, old),
        ("plainpost", -2, recent),
        ("islandpulse", -3, old),
    ]
    with db.conn:
        db.conn.execute(
            "INSERT INTO source_blocks "
            "(source, block_hash, articles, stories, story_ids, first_seen_at, last_seen_at) "
            "VALUES ('plainpost', 'old-but-learned', 3, 3, '[1, 2, 3]', ?, ?)",
            [old, old],
        )
        db.conn.executemany(
            "INSERT INTO block_sightings "
            "(source, block_key, story_id, articles, first_seen, last_seen) "
            "VALUES (?, ?, 1, 1, ?, ?)",
            [(source, key, epoch_seconds(seen), epoch_seconds(seen)) for source, key, seen in once],
        )
    db.close()
    result = run_cli("--config", str(config), "crawl", "plainpost")
    assert result.returncode == 0, result.stderr[-2000:]
    with sqlite3.connect(db_path) as conn:
        left = {
            r[0]
            for r in conn.execute(
                "SELECT block_key FROM block_sightings WHERE block_key IN (-1, -2, -3)"
            )
        }
        learned = conn.execute(
            "SELECT count(*) FROM source_blocks WHERE block_hash = 'old-but-learned'"
        ).fetchone()
        stats = json.loads(conn.execute("SELECT stats FROM crawl_runs").fetchone()[0])
    assert left == {-2, -3} and learned == (1,)
    assert stats["newsagg/boilerplate_blocks_forgotten"] == 1


def test_a_batch_learns_as_it_stores(db) -> None:  # type: ignore[no-untyped-def]
    # A crawl parses pages before storing them in batches: a block the batch's first
    # articles teach is still removed from the later ones, as it is one page at a time.
    config = parse_config(CONFIG)
    source = config.source("gazette")
    topics = ["council", "harbour", "school", "weather", "bridge", "market"]
    writes = [
        prepare_page(
            db,
            FetchedPage(
                url=f"https://gazette.example/{topic}",
                source="gazette",
                html=page_html(f"The {topic} story", text(6, topic)),
                fetched_at=NOW,
            ),
            source,
            config,
        )
        for topic in topics
    ]
    assert all(FOOTER in w.article.body for w in writes)  # nothing was known when they were parsed
    outcomes = store_articles(db, writes, config.dedup, config.boilerplate)
    bodies = [
        json.loads(
            db.execute("SELECT body FROM articles WHERE id = ?", [o.result.article_id]).fetchone()[
                0
            ]
        )
        for o in outcomes
        if o.result
    ]
    assert [FOOTER in body for body in bodies] == [True, True, True, False, False, False]
    assert bodies[3] == text(6, "weather")
    # Their fingerprints are those of the stored text, not of the page with the footer.
    stored = db.execute(
        "SELECT content_hash FROM articles WHERE url = ?", ["https://gazette.example/weather"]
    ).fetchone()[0]
    assert stored == content_hash(text(6, "weather"))
