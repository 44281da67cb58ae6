"""A new operator's walkthrough (2026-12-05): the rough edges met following the docs.

Each test failed before its fix: the command list's summaries cut mid-phrase,
options without a word of help, a reader that met an SQLite file without
newsagg's tables ("no such table: stories"), a database in a folder the user
cannot write called "read-only", readers silent on an empty database, and a
crawl stopped by Ctrl-C that ended like a failure (exit 1, no word of what was
kept). docs/operations.md, "Operator walkthrough
(2026-12-05)", lists what was tried and what was left.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from conftest import REPO, ctrl_c_delivered, run_cli, wait_for
from pageserver import PageServer
from test_crawl_stubborn import article, rss
from test_operator_review import stored_count

from app.cli import cli

pytestmark = pytest.mark.timeout(120)

# What a reader says of a file without newsagg's tables: how to make an empty one ours;
# of another program's file, what it holds (its "'aggregator migrate' creates them in a
# new or empty file" was misleading there: QA 2026-12-06, item 4).
NOT_OURS = {
    "empty file": "is not a newsagg database yet (an SQLite file without tables): "
    "'aggregator migrate' creates newsagg's tables in it",
    "another program's": "is not a newsagg database: it holds another program's tables "
    "(1: notes); name a new file or a newsagg database",
}
EMPTY_NOTE = "holds no story yet (a crawl, 'aggregator ingest' or 'aggregator demo' stores some)"


def _invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), prog_name="aggregator")


def _commands(group: click.Group, path: str = "aggregator") -> list[tuple[str, click.Command]]:
    """Every command under ``group``, with its path, subgroups' own commands included."""
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        if command.hidden:
            continue
        found.append((f"{path} {name}", command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, f"{path} {name}"))
    return found


# --- --help --------------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["", "alerts"])
def test_help_lists_each_command_with_its_whole_summary(group: str) -> None:
    """`aggregator --help` cut 14 of 16 summaries at the line's end ("Crawl SOURCES (names
    from the config) once and store what they..."); each is its first sentence, whole."""
    result = _invoke(*([group] if group else []), "--help")
    assert result.exit_code == 0
    listing = result.output.split("Commands:\n", 1)[1]
    assert "..." not in listing
    words = " ".join(listing.split())
    whole = {
        "": "crawl Crawl SOURCES (names from the config) once and store what they publish.",
        "alerts": "as the daemon does every alert_delivery.every.",
    }
    assert whole[group] in words


def test_every_option_says_what_it_does() -> None:
    """`export --format` and the daemon's, worker's and writer's --log-level had no help."""
    silent = [
        f"{path} {option.opts[0]}"
        for path, command in _commands(cli)
        for option in command.params
        if isinstance(option, click.Option) and not option.hidden and not option.help
    ]
    assert silent == []


@pytest.mark.parametrize("command", ["stories", "search", "export", "crawl", "extract", "ingest"])
def test_the_main_commands_help_shows_an_example(command: str) -> None:
    result = _invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"    aggregator {command} " in result.output


# --- a database file that is no newsagg database -----------------------------------------


def _foreign_database(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('an address book, say')")
    conn.close()
    return path


@pytest.mark.parametrize("kind", ["empty file", "another program's"])
@pytest.mark.parametrize(
    "args", [("stories",), ("search", "coffee"), ("show", "1"), ("export",)], ids=" ".join
)
def test_a_reader_names_a_file_without_newsagg_tables(
    tmp_path: Path, kind: str, args: tuple[str, ...]
) -> None:
    """A reader said "database error in PATH: no such table: stories" (or articles_fts)."""
    db = tmp_path / "other.db"
    if kind == "empty file":
        db.touch()
    else:
        _foreign_database(db)
    before = db.read_bytes()
    result = run_cli("--db", str(db), *args)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"error: {db} {NOT_OURS[kind]}\n"
    assert db.read_bytes() == before


# --- a database in a folder this user cannot write --------------------------------------


@pytest.fixture
def unwritable_folder() -> Iterator[tuple[Path, list[str]]]:
    """A folder the test's commands cannot write, and the prefix that runs them so: as
    nobody when the suite runs as root (root writes any folder), else as the suite's user.
    It is made under /tmp, open to all, since pytest's own folders are its owner's only."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: root writes any folder")
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    folder = Path(tempfile.mkdtemp(prefix="newsagg-walkthrough-", dir="/tmp"))
    try:
        folder.chmod(0o755)
        yield folder, prefix
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize("command", ["stories", "migrate"])
def test_a_database_whose_folder_cannot_be_written_is_named_as_such(
    unwritable_folder: tuple[Path, list[str]], command: str
) -> None:
    """A reader and a writer both said "database is read-only: PATH" of a file they could
    read (and the writer write): SQLite could not make the WAL's files in its folder."""
    folder, prefix = unwritable_folder
    db = folder / "news.db"
    assert run_cli("--db", str(db), "migrate").returncode == 0
    db.chmod(0o644)
    folder.chmod(0o555)
    before = db.read_bytes()
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "app", "--db", str(db), command],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"error: database {db}: its folder cannot be written, and SQLite keeps news.db-wal "
        "and news.db-shm beside it (a reader needs them too, unless a writer has the "
        "database open): let this user write the folder\n"
    )
    assert db.read_bytes() == before


# --- an empty database ----------------------------------------------------------------------


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    db = tmp_path / "news.db"
    assert run_cli("--db", str(db), "migrate").returncode == 0
    return db


@pytest.mark.parametrize(
    "args, stdout",
    [
        pytest.param(args, stdout, id=" ".join(args))
        for args, stdout in [
            (("stories",), ""),
            (("stories", "--events"), ""),
            (("stories", "--json"), "[]\n"),
            (("search", "coffee"), ""),
            (("search", "coffee", "--json"), "[]\n"),
            (("export",), ""),
        ]
    ],
)
def test_a_reader_of_an_empty_database_says_it_is_empty(
    empty_db: Path, args: tuple[str, ...], stdout: str
) -> None:
    """Nothing at all, exit 0: it read as "nothing matched" (or as a hung command)."""
    result = run_cli("--db", str(empty_db), *args)
    assert result.returncode == 0
    assert result.stdout == stdout
    assert result.stderr == f"note: {empty_db} {EMPTY_NOTE}\n"


def _one_story(db: Path) -> Path:
    """``db`` filled with one ingested article: a database that is not empty."""
    record = {
        "url": "https://harbour.example/ferry",
        "site": "Harbour Times",
        "headline": "Ferry landing opens",
        "body": "The harbour council opened the district's new ferry landing on Tuesday.",
    }
    lines = db.with_suffix(".jsonl")
    lines.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert run_cli("--db", str(db), "ingest", str(lines)).returncode == 0
    return db


@pytest.mark.parametrize("per_article", [(), ("--articles",)], ids=["stories", "articles"])
def test_an_empty_csv_export_still_names_its_columns(
    empty_db: Path, tmp_path: Path, per_article: tuple[str, ...]
) -> None:
    """An export of no row wrote nothing at all, not even the header, in CSV: a reader of
    the file found no columns. The header is that of a filled database's export."""
    filled = _one_story(tmp_path / "filled.db")
    full = run_cli("--db", str(filled), "export", "--format", "csv", *per_article)
    header = full.stdout.splitlines(keepends=True)[0]
    assert "story_id" in header and len(full.stdout.splitlines()) == 2

    result = run_cli("--db", str(empty_db), "export", "--format", "csv", *per_article)
    assert result.returncode == 0
    assert result.stdout == header
    assert result.stderr == f"note: {empty_db} {EMPTY_NOTE}\n"


def test_a_search_that_finds_nothing_in_a_filled_database_is_not_told_it_is_empty(
    tmp_path: Path,
) -> None:
    db = _one_story(tmp_path / "news.db")
    result = run_cli("--db", str(db), "search", "volcano")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


# --- Ctrl-C during a crawl ------------------------------------------------------------------


def _harbour_crawl(
    site: PageServer, tmp_path: Path, *, trickle_seconds: int, run_timeout: str, stderr: Any
) -> tuple[Path, subprocess.Popen[str]]:
    """Start `crawl harbour` in a child that Ctrl-C reaches: a feed of one quick article and
    one a server sends a byte a second (``trickle_seconds`` bytes). Returns the database's
    path and the child (stdout piped)."""
    quick = site.put("/news/harbour-council-agrees-ferry-plan", article("Council agrees"))
    slow = site.put("/news/ferry-landing-opens-to-the-public", trickle=[b"<"] * trickle_seconds)
    feed = site.put("/feed.xml", rss(quick, slow), content_type="application/rss+xml")
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    source = {
        "name": "harbour",
        "feeds": [feed],
        "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
        "limits": {"download_timeout": 60, "run_timeout": run_timeout},
    }
    config.write_text(json.dumps({"database": str(db), "sources": [source]}))
    child = subprocess.Popen(
        [sys.executable, "-m", "app", "--config", str(config), "--log-level", "info"]
        + ["crawl", "harbour"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=stderr,
        stdin=subprocess.DEVNULL,
        text=True,
        preexec_fn=ctrl_c_delivered,
    )
    return db, child


def _stop(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        child.kill()
        child.communicate()


def test_ctrl_c_during_a_crawl_keeps_what_was_stored_and_says_so(tmp_path: Path) -> None:
    """Stopped by Ctrl-C, `crawl` printed 'SOURCE: shutdown; …' and exited 1, as a failed
    crawl does. Here one article is stored while another is still arriving when Ctrl-C
    comes."""
    with PageServer() as site:
        db, child = _harbour_crawl(
            site, tmp_path, trickle_seconds=10, run_timeout="90s", stderr=subprocess.PIPE
        )
        try:
            wait_for(lambda: stored_count(db) == 1, timeout=60, what="the quick article stored")
            assert site.hits("/news/ferry-landing-opens-to-the-public") == 1
            child.send_signal(signal.SIGINT)
            out, err = child.communicate(timeout=60)
        finally:
            _stop(child)
    assert child.returncode == 130, err[-2000:]
    assert out.startswith("harbour: shutdown; ")
    assert err.splitlines()[-1] == (
        "error: interrupted; the articles stored are kept: crawl again for the rest"
    )
    assert "Traceback" not in err
    assert stored_count(db) == 1


def test_ctrl_c_while_a_crawl_is_closing_still_records_its_run(tmp_path: Path) -> None:
    """Ctrl-C while the crawl is already closing (here: its run_timeout has passed, and a
    page still arriving holds the close open). Scrapy then signals ``engine_stopped``
    before ``spider_closed``: the database was closed first, the run's row stayed
    'running' for ever, and the log said "Could not record the end of crawl run"."""
    log = tmp_path / "crawl.log"
    with PageServer() as site, log.open("w", encoding="utf-8") as err:
        db, child = _harbour_crawl(site, tmp_path, trickle_seconds=15, run_timeout="2s", stderr=err)
        try:
            wait_for(
                lambda: "Closing spider (closespider_timeout)" in log.read_text("utf-8"),
                timeout=60,
                what="the crawl closing on its run_timeout",
            )
            child.send_signal(signal.SIGINT)
            child.communicate(timeout=60)
        finally:
            _stop(child)
    text = log.read_text("utf-8")
    assert "Could not record the end of crawl run" not in text, text[-3000:]
    with sqlite3.connect(db) as conn:
        runs = conn.execute("SELECT status FROM crawl_runs").fetchall()
    assert len(runs) == 1 and runs[0][0] != "running", (runs, text[-3000:])
    assert stored_count(db) == 1
