"""A staff byline over a wire copy that credits the agency at its end (QA stop 47, finding
2): real crawls (``aggregator crawl`` in a child process) of pages served on 127.0.0.1
into a real SQLite file, read back through ``export``. The copies join the agency's story
and carry no byline flag: "Additional reporting by The Associated Press." and "The
Associated Press contributed to this report." credit the agency."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from pageserver import PageServer

pytestmark = pytest.mark.timeout(300)

TEXT = [
    "Floodwater rose through the lower town of Millbrook overnight as the Tessaly River broke "
    "its banks in three places, and crews worked until dawn to shore up the levee.",
    "Harlan County opened two shelters at the high school and the fairground, and volunteers "
    "brought cots, blankets and food for the families who left their homes after midnight.",
    "Sheriff Marta Kessling said the water would crest on Thursday afternoon, a foot below "
    "the record set in 1998, and asked residents near Canal Street to stay off the embankment.",
    "Schools will stay closed for the rest of the week, the district said, and the bridge on "
    "the state highway remains shut until engineers have checked its piers for damage.",
    "Insurers said claims from the lower town were likely to pass those of the last flood, "
    "and the governor's office said it would ask for federal disaster aid on Friday.",
]

# site name -> (path, byline, the text's first paragraph's opening, its closing line)
COPIES = {
    "Wire Desk": ("/wire/flood", "Associated Press", "MILLBROOK (AP) — ", ""),
    "Lakeside Gazette": (
        "/lakeside/flood",
        "By Karen Voss",
        "",
        "Additional reporting by The Associated Press.",
    ),
    "Metro Daily": (
        "/metro/flood",
        "By Sam Ortega",
        "",
        "The Associated Press contributed to this report.",
    ),
}


def _page(site: str, byline: str, opening: str, closing: str) -> str:
    paragraphs = [opening + TEXT[0], *TEXT[1:], *([closing] if closing else [])]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>River crests below record in Millbrook</title>"
        f'<meta property="og:site_name" content="{site}">'
        '<meta property="article:published_time" content="2026-12-07T05:00:00Z">'
        f'</head><body><header><nav><a href="/">{site}</a></nav></header>'
        "<main><article><h1>River crests below record in Millbrook</h1>"
        f'<p class="byline">{byline}</p><div class="article-body">{body}</div>'
        f"</article></main><footer><p>© 2026 {site}</p></footer></body></html>"
    )


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as running:
        yield running


def _config(home: Path, server: PageServer) -> Path:
    polite = {"download_delay": 0, "autothrottle": False, "obey_robots": False}
    sources: list[dict[str, Any]] = []
    for n, (site, (path, byline, opening, closing)) in enumerate(COPIES.items()):
        server.put(path, _page(site, byline, opening, closing))
        sitemap = server.put(
            f"/sitemap-{n}.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{server.url(path)}</loc></url></urlset>",
            content_type="application/xml",
        )
        sources.append(
            {
                "name": f"site{n}",
                "sitemaps": [sitemap],
                "politeness": polite,
                "limits": {"download_timeout": 5, "run_timeout": "60s"},
            }
        )
    config = home / "config.yaml"
    body = {"database": str(home / "news.db"), "sources": sources}
    config.write_text(json.dumps(body), encoding="utf-8")  # JSON is YAML
    return config


def _cli(config: Path, *args: str) -> str:
    result = run_cli("--config", str(config), *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_a_staff_byline_over_an_end_credited_wire_copy_is_not_flagged(
    tmp_path: Path, server: PageServer
) -> None:
    config = _config(tmp_path, server)
    _cli(config, "crawl", "--all")
    [story] = [json.loads(line) for line in _cli(config, "export").splitlines()]
    articles = {
        a["site_name"]: a
        for a in map(json.loads, _cli(config, "export", "--articles").splitlines())
    }
    assert set(articles) == set(COPIES)  # every copy joined the one story
    assert story["origin"] == "AP"
    assert {site: a["byline_flag"] for site, a in articles.items()} == dict.fromkeys(COPIES)
    for site in ("Lakeside Gazette", "Metro Daily"):
        assert articles[site]["credits"] == ["Associated Press"]
        assert articles[site]["credit"] == "AP"
        assert articles[site]["added_paragraphs"] == []  # the note is no paragraph of the text
