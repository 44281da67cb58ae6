"""Round 14, the operator review: what an operator and a reader met, hands-on.

Each test drives the public interfaces (``aggregator`` in a child process or
through click's runner, a real SQLite file, pages served on 127.0.0.1) and
failed before its fix. docs/cli.md-style notes are in docs/readers.md and
docs/operations.md ("Round 14: operator review").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli
from faultserver import FaultServer
from test_crawl_faults import crawl, feed

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def fs() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


# --- a crawl whose every request failed looked like a good one ----------------------------


def test_a_crawl_whose_requests_failed_says_what_failed(fs: FaultServer, tmp_path: Path) -> None:
    # The source's only listing page answers 500: the crawl ends normally ("finished",
    # exit 0, status ok), so its summary and `status` are all the operator sees.
    done = crawl(fs, tmp_path, start_pages=["/status/500/review-1"])
    assert done.returncode == 0, done.output
    assert "faulty: finished; 0 article pages fetched" in done.output
    assert "faulty: failed: http_5xx 1" in done.output.splitlines()
    config = tmp_path / "config.yaml"
    status = run_cli("--config", str(config), "status")
    assert status.returncode == 0, status.stderr
    line = next(x for x in status.stdout.splitlines() if x.startswith("faulty "))
    assert " ok, 1 error " in line, status.stdout
    data = json.loads(run_cli("--config", str(config), "status", "--json").stdout)
    assert data["sources"][0]["last_run"]["errors"] == {"http_5xx": 1}


def test_a_crawl_without_failures_prints_no_failure_line(fs: FaultServer, tmp_path: Path) -> None:
    done = crawl(fs, tmp_path, feeds=[feed(fs, "/article/review-2")])
    assert done.returncode == 0, done.output
    assert "failed:" not in done.output
    status = run_cli("--config", str(tmp_path / "config.yaml"), "status")
    line = next(x for x in status.stdout.splitlines() if x.startswith("faulty "))
    assert " ok " in line and "error" not in line, status.stdout
