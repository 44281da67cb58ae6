"""Round 14, the operator review's review: defects a reviewer found in its fixes.

Each test drives the public interfaces (``aggregator`` in a child process, real
SQLite files and files on disk) and failed on main at 2b3cc07. What changed is
written in docs/readers.md ("Round 14: operator review", "Its review") and where
each command is documented.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_cli

pytestmark = pytest.mark.timeout(120)

PAGE = (
    "<html><head><title>Council opens the bridge</title></head><body><article>"
    "<h1>Council opens the bridge</h1><p>The council opened the new bridge on Monday "
    "after two years of building work, its leader said.</p><p>Traffic will cross it "
    "from Tuesday morning, and buses from next week.</p></article></body></html>"
)


# --- extract refused pages in UTF-16/32 without a BOM, and a page with one stray NUL --------


@pytest.mark.parametrize(
    "content",
    [
        PAGE.encode("utf-16-le"),
        PAGE.encode("utf-16-be"),
        PAGE.encode("utf-32-le"),
        PAGE.replace("<article>", "<article>\x00").encode("utf-8"),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-32-le", "stray-nul"],
)
def test_extract_parses_a_page_in_a_wide_encoding_or_with_a_stray_nul(
    tmp_path: Path, content: bytes
) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(content)
    result = run_cli("extract", str(page), "--url", "https://example.com/a")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["headline"] == "Council opens the bridge"


@pytest.mark.parametrize(
    "content",
    [
        gzip.compress(PAGE.encode("utf-8")),
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4,
        bytes((i * 7919 + 13) % 256 for i in range(2048)),  # no magic number: control bytes
    ],
    ids=["gzip", "jpeg", "no-magic"],
)
def test_extract_still_refuses_binary_content(tmp_path: Path, content: bytes) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(content)
    result = run_cli("extract", str(page), "--url", "https://example.com/a")
    assert result.returncode == 1, result.stdout
    assert result.stderr == f"error: {page}: not an HTML page (binary content)\n"


def test_extract_of_a_file_loads_no_scrapy(tmp_path: Path) -> None:
    # The core parses a saved page without the spiders (docs/architecture.md's layers):
    # the binary check came from spiders.news, which loads Scrapy and Twisted.
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "app", "extract", str(page)]
        + ["--url", "https://example.com/a"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert "scrapy" not in imported and "twisted" not in imported
