"""The web view's server side, in process: Datasette with newsagg's plugin, over the demo database.

Requests go through Datasette's own ASGI client (the whole app, the plugin's
wrapper included), so no port is opened. What a browser shows is in
test_web_browser.py; stopping the process in test_web_serve.py.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import httpx
import pytest
from conftest import before_event_tier, copy_database
from webview import Web

from app.config_loader import load_app_config
from storage import open_db, queries


@pytest.fixture
def web(demo_run, tmp_path: Path) -> Web:  # type: ignore[no-untyped-def]
    db = copy_database(demo_run.db, tmp_path / "news.db")
    return Web(load_app_config(demo_run.config, db), db)


def _multi_copy_story(db_path: Path) -> int:
    db = open_db(db_path, read_only=True)
    try:
        return queries.stories(db, min_outlets=3, limit=1)[0].story_id
    finally:
        db.close()


# --- Datasette hardened (issue 18, item 17) -------------------------------------------------


def test_no_page_shows_where_the_database_lives(web: Web) -> None:
    folder = str(web.db.resolve().parent)
    listing = web.get("/-/databases.json")
    assert listing.status_code == 200
    assert listing.json() == [
        {"name": "news", "route": "news", "is_mutable": True, "is_memory": False, "hash": None}
    ]
    for path in (
        "/-/databases",
        "/-/databases.json",
        "/-/metadata.json",
        "/-/plugins.json",
        "/-/settings.json",
        "/-/versions.json",
        "/news.json",
        "/news",
        "/news/stories.json",
        "/",
        "/sources",
    ):
        response = web.get(path)
        assert response.status_code == 200, path
        assert folder not in response.text, f"{path} shows {folder}"


def test_a_csv_stream_cannot_dump_a_whole_table(web: Web) -> None:
    headlines = [row[0] for row in sqlite3.connect(web.db).execute("SELECT headline FROM articles")]
    streamed = web.get("/news/articles.csv?_stream=on")
    assert streamed.status_code == 400
    assert sum(h in streamed.text for h in headlines) == 0
    # downloading the database file is off too
    assert web.get("/news.db").status_code in (403, 404)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_write_request_is_refused_not_an_error(web: Web, method: str) -> None:
    for path in ("/news/latest_stories", "/news/story_copies?story_id=1", "/", "/news/articles"):
        response = web.request(method, path, data={"story_id": "1"})
        assert response.status_code == 405, (method, path)
        assert response.headers["allow"] == "GET, HEAD"


def test_every_page_sends_a_policy_without_inline_script(web: Web) -> None:
    story = _multi_copy_story(web.db)
    ours = ["/", f"/story/{story}", "/search?q=summit", "/sources", "/story/999999"]
    for path in [*ours, "/news", "/news/articles", "/news/latest_stories"]:
        response = web.get(path)
        policy = response.headers["content-security-policy"]
        script_src = re.search(r"script-src ([^;]*)", policy)
        assert script_src is not None and script_src.group(1) == "'self'", path
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
    for path in ours:
        html = web.get(path).text
        # every script has a src; no event-handler attribute, no inline style
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert not re.search(r"\son[a-z]+\s*=", html), path
        assert not re.search(r"\sstyle\s*=", html), path
        assert "style-src 'self';" in web.get(path).headers["content-security-policy"]


def test_sql_stays_off(web: Web) -> None:
    assert web.get("/news?sql=select+1").status_code == 403
    assert web.get("/news.json?sql=select+1").status_code == 403


# --- pages ---------------------------------------------------------------------------------


def test_a_missing_story_is_a_404_page(web: Web) -> None:
    assert web.get("/story/424242").status_code == 404
    assert web.get("/story/99999999999999999999999").status_code == 404


def test_related_coverage_appears_only_with_the_event_tier(  # type: ignore[no-untyped-def]
    web: Web, demo_run, tmp_path: Path
) -> None:
    # The demo database has the event tier: a story whose event holds another story links
    # it, and a story alone in its event says so.
    with sqlite3.connect(web.db) as conn:
        story, other, headline = conn.execute(
            "SELECT s.id, o.id, o.headline FROM stories s "
            "JOIN stories o ON o.event_id = s.event_id AND o.id != s.id ORDER BY s.id LIMIT 1"
        ).fetchone()
        alone = conn.execute(
            "SELECT id FROM stories s WHERE NOT EXISTS (SELECT 1 FROM stories o "
            "WHERE o.event_id = s.event_id AND o.id != s.id) LIMIT 1"
        ).fetchone()[0]
    page = web.get(f"/story/{story}").text
    section = page.split('id="related-h"', 1)[1]
    assert "Related coverage" in page and f'href="/story/{other}"' in section
    assert headline.replace("'", "&#39;") in section
    assert "No other story about this event yet" in web.get(f"/story/{alone}").text
    # A database no writer has migrated to the event tier yet shows no such section.
    old = copy_database(web.db, tmp_path / "old.db")
    before_event_tier(old)
    assert (
        "Related coverage"
        not in Web(load_app_config(demo_run.config, old), old).get(f"/story/{story}").text
    )


def test_the_reader_chooses_utc_or_the_configured_zone(demo_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = copy_database(demo_run.db, tmp_path / "news.db")
    config = load_app_config(demo_run.config, db)
    berlin = Web(config.model_copy(update={"web": config.web.model_copy(
        update={"timezone": "Europe/Berlin"})}), db)  # fmt: skip
    story = _multi_copy_story(db)
    with sqlite3.connect(db) as conn:
        published = conn.execute(
            "SELECT first_published_at FROM stories WHERE id = ?", [story]
        ).fetchone()[0]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = datetime.fromisoformat(published)
    local = moment.astimezone(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%d %H:%M")
    utc = moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%d %H:%M")
    assert local != utc
    page = berlin.get(f"/story/{story}").text
    assert f">{local}</time>" in page and "Times in Europe/Berlin" in page
    switch = berlin.get(f"/-/newsagg/timezone?zone=UTC&next=/story/{story}")
    assert switch.status_code == 302 and switch.headers["location"] == f"/story/{story}"
    cookie = switch.headers["set-cookie"].split(";", 1)[0]
    page = berlin.get(f"/story/{story}", headers={"cookie": cookie}).text
    assert f">{utc}</time>" in page and "Times in UTC" in page
    # the way back goes to this site only
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        away = berlin.get(f"/-/newsagg/timezone?zone=UTC&next={target}")
        assert away.headers["location"] == "/", target


def test_filters_narrow_the_front_page_and_bad_values_are_named(web: Web) -> None:
    everything = web.get("/").text
    only = web.get("/?source=islandpulse").text
    ids = set(re.findall(r'href="/story/(\d+)"', only))
    with sqlite3.connect(web.db) as conn:
        ran = {
            str(row[0])
            for row in conn.execute("SELECT story_id FROM articles WHERE source = 'islandpulse'")
        }
    assert (
        ids and ids <= ran and len(ids) < len(set(re.findall(r'href="/story/(\d+)"', everything)))
    )
    wide = set(re.findall(r'href="/story/(\d+)"', web.get("/?outlets=3").text))
    with sqlite3.connect(web.db) as conn:
        assert wide == {
            str(r[0]) for r in conn.execute("SELECT id FROM stories WHERE outlets >= 3")
        }
    assert set(re.findall(r'href="/story/(\d+)"', web.get("/?to=2000-01-01").text)) == set()
    named = web.get("/?from=2026-13-45&outlets=x")
    assert named.status_code == 200
    assert "&#39;2026-13-45&#39; is not a date" in named.text
    assert "&#39;x&#39; is not a number of outlets" in named.text


@pytest.mark.parametrize("path", ["/", "/search?q=the"])
def test_a_swapped_window_and_an_unknown_source_are_said_on_the_page(web: Web, path: str) -> None:
    """QA readers 52, finding 5: To before From was an empty page without a word (the CLI
    refuses the swapped window), and the front page did not say that no article is from
    the source asked for, as the search page did."""
    joiner = "&" if "?" in path else "?"
    listed = set(re.findall(r'href="/story/(\d+)"', web.get(path).text))
    swapped = web.get(f"{path}{joiner}from=2026-12-02&to=2026-12-01")
    assert swapped.status_code == 200 and listed
    assert "To (2026-12-01) is before From (2026-12-02): no story is in that window" in (
        swapped.text
    )
    assert set(re.findall(r'href="/story/(\d+)"', swapped.text)) == listed  # both ignored
    unknown = web.get(f"{path}{joiner}source=nosuch").text
    assert "No stored article is from source “nosuch”." in unknown
    assert "No stored article" not in web.get(f"{path}{joiner}source=islandpulse").text


def test_an_atom_alert_is_a_feed_of_the_stories_it_fired_for(demo_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from xml.etree import ElementTree

    from aggregator.config import Alert
    from app.alerts.delivery import run_pass

    db = copy_database(demo_run.db, tmp_path / "news.db")
    base = load_app_config(demo_run.config, db)
    config = base.model_copy(
        update={
            "alerts": [
                Alert(name="summit", query="summit", target="atom"),
                Alert(name="hook", query="summit", target="https://h.example/", secret="k"),
            ]
        }
    )
    with sqlite3.connect(db) as conn:  # the alert was watching before the demo crawl
        conn.execute(
            "INSERT INTO alert_cursors (alert, first_article_id, last_article_id, started_at) "
            "VALUES ('summit', 0, 0, '2026-01-01T00:00:00')"
        )
    report = run_pass(config.model_copy(update={"alerts": config.alerts[:1]}), db)
    fired = sorted(f.story_id for f in report.fired)
    db_handle = open_db(db, read_only=True)
    try:
        expected = sorted(h.story.story_id for h in queries.search(db_handle, "summit", limit=100))
    finally:
        db_handle.close()
    assert fired == expected and fired
    web = Web(config, db)
    response = web.get("/alerts/summit.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring(response.content)
    ids = [e.findtext(f"{atom}id") for e in feed.iter(f"{atom}entry")]
    assert sorted(int(i.rsplit("/", 1)[1]) for i in ids) == fired
    assert feed.findtext(f"{atom}title") == "newsagg alert: summit"
    # where it is served, its self link (RFC 4287; QA readers 52, finding 9)
    (self_link,) = [link for link in feed.findall(f"{atom}link") if link.get("rel") == "self"]
    assert self_link.get("href") == "http://localhost/alerts/summit.atom"
    assert web.get("/alerts/hook.atom").status_code == 404  # a webhook alert has no feed
    assert web.get("/alerts/nope.atom").status_code == 404
    # Behind a TLS proxy (review 52b F6): the address readers reach, not the proxied http.
    proxied = Web(config.model_copy(update={"web": config.web.model_copy(
        update={"base_url": "https://news.example.org/"})}), db)  # fmt: skip
    for host in ("news.example.org", "localhost"):
        served = ElementTree.fromstring(
            proxied.get("/alerts/summit.atom", headers={"host": host}).content
        )
        links = [link.get("href") for link in served.findall(f"{atom}link")]
        assert "https://news.example.org/alerts/summit.atom" in links, (host, links)


def test_status_and_the_sources_page_read_the_run_that_started_last_as_the_latest(
    fresh_db, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A cluster's writer stores a long run's report after a shorter, later run's:
    the later-started run is the latest for ``status`` and the Sources page alike."""
    import json
    from datetime import UTC, datetime, timedelta

    from click.testing import CliRunner

    from app.cli import cli
    from storage.runs import RunCounts, RunReport, record_run

    db_path = tmp_path / "news.db"
    config_path = tmp_path / "config.yaml"
    config_path.write_text(
        f"database: {db_path}\nsources:\n  - {{name: solo, feeds: ['http://127.0.0.1:9/rss.xml']}}\n",
        encoding="utf-8",
    )
    now = datetime.now(UTC).replace(microsecond=0)
    later = RunReport("solo", now - timedelta(minutes=10), now - timedelta(minutes=9), "ok")
    long_run = RunReport("solo", now - timedelta(minutes=40), now - timedelta(minutes=5), "dns")
    record_run(fresh_db, later, RunCounts())  # stored first: the lower id
    record_run(fresh_db, long_run, RunCounts())  # started first, stored last

    result = CliRunner().invoke(cli, ["--config", str(config_path), "status", "--json"])
    assert result.exit_code == 0, result.output
    (solo,) = json.loads(result.output)["sources"]
    assert solo["last_run"]["started_at"] == later.started_at.isoformat()
    assert (solo["last_run"]["status"], solo["consecutive_failures"]) == ("ok", 0)

    page = Web(load_app_config(config_path), db_path).get("/sources").text
    assert f'<time datetime="{later.started_at.isoformat()}">' in page
    assert "</time>: ok, took 60 s" in page
    assert "dns" not in page and "failure" not in page


def test_the_sources_page_shows_a_set_aside_entry_with_its_error(fresh_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A source whose entry is set aside is listed first, with its error and its earlier
    runs, not a server error (review_badsource 2)."""
    from datetime import UTC, datetime, timedelta

    from storage.runs import RunCounts, RunReport, record_run

    db_path = tmp_path / "news.db"
    config_path = tmp_path / "config.yaml"
    config_path.write_text(
        f"database: {db_path}\nsources:\n"
        "  - {name: good, feeds: ['http://127.0.0.1:9/a.xml']}\n"
        "  - {name: bad, feeds: ['http://127.0.0.1:9/b.xml'], shedule: 5m}\n",
        encoding="utf-8",
    )
    now = datetime.now(UTC).replace(microsecond=0)
    record_run(fresh_db, RunReport("bad", now - timedelta(hours=1), now, "ok"), RunCounts())

    response = Web(load_app_config(config_path), db_path).get("/sources")
    assert response.status_code == 200, response.text
    page = response.text
    assert "1 source failing, stalled, silent or set aside, listed first." in page
    assert page.index("<h2>bad") < page.index("<h2>good")
    assert "<strong>set aside</strong>: not crawled: " in page
    assert f"{config_path}:4: sources[1].shedule (source &#39;bad&#39;)" in page
    assert "</time>: ok" in page  # its run from before the entry was set aside


# --- the table view's search reads the readers' syntax (QA pass 41, item 4) -----------------


def _table_search(web: Web, text: str) -> httpx.Response:
    return web.get(
        "/news/articles.json", params={"_search": text, "_shape": "array", "_size": "max"}
    )


@pytest.mark.parametrize("text", ['"', '""', '"""', '"(', "AND", "-", "*", "NEAR(", "title:"])
def test_a_table_search_of_fts_syntax_alone_is_an_empty_page_not_an_error(
    web: Web, text: str
) -> None:
    answer = _table_search(web, text)
    assert answer.status_code == 200, answer.text
    assert "fts5" not in answer.text
    html = web.get("/news/articles", params={"_search": text})
    assert html.status_code == 200 and "fts5" not in html.text


def test_a_table_search_finds_what_the_readers_search_finds(web: Web) -> None:
    """Phrases, OR and exclusions as `aggregator search` reads them, per article."""
    db = sqlite3.connect(f"file:{web.db}?mode=ro", uri=True)

    def matching(expression: str) -> set[int]:
        return {
            r[0]
            for r in db.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [expression]
            )
        }

    summit = matching("summit")
    assert summit
    assert {r["id"] for r in _table_search(web, "summit").json()} == summit
    either = {r["id"] for r in _table_search(web, "summit OR methane").json()}
    assert either == summit | matching("methane") and either != summit
    left = {r["id"] for r in _table_search(web, "summit -leaders").json()}
    assert left == summit - matching("leaders") and left != summit
    phrase = {r["id"] for r in _table_search(web, '"summit" "').json()}
    assert phrase == summit


def test_the_search_page_shows_no_invisible_character_from_the_query(web: Web) -> None:
    """QA pass 41: NUL and U+202E (right-to-left override) of ?q= were echoed into the
    page's title, search box and links."""
    page = web.get("/search", params={"q": "sum\x00mit \u202edlrow", "source": "x\u202ey"})
    assert page.status_code == 200
    assert not {"\x00", "\u202e"} & set(page.text)
    assert "summit dlrow" in page.text
    assert "%E2%80%AE" not in page.text.upper() and "%00" not in page.text


def test_a_table_view_computes_its_declared_facets_and_suggests_none(web: Web) -> None:
    """QA pass 41: Datasette tried every column of `articles` as a facet to suggest, 2.6 s
    of the view's 3.1 s at 20,000 articles (docs/benchmarks.md); the declared facets stay,
    and a column is still a facet when asked for."""
    articles = web.get("/news/articles.json").json()
    assert articles["suggested_facets"] == []
    assert set(articles["facet_results"]) == {"source", "authors", "credits"}
    asked = web.get("/news/articles.json?_facet=language").json()
    assert "language" in asked["facet_results"]


def test_the_week_query_leaves_out_a_story_last_seen_early_on_the_boundary_day(
    web: Web,
) -> None:
    """Stored times have a T, ``datetime('now', '-7 days')`` a space: compared as text,
    every time on the boundary day passed (QA pass 43)."""
    from datetime import UTC, datetime, time, timedelta

    now = datetime.now(UTC)
    boundary_day = (now - timedelta(days=7)).date()
    # Early on the boundary day, and before now - 7 days (to the second, the query's
    # precision) even in the first seconds of a UTC day, when it falls on the day before.
    too_old = min(
        datetime.combine(boundary_day, time(0, 0, 1), UTC), now - timedelta(days=7, seconds=2)
    )
    raw = sqlite3.connect(web.db)
    old, recent = [row[0] for row in raw.execute("SELECT id FROM stories ORDER BY id LIMIT 2")]
    for story_id, seen in ((old, too_old), (recent, now - timedelta(days=6))):
        raw.execute(
            "UPDATE stories SET last_seen_at = ? WHERE id = ?", [seen.isoformat(), story_id]
        )
    raw.commit()
    raw.close()
    rows = web.get(f"/{web.name}/most_picked_up_this_week.json?_shape=array").json()
    listed = {row["id"] for row in rows}
    assert recent in listed
    assert old not in listed


def test_the_tables_only_the_crawler_and_dedup_read_are_hidden(web: Web) -> None:
    """metadata.py's docstring promised it; the event tier's tables, stale_profiles and
    pruned_urls were listed (QA pass 43)."""
    tables = {t["name"]: t for t in web.get(f"/{web.name}.json").json()["tables"]}
    internal = ("event_df", "event_keys", "event_profiles", "stale_profiles", "pruned_urls")
    for name in (*internal, "change_sequence"):
        assert tables[name]["hidden"], name
    for name in ("stories", "articles", "events", "story_merges"):
        assert not tables[name]["hidden"], name


def test_a_merged_storys_page_redirects_to_the_story_it_became(demo_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Webhook and feed links point at /story/ID: a merge must not turn them into 404s."""
    from click.testing import CliRunner

    from app.cli import cli

    db = tmp_path / "news.db"
    for name in ("two_partial_copies.jsonl", "bridging_copy.jsonl"):  # story 1 merged into 2
        fixture = Path(__file__).parent / "fixtures" / "sync" / name
        assert CliRunner().invoke(cli, ["--db", str(db), "ingest", str(fixture)]).exit_code == 0
    web = Web(load_app_config(demo_run.config, db), db)
    response = web.get("/story/1")
    assert response.status_code == 301
    assert response.headers["location"] == "/story/2"
    kept = web.get("/story/1?now=2026-12-06T12:00:00Z")
    assert kept.headers["location"] == "/story/2?now=2026-12-06T12:00:00Z"
    assert web.get("/story/2").status_code == 200
    assert web.get("/story/3").status_code == 404
