"""A source's ``parser: module:Name`` is looked for on the Python path, never in the
working directory (review of stop 46, finding 3).

Crawl children run as ``python -P -m app``: a module that imported only because the
daemon was started from its folder fails every crawl of its source. The daemon and a
worker check each parser at start and on SIGHUP, as ``aggregator crawl`` does, and set
such a source aside with one line naming the parser, PYTHONPATH and the working
directory; the other sources run. The parents are the ``aggregator`` console script, as
an operator runs it (``python -m app`` would put the working directory on its path).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from faultserver import FaultServer
from test_daemon import finished, wait_for
from test_daemon_operator import _config

AGGREGATOR = Path(sys.executable).parent / "aggregator"
WHERE = "a parser module must be installed or on PYTHONPATH (the working directory is not searched)"

pytestmark = pytest.mark.timeout(120)


def site_project(tmp_path: Path) -> Path:
    """A working directory holding ``mysite.py``, a parser that loads when imported."""
    home = tmp_path / "site"
    home.mkdir()
    (home / "mysite.py").write_text(
        "from aggregator.parser.sources import SourceParser\n\n\n"
        "class Mine(SourceParser):\n"
        '    headline = "h1"\n',
        encoding="utf-8",
    )
    return home


def _with_source(document: dict[str, Any], name: str, parser: str) -> dict[str, Any]:
    """The document with a copy of its first source under ``name``, with ``parser``."""
    source = {**document["sources"][0], "name": name, "parser": parser}
    return {**document, "sources": [*document["sources"], source]}


def _lines(log: Path, needle: str) -> list[str]:
    """The log's lines holding ``needle``, without their time stamps."""
    lines = log.read_text(errors="replace").splitlines()
    return [line.split(" ", 1)[-1] for line in lines if needle in line]


def test_the_module_loads_from_its_folder_with_the_folder_on_the_path(tmp_path: Path) -> None:
    """The repro's premise: the file is a valid parser, only its place is wrong."""
    home = site_project(tmp_path)
    check = "from aggregator.parser.sources import load_parser; load_parser('mysite:Mine')"
    on_path = subprocess.run(
        [sys.executable, "-c", check], cwd=home, capture_output=True, text=True, timeout=60
    )
    assert on_path.returncode == 0, on_path.stderr
    safe = subprocess.run(
        [sys.executable, "-P", "-c", check], cwd=home, capture_output=True, text=True, timeout=60
    )
    assert safe.returncode != 0 and WHERE in safe.stderr, safe.stderr[-1000:]


def test_the_daemon_sets_aside_a_source_whose_parser_is_in_its_working_directory(
    tmp_path: Path,
) -> None:
    home = site_project(tmp_path)
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    log_path = tmp_path / "daemon.err"
    with FaultServer() as fs:
        document = json.loads(_config(fs, db, every="1h"))
        config.write_text(json.dumps(_with_source(document, "mine", "mysite:Mine")))
        log = log_path.open("wb")
        daemon = subprocess.Popen(
            [str(AGGREGATOR), "--config", str(config), "daemon"],
            cwd=home,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            first = wait_for(lambda: finished(db, "faulty"), timeout=60, what="the first crawl")
            # A reload checks again: a second such source is set aside the same way.
            reloaded = _with_source(document, "mine", "mysite:Mine")
            config.write_text(json.dumps(_with_source(reloaded, "theirs", "theirsite:Theirs")))
            daemon.send_signal(signal.SIGHUP)
            wait_for(lambda: _lines(log_path, "config reloaded"), timeout=30, what="the reload")
            daemon.send_signal(signal.SIGTERM)
            assert daemon.wait(30) == 0
        finally:
            if daemon.poll() is None:
                daemon.kill()
            log.close()
    assert first[0]["status"] == "ok" and first[0]["articles_new"] == 2, first[0]
    assert finished(db, "mine") == []  # never started, so never a silent failure
    (mine, mine_again) = _lines(log_path, "source set aside source=mine")
    assert "parser 'mysite:Mine': cannot import mysite" in mine and WHERE in mine, mine
    assert mine_again == mine  # said again at the reload, as every set-aside entry is
    (theirs,) = _lines(log_path, "source set aside source=theirs")
    assert "cannot import theirsite" in theirs and WHERE in theirs, theirs


def test_a_worker_sets_aside_a_source_whose_parser_is_in_its_working_directory(
    redis_url: str, tmp_path: Path
) -> None:
    home = site_project(tmp_path)
    config = tmp_path / "config.yaml"
    log_path = tmp_path / "worker.log"
    with FaultServer() as fs:
        document = json.loads(_config(fs, tmp_path / "news.db"))
        document["cluster"] = {"redis_url": redis_url}
        config.write_text(json.dumps(_with_source(document, "mine", "mysite:Mine")))
        log = log_path.open("wb")
        worker = subprocess.Popen(
            [str(AGGREGATOR), "--config", str(config), "worker"],
            cwd=home,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(lambda: _lines(log_path, "worker started"), timeout=60, what="the start")
            reloaded = _with_source(document, "mine", "mysite:Mine")
            config.write_text(json.dumps(_with_source(reloaded, "theirs", "theirsite:Theirs")))
            worker.send_signal(signal.SIGHUP)
            wait_for(lambda: _lines(log_path, "config reloaded"), timeout=30, what="the reload")
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            log.close()
    (mine, mine_again) = _lines(log_path, "source set aside source=mine")
    assert "parser 'mysite:Mine': cannot import mysite" in mine and WHERE in mine, mine
    assert mine_again == mine  # at the start, then at the reload, as the daemon says it
    (theirs,) = _lines(log_path, "source set aside source=theirs")
    assert "cannot import theirsite" in theirs and WHERE in theirs, theirs
    assert _lines(log_path, "source set aside source=faulty") == []


def test_crawl_of_such_a_source_says_where_a_parser_module_must_be(tmp_path: Path) -> None:
    home = site_project(tmp_path)
    config = tmp_path / "config.yaml"
    with FaultServer() as fs:
        document = json.loads(_config(fs, tmp_path / "news.db"))
        config.write_text(json.dumps(_with_source(document, "mine", "mysite:Mine")))
        result = subprocess.run(
            [str(AGGREGATOR), "--config", str(config), "crawl", "mine"],
            cwd=home,
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    assert result.returncode != 0
    assert "cannot import mysite" in result.stderr and WHERE in result.stderr, result.stderr
