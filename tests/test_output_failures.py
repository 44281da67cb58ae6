"""Standard output that cannot be written, or cannot hold the text (qa-script, stop 49).

Every command runs in a child process, as a cron job or a script runs it:
- stdout on /dev/full (a full disk) or closed (``>&-``): one line
  ``error: cannot write the output: …`` and exit 1, never a traceback, never
  exit 0 having written nothing; what a writer stored stays stored;
- an output encoding that cannot hold the text (latin-1, ascii): export, ``--json``
  and the other machine formats are UTF-8 bytes as with a UTF-8 locale, text for
  people is printed with ``?`` for what the encoding cannot hold, as click does;
- ``prune`` and ``migrate --backfill-events`` through a pipe write no progress;
- ``aggregator`` alone prints its help as click groups do, without ``error:``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import REPO, before_event_tier, run_cli
from pageserver import PageServer
from test_progress import _on_a_terminal

from aggregator.schema import utc_now

pytestmark = pytest.mark.timeout(240)

HEADLINES = ["Zürich: Ärzte streiken", "東京で大雨の予報", "Party 🎉 at the harbour"]
FULL = "error: cannot write the output: No space left on device"


def _record(i: int, headline: str) -> dict[str, object]:
    words = " ".join(f"w{i}x{j}" for j in range(40))
    return {
        "url": f"https://outlet{i}.example/news/{i}",
        "site": f"Outlet {i}",
        "headline": headline,
        "byline": "By Ada Reporter",
        "body": [f"{headline}. Paragraph {p} of report {i}: {words}." for p in range(3)],
    }


def _write_records(path: Path, headlines: list[str]) -> Path:
    path.write_text(
        "".join(
            json.dumps(_record(i, h), ensure_ascii=False) + "\n" for i, h in enumerate(headlines)
        ),
        encoding="utf-8",
    )
    return path


def _run(
    home: Path, *args: str, stdout: object, env: dict[str, str] | None = None
) -> tuple[int, bytes, str]:
    """``aggregator --config home/config.yaml ARGS`` in a child, stdout as given."""
    result = subprocess.run(
        [sys.executable, "-m", "app", "--config", str(home / "config.yaml"), *args],
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        cwd=REPO,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    return result.returncode, result.stdout or b"", result.stderr.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def site() -> object:
    with PageServer() as server:
        server.put(
            "/news/harbour",
            "<html><head><title>Harbour</title><meta property='og:type' content='article'>"
            "</head><body><article><h1>Harbour plan agreed</h1>"
            + "".join(
                f"<p>Part {i}: the harbour committee met on day {i} and agreed item {i} of "
                "its agenda for the year, the council said on Monday.</p>"
                for i in range(6)
            )
            + "</article></body></html>",
        )
        server.put(
            "/sitemap.xml",
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{server.url('/news/harbour')}</loc></url></urlset>",
            content_type="application/xml",
        )
        yield server


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, site: PageServer) -> Path:
    """A config with one source on 127.0.0.1 and a database holding non-ASCII headlines."""
    home = tmp_path_factory.mktemp("out")
    source = {
        "name": "bay",
        "sitemaps": [site.url("/sitemap.xml")],
        "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
        "limits": {"download_timeout": 5, "run_timeout": "60s"},
    }
    (home / "config.yaml").write_text(
        json.dumps({"database": str(home / "news.db"), "sources": [source]}), encoding="utf-8"
    )
    records = _write_records(home / "in.jsonl", HEADLINES)
    code, _, err = _run(home, "ingest", str(records), stdout=subprocess.DEVNULL)
    assert code == 0, err
    (home / "page.html").write_text(
        "<html><body><article><h1>Harbour plan agreed</h1>"
        + "<p>The harbour committee met and agreed its agenda for the year.</p>" * 5
        + "</article></body></html>",
        encoding="utf-8",
    )
    return home


def _articles(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


# Every command that writes to stdout, with its arguments (HOME: the test's folder).
COMMANDS = [
    ["stories"],
    ["stories", "--json"],
    ["show", "1"],
    ["show", "1", "--json"],
    ["search", "harbour"],
    ["export"],
    ["export", "--articles", "--format", "csv"],
    ["export", "--format", "atom"],
    ["export", "--format", "warc"],
    ["status"],
    ["status", "--json"],
    ["sources"],
    ["sources", "--json"],
    ["sources", "--check"],
    ["demo", "--print-config"],
    ["extract", "HOME/page.html", "--url", "https://example.org/news/harbour"],
    ["migrate"],
    ["prune", "--older-than", "400d", "--dry-run"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_disk_under_stdout_is_one_line_and_exit_1(home: Path, args: list[str]) -> None:
    args = [a.replace("HOME", str(home)) for a in args]
    with open("/dev/full", "wb") as full:
        code, _, err = _run(home, *args, stdout=full)
    assert "Traceback" not in err
    assert code == 1, err
    assert err.splitlines()[-1] == FULL, err
    assert err.count("error:") == 1, err


@pytest.mark.parametrize("writer", ["ingest", "crawl"])
def test_what_a_writer_stored_stays_stored_when_its_summary_cannot_be_written(
    tmp_path: Path, site: PageServer, writer: str
) -> None:
    source = {
        "name": "bay",
        "sitemaps": [site.url("/sitemap.xml")],
        "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
        "limits": {"download_timeout": 5, "run_timeout": "60s"},
    }
    (tmp_path / "config.yaml").write_text(
        json.dumps({"database": str(tmp_path / "news.db"), "sources": [source]}), encoding="utf-8"
    )
    args = (
        ["crawl", "bay"]
        if writer == "crawl"
        else ["ingest", str(_write_records(tmp_path / "in.jsonl", HEADLINES))]
    )
    with open("/dev/full", "wb") as full:
        code, _, err = _run(tmp_path, *args, stdout=full)
    assert "Traceback" not in err
    assert code == 1, err
    assert err.splitlines()[-1] == FULL, err
    assert _articles(tmp_path / "news.db") == (1 if writer == "crawl" else len(HEADLINES))


def _closed(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``aggregator ARGS`` with its stdout closed, as ``CMD >&-`` in a shell."""
    return subprocess.run(
        ["sh", "-c", 'exec "$0" "$@" >&-', sys.executable, "-m", "app"]
        + ["--config", str(home / "config.yaml"), *args],
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        cwd=REPO,
        timeout=120,
        text=True,
    )


@pytest.mark.parametrize("args", [["stories"], ["export"], ["show", "1", "--json"]], ids=" ".join)
def test_a_closed_stdout_is_one_line_and_exit_1(home: Path, args: list[str]) -> None:
    result = _closed(home, *args)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    assert result.stderr == "error: cannot write the output: standard output is closed\n"


def test_a_closed_stdout_is_no_error_for_a_command_that_writes_nothing_there(home: Path) -> None:
    result = _closed(home, "search", "nothingmatchesthis")
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize(
    "args",
    [
        ["export"],
        ["export", "--articles", "--format", "csv"],
        ["export", "--format", "atom"],
        ["show", "3", "--json"],
        ["stories", "--json"],
    ],
    ids=" ".join,
)
def test_machine_formats_are_utf8_whatever_the_outputs_encoding(
    home: Path, args: list[str], encoding: str
) -> None:
    code, utf8, err = _run(home, *args, stdout=subprocess.PIPE, env={"PYTHONIOENCODING": "utf-8"})
    assert code == 0, err
    assert "🎉" in utf8.decode("utf-8")
    code, other, err = _run(home, *args, stdout=subprocess.PIPE, env={"PYTHONIOENCODING": encoding})
    assert (code, err) == (0, "")
    if "atom" in args:  # its <updated> is the time of writing
        assert other.decode("utf-8").count("🎉") == utf8.decode("utf-8").count("🎉")
    else:
        assert other == utf8


def test_text_for_people_is_printed_in_the_outputs_encoding_with_replacement(home: Path) -> None:
    code, out, err = _run(
        home, "stories", stdout=subprocess.PIPE, env={"PYTHONIOENCODING": "latin-1"}
    )
    assert (code, err) == (0, "")
    text = out.decode("latin-1")
    assert "Zürich: Ärzte streiken" in text
    assert "Party ? at the harbour" in text
    code, out, err = _run(
        home, "show", "1", stdout=subprocess.PIPE, env={"PYTHONIOENCODING": "latin-1"}
    )
    assert (code, err) == (0, "")
    assert "Zürich" in out.decode("latin-1")


def _backdated(db: Path, days: int) -> None:
    when = (utc_now() - timedelta(days=days)).isoformat()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE stories SET first_seen_at = ?, last_seen_at = ?", [when, when])
        conn.execute("UPDATE articles SET first_seen_at = ?, fetched_at = ?", [when, when])


def test_prune_through_a_pipe_writes_no_progress(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    records = _write_records(tmp_path / "in.jsonl", [f"Report number {i}" for i in range(300)])
    assert run_cli("--db", str(db), "ingest", str(records)).returncode == 0
    _backdated(db, 30)
    result = run_cli("--db", str(db), "prune", "--older-than", "10d")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "pruned 299 stories" in result.stdout  # the newest is kept (no id reused)


def test_prune_on_a_terminal_shows_its_progress_there(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    records = _write_records(tmp_path / "in.jsonl", [f"Report number {i}" for i in range(300)])
    assert run_cli("--db", str(db), "ingest", str(records)).returncode == 0
    _backdated(db, 30)
    code, stdout, terminal = _on_a_terminal(["--db", str(db), "prune", "--older-than", "10d"])
    assert code == 0, terminal
    assert "stories pruned: 299" in terminal
    assert "pruned 299 stories" in stdout and "stories pruned" not in stdout


def test_migrate_backfill_without_a_config_uses_the_defaults_and_writes_no_progress(
    tmp_path: Path,
) -> None:
    db = tmp_path / "news.db"
    records = _write_records(tmp_path / "in.jsonl", [f"Report number {i}" for i in range(210)])
    assert run_cli("--db", str(db), "ingest", str(records)).returncode == 0
    before_event_tier(db)
    # No config.yaml in the working directory, and no --config: the defaults, as ingest.
    result = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db), "migrate", "--backfill-events"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "events assigned to 210 stories" in result.stdout


def test_migrate_with_a_missing_config_refuses_before_migrating(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    records = _write_records(tmp_path / "in.jsonl", HEADLINES)
    assert run_cli("--db", str(db), "ingest", str(records)).returncode == 0
    before_event_tier(db)
    result = run_cli(
        "--db", str(db), "--config", str(tmp_path / "none.yaml"), "migrate", "--backfill-events"
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    with sqlite3.connect(db) as conn:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    assert "events" not in tables  # m009 not applied: nothing half done


def test_aggregator_alone_prints_its_help_as_click_groups_do() -> None:
    result = run_cli()
    assert result.returncode == 2
    assert result.stderr.startswith("Usage: aggregator")
    assert "error:" not in result.stderr
    assert "Commands:" in result.stderr
