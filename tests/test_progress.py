"""Progress of long commands (issue 18, item 10): shown on a terminal, never anywhere else.

On a terminal (a pseudo-terminal the test opens) ``ingest`` and ``crawl``
draw a bar with items done, rate and total; through a pipe or click's
CliRunner their output is exactly what it was, with no progress text.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO
from faultserver import FaultServer
from test_crawl_faults import LIMITS, POLITENESS, feed

from app.cli import cli

pytestmark = pytest.mark.timeout(90)

RECORDS = 600
# What a tqdm bar prints: "12/600 [...] 34.5line/s" and carriage returns.
PROGRESS_TEXT = re.compile(r"\r|\d+/\d+ \[|/s\]|it/s|%\|")


def _records(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(RECORDS):
            body = [
                f"Report {i} paragraph {p}: " + " ".join(f"r{i}w{p}x{j}" for j in range(30))
                for p in range(3)
            ]
            record = {
                "url": f"https://ingest.example/{i}",
                "site": "Ingest Example",
                "headline": f"Report number {i}",
                "byline": "By Ada Reporter",
                "body": body,
            }
            out.write(json.dumps(record) + "\n")
    return path


def _on_a_terminal(args: list[str], timeout: float = 60) -> tuple[int, str, str]:
    """Run ``python -m app ARGS`` with stderr on a pseudo-terminal; (code, stdout, terminal)."""
    primary, secondary = pty.openpty()
    # A terminal 120 columns wide, as a real one has a size.
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    child = subprocess.Popen(
        [sys.executable, "-m", "app", *args],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=secondary,
    )
    os.close(secondary)
    seen = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the child closed the terminal: it has ended
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    stdout = child.communicate(timeout=timeout)[0].decode()
    return child.returncode, stdout, seen.decode("utf-8", "replace")


def test_ingest_shows_lines_done_rate_and_total_on_a_terminal(tmp_path: Path) -> None:
    source = _records(tmp_path / "articles.jsonl")
    code, stdout, terminal = _on_a_terminal(
        ["--db", str(tmp_path / "news.db"), "ingest", str(source)]
    )
    assert code == 0, terminal
    assert f"{RECORDS} new" in stdout
    assert f"{RECORDS}/{RECORDS}" in terminal and "line/s" in terminal, terminal[-500:]
    assert "articles.jsonl" in terminal


def test_ingest_through_click_or_a_pipe_prints_no_progress(tmp_path: Path) -> None:
    source = _records(tmp_path / "articles.jsonl")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "a.db"), "ingest", str(source)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{source}: {RECORDS} new, 0 updated, 0 unchanged, 0 skipped\n"
    piped = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(tmp_path / "b.db"), "ingest", str(source)],
        cwd=REPO, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert piped.returncode == 0 and piped.stderr == "", piped.stderr
    assert not PROGRESS_TEXT.search(piped.stdout)


@pytest.fixture(scope="module")
def fs() -> FaultServer:  # type: ignore[misc]
    with FaultServer() as server:
        yield server


def _crawl_config(fs: FaultServer, home: Path, listing: str) -> Path:
    source = {
        "name": "faulty",
        "feeds": [fs.url + listing],
        "politeness": POLITENESS,
        "limits": LIMITS,
    }
    path = home / "config.yaml"
    path.write_text(json.dumps({"database": str(home / "news.db"), "sources": [source]}))
    return path


def test_a_crawl_shows_pages_of_those_planned_on_a_terminal_only(
    fs: FaultServer, tmp_path: Path
) -> None:
    paths = [f"/article/progress-{i}" for i in range(12)]
    config = _crawl_config(fs, tmp_path, feed(fs, *paths))
    code, stdout, terminal = _on_a_terminal(["--config", str(config), "crawl", "faulty"])
    assert code == 0, terminal
    assert "12 article pages fetched, 12 new" in stdout
    assert "faulty" in terminal and "12/12" in terminal and "page/s" in terminal, terminal[-500:]

    # The same crawl through a pipe: the summary line only.
    (tmp_path / "news.db").unlink()
    piped = subprocess.run(
        [sys.executable, "-m", "app", "--config", str(config), "crawl", "faulty"],
        cwd=REPO, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert piped.returncode == 0, piped.stderr
    assert not PROGRESS_TEXT.search(piped.stdout + piped.stderr), piped.stderr
    assert piped.stdout.count("\n") == 1
