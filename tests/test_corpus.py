"""What a researcher building a corpus reads from a store (QA pass R, stop 44): whose text a
story is, each copy's provenance in the export, and search results that say when they are
partial. Each test ingests JSON Lines records into a real SQLite file through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from app.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"


def _run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _ingest(tmp_path: Path, name: str) -> Path:
    db = tmp_path / "news.db"
    _run(db, "ingest", str(FIXTURES / name))
    return db


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_a_desk_byline_is_the_outlets_own_not_an_agency_origin(tmp_path: Path) -> None:
    # Harbor Post publishes "By Staff Reporter" at 10:00; Copycat Daily ("By John Smith")
    # and Third Times ("By News Desk") copy it later. A desk or staff credit names no
    # agency: the text is Harbor Post's, and Copycat's flag says so.
    db = _ingest(tmp_path, "staff.jsonl")
    [story] = _jsonl(_run(db, "export"))
    assert story["origin"] == "Harbor Post"
    assert story["origin_evidence"]["kind"] == "outlet"
    articles = {a["site_name"]: a for a in _jsonl(_run(db, "export", "--articles"))}
    assert story["origin_evidence"]["article_id"] == articles["Harbor Post"]["article_id"]
    assert articles["Copycat Daily"]["byline_flag"] == (
        "names John Smith over text first published by Harbor Post"
    )
    assert articles["Third Times"]["byline_flag"] is None
