"""One bad source entry in config.yaml sets that entry aside; the other sources still run.

Table-driven: each kind of bad entry beside a good source served on 127.0.0.1. The
good source is crawled (``crawl --all``, and named with the bad one), the bad one is
named in one line (file, line, field, source), ``crawl BAD`` exits 2, and ``sources``
and ``status`` list it as set aside. The daemon keeps a source's previous entry when a
reload makes it bad, and applies a good change to another source in the same reload.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run_cli, wait_for
from pageserver import PageServer

from aggregator.config import ConfigError, parse_config
from app.cli import cli
from app.daemon.service import Daemon

ARTICLE_PATH = "/news/harbour-council-agrees-ferry-plan"
PARAGRAPHS = "".join(
    f"<p>Part {n}: the harbour council met on Tuesday and agreed a plan for the district's "
    "new ferry landing, to be built over the coming year.</p>"
    for n in range(4)
)
POLITE = "politeness: {download_delay: 0, autothrottle: false, obey_robots: false}"


@dataclass(frozen=True)
class BadEntry:
    id: str
    entry: str  # the YAML lines of the entry, after "  - "; {feed} is the served feed
    name: str | None  # None: its name cannot be read
    line: int  # the line of the config its error names
    field: str
    says: str
    duplicate: bool = False  # a later entry of a name taken: labelled by its place


# The config is: line 1 database, 2 "sources:", 3-5 the good source, 6 on the bad entry.
BAD_ENTRIES = [
    BadEntry(
        "unknown key", "name: bad\n    feeds: ['{feed}']\n    shedule: {{every: 5m}}",
        "bad", 8, "sources[1].shedule", "unknown key",
    ),
    BadEntry(
        "bad URL", "name: bad\n    feeds: ['127.0.0.1/rss.xml']",
        "bad", 7, "sources[1].feeds[0]", "http(s) URL",
    ),
    BadEntry(
        "bad schedule", "name: bad\n    feeds: ['{feed}']\n    schedule: {{every: soon}}",
        "bad", 8, "sources[1].schedule.every", "'soon'",
    ),
    BadEntry(
        "duplicate name", "name: good\n    feeds: ['{feed}']",
        None, 6, "sources[1].name", "duplicate of the entry at line 3; ignored", duplicate=True,
    ),
    BadEntry(
        "parser file missing", "name: bad\n    feeds: ['{feed}']\n    parser: gone.py:Paper",
        "bad", 8, "sources[1].parser", "no parser file",
    ),
    BadEntry(
        "not a mapping", "just a name", None, 6, "sources[1]", "expected a mapping of settings",
    ),
]  # fmt: skip


def write_config(folder: Path, feed: str, bad: BadEntry) -> Path:
    config = folder / "config.yaml"
    config.write_text(
        f"database: {folder / 'news.db'}\n"
        "sources:\n"
        f"  - name: good\n    feeds: ['{feed}']\n    {POLITE}\n"
        f"  - {bad.entry.format(feed=feed)}\n",
        encoding="utf-8",
    )
    return config


def serve_one_article(server: PageServer) -> str:
    server.put(
        ARTICLE_PATH,
        "<html><head><title>Harbour council agrees</title></head><body><article>"
        f"<h1>Harbour council agrees ferry plan</h1>{PARAGRAPHS}</article></body></html>",
    )
    item = f"<item><title>t</title><link>{ARTICLE_PATH}</link></item>"
    return server.put(
        "/rss.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{item}</channel></rss>',
        content_type="application/rss+xml",
    )


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning: ")]


def assert_names_the_entry(line: str, config: Path, bad: BadEntry) -> None:
    assert f"{config}:{bad.line}: {bad.field}" in line, line
    if bad.name is not None:
        assert f"(source '{bad.name}')" in line, line
    assert bad.says in line, line


@pytest.mark.parametrize("bad", BAD_ENTRIES, ids=[b.id for b in BAD_ENTRIES])
def test_a_bad_entry_is_set_aside_and_the_other_sources_crawl(
    tmp_path: Path, bad: BadEntry
) -> None:
    # Kept feeds of a source set aside stay; of a removed one they go, unless an entry
    # set aside has no name (any folder may be its own).
    own = "good" if bad.duplicate else bad.name or "unnamed"
    nameless = bad.name is None and not bad.duplicate
    for name in (own, "removed"):  # laid out as the cache writes it: only those are ours
        (tmp_path / "httpcache" / name / "ab").mkdir(parents=True, exist_ok=True)
        (tmp_path / "httpcache" / name / "ab" / "x.entry").write_bytes(b"entry")
    with PageServer() as server:
        config = write_config(tmp_path, serve_one_article(server), bad)
        crawl = run_cli("--config", str(config), "crawl", "--all", timeout=120)
    assert (tmp_path / "httpcache" / own).is_dir()
    assert (tmp_path / "httpcache" / "removed").is_dir() == nameless
    # The good source is crawled and stored; the run says what was not, and fails.
    assert "good: finished; 1 article pages fetched, 1 new" in crawl.stdout, crawl.stderr[-2000:]
    assert crawl.returncode == 2, crawl.stderr[-2000:]
    # Said once, as the error of an entry `crawl --all` was asked to crawl (no warning too).
    assert warnings_of(crawl.stderr) == []
    errors = [line for line in crawl.stderr.splitlines() if line.startswith("error: ")]
    label = bad.name if bad.name is not None else "sources[1]"
    assert len(errors) == 1 and errors[0].startswith(f"error: {label}: not crawled: ")
    assert_names_the_entry(errors[0], config, bad)
    assert "Traceback" not in crawl.stderr
    # A reader works as before, with the same one warning.
    stories = CliRunner().invoke(cli, ["--config", str(config), "stories", "--json"])
    assert stories.exit_code == 0, stories.output
    assert [s["headline"] for s in json.loads(stories.stdout)] == [
        "Harbour council agrees ferry plan"
    ]
    (warning,) = warnings_of(stories.stderr)
    assert_names_the_entry(warning, config, bad)
    assert warning.endswith("; ignored" if bad.duplicate else "; source not loaded")
    assert errors[0].endswith(warning.removeprefix("warning: ").removesuffix("; source not loaded"))
    # `sources` and `status` list it as set aside, with its error.
    listed = CliRunner().invoke(cli, ["--config", str(config), "sources", "--json"])
    assert listed.exit_code == 0, listed.output
    names = [row["name"] for row in json.loads(listed.stdout)]
    assert names.count("good") == 1 and label in names  # a duplicate is no second 'good' row
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert rows["good"]["set_aside"] is None
    assert_names_the_entry(rows[label]["set_aside"] or "", config, bad)
    status = CliRunner().invoke(cli, ["--config", str(config), "status", "--json"])
    assert status.exit_code == 0, status.output
    status_rows = json.loads(status.stdout)["sources"]
    assert [r["source"] for r in status_rows].count("good") == 1
    set_aside = [r for r in status_rows if r["set_aside"]]
    assert [r["source"] for r in set_aside] == [label]
    assert_names_the_entry(set_aside[0]["set_aside"], config, bad)
    text = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert f"{label}: set aside: {config}:{bad.line}:" in text.stdout


@pytest.mark.parametrize(
    "bad", [b for b in BAD_ENTRIES if b.name not in (None, "good")], ids=lambda b: b.id
)
def test_crawl_naming_a_set_aside_source_exits_2_and_crawls_nothing(
    tmp_path: Path, bad: BadEntry
) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9/rss.xml", bad)
    result = CliRunner().invoke(cli, ["--config", str(config), "crawl", "bad"])
    assert result.exit_code == 2, result.output
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert error.startswith("error: bad: not crawled: ")
    assert_names_the_entry(error, config, bad)
    assert result.stdout == ""
    assert not (tmp_path / "news.db").exists()  # nothing crawled, nothing written


def test_a_named_set_aside_source_does_not_stop_the_other_named_one(tmp_path: Path) -> None:
    bad = BAD_ENTRIES[0]
    with PageServer() as server:
        config = write_config(tmp_path, serve_one_article(server), bad)
        crawl = run_cli("--config", str(config), "crawl", "good", "bad", timeout=120)
    assert crawl.returncode == 2, crawl.stderr[-2000:]
    assert "good: finished; 1 article pages fetched, 1 new" in crawl.stdout
    errors = [line for line in crawl.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith("error: bad: not crawled: ")


def test_an_alert_may_name_a_set_aside_source() -> None:
    config = parse_config(
        "sources:\n"
        "  - {name: good, feeds: ['https://e.example/f']}\n"
        "  - {name: bad, feeds: ['https://e.example/f'], shedule: 5m}\n"
        "alerts:\n"
        "  - {name: ferry, query: ferry, sources: [good, bad], target: atom}\n",
        where="config.yaml",
    )
    assert [s.name for s in config.sources] == ["good"]
    assert [r.name for r in config.rejected_sources] == ["bad"]
    assert config.alert("ferry") is not None


def test_an_alert_naming_a_source_whose_name_key_is_mistyped_names_its_line() -> None:
    # Entries are matched by name: with 'nmae:' the entry has none, so the alert names an
    # unknown source; the one line says where the alert is and which entry it may be.
    with pytest.raises(ConfigError) as caught:
        parse_config(
            "sources:\n"
            "  - {nmae: alpha, feeds: ['https://e.example/f']}\n"
            "  - {name: good, feeds: ['https://e.example/f']}\n"
            "alerts:\n"
            "  - {name: ferry, query: ferry, sources: [good, alpha], target: atom}\n",
            where="config.yaml",
        )
    assert str(caught.value) == (
        "config.yaml:5: alerts[0].sources[1] = 'alpha': alert 'ferry' names unknown source "
        "'alpha'; it may be the entry set aside without a readable name (sources[0])"
    )


def test_every_entry_bad_still_loads_and_says_so(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {tmp_path / 'news.db'}\nsources:\n  - 7\n  - {{name: b, feeds: [x]}}\n"
    )
    # Readers load it, with one warning per entry.
    listed = CliRunner().invoke(cli, ["--config", str(config), "sources"])
    assert listed.exit_code == 0 and len(warnings_of(listed.stderr)) == 2, listed.output
    # crawl --all: the entries' warnings, then one error line: nothing to crawl
    # (review_badsource 5).
    result = CliRunner().invoke(cli, ["--config", str(config), "crawl", "--all"])
    assert result.exit_code == 2, result.output
    assert len(warnings_of(result.stderr)) == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {config}: no source entry loads (2 set aside, each named above); "
                      "nothing to crawl"]  # fmt: skip
    assert not (tmp_path / "news.db").exists()


@pytest.mark.parametrize(
    ("sources", "why"),
    [
        ("sources: []\n", "no source entry"),
        ("sources:\n  - {name: b, feeds: ['http://127.0.0.1:9/b.xml'], enabled: false}\n",
         "no enabled source (1 disabled)"),
    ],
    ids=["none", "all-disabled"],
)  # fmt: skip
def test_crawl_all_with_no_enabled_source_says_so(tmp_path: Path, sources: str, why: str) -> None:
    """QA ops pass 52, item 3: it said "name at least one source, or give --all"."""
    config = tmp_path / "config.yaml"
    config.write_text(f"database: {tmp_path / 'news.db'}\n{sources}")
    result = CliRunner().invoke(cli, ["--config", str(config), "crawl", "--all"])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"error: {config}: {why}; nothing to crawl"]
    assert not (tmp_path / "news.db").exists()


def test_the_daemon_refuses_to_start_when_no_entry_loads(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"database: {tmp_path / 'news.db'}\nsources:\n  - {{name: b, feeds: [x]}}\n")
    result = run_cli("--config", str(config), "daemon", timeout=60)
    assert result.returncode == 2, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {config}: no source entry loads (1 set aside, each named above); "
                      "nothing to crawl"]  # fmt: skip
    assert len(warnings_of(result.stderr)) == 1


def test_crawl_gives_usage_errors_first_and_a_named_bad_entry_once(tmp_path: Path) -> None:
    bad = BAD_ENTRIES[0]
    config = write_config(tmp_path, "http://127.0.0.1:9/rss.xml", bad)
    for extra in (["--all", "--processes", "2"], ["--all", "--refresh", "http://127.0.0.1:9/a"]):
        result = CliRunner().invoke(cli, ["--config", str(config), "crawl", *extra])
        assert result.exit_code == 2 and "exactly one source" in result.stderr, extra
        assert "shedule" not in result.stderr  # the usage error alone (review_badsource 9)
    named = CliRunner().invoke(cli, ["--config", str(config), "crawl", "bad"])
    assert named.exit_code == 2
    assert named.stderr.count("sources[1].shedule") == 1, named.stderr
    # As a daemon's or a worker's child (options of one source), the same one line.
    child = CliRunner().invoke(cli, ["--config", str(config), "crawl", "bad", "--run-id", "1"])
    assert child.exit_code == 2
    assert child.stderr.startswith("error: bad: not crawled: "), child.stderr
    assert child.stderr.count("sources[1].shedule") == 1, child.stderr


def test_an_entry_named_by_a_number_is_labelled_by_its_place_in_its_line_too() -> None:
    config = parse_config(
        "sources:\n  - {name: good, feeds: ['https://e.example/f']}\n"
        "  - {name: 42, feeds: ['https://e.example/f']}\n",
        where="config.yaml",
    )
    (rejected,) = config.rejected_sources
    assert rejected.label == "sources[1]"
    assert rejected.error.startswith("config.yaml:3: sources[1].name = 42: "), rejected.error


# --- the daemon ----------------------------------------------------------------------


def daemon_config(db: Path, alpha: str, beta: str) -> str:
    return (
        f"database: {db}\n"
        "daemon: {max_parallel_crawls: 2, grace_period: 2s}\n"
        "sources:\n"
        f"  - name: alpha\n    feeds: [http://127.0.0.1:9/a.xml]\n    {alpha}\n"
        f"  - name: beta\n    feeds: [http://127.0.0.1:9/b.xml]\n    {beta}\n"
    )


def finished_runs(db: Path, source: str, status: str = "ok") -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        sql = "SELECT COUNT(*) FROM crawl_runs WHERE source = ? AND status = ?"
        return int(conn.execute(sql, [source, status]).fetchone()[0])
    except sqlite3.OperationalError:  # table not created yet
        return 0
    finally:
        conn.close()


@pytest.fixture
def daemon_on_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    started: list[Daemon] = []

    def start(config_path: Path, *, real_crawls: bool = False) -> Daemon:
        """A daemon on ``config_path``; its children run ``python -c pass`` unless
        ``real_crawls`` (then they are real crawls reading the daemon's snapshot)."""
        from app.config_loader import load_app_config

        db = tmp_path / "news.db"
        daemon = Daemon(
            load_app_config(config_path),
            db,
            config_path=config_path,
            command=None
            if real_crawls
            else lambda source, run_id: [sys.executable, "-c", "pass", "--run-id", str(run_id)],
            log_dir=tmp_path / "logs",
        )
        started.append(daemon)
        daemon.start()
        return daemon

    yield start
    for daemon in started:
        daemon.stop(0.5)


@pytest.mark.timeout(60)
def test_a_reload_keeps_the_previous_entry_of_a_source_made_bad(  # type: ignore[no-untyped-def]
    daemon_on_file, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(daemon_config(db, "schedule: {every: 1s}", "schedule: {every: 1h}"))
    daemon = daemon_on_file(config)
    wait_for(lambda: finished_runs(db, "alpha") >= 1, what="alpha's first run")
    # One reload: alpha's entry gets a typo, beta's schedule a good change.
    config.write_text(daemon_config(db, "shedule: {every: 1h}", "schedule: {every: 1s}"))
    with caplog.at_level(logging.WARNING, logger="app.daemon"):
        assert daemon.reload_from_file()
    kept = [r.getMessage() for r in caplog.records if "keeps its previous entry" in r.message]
    assert len(kept) == 1 and "source=alpha" in kept[0] and "sources[0].shedule" in kept[0]
    assert daemon.config.source("alpha").schedule.every == timedelta(seconds=1)
    alpha_runs = finished_runs(db, "alpha")
    wait_for(lambda: finished_runs(db, "alpha") > alpha_runs + 1, what="alpha still running")
    wait_for(lambda: finished_runs(db, "beta") >= 2, what="beta on its new schedule")
    # status shows the set-aside entry with its error, by name.
    status = CliRunner().invoke(cli, ["--config", str(config), "status", "--json"])
    rows = {r["source"]: r for r in json.loads(status.stdout)["sources"]}
    assert "sources[0].shedule (source 'alpha')" in rows["alpha"]["set_aside"]
    assert rows["beta"]["set_aside"] is None
    # ... and that the daemon runs its previous entry, with that entry's next run (from
    # the daemon's snapshot, review_badsource 4).
    assert rows["alpha"]["daemon_runs_previous_entry"] is True
    assert rows["alpha"]["schedule"] == "every 1s (UTC)" and rows["alpha"]["next_run"] is not None
    assert rows["beta"]["daemon_runs_previous_entry"] is False
    text = CliRunner().invoke(cli, ["--config", str(config), "status"]).stdout
    assert "not scheduled" not in text
    assert "; the daemon runs its previous entry" in text.splitlines()[-1]


@pytest.mark.timeout(60)
def test_a_reload_to_a_file_of_no_valid_entry_is_refused_whole(  # type: ignore[no-untyped-def]
    daemon_on_file, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(daemon_config(db, "schedule: {every: 1h}", "schedule: {every: 1h}"))
    daemon = daemon_on_file(config)
    config.write_text(daemon_config(db, "shedule: {every: 1h}", "shedule: {every: 1h}"))
    with caplog.at_level(logging.ERROR, logger="app.daemon"):
        assert not daemon.reload_from_file()
    (refused,) = [r.getMessage() for r in caplog.records if "reload refused" in r.message]
    assert "no source entry loads (2 set aside" in refused
    assert daemon.config.rejected_sources == ()
    assert daemon.next_run("alpha") is not None and daemon.next_run("beta") is not None


@pytest.mark.timeout(60)
def test_the_daemon_starts_with_a_bad_entry_and_schedules_the_others(  # type: ignore[no-untyped-def]
    daemon_on_file, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(daemon_config(db, "shedule: {every: 1s}", "schedule: {every: 1s}"))
    with caplog.at_level(logging.WARNING, logger="app.daemon"):
        daemon = daemon_on_file(config)
    set_aside = [r.getMessage() for r in caplog.records if "set aside" in r.message]
    assert len(set_aside) == 1 and "source=alpha" in set_aside[0]
    wait_for(lambda: finished_runs(db, "beta") >= 2, what="beta's runs")
    assert daemon.next_run("alpha") is None and finished_runs(db, "alpha") == 0


@pytest.mark.timeout(90)
def test_an_alert_naming_a_set_aside_source_does_not_stop_the_daemons_crawls(  # type: ignore[no-untyped-def]
    daemon_on_file, tmp_path: Path
) -> None:
    # Real crawl children read the daemon's snapshot: it must set 'bad' aside again
    # rather than be refused whole for the alert naming it (review_badsource 1).
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    with PageServer() as server:
        feed = serve_one_article(server)
        config.write_text(
            f"database: {db}\ndaemon: {{grace_period: 2s}}\nsources:\n"
            f"  - {{name: good, feeds: ['{feed}'], schedule: {{every: 1h}}, {POLITE}}}\n"
            f"  - {{name: bad, feeds: ['{feed}'], shedule: 5m}}\n"
            "alerts:\n  - {name: ferry, query: ferry, sources: [good, bad], target: atom}\n"
        )
        daemon_on_file(config, real_crawls=True)
        wait_for(
            lambda: finished_runs(db, "good") + finished_runs(db, "good", "failed") >= 1,
            60,
            "good's first run",
        )
        assert finished_runs(db, "good") == 1, (tmp_path / "logs" / "good.log").read_text()


@pytest.mark.timeout(60)
def test_a_source_removed_by_a_reload_loses_its_discovery_cache(  # type: ignore[no-untyped-def]
    daemon_on_file, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(daemon_config(db, "schedule: {every: 1h}", "schedule: {every: 1h}"))
    daemon = daemon_on_file(config)
    # Kept documents as the discovery cache lays them out; beside them, folders that are
    # not a source's cache, or not of a source just removed (review_badsource 8).
    for name in ("alpha", "beta", "gamma.old"):
        shard = tmp_path / "httpcache" / name / "3f"
        shard.mkdir(parents=True)
        (shard / "3f0123456789abcdef.entry").write_bytes(b"kept")
    (tmp_path / "httpcache" / "notours" / "notes").mkdir(parents=True)
    config.write_text(
        f"database: {db}\nsources:\n  - name: beta\n    feeds: [http://127.0.0.1:9/b.xml]\n"
    )
    assert daemon.reload_from_file()
    assert daemon.next_run("alpha") is None
    assert not (tmp_path / "httpcache" / "alpha").exists()
    for kept in ("beta", "gamma.old", "notours/notes"):
        assert (tmp_path / "httpcache" / kept).is_dir(), kept


# --- cluster mode: a worker whose config set the source aside --------------------------


@pytest.mark.timeout(60)
def test_a_worker_says_why_it_cannot_run_a_set_aside_source_and_the_job_fails(
    redis_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from test_cluster_queue import running

    from app.cluster.jobs import JOBS, enqueue
    from app.cluster.worker import Worker
    from app.cluster.writer import Writer
    from app.config_loader import load_app_config
    from storage.stream import connect

    db = tmp_path / "news.db"
    config_path = tmp_path / "config.yaml"
    config_path.write_text(
        f"database: {db}\n"
        f"cluster: {{redis_url: '{redis_url}', lease: 1s, writer_wait: 50ms}}\n"
        "sources:\n"
        "  - {name: good, feeds: ['http://127.0.0.1:9/a.xml']}\n"
        "  - {name: bad, feeds: ['http://127.0.0.1:9/b.xml'], shedule: 5m}\n"
    )
    config = load_app_config(config_path)
    client = connect(redis_url)
    assert enqueue(client, "bad", "test") is not None  # queued by a coordinator whose file was good
    caplog.set_level(logging.INFO, logger="app.cluster.worker")
    never = [sys.executable, "-c", "raise SystemExit('a set-aside source was crawled')"]
    with running(Worker(config, config_path, command=lambda *_: never)):
        wait_for(lambda: not client.xlen(JOBS), 20, "the job to be done")
    said = [r.getMessage() for r in caplog.records if "not crawled" in r.getMessage()]
    assert len(said) == 1 and "source=bad" in said[0] and "sources[1].shedule" in said[0]
    with running(Writer(config, db)):
        wait_for(lambda: finished_runs(db, "bad", "failed"), 20, "the failed run recorded")
    client.close()


@pytest.mark.timeout(90)
def test_a_worker_runs_its_previous_entry_of_a_source_made_bad_in_the_shared_file(
    redis_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # One file shared by coordinator and workers: after 'bad' gets a typo and a reload,
    # the coordinator (on its previous entry) still queues it; the worker keeps its
    # previous entry too, and its crawl child reads the worker's snapshot, not the file
    # (review_badsource 3).
    from test_cluster_queue import running

    from app.cluster.jobs import enqueue
    from app.cluster.worker import Worker
    from app.cluster.writer import Writer
    from app.config_loader import load_app_config
    from storage.stream import connect

    db = tmp_path / "news.db"
    config_path = tmp_path / "config.yaml"
    with PageServer() as server:
        feed = serve_one_article(server)

        def write(typo: str) -> None:
            config_path.write_text(
                f"database: {db}\n"
                f"cluster: {{redis_url: '{redis_url}', lease: 1s, writer_wait: 50ms}}\n"
                "sources:\n"
                f"  - {{name: bad, feeds: ['{feed}'], {POLITE}{typo}}}\n"
            )

        write("")
        client = connect(redis_url)
        caplog.set_level(logging.INFO, logger="app.cluster.worker")
        worker = Worker(load_app_config(config_path), config_path, log_dir=tmp_path / "logs")
        with running(worker), running(Writer(load_app_config(config_path), db)):
            write(", shedule: 5m")
            worker.reload()
            wait_for(
                lambda: any("keeps its previous entry" in r.getMessage() for r in caplog.records),
                20,
                "the worker's reload",
            )
            assert enqueue(client, "bad", "test") is not None
            wait_for(
                lambda: finished_runs(db, "bad") + finished_runs(db, "bad", "failed"),
                60,
                "the run recorded",
            )
        log = tmp_path / "logs" / "bad.log"
        assert finished_runs(db, "bad") == 1, log.read_text() if log.exists() else "no log"
        client.close()


def test_status_says_a_set_aside_source_is_backed_off_after_its_failures(  # type: ignore[no-untyped-def]
    fresh_db, tmp_path: Path
) -> None:
    # Its runs go on while a daemon or the cluster's workers keep its previous entry.
    from datetime import UTC, datetime

    from storage.runs import RunCounts, RunReport, record_run

    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {tmp_path / 'news.db'}\ndaemon: {{backoff_after_failures: 2}}\nsources:\n"
        "  - {name: bad, feeds: ['http://127.0.0.1:9/b.xml'], shedule: 5m}\n"
    )
    now = datetime.now(UTC).replace(microsecond=0)
    for minutes in (30, 20):
        started = now - timedelta(minutes=minutes)
        record_run(fresh_db, RunReport("bad", started, started, "failed", exit_code=1), RunCounts())
    status = CliRunner().invoke(cli, ["--config", str(config), "status", "--json"])
    (row,) = json.loads(status.stdout)["sources"]
    assert (row["consecutive_failures"], row["backed_off"]) == (2, True)


@pytest.mark.timeout(60)
def test_the_daemon_says_each_set_aside_entry_once_at_start(tmp_path: Path) -> None:
    import signal

    from test_daemon import DaemonProcess

    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(daemon_config(db, "shedule: {every: 1h}", "schedule: {every: 1h}"))
    process = DaemonProcess(tmp_path, config, f"{sys.executable} -c pass")
    try:
        wait_for(lambda: "daemon started" in process.stderr(), 30, "the daemon's start")
        process.signal(signal.SIGTERM)
        assert process.wait(30) == 0
    finally:
        process.kill()
    said = [line for line in process.stderr().splitlines() if "sources[0].shedule" in line]
    assert len(said) == 1 and "source set aside source=alpha" in said[0], said
