"""A pass of the alerts reads at most ``alert_delivery.max_articles_per_pass`` new articles
per alert, and says so once when it stopped there with newer ones left (stop 45: it stopped
at 100,000 without a word); the next pass goes on from there, and nothing is skipped."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from test_web_answers import _ingest

from aggregator.schema import utc_now
from app.alerts.firing import fire
from app.config_loader import load_app_config
from storage import open_db


def test_a_pass_stopped_at_its_bound_says_so_once_and_the_next_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db_path, config_path = tmp_path / "news.db", tmp_path / "config.yaml"
    config_path.write_text(
        f"database: {db_path}\n"
        "alerts:\n"
        "  - {name: harbour, query: harbour, target: atom}\n"
        "  - {name: stories, query: story, target: atom}\n"
        "alert_delivery: {max_articles_per_pass: 2}\n",
        encoding="utf-8",
    )
    _ingest(db_path, tmp_path, 1)  # a store to start from
    config = load_app_config(config_path, db_path)
    db = open_db(db_path)
    try:
        assert fire(db, config, utc_now()) == []  # the alerts start reading here
        (tmp_path / "later").mkdir()
        _ingest(db_path, tmp_path / "later", 6)  # the first again (edited), and 5 new
        caplog.set_level(logging.WARNING, logger="app.alerts")
        passes = []
        for _ in range(4):
            caplog.clear()
            firings = fire(db, config, utc_now())
            passes.append((len(firings), [r.getMessage() for r in caplog.records]))
    finally:
        db.close()
    said = (
        "alerts stopped at their bound of 2 new articles this pass "
        "(alert_delivery.max_articles_per_pass), newer ones left for the next: harbour, stories"
    )
    # The first record's new headline ("… of 6") over the same text is an edit since stop
    # 51 (it was dropped): a change the first pass reads within its bound of 2, firing
    # nothing (its story fired before the cursor), beside story 1. Every new story fires
    # once for each alert, 10 in all, none skipped.
    assert passes == [(2, [said]), (4, [said]), (4, []), (0, [])]
