"""Three small things QA pass D (stop 45) met running the docs as written, through the
CLI in child processes: a set-aside source given to ``extract --source`` said once, a
misspelt ``name:`` named in the one-line error, and ``ingest --db`` without config.yaml.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import run_cli

BAD_ENTRIES = """\
database: {db}
sources:
  - name: good
    feeds: [http://127.0.0.1:9/feed.xml]
  - name: nofile
    feeds: [http://127.0.0.1:9/feed.xml]
    parser: nowhere/parser.py:Parser
  - nmae: typo
    feeds: [http://127.0.0.1:9/feed.xml]
"""
PAGE = "<html><head><title>T</title></head><body><h1>T</h1><p>{}</p></body></html>"


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(BAD_ENTRIES.format(db=tmp_path / "news.db"), encoding="utf-8")
    return config


def test_extract_source_set_aside_is_said_once_as_the_error(tmp_path: Path) -> None:
    config = _config(tmp_path)
    page = tmp_path / "page.html"
    page.write_text(PAGE.format("words " * 40), encoding="utf-8")
    result = run_cli(
        "--config", str(config), "extract", str(page), "--url", "http://127.0.0.1:9/a",
        "--source", "nofile",
    )  # fmt: skip
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    said = [line for line in lines if "sources[1].parser (source 'nofile')" in line]
    assert len(said) == 1 and said[0].startswith("error: "), result.stderr
    # The other set-aside entry is a warning, once.
    assert len([line for line in lines if "sources[2]" in line]) == 1, result.stderr


def test_a_misspelt_name_key_is_named_beside_the_missing_name(tmp_path: Path) -> None:
    result = run_cli("--config", str(_config(tmp_path)), "sources")
    assert result.returncode == 0
    assert (
        f"warning: {tmp_path / 'config.yaml'}:8: sources[2].name: required field is missing; "
        "unknown key 'nmae' beside it; source not loaded"
    ) in result.stderr.splitlines()


def test_a_missing_key_of_a_section_names_the_unknown_one_beside_it(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {tmp_path / 'news.db'}\n"
        "cluster: {redis_ur: 'redis://127.0.0.1:1/0'}\n"
        "sources: []\n",
        encoding="utf-8",
    )
    result = run_cli("--config", str(config), "sources")
    assert result.returncode == 2
    assert result.stderr == (
        f"error: {config}:2: cluster.redis_url: required field is missing; "
        "unknown key 'redis_ur' beside it\n"
    )


def _aggregator(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_ingest_with_db_needs_no_config_file(tmp_path: Path) -> None:
    assert not (tmp_path / "config.yaml").exists()
    records = tmp_path / "records.jsonl"
    record = {
        "url": "https://gamma.example/news/harbour",
        "headline": "Harbour works begin",
        "body": "The harbour works began on Monday.\n\nThey will last two years.",
    }
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    stored = _aggregator(tmp_path, "--db", "news.db", "ingest", str(records))
    assert stored.returncode == 0, stored.stderr
    assert stored.stdout == f"{records}: 1 new, 0 updated, 0 unchanged, 0 skipped\n"
    listed = _aggregator(tmp_path, "--db", "news.db", "stories", "--json")
    assert [s["headline"] for s in json.loads(listed.stdout)] == ["Harbour works begin"]

    # A --config naming no file stays an error: its dedup settings are not guessed.
    named = _aggregator(
        tmp_path, "--config", "nope.yaml", "--db", "news.db", "ingest", str(records)
    )
    assert named.returncode == 2
    assert named.stderr == "error: nope.yaml: config file not found\n"
    # Without --db, the config names the database: still needed.
    bare = _aggregator(tmp_path, "ingest", str(records))
    assert bare.returncode == 2
    assert bare.stderr == "error: config.yaml: config file not found\n"
