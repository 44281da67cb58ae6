"""The single-host daemon as an operator runs it for weeks (QA pass 41, operations).

A changed ``database:`` on SIGHUP, ``status`` while config.yaml is edited but not
applied, a SIGHUP during startup, a full disk at start and while running. Real
daemon processes or the in-process Daemon with stand-in children, as in
tests/test_daemon.py; every wait polls with a deadline.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from test_daemon import OK, by_source, config_text

from aggregator.config import load_config
from app.daemon.service import Daemon

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def daemons():  # type: ignore[no-untyped-def]
    started: list[Daemon] = []
    yield started
    for daemon in started:
        daemon.stop(0.5)


def _start(daemons: list[Daemon], config_path: Path, db: Path, scripts: dict[str, str]) -> Daemon:
    daemon = Daemon(
        load_config(config_path),
        db,
        config_path=config_path,
        command=by_source(scripts),
        log_dir=config_path.parent / "logs",
    )
    daemons.append(daemon)
    daemon.start()
    return daemon


def test_a_changed_database_on_sighup_is_logged_and_the_daemon_keeps_its_own(  # type: ignore[no-untyped-def]
    daemons, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    daemon = _start(daemons, config, db, {"alpha": OK})

    moved = tmp_path / "elsewhere" / "news.db"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=moved))
    with caplog.at_level(logging.WARNING, logger="app.daemon"):
        assert daemon.reload_from_file()
        assert daemon.reload_from_file()  # said once per change, not on every SIGHUP
    said = [r.getMessage() for r in caplog.records if "'database'" in r.getMessage()]
    assert said == [
        f"config reload: 'database' is now {moved}; the daemon keeps {db} until restarted"
    ]
    assert daemon.db_path == db and daemon.config.database == db
    snapshot = json.loads(daemon.state.snapshot.read_text())
    assert snapshot["database"] == str(db)
