"""Dedup of Chinese, Japanese and Korean text, stored in a real SQLite file.

A made-up wire story per language, and one more Chinese one whose edited copy opens with
a local sentence as long as the lead (tests/dedup_cjk_cases.py), is stored with an edited
copy, an independent report of the same happening and an unrelated story of the same
day: the copy joins the wire's story, the report is linked in its event without joining
the story, the unrelated story is neither. Then a database whose CJK articles were
stored before migration m015 (tests/fixtures/dedup_cjk/, made by main's code) is
migrated and merges a new edited copy; its keys and counted terms are then those of a
store that stored the same articles with the new code, and a listed article whose profile
cannot be rebuilt is left as it was without stopping a writer's batch.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run_cli
from dedup_cjk_cases import CASES, LANGUAGES
from sqlite_utils import Database

from aggregator.config import DedupSettings
from aggregator.dedup.fingerprint import PROFILE_VERSION
from aggregator.schema import Article
from app.cli import cli
from storage import open_db
from storage.writes import store_article

SETTINGS = DedupSettings()
DAY = datetime(2026, 3, 12, 8, tzinfo=UTC)
FIXTURE = Path(__file__).parent / "fixtures" / "dedup_cjk" / "stored_before_m015.sqlite"


def article(
    site: str,
    slug: str,
    headline: str,
    body: tuple[str, ...],
    hour: int,
    credits: tuple[str, ...] = (),
) -> Article:
    url = f"https://{site}.example/{slug}"
    return Article(
        url=url,
        canonical_url=url,
        source=site,
        site_name=site,
        headline=headline,
        body=list(body),
        fetched_at=DAY.replace(hour=hour),
        published_at=DAY.replace(hour=hour),
        credits=list(credits),
    )


def placement(db: Database, article_id: int) -> tuple[int, int]:
    """The story and the event of a stored article."""
    row = db.execute(
        "SELECT a.story_id, s.event_id FROM articles a JOIN stories s ON s.id = a.story_id "
        "WHERE a.id = ?",
        [article_id],
    ).fetchone()
    return row[0], row[1]


def store(db: Database, kind: str, language: str, body: tuple[str, ...], hour: int) -> int:
    site = f"{kind}-{language}"
    return store_article(
        db, article(site, kind, f"{kind} ({language})", body, hour), SETTINGS
    ).article_id


@pytest.mark.parametrize("language", sorted(CASES))
def test_copy_joins_report_is_linked_unrelated_is_neither(language: str, tmp_path: Path) -> None:
    texts = CASES[language]
    db = open_db(tmp_path / "news.db")
    # The day's other stories, in the three languages, came first.
    unrelated = {name: store(db, "unrelated", name, CASES[name].unrelated, 7) for name in CASES}
    wire = store(db, "wire", language, texts.wire, 8)
    edited = store(db, "edited", language, texts.edited, 9)
    independent = store(db, "independent", language, texts.independent, 10)
    db.close()
    db = Database(sqlite3.connect(tmp_path / "news.db"))
    wire_story, wire_event = placement(db, wire)
    assert placement(db, edited) == (wire_story, wire_event)
    report_story, report_event = placement(db, independent)
    assert report_story != wire_story
    assert report_event == wire_event
    unrelated_story, unrelated_event = placement(db, unrelated[language])
    assert unrelated_story != wire_story
    assert unrelated_event != wire_event


def stored_before_m015(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    shutil.copyfile(FIXTURE, path)
    return path


def profiles(path: Path) -> dict[str, str]:
    """Each stored article's profile, by headline."""
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT headline, profile FROM articles"))


def test_migrate_rebuilds_the_cjk_profiles_and_new_copies_merge(tmp_path: Path) -> None:
    path = stored_before_m015(tmp_path)
    before = profiles(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "migrate"])
    assert result.exit_code == 0, result.output
    assert "m015_cjk_dedup_profiles" in result.output
    assert "profiles of 6 articles rebuilt" in result.output
    after = profiles(path)
    # The English article is not rewritten; each CJK one is, in the new format.
    assert after["wire (english)"] == before["wire (english)"]
    for headline, profile in after.items():
        if headline != "wire (english)":
            assert profile != before[headline]
            assert json.loads(profile)["v"] == PROFILE_VERSION
    db = open_db(path)
    wire = dict(db.execute("SELECT headline, id FROM articles").fetchall())
    for hour, (language, texts) in enumerate(sorted(LANGUAGES.items()), start=12):
        edited = store(db, "edited", language, texts.edited, hour)
        independent = store(db, "independent", language, texts.independent, hour)
        wire_story, wire_event = placement(db, wire[f"wire ({language})"])
        assert placement(db, edited) == (wire_story, wire_event)
        assert placement(db, independent)[0] != wire_story
        assert placement(db, independent)[1] == wire_event
    db.close()


def test_a_writer_rebuilds_the_cjk_profiles_before_it_stores(tmp_path: Path) -> None:
    # Nobody ran 'aggregator migrate': the writer opening the database migrates it and
    # rebuilds the listed profiles before it compares what it stores with them.
    path = stored_before_m015(tmp_path)
    records = tmp_path / "edited.jsonl"
    records.write_text(
        "".join(
            json.dumps(
                {
                    "url": f"https://edited-{language}.example/edited",
                    "site": f"edited-{language}",
                    "headline": f"edited ({language})",
                    "body": list(texts.edited),
                    "published": DAY.replace(hour=12).isoformat(),
                },
                ensure_ascii=False,
            )
            + "\n"
            for language, texts in sorted(LANGUAGES.items())
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--db", str(path), "ingest", str(records)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(path) as conn:
        story = dict(conn.execute("SELECT headline, story_id FROM articles"))
        assert conn.execute("SELECT count(*) FROM stale_profiles").fetchone() == (0,)
    for language in LANGUAGES:
        assert story[f"edited ({language})"] == story[f"wire ({language})"]


@pytest.mark.parametrize(
    ("credit", "agency"),
    [
        ("新华社", "Xinhua"),
        ("新華社", "Xinhua"),
        ("共同通信", "Kyodo"),
        ("共同社", "Kyodo"),
        ("연합뉴스", "Yonhap"),
    ],
)
def test_an_agency_credited_in_its_own_script_is_stored_as_that_agency(
    credit: str, agency: str, tmp_path: Path
) -> None:
    # The credit is the provenance a rewrite-level match needs (assign.provenance).
    db = open_db(tmp_path / "news.db")
    wire = article("paper", "wire", "wire", LANGUAGES["chinese"].wire, 8, credits=(credit,))
    stored = store_article(db, wire, SETTINGS)
    row = db.execute("SELECT credit FROM articles WHERE id = ?", [stored.article_id]).fetchone()
    db.close()
    assert row == (agency,)


def test_a_profile_that_cannot_be_rebuilt_is_left_and_the_store_goes_on(tmp_path: Path) -> None:
    # A listed CJK article whose stored profile is of no shape the code reads: the writer's
    # rebuild before its batch must not stop the batch (an unrelated English article).
    path = stored_before_m015(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE articles SET profile = '{\"v\":2}' WHERE headline = 'wire (chinese)'")
    conn.close()
    records = tmp_path / "english.jsonl"
    record = {
        "url": "https://english.example/budget",
        "site": "english",
        "headline": "Council sets its budget",
        "body": [
            "The city council approved a budget of 412 million dollars on Thursday after a "
            "debate that ran past midnight, with seven members voting in favour.",
            "Mayor Ellen Hart said the plan keeps property taxes flat for a third year.",
        ],
        "published": DAY.replace(hour=12).isoformat(),
    }
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run_cli("--db", str(path), "ingest", str(records))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "not rebuilt" in line]
    assert len(warnings) == 1, result.stderr
    with sqlite3.connect(path) as conn:
        poisoned = conn.execute(
            "SELECT id, profile FROM articles WHERE headline = 'wire (chinese)'"
        ).fetchone()
        assert f"article {poisoned[0]} " in warnings[0]
        assert poisoned[1] == '{"v":2}'
        assert conn.execute("SELECT count(*) FROM stale_profiles").fetchone() == (0,)
        assert conn.execute(
            "SELECT count(*) FROM articles WHERE headline = 'Council sets its budget'"
        ).fetchone() == (1,)
        rebuilt = [
            json.loads(p)["v"]
            for (p,) in conn.execute(
                "SELECT profile FROM articles WHERE headline LIKE '%(japanese)'"
            )
        ]
    conn.close()
    assert rebuilt == [PROFILE_VERSION, PROFILE_VERSION]


def lookup_rows(path: Path) -> dict[str, set[tuple[object, ...]]]:
    """Each article's dedup and event keys (by URL), and the counted terms of its stories."""
    with sqlite3.connect(path) as conn:
        tables = {
            table: set(
                conn.execute(
                    f"SELECT a.canonical_url, k.key FROM {table} k "
                    "JOIN articles a ON a.id = k.article_id"
                )
            )
            for table in ("dedup_keys", "event_keys")
        }
        tables["event_df"] = set(conn.execute("SELECT bucket, n FROM event_df"))
    conn.close()
    return tables


def test_a_rebuilt_store_has_the_keys_of_one_that_stored_its_articles_now(
    tmp_path: Path,
) -> None:
    rebuilt = stored_before_m015(tmp_path)
    result = CliRunner().invoke(cli, ["--db", str(rebuilt), "migrate"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(rebuilt) as conn:
        stored = conn.execute(
            "SELECT canonical_url, source, headline, body, published_at FROM articles ORDER BY id"
        ).fetchall()
    conn.close()
    fresh = tmp_path / "fresh.db"
    db = open_db(fresh)
    for url, site, headline, body, published in stored:
        when = datetime.fromisoformat(published)
        copy = Article(
            url=url,
            canonical_url=url,
            source=site,
            site_name=site,
            headline=headline,
            body=json.loads(body),
            fetched_at=when,
            published_at=when,
        )
        store_article(db, copy, SETTINGS)
    db.close()
    expected = lookup_rows(fresh)
    assert all(expected.values())
    assert lookup_rows(rebuilt) == expected
