"""A store driven through the command line, for tests: ``aggregator ARGS`` on a test's own
database (a config without sources beside it), and records ingested into it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

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
