"""A store driven through the command line, for tests: ``aggregator ARGS`` on a test's own
database (a config without sources beside it), records ingested into it, and a config of
sources served on the loopback (``retention.keep_pages`` on) crawled into it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from conftest import run_cli

from app.cli import cli


def invoke(tmp_path: Path, *args: str) -> str:
    """The standard output of ``aggregator ARGS`` on the test's database."""
    config = tmp_path / "config.yaml"
    if not config.exists():
        config.write_text("sources: []\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(tmp_path / "news.db"), *args]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def ingest(tmp_path: Path, *records: dict[str, object]) -> None:
    """``aggregator ingest`` of ``records`` as JSON lines."""
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    invoke(tmp_path, "ingest", str(source))


def loopback_source(name: str, **settings: Any) -> dict[str, Any]:
    """A config's source ``name`` (its ``sitemaps``, ``feeds`` … in ``settings``) of a test
    server on the loopback: fetched without delay or robots.txt, its crawl bounded."""
    return {
        "name": name,
        "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
        "limits": {"download_timeout": 5, "run_timeout": "60s"},
        **settings,
    }


def write_config(
    path: Path, db: Path, sources: list[dict[str, Any]], *, keep_pages: bool = True
) -> Path:
    """``path`` written as the config of ``sources`` storing into ``db``, keeping each
    article's page (``retention.keep_pages``) unless told not to."""
    document = {"database": str(db), "retention": {"keep_pages": keep_pages}, "sources": sources}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def crawl_source(config: Path, name: str) -> None:
    """``aggregator crawl NAME`` in a child process, as an operator runs it: it succeeds."""
    result = run_cli("--config", str(config), "crawl", name)
    assert result.returncode == 0, result.stderr[-3000:]


def sql_rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    """What ``sql`` reads of the SQLite file ``db``."""
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()
