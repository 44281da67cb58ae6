"""A URL that now carries another story (a rolling "/latest" page, a recycled slug):
real crawls (``aggregator crawl`` in a child process) of a server on 127.0.0.1 whose
page at one URL changes between runs, into a real SQLite file, read back through the CLI.

The first story stays as it was stored (its id, text, story with its copies, search
entry), marked replaced at its URL; the second is a new article, found by search and by
an alert. An edit (one paragraph changed, the headline kept) stays one article with a
version.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from pageserver import PageServer

pytestmark = pytest.mark.timeout(300)

LATEST = "/news/latest"
COPY = "/wire/harbour-road"

HARBOUR = (
    "Floodwater closes the harbour road for a second night",
    [
        "Floodwater closed the harbour road for a second night on Tuesday as the spring "
        "tide pushed sea water over the old quay wall and into the low streets behind it.",
        "Council crews placed sandbags along the length of the quay before dusk, but the "
        "water rose above them within an hour of high tide and reached the fish market.",
        "Residents of the terraces near the slipway were told to move cars to higher "
        "ground, and the ferry to the island was cancelled until the morning crossing.",
        "The harbour master said the wall had been due for repair since the winter storms "
        "and that a survey would begin as soon as the tides fall back next week.",
    ],
)
ORCHESTRA = (
    "City orchestra names a violinist as its new conductor",
    [
        "The city orchestra named the violinist Mara Lindqvist as its new principal "
        "conductor on Wednesday, ending a search that took almost three years.",
        "Lindqvist, who led the chamber ensemble of the conservatory for a decade, will "
        "take up the post in September and conduct the opening concert of the season.",
        "Board members said her programmes of new music had won over players in two "
        "guest appearances last spring, when she stepped in at a day's notice.",
        "The orchestra also announced a tour of four northern towns next winter, its "
        "first in more than a decade, paid for by a grant from the arts council.",
    ],
)


# A rolling slot's stories each state their own publication time: the second is later.
FIRST_PUBLISHED = "2026-12-01T09:00:00Z"
NEXT_PUBLISHED = "2026-12-01T11:30:00Z"


def _page(headline: str, paragraphs: list[str], site: str, published: str = FIRST_PUBLISHED) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{headline}</title>'
        f'<meta property="og:title" content="{headline}">'
        f'<meta property="og:site_name" content="{site}">'
        f'<meta property="article:published_time" content="{published}">'
        f"</head><body><main><article><h1>{headline}</h1>"
        f'<p class="byline">By Ada Reporter</p><div class="article-body">{body}</div>'
        f"</article></main><footer>{site}</footer></body></html>"
    )


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as running:
        yield running


def _sitemap(server: PageServer, name: str, path: str, lastmod: datetime | None = None) -> str:
    stamp = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
    return server.put(
        f"/{name}-sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{server.url(path)}</loc>{stamp}</url></urlset>",
        content_type="application/xml",
    )


def _config(home: Path, server: PageServer) -> Path:
    polite = {"download_delay": 0, "autothrottle": False, "obey_robots": False}
    limits = {"download_timeout": 5, "run_timeout": "60s"}
    sources = [
        {"name": name, "sitemaps": [_sitemap(server, name, path)], "politeness": polite}
        | {"limits": limits}
        for name, path in (("gazette", LATEST), ("courier", COPY))
    ]
    body = {
        "database": str(home / "news.db"),
        "sources": sources,
        "alerts": [{"name": "orchestra", "query": "orchestra conductor", "target": "atom"}],
    }
    config = home / "config.yaml"
    config.write_text(json.dumps(body), encoding="utf-8")  # JSON is YAML
    return config


def _cli(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_cli("--config", str(config), *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def _query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _search(config: Path, *words: str) -> set[int]:
    found = _cli(config, "search", *words, "--json")
    return {hit["story_id"] for hit in json.loads(found.stdout)}


def _stored_first(server: PageServer, home: Path) -> Path:
    """The harbour story at LATEST and a copy of it at another source, crawled; the
    alerts start watching (none matches); then LATEST announced as changed."""
    server.put(LATEST, _page(*HARBOUR, "Harbour Gazette"), headers={"ETag": '"a"'})
    server.put(COPY, _page(*HARBOUR, "Coast Courier"))
    config = _config(home, server)
    _cli(config, "crawl", "gazette")
    _cli(config, "crawl", "courier")
    assert "orchestra: 0 fired" in _cli(config, "alerts", "deliver").stdout
    _sitemap(server, "gazette", LATEST, datetime.now(UTC))
    return config


def test_a_url_now_carrying_another_story_keeps_both(server: PageServer, tmp_path: Path) -> None:
    config = _stored_first(server, tmp_path)
    db = tmp_path / "news.db"
    ((harbour_id, harbour_story),) = _query(
        db, "SELECT id, story_id FROM articles WHERE url LIKE ?", (f"%{LATEST}",)
    )
    ((seq_before,),) = _query(db, "SELECT max(change_seq) FROM articles")
    assert _query(db, "SELECT count(*) FROM articles WHERE story_id = ?", (harbour_story,)) == [
        (2,)
    ]

    server.put(
        LATEST, _page(*ORCHESTRA, "Harbour Gazette", NEXT_PUBLISHED), headers={"ETag": '"b"'}
    )
    crawled = _cli(config, "--log-level", "INFO", "crawl", "gazette")
    assert server.hits(LATEST) == 2

    rows = _query(
        db,
        "SELECT id, story_id, headline, version, replaced_at, change_seq FROM articles "
        "WHERE canonical_url = ? ORDER BY id",
        (server.url(LATEST),),
    )
    assert len(rows) == 2
    (old_id, old_story, old_headline, old_version, replaced_at, old_seq) = rows[0]
    (new_id, new_story, new_headline, new_version, now_replaced, new_seq) = rows[1]
    # The first story as it was stored: its id, text, story and copies; marked replaced.
    assert (old_id, old_story, old_headline, old_version) == (
        harbour_id,
        harbour_story,
        HARBOUR[0],
        1,
    )
    assert replaced_at is not None and old_seq > seq_before
    assert _query(db, "SELECT count(*) FROM articles WHERE story_id = ?", (harbour_story,)) == [
        (2,)
    ]
    assert _query(db, "SELECT count(*) FROM article_versions") == [(0,)]
    # The second story: a new article in a story of its own, the current one at the URL.
    assert (new_headline, new_version, now_replaced) == (ORCHESTRA[0], 1, None)
    assert new_story != harbour_story and new_seq > seq_before
    assert "holds another story now" in crawled.stderr

    # Both searchable; an alert on the second story's words fires for it.
    assert _search(config, "floodwater", "quay") == {harbour_story}
    assert _search(config, "orchestra", "conductor") == {new_story}
    delivered = _cli(config, "alerts", "deliver")
    assert "orchestra: 1 fired" in delivered.stdout
    assert _query(db, "SELECT story_id FROM alert_deliveries WHERE alert = 'orchestra'") == [
        (new_story,)
    ]

    # show: the first story says its article was replaced at its URL; the URL shows the new.
    shown = _cli(config, "show", str(harbour_story))
    assert f"replaced at its URL on {replaced_at[:10]}" in shown.stdout
    assert HARBOUR[1][0][:40] in shown.stdout
    by_url = _cli(config, "show", server.url(LATEST))
    assert by_url.stdout.startswith(f"Story {new_story}: {ORCHESTRA[0]}")
    assert "replaced at its URL" not in by_url.stdout
    as_json = json.loads(_cli(config, "show", str(harbour_story), "--json").stdout)
    marks = {c["article_id"]: c["replaced_at"] for c in as_json["copies"]}
    assert marks[old_id] is not None and list(marks.values()).count(None) == 1

    # Exports and the sync cursor keep both.
    exported = [
        json.loads(line) for line in _cli(config, "export", "--articles").stdout.splitlines()
    ]
    assert {
        r["article_id"]: r["replaced_at"] is not None for r in exported if r["url"].endswith(LATEST)
    } == {
        old_id: True,
        new_id: False,
    }
    changed = _cli(config, "export", "--articles", "--changed-after", str(seq_before))
    assert {json.loads(line)["article_id"] for line in changed.stdout.splitlines()} == {
        old_id,
        new_id,
    }

    # The next crawl asks the URL with the current article's validators, and stores nothing.
    _sitemap(server, "gazette", LATEST, datetime.now(UTC))
    _cli(config, "crawl", "gazette")
    assert server.requests[-1][0] == LATEST
    assert {k.lower(): v for k, v in server.requests[-1][1].items()}.get("if-none-match") == '"b"'
    assert _query(db, "SELECT count(*) FROM articles") == [(3,)]


def test_an_edit_at_the_url_stays_one_article_with_a_version(
    server: PageServer, tmp_path: Path
) -> None:
    config = _stored_first(server, tmp_path)
    db = tmp_path / "news.db"
    headline, paragraphs = HARBOUR
    edited = [
        *paragraphs[:2],
        "Residents of the terraces near the slipway spent the night with neighbours "
        "on the hill, and the morning ferry to the island sailed two hours late.",
        paragraphs[3],
    ]
    server.put(LATEST, _page(headline, edited, "Harbour Gazette"))
    _cli(config, "crawl", "gazette")
    assert server.hits(LATEST) == 2
    rows = _query(
        db,
        "SELECT version, replaced_at FROM articles WHERE canonical_url = ?",
        (server.url(LATEST),),
    )
    assert rows == [(2, None)]
    assert _query(db, "SELECT count(*) FROM article_versions") == [(1,)]
    assert "orchestra: 0 fired" in _cli(config, "alerts", "deliver").stdout
