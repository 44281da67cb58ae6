"""``ingest --config config.yaml`` (and ``extract URL``) with no such file is a one-line
error even when the name is the default's (review of docs-45): only a --config left at its
default, with --db, lets ingest run on the default dedup settings. Through the CLI in a
child process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def _aggregator(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("spelt", ["config.yaml", "./config.yaml"])
def test_an_explicit_config_naming_no_file_is_an_error_even_the_defaults_name(
    tmp_path: Path, spelt: str
) -> None:
    assert not (tmp_path / "config.yaml").exists()
    records = tmp_path / "records.jsonl"
    record = {
        "url": "https://gamma.example/news/harbour",
        "headline": "Harbour works begin",
        "body": "The harbour works began on Monday.\n\nThey will last two years.",
    }
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    named = _aggregator(tmp_path, "--config", spelt, "--db", "news.db", "ingest", str(records))
    assert (named.returncode, named.stdout) == (2, ""), named.stdout
    assert named.stderr == f"error: {Path(spelt)}: config file not found\n"
    assert not (tmp_path / "news.db").exists()  # nothing ran on guessed settings


def test_extract_of_a_url_with_a_config_naming_no_file_is_an_error(tmp_path: Path) -> None:
    # The URL is never fetched: the config is read first, and its absence is the error.
    named = _aggregator(
        tmp_path, "--config", "missing.yaml", "extract", "http://127.0.0.1:9/news/harbour"
    )
    assert (named.returncode, named.stdout) == (2, ""), named.stdout
    assert named.stderr == "error: missing.yaml: config file not found\n"
