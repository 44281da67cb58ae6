"""The bound on stored versions is ``retention.versions_per_article`` (review 47b: an operator
looks for it under ``retention:``); ``dedup.versions_kept``, its name until stop 48, is
still read with a one-line deprecation warning, and both given must agree.

Real config files and SQLite files, ``aggregator`` run as an operator runs it.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from conftest import run_cli

PAGE = "https://blog.example/live/harbour-fire"
EDITS = 5
DEPRECATED = (
    "dedup.versions_kept is deprecated: write retention.versions_per_article (the same setting)"
)


def _records() -> str:
    """A live page and its five updates, one record each (one ingest: five edits)."""
    lines = []
    for n in range(EDITS + 1):
        updates = [f"Update {i}: crews were still at the harbour at {i} o'clock." for i in range(n)]
        body = [
            "A fire broke out in a warehouse at the harbour on Monday night, the fire "
            "service said, and about forty firefighters were sent to the scene.",
            "Residents of the streets nearby were asked to keep their windows closed.",
            *updates,
        ]
        record = {
            "url": PAGE,
            "site": "Harbour Blog",
            "headline": "Live: warehouse fire at the harbour",
            "body": "\n\n".join(body),
            "published": "2026-12-07T08:00:00+00:00",
        }
        lines.append(json.dumps(record))
    return "\n".join(lines) + "\n"


def _ingest(tmp_path: Path, config_text: str) -> tuple[int, str, list[int]]:
    """``aggregator ingest`` of the page and its updates under ``config_text``: the exit
    code, stderr, and the versions stored of the page."""
    config = tmp_path / "config.yaml"
    config.write_text(config_text, encoding="utf-8")
    records = tmp_path / "in.jsonl"
    records.write_text(_records(), encoding="utf-8")
    db = tmp_path / "news.db"
    result = run_cli("--config", str(config), "--db", str(db), "ingest", str(records), timeout=120)
    if not db.exists():
        return result.returncode, result.stderr, []
    with closing(sqlite3.connect(db)) as conn:
        kept = [v for (v,) in conn.execute("SELECT version FROM article_versions ORDER BY version")]
    return result.returncode, result.stderr, kept


def test_retention_versions_per_article_bounds_the_versions(tmp_path: Path) -> None:
    code, stderr, kept = _ingest(tmp_path, "sources: []\nretention:\n  versions_per_article: 3\n")
    assert code == 0, stderr
    assert kept == [1, 4, 5]  # the first and the latest two of five earlier texts
    assert "deprecated" not in stderr


def test_the_old_key_still_bounds_them_with_one_warning_line(tmp_path: Path) -> None:
    code, stderr, kept = _ingest(tmp_path, "sources: []\ndedup:\n  versions_kept: 3\n")
    assert code == 0, stderr
    assert kept == [1, 4, 5]
    warned = [line for line in stderr.splitlines() if "deprecated" in line]
    assert warned == [f"warning: {tmp_path / 'config.yaml'}:3: {DEPRECATED}"]


def test_both_keys_must_agree(tmp_path: Path) -> None:
    both = "sources: []\ndedup:\n  versions_kept: {}\nretention:\n  versions_per_article: 3\n"
    code, stderr, kept = _ingest(tmp_path, both.format(4))
    assert code == 2 and kept == []
    assert stderr == (
        f"error: {tmp_path / 'config.yaml'}:3: dedup.versions_kept = 4 and "
        "retention.versions_per_article = 3 (line 5) disagree: dedup.versions_kept is "
        "deprecated, keep retention.versions_per_article only\n"
    )
    code, stderr, kept = _ingest(tmp_path, both.format(3))
    assert code == 0, stderr
    assert kept == [1, 4, 5] and DEPRECATED in stderr


def test_a_prune_names_the_bound_and_prunes_no_story_without_a_window(tmp_path: Path) -> None:
    code, stderr, _ = _ingest(tmp_path, "sources: []\nretention:\n  versions_per_article: 3\n")
    assert code == 0, stderr
    config, db = str(tmp_path / "config.yaml"), str(tmp_path / "news.db")
    result = run_cli("--config", config, "--db", db, "prune", timeout=60)
    assert result.returncode == 2 and "no window" in result.stderr  # keep absent: no window
    result = run_cli("--config", config, "--db", db, "prune", "--older-than", "30d", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "0 earlier versions beyond retention.versions_per_article (3 per article)" in (
        result.stdout
    )


def test_a_bad_value_of_the_old_key_names_the_old_key_and_its_line(tmp_path: Path) -> None:
    code, stderr, kept = _ingest(tmp_path, "sources: []\ndedup:\n  versions_kept: 1\n")
    assert code == 2 and kept == []
    assert stderr.startswith(f"error: {tmp_path / 'config.yaml'}:3: dedup.versions_kept = 1: ")
    assert stderr.count("\n") == 1 and "greater than or equal to 2" in stderr
    # The new key's own error still names the new key.
    code, stderr, _ = _ingest(tmp_path, "sources: []\nretention:\n  versions_per_article: 1\n")
    assert code == 2
    assert stderr.startswith(
        f"error: {tmp_path / 'config.yaml'}:3: retention.versions_per_article = 1: "
    )
