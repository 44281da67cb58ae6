"""The web view in a real browser: `aggregator serve` on the demo database, in headless Chromium.

Needs Debian's chromium (`.ci/run` installs it). Every page is opened at a
desktop (1280 px) and a phone (390 px) width, checked with axe-core, and
saved as a screenshot under test-artifacts/web/ (the path is printed), for a
human to look at; docs/img/ holds copies of them for docs/readers.md.
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, copy_database, run_cli, serving

from storage import open_db, queries
from storage.runs import RunCounts, finish_run, start_run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "test-artifacts" / "web"
WIDTHS = (1280, 390)

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None, reason="Debian chromium is not installed (.ci/run installs it)"
    ),
    pytest.mark.timeout(300),
]

HOSTILE = {
    "url": "https://evil.example/x",
    "site": "Evil Times",
    "headline": "<script>window.pwned=1</script><img src=x onerror=window.pwned=2> "
    "Summit 5 < 6 & <b>bold</b>",
    "byline": "By Mallory",
    "body": "A body about the summit with <script>alert(1)</script> in it.",
}
# Markup as stored text (as a page's "&lt;script&gt;" entity is stored): shown as text, never run.
RAW_MARKUP = '<script>window.pwned=3</script><img src=x onerror="window.pwned=4"><b>Raw</b> & co'
# A source whose crawls keep failing: the Sources page must make it stand out.
COLD_SOURCE = """
  - name: coldwire
    site_name: Cold Wire
    feeds: [http://127.0.0.1:9/rss.xml]
"""


@dataclass(frozen=True)
class Site:
    base: str
    db: Path
    config: Path
    story_id: int  # the most-copied story, one of whose copies was revised


def _ingest(config: Path, db: Path, home: Path, record: dict[str, Any], *args: str) -> None:
    path = home / f"record-{abs(hash(json.dumps(record)))}.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run_cli("--config", str(config), "--db", str(db), "ingest", str(path), *args)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def site(demo_run, tmp_path_factory) -> Iterator[Site]:  # type: ignore[no-untyped-def]
    home = tmp_path_factory.mktemp("web")
    db = copy_database(demo_run.db, home / "news.db")
    config = home / "config.yaml"
    config.write_text(demo_run.config.read_text(encoding="utf-8") + COLD_SOURCE, encoding="utf-8")
    _ingest(config, db, home, HOSTILE)
    raw_url = "https://evil.example/raw"
    _ingest(config, db, home, {"url": raw_url, "site": "Evil", "headline": "Raw", "body": "Raw."})
    store = open_db(db)
    try:
        store.execute(
            "UPDATE articles SET headline = ?, byline_raw = ?, site_name = ?, "
            "body = json_array(?) WHERE url = ?",
            [RAW_MARKUP, RAW_MARKUP, "<i>Evil</i> Times", RAW_MARKUP, raw_url],
        )
        store.execute(
            "UPDATE stories SET headline = ?, origin = ? "
            "WHERE id = (SELECT story_id FROM articles WHERE url = ?)",
            [RAW_MARKUP, "<i>Evil</i> Times", raw_url],
        )
        store.conn.commit()
        story = queries.stories(store, min_outlets=4, limit=1)[0]
        copy = queries.copies(store, story.story_id)[-1]
        for _ in range(3):
            finish_run(store, start_run(store, "coldwire"), "failed", RunCounts(errors={"dns": 2}))
    finally:
        store.close()
    # A revision: the outlet edits its copy (a new last paragraph); the old text is kept.
    a = copy.article
    revised = {
        "url": a.url,
        "site": a.site_name,
        "headline": a.headline,
        "byline": a.byline_raw,
        "body": [*a.body, "This article was updated with comment from growers' groups."],
        "published": a.published_at.isoformat() if a.published_at else None,
    }
    _ingest(config, db, home, revised, "--source", a.source)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    print(f"\nweb view screenshots: {ARTIFACTS}")
    with serving(config, db) as (base, _process):
        yield Site(base, db, config, story.story_id)


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
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
        yield chromium
        chromium.close()


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(browser, request) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.csp_violations = []
    tab.on(
        "console",
        lambda m: (
            tab.csp_violations.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    yield tab
    context.close()


def _check(page: Any, name: str) -> None:
    """Screenshot, no serious accessibility problem, no sideways scrolling, no CSP refusal."""
    from axe_playwright_python.sync_playwright import Axe

    width = page.viewport_size["width"]
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{name} at {width}px: {serious}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
    assert page.csp_violations == [], page.csp_violations


def _show_json(site: Site, story_id: int) -> dict[str, Any]:
    result = run_cli("--config", str(site.config), "--db", str(site.db), "show", str(story_id),
                     "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# --- the four pages, at both widths ------------------------------------------------------


def test_home_is_a_front_page_of_stories(site: Site, page: Any) -> None:
    page.goto(site.base + "/")
    _check(page, "home")
    cards = page.locator("ol.cards > li.card")
    everything = cards.count()
    assert everything >= 10
    story = page.locator(f'li.card:has(a[href="/story/{site.story_id}"])')
    assert story.count() == 1
    meta = story.locator(".meta").inner_text()
    assert "Origin" in meta and "4 outlets" in meta and "suspicious byline" in meta
    # internal tables are out of sight; Datasette's table views stay one link away
    text = page.locator("body").inner_text()
    assert "crawl_runs" not in text and "_sqlite_migrations" not in text
    assert page.locator('footer a[href="/news"]').count() == 1
    page.select_option("#f-source", "islandpulse")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/?source=islandpulse*")
    assert 0 < cards.count() < everything


def test_story_page_timeline_and_reuse_map_match_show_json(site: Site, page: Any) -> None:
    shown = _show_json(site, site.story_id)
    page.goto(f"{site.base}/story/{site.story_id}")
    _check(page, "story")
    assert page.locator("h1").inner_text() == shown["headline"]
    # the timeline: one mark per copy, the origin first, each revision a diamond
    marks = page.locator("svg.timeline circle.mark")
    assert marks.count() == len(shown["copies"]) >= 4
    assert "origin" in (marks.first.get_attribute("class") or "")
    assert page.locator("svg.timeline path.revision").count() == 1
    colours = {m.get_attribute("class").split()[1] for m in marks.all()}
    assert len(colours) == shown["outlets"]
    # the reuse map: a row per canonical paragraph, a column per copy, cells as show --json says
    reuse = shown["reuse_map"]
    rows = page.locator("table.reuse tbody tr")
    assert rows.count() == len(reuse["paragraphs"]) > 0
    columns = page.locator("table.reuse thead th").count() - 1
    assert columns == len(reuse["copies"])
    by_article = {c["article_id"]: c for c in reuse["copies"]}
    cells = page.locator("table.reuse td.cell")
    seen: dict[int, list[str]] = {}
    for index in range(cells.count()):
        cell = cells.nth(index)
        seen.setdefault(int(cell.get_attribute("data-article")), []).append(
            cell.inner_text().strip()
        )
    assert seen == {a: list(c["states"]) for a, c in by_article.items()}
    states = {s for c in reuse["copies"] for s in c["states"]}
    assert {"kept", "cut"} <= states
    # and the map agrees with each copy's stored diff (what `show` prints as shares/adds/cuts)
    for copy in shown["copies"]:
        column = by_article[copy["article_id"]]
        assert column["states"].count("cut") == len(copy["cut_paragraphs"])
        assert list(column["added"]) == copy["added_paragraphs"]
        added = page.locator(f'details.added[data-article="{copy["article_id"]}"] li')
        assert [added.nth(i).text_content() for i in range(added.count())] == column["added"]
    # every copy: outlet, headline, byline, times ("first seen" labelled), flag spelled out, link
    copies = page.locator("ol.copies > li.copy")
    assert copies.count() == len(shown["copies"])
    text = page.locator("ol.copies").inner_text()
    for copy in shown["copies"]:
        assert copy["headline"] in text
        if copy["byline_flag"]:
            assert f"this copy {copy['byline_flag']}" in text
    assert "First seen" in text and "Revisions" in text
    links = page.locator("ol.copies a.out")
    assert {links.nth(i).get_attribute("href") for i in range(links.count())} == {
        c["url"] for c in shown["copies"]
    }
    # related coverage: the other stories of its event, the ones show --json lists
    assert page.locator("#related-h").count() == 1
    related = page.locator("section.related ol.cards > li.card h2 a")
    assert {related.nth(i).get_attribute("href") for i in range(related.count())} == {
        f"/story/{r['story_id']}" for r in shown["related_coverage"]
    }


def test_search_shows_one_card_per_story_with_the_hit_marked(site: Site, page: Any) -> None:
    page.goto(site.base + "/search?q=coffee+frost")
    _check(page, "search")
    cards = page.locator("ol.cards > li.card")
    expected = run_cli("--config", str(site.config), "--db", str(site.db), "search",
                       "coffee frost", "--json", "--limit", "60")  # fmt: skip
    hits = json.loads(expected.stdout)
    assert cards.count() == len(hits) >= 1
    ids = [cards.nth(i).locator("h2 a").get_attribute("href") for i in range(cards.count())]
    assert ids == [f"/story/{h['story_id']}" for h in hits]
    marked = cards.first.locator(".snippet mark")
    assert marked.count() >= 1
    assert {marked.nth(i).inner_text().lower() for i in range(marked.count())} <= {
        "coffee",
        "frost",
    }
    assert "[" not in cards.first.locator(".snippet").inner_text()


def test_sources_page_shows_health_and_the_failing_source_stands_out(site: Site, page: Any) -> None:
    page.goto(site.base + "/sources")
    _check(page, "sources")
    sources = page.locator("ul.sources > li.source")
    assert sources.count() == 6
    first = sources.first
    assert "coldwire" in first.locator("h2").inner_text()
    assert "alarm" in (first.get_attribute("class") or "")
    assert "backed off" in first.locator(".state").inner_text()
    assert "dns 2" in first.inner_text()
    healthy = page.locator("li.source:has(h2:text('wirewire'))")
    assert "alarm" not in (healthy.get_attribute("class") or "")
    assert healthy.locator("svg.spark rect").count() == 14
    assert healthy.locator('a[href^="/story/"]').count() == 1
    assert "Pages fetched" in healthy.inner_text()


# --- hostile text -------------------------------------------------------------------------


def test_a_headline_with_markup_is_shown_as_text(site: Site, page: Any) -> None:
    for path in ("/", "/search?q=summit+bold", "/news/articles?_search=summit"):
        page.goto(site.base + path)
        body = page.locator("main, section.content").first
        assert "Summit 5 < 6 & bold" in body.inner_text(), path
        assert "5 &lt; 6 &amp; bold" in body.inner_html(), path
        assert "<script" not in body.inner_html()
        assert (
            page.locator("main script, main img, main [onerror], section.content img").count() == 0
        )
        assert page.evaluate("typeof window.pwned") == "undefined"
    page.goto(site.base + "/")
    card = page.locator("li.card", has_text="Raw")
    assert card.locator("h2").inner_text() == RAW_MARKUP
    assert "Origin <i>Evil</i> Times" in card.inner_text()
    card.locator("h2 a").click()
    page.wait_for_url("**/story/*")
    assert page.locator("h1").inner_text() == RAW_MARKUP
    copy = page.locator("ol.copies > li.copy").first
    assert RAW_MARKUP in copy.inner_text() and "<i>Evil</i> Times" in copy.inner_text()
    assert RAW_MARKUP in page.locator("section:has(#text-h) .body").inner_text()
    assert page.locator("main img, main b, main i, main script").count() == 0
    assert page.evaluate("typeof window.pwned") == "undefined"


# --- Datasette's own views, still there ---------------------------------------------------


def test_datasette_table_views_and_canned_queries_still_work(site: Site, page: Any) -> None:
    page.goto(f"{site.base}/news/story_copies?story_id={site.story_id}")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() >= 3
    assert "Island Pulse News" in page.locator("table.rows-and-columns").inner_text()
    page.goto(f"{site.base}/news/articles?_search=Kim+Yong-chol")
    assert page.locator("table.rows-and-columns tbody tr").count() >= 2
    page.goto(f"{site.base}/news")
    tables = page.locator("body").inner_text()
    assert "stories" in tables and "dedup_keys" not in tables and "_sqlite_migrations" not in tables


def test_arbitrary_sql_and_downloads_are_off(site: Site) -> None:
    for path in ("/news?sql=select+1", "/news.db"):
        try:
            with urllib.request.urlopen(site.base + path, timeout=5) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        assert status in (403, 404), path
