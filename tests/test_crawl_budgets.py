"""QA s43: a bad site costs bounded time and memory, and the run says what happened.

Real crawls against the fault server (a child process each, a real SQLite file):
a start page of 20,000 links queues a handful of requests and counts the rest; a
host that never answers is given up after a few timeouts in a row, each counted
as it happens; a run cut at a limit says so in ``crawl_runs.status``; a stored
page that moved is fetched at its new address without the old address's
validators.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO
from faultserver import FaultServer
from test_crawl_faults import crawl, feed

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def fs() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def test_a_listing_page_of_20000_links_queues_max_pages_of_them_and_counts_the_rest(
    fs: FaultServer, tmp_path: Path
) -> None:
    """QA e43 finding 1: 20,002 requests queued, nothing counted (500k links: 2 GB)."""
    result = crawl(fs, tmp_path, start_pages=["/links/20000/big"], limits={"max_pages": 5})
    assert result.returncode == 0, result.output[-2000:]
    assert result.hits_under("/l/big-") == 5
    assert result.stats["scheduler/enqueued"] <= 5 + 2  # the start page and robots.txt
    discovery = json.loads(result.run["discovery"])
    assert discovery == {"over_max_listing_pages": 20_000 - 5}
    assert "discovered links not followed: over_max_listing_pages 19995" in result.output
    # Cut at max_pages (7 responses): the run says so, not "ok" (QA e43 finding 3).
    assert result.stats["finish_reason"] == "closespider_pagecount"
    assert result.run["status"] == "closespider_pagecount"
    assert "faulty: closespider_pagecount;" in result.output
    shown = subprocess.run(
        [sys.executable, "-m", "app", "--config", str(tmp_path / "config.yaml"), "status"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    faulty = next(line for line in shown.splitlines() if line.startswith("faulty "))
    assert " closespider_pagecount " in faulty, shown  # what `status` shows, with no failure
    assert faulty.split()[-1] == "0", shown


def test_a_listing_page_is_read_up_to_max_feed_entries_links(
    fs: FaultServer, tmp_path: Path
) -> None:
    """Scrapy's LinkExtractor built every link of a 500,000-link page first (40 s, 400 MB)."""
    limits = {"max_pages": 5, "max_feed_entries": 1000}
    result = crawl(fs, tmp_path, start_pages=["/links/3000/capped"], limits=limits)
    assert result.returncode == 0, result.output[-2000:]
    assert result.hits_under("/l/capped-") == 5
    discovery = json.loads(result.run["discovery"])
    assert discovery == {"over_max_feed_entries": 2000, "over_max_listing_pages": 1000 - 5}


def test_a_host_that_never_answers_is_given_up_after_timeouts_in_a_row_each_counted(
    fs: FaultServer, tmp_path: Path
) -> None:
    """QA e43 finding 2: every timeout retried behind the new URLs until run_timeout,
    then status ok with no error at all."""
    links = [f"/hang/budget-{i}" for i in range(50)]
    result = crawl(
        fs,
        tmp_path,
        feeds=[feed(fs, *links)],
        limits={"download_timeout": 1, "run_timeout": "20s"},
        politeness={"concurrency_per_domain": 2},
    )
    assert result.returncode == 0, result.output[-2000:]
    assert result.stats["finish_reason"] == "finished"  # not cut at run_timeout
    assert result.run["status"] == "ok"
    errors = result.errors
    # Counted when they happen, retried ones too: 10 in a row give the host up, and
    # the requests then on the wire time out as well; the rest are never sent.
    asked = sum(result.hit(link) for link in links)
    assert errors["timeout"] == asked >= 10
    assert errors["host_timed_out"] >= 50 - len([link for link in links if result.hit(link)])
    assert asked < 50
    given_up = [line for line in result.output.splitlines() if "giving up on 127.0.0.1:" in line]
    assert len(given_up) == 1, given_up
    assert "requests in a row timed out" in given_up[0]
    assert f"faulty: failed: host_timed_out {errors['host_timed_out']}, timeout " in result.output


def test_a_stored_page_moved_to_a_page_answering_304_to_any_validator_is_stored(
    fs: FaultServer, tmp_path: Path
) -> None:
    """QA f43 finding 2: the old page's validators went along on the redirect."""
    path = feed(fs, "/moving/f2")
    first = crawl(fs, tmp_path, feeds=[path])
    assert first.returncode == 0, first.output[-2000:]
    assert first.paths() == {"/moving/f2"}
    fs.control(move="f2")
    second = crawl(fs, tmp_path, feeds=[path], extra_args=("--refresh", f"{fs.url}/moving/f2"))
    assert second.returncode == 0, second.output[-2000:]
    assert second.headers["/moving/f2"][-1].get("if-none-match") == '"moving-f2"'
    target = second.headers["/unvalidated/f2"]
    assert len(target) == 1
    assert not {"if-none-match", "if-modified-since"} & set(target[0])
    assert second.paths() == {"/moving/f2", "/unvalidated/f2"}
    assert second.run["articles_new"] == 1
    # The move is recorded: the old address is an alias of the page stored at the new one.
    aliases = second.rows(
        "SELECT a.url FROM url_aliases u JOIN articles a ON a.id = u.article_id WHERE u.url = ?",
        (f"{fs.url}/moving/f2",),
    )
    assert (f"{fs.url}/unvalidated/f2",) in aliases
