"""`aggregator serve` as an operator runs it: started, stopped by SIGTERM, refused a busy port."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, free_port, serving

from storage.db import open_db

pytestmark = pytest.mark.timeout(90)


def _descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _config_and_database(home: Path) -> Path:
    """A config naming a database that exists (serve never creates one: issue 18, item 16)."""
    config = home / "config.yaml"
    config.write_text(f"database: {home / 'news.db'}\n", encoding="utf-8")
    open_db(home / "news.db").close()
    return config


def test_sigterm_stops_serve_and_leaves_no_web_server_behind(tmp_path: Path) -> None:
    config = _config_and_database(tmp_path)
    with serving(config, tmp_path / "news.db") as (base, process):
        port = int(base.rsplit(":", 1)[1])
        below = _descendants(process.pid)
        process.send_signal(signal.SIGTERM)  # as `kill PID` does: to serve alone, not its group
        assert process.wait(timeout=20) == 0
    # Whatever served the port ran under serve (or was serve itself): none of it is left.
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in below) and time.monotonic() < deadline:
        time.sleep(0.1)  # a process being reaped by init; not our own synchronisation
    assert not [pid for pid in below if _alive(pid)], "a process started by serve outlived it"
    assert not _answers(port), "something still answers on serve's port"


def test_a_busy_port_is_one_line_and_a_non_zero_exit(tmp_path: Path) -> None:
    config = _config_and_database(tmp_path)
    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen(1)
        result = subprocess.run(
            [sys.executable, "-m", "app", "--config", str(config), "serve", "--port", str(port)],
            capture_output=True, text=True, cwd=REPO, timeout=60, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: cannot listen on 127.0.0.1:{port}: Address already in use"]
    assert "Traceback" not in result.stdout + result.stderr


def test_serve_given_db_needs_no_config_file(tmp_path: Path) -> None:
    """As the readers, serve given --db runs where there is no config.yaml (README,
    "Reading"): the web view's settings take their defaults."""
    assert not (tmp_path / "config.yaml").exists()
    sync = REPO / "tests" / "fixtures" / "sync"
    stored = subprocess.run(
        [sys.executable, "-m", "app", "--db", "news.db", "ingest",
         str(sync / "two_partial_copies.jsonl"), str(sync / "bridging_copy.jsonl")],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert stored.returncode == 0, stored.stderr
    with serving(None, Path("news.db"), cwd=tmp_path) as (base, _process):
        query = "_shape=array&_col=headline&_col=copies"
        with urllib.request.urlopen(f"{base}/news/stories.json?{query}", timeout=10) as answer:
            assert json.load(answer) == [{"id": 2, "headline": "Harbour works", "copies": 3}]
        with urllib.request.urlopen(f"{base}/", timeout=10) as answer:
            assert "Harbour works" in answer.read().decode("utf-8")
