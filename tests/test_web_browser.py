"""The web view in a real browser: `aggregator serve` on the demo database, in headless Chromium.

Needs Debian's chromium (`.ci/run` installs it). A screenshot of each page is
saved under test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest
from conftest import REPO, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian chromium is not installed (.ci/run installs it)"
)

HOSTILE = (
    '{"url": "https://evil.example/x", "site": "Evil Times", "headline": '
    '"<script>window.pwned=1</script><img src=x onerror=window.pwned=2> '
    'Summit 5 < 6 & <b>bold</b>", '
    '"byline": "By Mallory", '
    '"body": "A body about the summit with <script>alert(1)</script> in it."}\n'
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_serving(url: str, process: subprocess.Popen, deadline_s: float = 30) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"aggregator serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(
                0.1
            )  # polling a server that is starting; not synchronisation of our own code
    raise AssertionError(f"{url} did not answer within {deadline_s}s")


@pytest.fixture(scope="module")
def served(demo_run, tmp_path_factory) -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(base URL, database name) of `aggregator serve` on a copy of the demo database."""
    home = tmp_path_factory.mktemp("web")
    db = home / "news.db"
    # The online backup API copies what is still in the WAL, unlike a file copy.
    with sqlite3.connect(demo_run.db) as source, sqlite3.connect(db) as target:
        source.backup(target)
    hostile = home / "hostile.jsonl"
    hostile.write_text(HOSTILE, encoding="utf-8")
    result = run_cli("--config", str(demo_run.config), "--db", str(db), "ingest", str(hostile))
    assert result.returncode == 0, result.stderr
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "--config",
            str(demo_run.config),
            "--db",
            str(db),
            "serve",
            "--port",
            str(port),
        ],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(f"{base}/-/versions.json", process)
        yield base, db.stem
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def page(served):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        tab = browser.new_page()
        tab.set_default_timeout(10_000)
        yield tab
        browser.close()


def test_story_page_lists_every_copy(served, page) -> None:  # type: ignore[no-untyped-def]
    base, name = served
    page.goto(f"{base}/{name}/latest_stories")
    assert "Latest stories" in page.content()
    assert page.locator("table.rows-and-columns tbody tr").count() >= 10
    assert "second summit" in page.locator("table.rows-and-columns").inner_text()
    page.goto(f"{base}/{name}/stories?headline__contains=second+summit&copies__gte=3")
    story_id = page.locator("td.col-id").first.inner_text().strip()
    page.goto(f"{base}/{name}/story_copies?story_id={story_id}")
    page.screenshot(path=str(ARTIFACTS / "story_copies.png"), full_page=True)
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() >= 3
    text = page.locator("table.rows-and-columns").inner_text()
    assert "Monika Walker" in text and "Island Pulse News" in text


def test_full_text_search(served, page) -> None:  # type: ignore[no-untyped-def]
    base, name = served
    page.goto(f"{base}/{name}/articles?_search=Kim+Yong-chol")
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() >= 2
    assert "Kim" in rows.first.inner_text()


def test_canned_query_byline_flags(served, page) -> None:  # type: ignore[no-untyped-def]
    base, name = served
    page.goto(f"{base}/{name}/most_picked_up_this_week")
    page.screenshot(path=str(ARTIFACTS / "most_picked_up.png"), full_page=True)
    assert page.locator("table.rows-and-columns tbody tr").count() >= 5


def test_scraped_html_is_shown_escaped(served, page) -> None:  # type: ignore[no-untyped-def]
    base, name = served
    page.goto(f"{base}/{name}/articles?site_name=Evil+Times")
    page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)
    table = page.locator("table.rows-and-columns")
    # Text fields hold text: the tags are gone before storage; what is left is shown literally.
    assert "Summit 5 < 6 & bold" in table.inner_text()
    assert "<script" not in table.inner_html() and "onerror" not in table.inner_html()
    assert "5 &lt; 6 &amp; bold" in table.inner_html()
    assert page.evaluate("typeof window.pwned") == "undefined"


def test_arbitrary_sql_and_downloads_are_off(served) -> None:  # type: ignore[no-untyped-def]
    base, name = served
    for path in (f"/{name}?sql=select+1", f"/{name}.db"):
        try:
            with urllib.request.urlopen(base + path, timeout=5) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        assert status in (403, 404), path
