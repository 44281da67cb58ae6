"""The daemon as an operator meets it (issue 18, items 1 and 2).

Real ``aggregator daemon`` processes with real ``aggregator crawl`` children
against the fault server on 127.0.0.1: a config.yaml saved invalid (with or
without SIGHUP) never stops a crawl, and ``aggregator status`` works while it
is invalid and tells whether a daemon runs. Every wait polls ``crawl_runs``
or the status output with a deadline.
"""

from __future__ import annotations

import json
import os
import signal
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from faultserver import FaultServer
from test_crawl_faults import LIMITS, POLITENESS, feed
from test_daemon import (
    OK,
    DaemonProcess,
    _script_command,
    config_text,
    finished,
    runs,
    wait_for,
)

from aggregator.config import load_config, parse_config
from app.cli import cli

pytestmark = pytest.mark.timeout(120)

# Refused whole: an error outside the sources (one inside an entry sets only it aside).
BROKEN = "defaults: {schedule: {every: 0s}}\nsources:\n  - name: faulty\n"


@pytest.fixture(scope="module")
def fs() -> FaultServer:  # type: ignore[misc]
    with FaultServer() as server:
        yield server


def _config(fs: FaultServer, db: Path, every: str = "1s") -> str:
    source: dict[str, Any] = {
        "name": "faulty",
        "feeds": [fs.url + feed(fs, "/article/daemon-op-1", "/article/daemon-op-2")],
        "schedule": {"every": every},
        "politeness": POLITENESS,
        "limits": {**LIMITS, "run_timeout": "30s"},
    }
    config = {
        "database": str(db),
        "daemon": {"max_parallel_crawls": 1, "grace_period": "2s", "backoff_after_failures": 2},
        "sources": [source],
    }
    return json.dumps(config, indent=1)  # JSON is YAML


def _status(config: Path, *extra: str) -> Any:
    result = CliRunner().invoke(cli, ["--config", str(config), "status", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output) if "--json" in extra else result.output


@pytest.fixture
def daemon(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``aggregator daemon`` processes with real crawl children; killed if still running."""
    started: list[DaemonProcess] = []

    def start(config: Path) -> DaemonProcess:
        started.append(DaemonProcess(tmp_path, config, None))
        return started[-1]

    yield start
    for process in started:
        process.kill()


def _ok_after(db: Path, run_id: int) -> list[dict[str, Any]]:
    return [r for r in finished(db, "faulty", "ok") if r["id"] > run_id]


def test_a_broken_config_file_never_stops_the_crawls(
    daemon, fs: FaultServer, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(_config(fs, db))
    process = daemon(config)
    first = wait_for(lambda: finished(db, "faulty", "ok"), timeout=40, what="the first crawl")
    assert db.with_name("news.db.daemon").is_dir() and first[0]["articles_new"] == 2, (
        process.stderr()
    )

    # Saved invalid, no SIGHUP: the next scheduled crawls run on the validated snapshot.
    config.write_text(BROKEN)
    saved = runs(db, "faulty")[-1]["id"]
    wait_for(lambda: len(_ok_after(db, saved)) >= 2, timeout=60, what="two crawls after the save")

    # SIGHUP with the invalid file: refused in one line, the crawls go on.
    process.signal(signal.SIGHUP)
    refused = wait_for(
        lambda: [ln for ln in process.stderr().splitlines() if "config reload refused" in ln],
        what="the refusal line",
    )
    hup = runs(db, "faulty")[-1]["id"]
    wait_for(lambda: len(_ok_after(db, hup)) >= 2, timeout=60, what="two crawls after SIGHUP")
    assert len(refused) == 1 and "schedule.every" in refused[0]
    assert not [r for r in finished(db, "faulty") if r["status"] != "ok"]
    assert "backed off" not in process.stderr()

    # status while the file is invalid: the run history and the daemon, one warning line.
    result = CliRunner().invoke(cli, ["--config", str(config), "--db", str(db), "status"])
    assert result.exit_code == 0, result.output
    assert "schedule.every" in result.output and "Traceback" not in result.output
    assert f"daemon: running, pid {process.proc.pid}" in result.output
    assert "faulty" in result.output and " ok " in result.output

    process.signal(signal.SIGTERM)
    assert process.wait(30) == 0
    stopped = CliRunner().invoke(cli, ["--config", str(config), "--db", str(db), "status"])
    assert "daemon: no daemon running" in stopped.output and "stopped" in stopped.output


def test_status_without_a_valid_config_reads_the_database_named_in_it(
    fs: FaultServer, tmp_path: Path
) -> None:
    from storage.db import open_db
    from storage.runs import RunCounts, finish_run, start_run

    db_path = tmp_path / "news.db"
    db = open_db(db_path)
    run = start_run(db, "faulty")
    finish_run(db, run, "ok", RunCounts(articles_new=3))
    db.close()
    config = tmp_path / "config.yaml"
    # Valid YAML, invalid config (a key outside the sources): the database is still named.
    config.write_text(f"database: {db_path}\nshedule: 1\nsources:\n  - name: faulty\n")
    out = _status(config, "--json")
    assert "shedule" in out["config_error"]
    assert out["daemon"]["running"] is False
    (row,) = out["sources"]
    assert row["source"] == "faulty" and row["last_run"]["status"] == "ok"
    assert row["last_run"]["articles_new"] == 3 and row["next_run"] is None
    text = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert text.exit_code == 0
    lines = text.output.splitlines()
    assert lines[0].startswith("warning: ") and "schedules and next runs unknown" in lines[0]
    assert "daemon: no daemon running (never started on this database)" in text.output


# A broken config file's text, naming the database DB: YAML cuts a plain value at a
# " #" only; JSON (a .json file, or JSON in a .yaml file, which YAML reads too).
BROKEN_NAMING = {
    "yaml-hash-in-path": ("config.yaml", "database: DB   # the store\nsources: [\n"),
    "yaml-hash-quoted": ("config.yaml", "database: 'DB' # the store\nsources: [\n"),
    "json": ("config.json", '{"database": "DB", "sources": [\n'),
    "json-in-yaml": ("config.yaml", '{"database": "DB", "sources": [\n'),
}


@pytest.mark.parametrize("case", sorted(BROKEN_NAMING))
def test_status_on_a_file_that_does_not_parse_reads_the_database_it_names(
    tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review 52b F7: the ``database:`` line of a broken YAML file was cut at any ``#``
    (``news#1.db`` read as ``news``), and a broken JSON file named no database, so status
    read another file (data/news.db of the working directory)."""
    from storage.db import open_db
    from storage.runs import RunCounts, finish_run, start_run

    db_path = tmp_path / "news#1.db"
    db = open_db(db_path)
    finish_run(db, start_run(db, "faulty"), "ok", RunCounts(articles_new=3))
    db.close()
    name, text = BROKEN_NAMING[case]
    config = tmp_path / name
    config.write_text(text.replace("DB", str(db_path)), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # where no data/news.db is
    out = _status(config, "--json")
    assert out["config_error"]
    assert [(row["source"], row["last_run"]["articles_new"]) for row in out["sources"]] == [
        ("faulty", 3)
    ]


def test_status_with_a_yaml_syntax_error_finds_the_daemon_on_the_database_named_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA ops pass 52, item 4: a file YAML cannot parse named no database, so status read
    data/news.db (of the working directory) and said "no daemon running" while one ran."""
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(config_text({"alpha": "schedule: {every: 1h}"}, db=db))
    process = DaemonProcess(tmp_path, config, _script_command(tmp_path, {"alpha": OK}))
    try:
        wait_for(lambda: finished(db, "alpha", "ok"), what="alpha's first run")
        text = config.read_text()
        config.write_text(text.replace("{max_parallel_crawls: 2,", "{max_parallel_crawls: [2,"))
        monkeypatch.chdir(tmp_path)  # where no data/news.db is
        result = CliRunner().invoke(cli, ["--config", str(config), "status"])
        assert result.exit_code == 0, result.output
        (warning,) = result.stderr.splitlines()
        assert warning.startswith(f"warning: {config}:2: YAML error: "), warning
        assert warning.endswith("; the table shows what the running daemon loaded"), warning
        lines = result.stdout.splitlines()
        assert lines[0].startswith(f"daemon: running, pid {process.proc.pid}, "), lines
        assert [line.split()[0] for line in lines[3:4]] == ["alpha"], lines
        process.signal(signal.SIGTERM)
        assert process.wait(30) == 0
    finally:
        process.kill()


def test_a_record_of_a_dead_daemon_is_no_daemon(daemon, fs: FaultServer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(_config(fs, db, every="1h"))
    process = daemon(config)
    # The pid shows from the daemon's lock already; the record is written a moment later.
    wait_for(
        lambda: _status(config, "--json")["daemon"].get("started_at"),
        what="the daemon's state record",
    )
    out = _status(config, "--json")["daemon"]
    record = out["pid"]
    assert out["running"] and record == process.proc.pid
    started = datetime.fromisoformat(out["started_at"])
    assert started <= datetime.fromisoformat(out["heartbeat_at"]) <= datetime.now(UTC)
    process.kill()  # no clean stop: the record still says running
    out = _status(config, "--json")["daemon"]
    assert out["running"] is False and out["not_running_because"] == "process gone"
    assert out["pid"] == record and not os.path.exists(f"/proc/{record}")


def test_the_snapshot_is_a_config_that_validates_to_the_same_config(tmp_path: Path) -> None:
    from app.config_loader import load_app_config
    from app.daemon.state import DaemonState

    repo = Path(__file__).resolve().parent.parent
    config = load_app_config(repo / "config.yaml", tmp_path / "news.db")
    state = DaemonState(tmp_path / "news.db", repo / "config.yaml")
    first = state.write_snapshot(config)
    again = load_config(first)
    assert again.model_copy(update={"path": config.path}) == config
    # Durations below a second and odd ones survive the round trip.
    odd = parse_config("daemon: {grace_period: 1500ms}\ndefaults: {schedule: {every: 0.000001s}}\n")
    assert parse_config(json.dumps(odd.to_document())) == odd
    # A set-aside entry goes back into the snapshot, where it is set aside again, so an
    # alert naming it still validates (review_badsource 1).
    with_bad = parse_config(
        "sources:\n  - {name: good, feeds: ['http://127.0.0.1:9/a.xml']}\n"
        "  - {name: bad, feeds: ['http://127.0.0.1:9/b.xml'], shedule: 5m, since: 2024-01-02}\n"
        "  - {name: last, feeds: ['http://127.0.0.1:9/c.xml']}\n"
        "alerts:\n  - {name: ferry, query: ferry, sources: [good, bad], target: atom}\n"
    )
    other = DaemonState(tmp_path / "other.db", repo / "config.yaml")
    back = load_config(other.write_snapshot(with_bad))
    assert back.sources == with_bad.sources and back.alerts == with_bad.alerts
    assert [(r.name, r.index) for r in back.rejected_sources] == [("bad", 1)]
    # Generations: the current and the previous one are kept (each config a changed one:
    # an equal config writes no new generation, tests/test_daemon_snapshots.py).
    for parallel in (5, 6, 7):
        state.write_snapshot(
            config.model_copy(
                update={
                    "daemon": config.daemon.model_copy(update={"max_parallel_crawls": parallel})
                }
            )
        )
    assert sorted(p.name for p in state.folder.glob("config-*.json")) == [
        "config-3.json",
        "config-4.json",
    ]
    assert state.snapshot.name == "config-4.json"
    # Deleted under a running daemon, the current one is written again for the next crawl.
    state.snapshot.unlink()
    assert load_config(state.snapshot_for(1, config)).sources == config.sources


def test_a_run_that_ends_ok_with_errors_says_them_in_the_daemons_log(
    daemon, fs: FaultServer, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # A feed refused (403, a bot's user agent) and one answering: the run ends 'ok'.
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    source = json.loads(_config(fs, db, every="1h"))
    source["sources"][0]["feeds"].append(fs.url + "/status/403/daemon-op-feed")
    config.write_text(json.dumps(source))
    process = daemon(config)
    wait_for(lambda: finished(db, "faulty", "ok"), timeout=40, what="the first crawl")
    line = wait_for(
        lambda: [ln for ln in process.stderr().splitlines() if "crawl finished" in ln],
        what="the daemon's line of the run",
    )
    assert "status=ok" in line[0] and line[0].endswith("errors=http_4xx:1"), line
    process.signal(signal.SIGTERM)
    assert process.wait(30) == 0
