"""A page dated by its printed update, fetched again after another update (stop 47 review,
finding 2; docs/parser.md "Updates", docs/operations.md).

Two real crawls of one URL served on 127.0.0.1, into a real SQLite file: the first
prints "Updated December 3", the second "Updated December 5" over an edited text. The
article stays one article with a second version; its publication, the story's first
publication and so Atom's ``<published>`` stay where the first crawl put them, and the new
update goes to ``updated_at``. A rewrite under another headline is no new story either:
a printed update taken for a publication states none (``_published_apart``).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from pageserver import PageServer

pytestmark = pytest.mark.timeout(300)

FLOOD = (
    "Floodwater closes the harbour road",
    [
        "Floodwater closed the harbour road on Tuesday as the spring tide pushed sea water "
        "over the old quay wall and into the low streets behind it.",
        "Council crews placed sandbags along the length of the quay before dusk, but the "
        "water rose above them within an hour of high tide.",
        "Residents of the terraces near the slipway were told to move cars to higher "
        "ground, and the ferry to the island was cancelled.",
    ],
)
RESIGNS = (
    "Harbour master resigns over quay wall",
    [
        "The harbour master resigned on Thursday after a survey found the quay wall had "
        "not been inspected for six years despite repeated warnings.",
        "In a letter to the council he said budget cuts had left his office unable to pay "
        "for divers, and that he accepted responsibility.",
        "The council leader thanked him for three decades of service and said an interim "
        "harbour master would be named within a fortnight.",
    ],
)
# The second crawl's text: the first two paragraphs kept, the third rewritten.
FLOOD_EDITED = (FLOOD[0], FLOOD[1][:2] + [RESIGNS[1][0]])
META = '<meta property="article:published_time" content="2026-12-01T08:00:00Z">'


def _page(story: tuple[str, list[str]], update: str, head: str) -> str:
    headline, paragraphs = story
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<title>{headline}</title><meta property="og:site_name" content="Gazette">{head}'
        f'</head><body><main><article><h1>{headline}</h1><p class="byline">By Ada Reporter</p>'
        f'<p class="update-time">Updated {update}</p><div class="article-body">{text}</div>'
        "</article></main></body></html>"
    )


def _crawl_twice(tmp_path: Path, second: tuple[str, list[str]], head: str) -> list[tuple[Any, ...]]:
    """Crawl FLOOD ("Updated December 3, 2026 09:10 GMT"), then ``second`` ("Updated
    December 5, 2026 14:40 GMT") at the same URL, fetched again with ``--refresh``."""
    db = tmp_path / "n.db"
    with PageServer() as server:

        def sitemap(lastmod: str) -> str:
            return server.put(
                "/g-sitemap.xml",
                '<?xml version="1.0" encoding="UTF-8"?><urlset '
                'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{server.url('/news/harbour')}</loc><lastmod>{lastmod}</lastmod>"
                "</url></urlset>",
                content_type="application/xml",
            )

        config = tmp_path / "c.yaml"
        source = {
            "name": "g",
            "sitemaps": [sitemap("2026-12-03T09:10:00Z")],
            "politeness": {"download_delay": 0, "autothrottle": False, "obey_robots": False},
            "limits": {"download_timeout": 5, "run_timeout": "60s"},
        }
        config.write_text(json.dumps({"database": str(db), "sources": [source]}))
        server.put("/news/harbour", _page(FLOOD, "December 3, 2026 09:10 GMT", head))
        result = run_cli("--config", str(config), "crawl", "g")
        assert result.returncode == 0, result.stderr[-2000:]
        server.put("/news/harbour", _page(second, "December 5, 2026 14:40 GMT", head))
        url = server.url("/news/harbour")
        result = run_cli("--config", str(config), "crawl", "g", "--refresh", url)
        assert result.returncode == 0, result.stderr[-2000:]
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT a.published_at, a.updated_at, a.version, a.replaced_at IS NOT NULL, "
            "json_extract(a.provenance, '$.published_at'), "
            "json_extract(a.provenance, '$.updated_at'), s.first_published_at "
            "FROM articles a JOIN stories s ON s.id = a.story_id ORDER BY a.id"
        ).fetchall()
    return rows


@pytest.mark.parametrize(
    ("head", "published", "rule"),
    [
        # The metadata states no publication: the first printed update stays published.
        ("", "2026-12-03T09:10:00+00:00", "printed-update"),
        # The metadata's publication, then an update the page prints.
        (META, "2026-12-03T09:10:00+00:00", "printed-update"),
    ],
)
def test_an_edit_keeps_the_stored_publication_and_stores_the_printed_update(
    tmp_path: Path, head: str, published: str, rule: str
) -> None:
    rows = _crawl_twice(tmp_path, FLOOD_EDITED, head)
    # The story's first publication (Atom's <published>, ``stories --by published``) too.
    assert rows == [
        (published, "2026-12-05T14:40:00+00:00", 2, 0, rule, "printed-update", published)
    ]


@pytest.mark.parametrize("head", ["", META])
def test_a_rewrite_under_another_headline_stays_one_article(tmp_path: Path, head: str) -> None:
    rows = _crawl_twice(tmp_path, RESIGNS, head)
    assert [(row[0], row[1], row[2], row[3]) for row in rows] == [
        ("2026-12-03T09:10:00+00:00", "2026-12-05T14:40:00+00:00", 2, 0)
    ]
