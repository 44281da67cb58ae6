"""``aggregator reparse`` of pages ``ingest`` kept for sites not in the config (QA archive
F1), not of a source removed from the config however it is named (review R3), and a
reparse stopped by Ctrl-C or SIGTERM (F8): real WARC files (warcio's writer, of the demo
network's pages and others) ingested into a real SQLite file by the CLI, after a real crawl
of a start page the loopback refuses where a source's run must be recorded, then
reparsed by the CLI in a child process."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_store import crawl_source, loopback_source, sql_rows, write_config
from conftest import REPO, ctrl_c_delivered, run_cli, wait_for
from test_ingest_warc import COPY, PLAIN, _mixed_warc, _page, _response
from test_page_archive import STORIES
from test_page_archive import _page as _story
from warcio.warcwriter import WARCWriter

pytestmark = pytest.mark.timeout(300)


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``aggregator ARGS`` on the test's database, with a config of no source that keeps
    pages unless the test wrote its own."""
    config, db = tmp_path / "config.yaml", tmp_path / "news.db"
    if not config.exists():
        write_config(config, db, [])
    return run_cli("--config", str(config), "--db", str(db), *args)


def test_the_kept_pages_of_an_ingested_site_are_read_again_by_the_rules_ingest_used(
    tmp_path: Path,
) -> None:
    db, warc = tmp_path / "news.db", tmp_path / "mixed.warc.gz"
    _mixed_warc(warc, gzip_members=True)
    ingested = _cli(tmp_path, "ingest", str(warc))
    assert ingested.returncode == 0, ingested.stderr
    assert ingested.stdout.startswith(f"{warc}: 2 new")
    sources = sql_rows(db, "SELECT source FROM articles ORDER BY source")
    assert sources == [("metroherald.example:8101",), ("plainpost.example:8102",)]
    assert sql_rows(db, "SELECT count(*) FROM article_pages") == [(2,)]

    # Nothing changed: both read, both the same.
    done = _cli(tmp_path, "reparse")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout == (
        "reparse: 2 pages read: 0 changed, 2 unchanged, 0 rejected, 0 failed; "
        "0 articles without a kept page\n"
    )

    # A stored reading that differs from its page's is stored over, by the site's name.
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET headline = 'x' WHERE source LIKE 'plainpost%'")
    dry = _cli(tmp_path, "reparse", "--source", "plainpost.example:8102", "--dry-run")
    assert (dry.returncode, dry.stderr) == (0, ""), dry.stderr
    assert dry.stdout.startswith("reparse: 1 pages read: 1 would change, 0 unchanged")
    done = _cli(tmp_path, "reparse", "--source", "plainpost.example:8102")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.startswith("reparse: 1 pages read: 1 changed, 0 unchanged")
    assert sql_rows(db, "SELECT count(*) FROM articles WHERE headline = 'x'") == [(0,)]

    # A name neither configured nor stored is still the config's one line.
    unknown = _cli(tmp_path, "reparse", "--source", "nosuch.example")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("error: ") and "no source named 'nosuch.example'" in (
        unknown.stderr
    )
    assert unknown.stderr.count("\n") == 1


def test_a_removed_source_named_as_its_host_is_not_read_by_the_automatic_rules(
    tmp_path: Path,
) -> None:
    """Review R3: a crawled source named as its site's host (``localhost``: a name may hold
    no dot or port) and then removed from the config looked like a site ``ingest`` named,
    so its pages were read again by the automatic rules and stored over its articles.

    Its crawl is recorded though it fetched nothing (port 1 of localhost refuses), and its
    pages, whose URLs name no port (site_host is the source's name), are ingested under it:
    no server on port 80 is needed, so the test runs as any user (review 51, finding 5)."""
    config, db = tmp_path / "config.yaml", tmp_path / "news.db"
    crawl_source(write_config(config, db, [_LOCALHOST]), "localhost")
    assert sql_rows(db, "SELECT source FROM crawl_runs") == [("localhost",)]
    _ingest_under_localhost(tmp_path, config)
    _removed_and_not_read(tmp_path, config)


def test_a_removed_source_whose_pages_came_only_from_ingest_is_not_read_either(
    tmp_path: Path,
) -> None:
    """Review 51 F4: a source named as its host whose pages came only from ``ingest``,
    never crawled, had no run recorded: once removed from the config it was taken for a
    site ingest named, and its pages were read again by the automatic rules and stored
    over its articles. Ingest now records the configured sources it stores pages under
    (m029)."""
    config, db = tmp_path / "config.yaml", tmp_path / "news.db"
    write_config(config, db, [_LOCALHOST])
    _ingest_under_localhost(tmp_path, config)
    assert sql_rows(db, "SELECT count(*) FROM crawl_runs") == [(0,)]
    _removed_and_not_read(tmp_path, config)


# A source named as its host, whose start page (port 1 of localhost) refuses.
_LOCALHOST = loopback_source("localhost", start_pages=["http://localhost:1/"])


def _ingest_under_localhost(tmp_path: Path, config: Path) -> None:
    """Three stories of http://localhost/ ingested from a WARC under the source
    ``localhost``, their pages kept."""
    db = tmp_path / "news.db"
    warc = tmp_path / "localhost.warc"
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        for path in STORIES:
            _response(writer, f"http://localhost{path}", _story(path).encode())
    # --all-pages: the source's link rules, of port 1, follow no URL of port 80.
    ingested = run_cli(
        "--config", str(config), "ingest", "--source", "localhost", "--all-pages", str(warc)
    )
    assert ingested.returncode == 0, ingested.stderr
    assert sql_rows(db, "SELECT DISTINCT source FROM articles") == [("localhost",)]
    assert sql_rows(db, "SELECT count(*) FROM article_pages") == [(3,)]


def _removed_and_not_read(tmp_path: Path, config: Path) -> None:
    """The source ``localhost`` removed from the config and its stored headlines changed:
    reparse reads none of its pages, says so, and leaves every article as it was."""
    db = tmp_path / "news.db"
    write_config(config, db, [])
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET headline = 'x'")
    before = sql_rows(db, "SELECT * FROM articles ORDER BY id")
    done = _cli(tmp_path, "reparse")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "reparse: 0 pages read: 0 changed, 0 unchanged, 0 rejected, 0 failed; "
        "0 articles without a kept page, 3 kept pages of sources not in the config\n"
    )
    assert done.stderr == (
        "warning: source 'localhost' is not in the config: 3 kept pages not read\n"
    )
    assert sql_rows(db, "SELECT * FROM articles ORDER BY id") == before


def test_a_mistyped_source_neither_creates_nor_migrates_the_database(tmp_path: Path) -> None:
    """Review 50b R2: the name was checked after the database was opened for writing, so
    a typo left a new empty database behind (and would have migrated an older one)."""
    unknown = _cli(tmp_path, "reparse", "--source", "nosuch.example")
    assert unknown.returncode == 2
    assert "no source named 'nosuch.example'" in unknown.stderr
    assert not (tmp_path / "news.db").exists()


def test_an_interrupted_reparse_says_what_it_kept_and_to_run_it_again(tmp_path: Path) -> None:
    warc = tmp_path / "big.warc"
    html = _page(COPY)
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        for i in range(400):  # a few seconds of parsing: interrupted after a batch
            page = html.replace(b"</h1>", f" {i}</h1>".encode(), 1)
            _response(writer, f"{PLAIN}/world/item-{i}", page)
    assert _cli(tmp_path, "ingest", str(warc)).returncode == 0
    with sqlite3.connect(tmp_path / "news.db") as conn:  # every reading now differs
        conn.execute("UPDATE articles SET headline = 'x'")
    db = tmp_path / "news.db"
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "--config",
            str(tmp_path / "config.yaml"),
            "--db",
            str(db),
            "reparse",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        preexec_fn=ctrl_c_delivered,
    )

    def stored() -> int:
        sql = "SELECT count(*) FROM articles WHERE reread_at IS NOT NULL"
        return int(sql_rows(db, sql)[0][0])

    wait_for(lambda: stored() >= 64, timeout=120, what="the first batch stored")
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert out == ""
    said = re.fullmatch(
        r"error: reparse interrupted after (\d+) pages read: (\d+) changed \(stored; kept\), "
        r"0 unchanged, 0 rejected, 0 failed; 0 articles without a kept page; "
        r"run it again for the rest\n",
        err,
    )
    assert said, err
    kept = stored()
    # Whole batches stored, each counted; the pages of the batch cut short read only.
    assert int(said.group(2)) == kept and kept % 64 == 0
    assert kept <= int(said.group(1)) < kept + 64

    again = _cli(tmp_path, "reparse")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(
        f"reparse: 400 pages read: {400 - kept} changed, {kept} unchanged"
    )
