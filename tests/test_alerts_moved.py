"""Alerts see a story that an edit founds: the copy moved to it keeps its article id, but
takes a new number in the change sequence, which is what an alert reads past."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cli_store import ingest, invoke
from test_edit_moves import RIVERSIDE, VALLEY_COPY, VALLEY_OWN, WIRE

CONFIG = "sources: []\nalerts:\n  - name: trustees\n    query: trustees pumps\n    target: atom\n"


def _deliver(tmp_path: Path) -> str:
    return invoke(tmp_path, "alerts", "deliver").splitlines()[0]


def test_a_story_founded_by_an_edit_fires_the_alert_it_matches(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(CONFIG, encoding="utf-8")
    _deliver(tmp_path)  # the alert starts watching here
    ingest(tmp_path, WIRE, RIVERSIDE, VALLEY_COPY)
    assert "trustees: 0 fired" in _deliver(tmp_path)
    ingest(tmp_path, VALLEY_OWN)  # Valley's own report replaces the wire copy: a new story
    assert "trustees: 1 fired" in _deliver(tmp_path)
    assert "trustees: 0 fired" in _deliver(tmp_path)  # once, not again


def test_a_story_edited_after_the_alert_fired_does_not_fire_again(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(CONFIG, encoding="utf-8")
    _deliver(tmp_path)
    ingest(tmp_path, WIRE, RIVERSIDE, VALLEY_OWN)
    assert "trustees: 1 fired" in _deliver(tmp_path)
    ingest(tmp_path, {**VALLEY_OWN, "body": VALLEY_OWN["body"] + "\n\nThe vote is on Monday."})
    assert "trustees: 0 fired" in _deliver(tmp_path)


def test_a_story_from_before_the_alert_that_gains_an_edit_is_not_new(tmp_path: Path) -> None:
    ingest(tmp_path, WIRE, RIVERSIDE, VALLEY_OWN)
    (tmp_path / "config.yaml").write_text(CONFIG, encoding="utf-8")
    _deliver(tmp_path)  # starts after these
    ingest(tmp_path, {**VALLEY_OWN, "body": VALLEY_OWN["body"] + "\n\nThe vote is on Monday."})
    assert "trustees: 0 fired" in _deliver(tmp_path)


def _before_m023(path: Path, last_article_id: int) -> None:
    """Put a database back in its state before migration m023: a cursor by article id."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("ALTER TABLE alert_cursors DROP COLUMN last_change_seq")
            conn.execute("ALTER TABLE alert_cursors DROP COLUMN first_story_id")
            conn.execute("UPDATE alert_cursors SET last_article_id = ?", [last_article_id])
            conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm023_alert_change_cursor'")
            (applied,) = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()
            conn.execute(f"PRAGMA user_version = {applied}")
    finally:
        conn.close()


def test_a_cursor_from_before_m023_reads_on_from_the_first_article_it_had_not_read(
    tmp_path: Path,
) -> None:
    (tmp_path / "config.yaml").write_text(CONFIG, encoding="utf-8")
    _deliver(tmp_path)
    ingest(tmp_path, WIRE, RIVERSIDE, VALLEY_COPY)
    assert "trustees: 0 fired" in _deliver(tmp_path)
    ingest(tmp_path, {**VALLEY_OWN, "url": VALLEY_OWN["url"] + "-trustees"})  # not read yet
    _before_m023(tmp_path / "news.db", last_article_id=3)
    assert "trustees: 1 fired" in _deliver(tmp_path)  # upgrades the store, then reads on
    with sqlite3.connect(tmp_path / "news.db") as conn:
        assert conn.execute("SELECT first_story_id FROM alert_cursors").fetchone() == (0,)
    assert "trustees: 0 fired" in _deliver(tmp_path)
