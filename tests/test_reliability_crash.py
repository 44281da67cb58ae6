"""Kill -9 mid-crawl and restart: nothing lost, nothing duplicated, no orphans (short C1)."""

from __future__ import annotations

import sys

import pytest
from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from kill_test import run as kill_and_restart  # noqa: E402


@pytest.mark.timeout(300)
def test_sigkill_at_random_moments_loses_and_duplicates_nothing() -> None:
    figures = kill_and_restart(articles=200, kills=6, seed=11)
    # Kills land while pages are fetched: each one leaves fewer than 200 stored.
    assert figures["kills_mid_crawl"] >= 1
    assert figures["stored_after_each_kill"][0] < 200
    assert figures["final_exit_code"] == 0
    assert figures["articles_lost"] == 0
    assert figures["articles_stored"] == 200
    assert figures["articles_duplicated"] == 0
    assert figures["stored_count_went_down"] == 0
    assert figures["orphan_rows"] == 0, figures["orphans_by_kind"]
    assert figures["integrity_failures"] == 0
    # Killed runs are recorded as crashed when the next crawl of the source starts.
    assert "running" not in figures["crawl_runs_by_status"]
    assert figures["crawl_runs_by_status"].get("crashed", 0) >= figures["kills_mid_crawl"]
