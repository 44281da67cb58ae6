"""A command that cannot run on the built-in defaults, given ``--db`` where there is no
config.yaml, says in its one line what it reads from the config and how to name one
(README, "A tour of the CLI"); until stop 52 the line was only "config file not found"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli

NEEDED = [
    (["prune"], "prune", "the retention, dedup and cluster settings"),
    (["reparse"], "reparse", "the sources' selectors and parsers"),
    (["alerts", "list"], "alerts", "the alerts"),
    (["alerts", "deliver"], "alerts", "the alerts"),
    (["sources"], "sources", "the sources"),
    (["sources", "--check"], "sources", "the sources"),
    (["crawl", "tribune"], "crawl", "the sources to crawl"),
    (["daemon"], "daemon", "the sources and their schedules"),
    (["worker"], "worker", "the cluster settings"),
    (["writer"], "writer", "the cluster settings"),
    (["extract", "page.html", "--source", "tribune"], "extract", "the source --source names"),
    (
        ["ingest", "page.html", "--source", "tribune"],
        "ingest",
        "the source --source names for pages",
    ),
]


@pytest.mark.parametrize(("args", "command", "what"), NEEDED, ids=[" ".join(n[0]) for n in NEEDED])
def test_a_command_needing_the_config_says_what_for_and_how_to_name_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], command: str, what: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.html").write_text("<html><body><p>Words.</p></body></html>")
    result = CliRunner().invoke(cli, ["--db", "news.db", *args])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == (
        f"error: config.yaml: config file not found; 'aggregator {command}' reads {what} "
        "from it (--db names only the database): give --config PATH\n"
    )
    assert not (tmp_path / "news.db").exists()


def test_a_config_named_by_config_and_missing_stays_the_bare_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --config given is the operator's own path: what is wrong is only that it is not there.
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--config", "nope.yaml", "--db", "news.db", "sources"])
    assert (result.exit_code, result.stderr) == (2, "error: nope.yaml: config file not found\n")


def test_ingest_of_json_lines_with_a_site_name_runs_on_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # JSON lines' --source is the site they are stored under, no configured source.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "backfill.jsonl").write_text(
        '{"url": "https://tribune.example/a", "headline": "Council votes", '
        '"body": "The council voted on Tuesday to close the Eastgate library."}\n'
    )
    result = CliRunner().invoke(
        cli, ["--db", "news.db", "ingest", "backfill.jsonl", "--source", "archive"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "news.db").exists()


@pytest.mark.parametrize("other", ["empty.jsonl", "missing.jsonl"])
def test_json_lines_beside_one_that_cannot_be_read_are_stored_on_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other: str
) -> None:
    # A file of the batch that holds no record, or is missing, is said and left out; it
    # does not make the batch one of pages, whose --source would need the config.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "backfill.jsonl").write_text(
        '{"url": "https://tribune.example/a", "headline": "Council votes", '
        '"body": "The council voted on Tuesday to close the Eastgate library."}\n'
    )
    (tmp_path / "empty.jsonl").write_text("")
    result = CliRunner().invoke(
        cli, ["--db", "news.db", "ingest", "backfill.jsonl", other, "--source", "archive"]
    )
    assert result.exit_code == 1, result.output
    assert "config" not in result.output
    with sqlite3.connect(tmp_path / "news.db") as conn:
        assert conn.execute("SELECT source FROM articles").fetchall() == [("archive",)]
