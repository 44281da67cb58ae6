"""The web view pages on (readers round 37): the front page by keyset, search by page number.

A real database of 130 stories filled through `aggregator ingest`, asked
through Datasette's own client (test_web_view.Web); more stories are ingested
between two pages, as a crawl would store them while a reader pages on.
"""

from __future__ import annotations

import html
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_web_view import Web

from app.cli import cli
from app.config_loader import load_app_config
from app.web.pages import PAGE_SIZE
from storage.db import open_db

VOCABULARY = [f"{a}{b}" for a in ("bal", "cor", "dun", "fen", "gor", "hal") for b in "aeiouyrs"]


def _records(first: int, count: int) -> str:
    lines = []
    for n in range(first, first + count):
        rng = random.Random(n)
        words = " ".join(rng.choice(VOCABULARY) for _ in range(60))
        lines.append(
            json.dumps(
                {
                    "url": f"https://{'alpha' if n % 2 else 'beta'}.example/{n}",
                    "site": "alpha" if n % 2 else "beta",
                    "headline": f"Dispatch number {n}",
                    "body": f"Dispatch number {n} of the desk. {words}.",
                }
            )
            + "\n"
        )
    return "".join(lines)


def _ingest(config: Path, db: Path, first: int, count: int) -> None:
    records = db.with_name(f"in-{first}.jsonl")
    records.write_text(_records(first, count), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(db), "ingest", str(records)]
    )
    assert result.exit_code == 0, result.output


@pytest.fixture
def paged(tmp_path: Path) -> tuple[Web, Path]:
    config, db = tmp_path / "config.yaml", tmp_path / "news.db"
    config.write_text("sources: []\n", encoding="utf-8")
    _ingest(config, db, 0, 130)
    return Web(load_app_config(config, db), db), config


def _page(web: Web, path: str) -> tuple[list[str], dict[str, str]]:
    """The headlines a page lists, in order, and its pager's links by rel."""
    response = web.get(path)
    assert response.status_code == 200, path
    text = response.text
    headlines = re.findall(r'<h2 class="headline"[^>]*><a href="/story/\d+">([^<]*)</a>', text)
    links = {
        rel: html.unescape(href)
        for rel, href in re.findall(r'<a rel="(prev|next)" href="([^"]*)"', text)
    }
    return headlines, links


def test_the_front_page_pages_on_without_repeating_while_stories_arrive(
    paged: tuple[Web, Path],
) -> None:
    web, config = paged
    first, links = _page(web, "/")
    assert len(first) == PAGE_SIZE and "prev" not in links
    second, links2 = _page(web, links["next"])
    assert len(second) == PAGE_SIZE and not set(first) & set(second)
    _ingest(config, web.db, 1000, 15)  # a crawl stores 15 newer stories meanwhile
    third, links3 = _page(web, links2["next"])
    seen = first + second + third
    assert len(third) == 130 - 2 * PAGE_SIZE and "next" not in links3
    assert sorted(seen) == sorted(f"Dispatch number {n}" for n in range(130))  # none twice
    # Back from the second page: the first page as it was, and a way to the new stories.
    back, back_links = _page(web, links2["prev"])
    assert back == first
    newest, _ = _page(web, back_links["prev"])
    assert sorted(newest) == sorted(f"Dispatch number {n}" for n in range(1000, 1015))


def test_paging_keeps_the_filters(paged: tuple[Web, Path]) -> None:
    web, _ = paged
    first, links = _page(web, "/?source=alpha")
    assert "source=alpha" in links["next"]
    rest, rest_links = _page(web, links["next"])
    alpha = {f"Dispatch number {n}" for n in range(1, 130, 2)}
    assert set(first) | set(rest) == alpha and len(first) + len(rest) == len(alpha)
    assert "next" not in rest_links and "source=alpha" in rest_links["prev"]


def test_a_page_from_a_story_not_stored_says_so(paged: tuple[Web, Path]) -> None:
    """An id of no stored story (pruned, or never one: 0) gives the first page and a line
    that is true either way (it used to say "no longer stored" of ids never stored)."""
    web, _ = paged
    first, _ = _page(web, "/")
    for path, story_id in (("/?after=999999", 999999), ("/?before=0", 0)):
        response = web.get(path)
        assert response.status_code == 200
        assert f"No story {story_id} is stored here to page from" in response.text
        assert "no longer stored" not in response.text
        assert _page(web, path)[0] == first


@pytest.mark.parametrize("digit", ["%C2%B2", "%E2%91%A0", "%EF%BC%91", "%D9%A3"])  # ² ① １ ٣
def test_a_whole_number_in_unicode_digits_is_ignored_not_an_error(
    paged: tuple[Web, Path], digit: str
) -> None:
    """`str.isdigit` holds for ², ① and other digits `int()` refuses: each is ignored."""
    web, _ = paged
    first, _ = _page(web, "/")
    searched, _ = _page(web, "/search?q=dispatch")
    assert _page(web, f"/?after={digit}")[0] == first
    assert _page(web, f"/?before={digit}")[0] == first
    assert _page(web, f"/search?q=dispatch&page={digit}")[0] == searched
    outlets = web.get(f"/?outlets={digit}")
    assert outlets.status_code == 200
    assert "is not a number of outlets: ignored" in outlets.text
    assert _page(web, f"/?outlets={digit}")[0] == first


def test_search_pages_on_with_its_query_and_filters(paged: tuple[Web, Path]) -> None:
    web, _ = paged
    first, links = _page(web, "/search?q=dispatch+desk")
    second, links2 = _page(web, links["next"])
    third, links3 = _page(web, links2["next"])
    assert "q=dispatch+desk" in links["next"] and "page=2" in links["next"]
    assert (len(first), len(second), len(third)) == (PAGE_SIZE, PAGE_SIZE, 130 - 2 * PAGE_SIZE)
    assert len(set(first + second + third)) == 130 and "next" not in links3
    assert _page(web, links3["prev"])[0] == second
    alpha, alpha_links = _page(web, "/search?q=dispatch&source=alpha")
    assert len(alpha) == PAGE_SIZE and "source=alpha" in alpha_links["next"]
    assert len(_page(web, alpha_links["next"])[0]) == 65 - PAGE_SIZE


def test_a_table_view_never_searches_a_readers_text_raw(paged: tuple[Web, Path]) -> None:
    web, _ = paged
    # Read as `aggregator search` reads it (QA pass 41: Datasette's own quoting made '"'
    # an FTS5 syntax error): OR is "either", so this finds what 'dispatch' alone finds.
    read = web.get("/news/articles.json?_search=dispatch+OR+zzz&_shape=array&_size=max")
    alone = web.get("/news/articles.json?_search=dispatch&_shape=array&_size=max")
    assert read.status_code == alone.status_code == 200
    assert read.json() == alone.json() and alone.json()
    raw = web.get("/news/articles.json?_search=dispatch+OR+zzz&_searchmode=raw&_shape=array")
    assert raw.status_code == 400 and "Raw full-text syntax is off" in raw.text
    assert raw.headers["x-content-type-options"] == "nosniff"


def test_the_search_page_says_what_it_searched_or_why_it_did_not(paged: tuple[Web, Path]) -> None:
    web, _ = paged
    noted = web.get("/search?q=dispatch+NEAR+desk").text
    assert "NEAR searched as a word" in noted and "searched for dispatch" in noted
    refused = web.get("/search?q=-dispatch").text
    assert "only excludes words: give a word to search for too: nothing was searched" in refused
    assert not re.findall(r'<h2 class="headline">', refused)


# --- dates by published time (stop 38) ------------------------------------------------

EPOCH = date(2019, 1, 1)


def _published_day(n: int) -> date:
    """A day per story, in an order unlike the order they are stored (first seen) in."""
    return EPOCH + timedelta(days=n * 37 % 130)


@pytest.fixture
def dated(tmp_path: Path) -> Web:
    config, db = tmp_path / "config.yaml", tmp_path / "news.db"
    config.write_text("sources: []\n", encoding="utf-8")
    records = tmp_path / "dated.jsonl"
    lines = [
        {**json.loads(line), "published": f"{_published_day(n).isoformat()}T09:30:00Z"}
        for n, line in enumerate(_records(0, 130).splitlines())
    ]
    records.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(db), "ingest", str(records)]
    )
    assert result.exit_code == 0, result.output
    return Web(load_app_config(config, db), db)


def _number(headline: str) -> int:
    return int(headline.rsplit(" ", 1)[1])


def test_the_front_page_dates_and_pages_stories_by_published_time(dated: Web) -> None:
    first, links = _page(dated, "/?by=published")
    assert "by=published" in links["next"]
    second, links2 = _page(dated, links["next"])
    third, links3 = _page(dated, links2["next"])
    listed = [_number(h) for h in first + second + third]
    assert "next" not in links3 and sorted(listed) == list(range(130))
    days = [_published_day(n) for n in listed]
    assert days == sorted(days, reverse=True)  # newest published first, across the pages
    assert _page(dated, links2["prev"])[0] == first


def test_from_and_to_read_published_days_when_asked(dated: Web) -> None:
    window = "from=2019-01-01&to=2019-01-10"
    expected = sorted(n for n in range(130) if _published_day(n) <= date(2019, 1, 10))
    assert len(expected) == 10
    front, _ = _page(dated, f"/?by=published&{window}")
    assert sorted(_number(h) for h in front) == expected
    searched, _ = _page(dated, f"/search?q=dispatch&by=published&{window}")
    assert sorted(_number(h) for h in searched) == expected
    # By first seen (the default) the same days hold nothing: every story was stored today.
    assert _page(dated, f"/?{window}")[0] == []
    assert 'value="published" selected' in dated.get(f"/?by=published&{window}").text


def test_a_time_basis_that_does_not_read_is_named_and_ignored(dated: Web) -> None:
    response = dated.get("/?by=bogus")
    assert response.status_code == 200
    named = "is not a time to date stories by (seen, published, first-seen): ignored"
    assert named in response.text
    assert _page(dated, "/?by=bogus")[0] == _page(dated, "/")[0]


def test_paging_by_published_from_a_story_without_one_says_so(dated: Web, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    _ingest(config, dated.db, 500, 1)  # no published time
    db = open_db(dated.db, read_only=True)
    (undated,) = db.execute("SELECT id FROM stories WHERE first_published_at IS NULL").fetchone()
    db.close()
    response = dated.get(f"/?by=published&after={undated}")
    assert response.status_code == 200
    assert f"Story {undated} has no published time to page from by published" in response.text
    assert _page(dated, f"/?by=published&after={undated}")[0] == _page(dated, "/?by=published")[0]


def _earlier_copy(web: Web, headline: str, published: str) -> None:
    """An earlier-published copy of the story headed ``headline`` (its text, another
    outlet), stored through `aggregator ingest`: dedup joins it to that story, whose
    first published time moves to ``published``."""
    n = _number(headline)
    (record,) = [json.loads(line) for line in _records(n, 1).splitlines()]
    record.update(url=f"https://wire.example/{n}", site="wire", published=published)
    records = web.db.with_name(f"earlier-{n}.jsonl")
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    config = web.db.with_name("config.yaml")
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(web.db), "ingest", str(records)]
    )
    assert result.exit_code == 0 and "1 new" in result.output, result.output


def test_a_story_that_moves_between_two_pages_moves_no_page(dated: Web) -> None:
    """By published, a page's last story moves (an earlier copy joins it) before the
    next page is read: that page starts where the reader left off, not at the story's
    new place (it skipped every story between; moved up, it would repeat them)."""
    in_order = sorted(range(130), key=_published_day, reverse=True)
    first, links = _page(dated, "/?by=published")
    assert [_number(h) for h in first] == in_order[:PAGE_SIZE]
    _earlier_copy(dated, first[-1], "2018-06-01T09:30:00Z")  # now the oldest of all
    second, links2 = _page(dated, links["next"])
    assert [_number(h) for h in second] == in_order[PAGE_SIZE : 2 * PAGE_SIZE]
    # Back from the second page: the first page, less the story that moved away.
    assert _page(dated, links2["prev"])[0] == first[:-1]
    third, _ = _page(dated, links2["next"])
    assert third[-1] == first[-1]  # shown again at its new place, last
    assert [_number(h) for h in third[:-1]] == in_order[2 * PAGE_SIZE :]


def test_a_page_link_of_a_story_id_alone_starts_at_its_place_now(dated: Web) -> None:
    """Links of earlier releases carry the id alone: they still page from that story."""
    listed = dated.get("/?by=published").text
    ids = re.findall(r'<h2 class="headline"[^>]*><a href="/story/(\d+)">', listed)
    second, _ = _page(dated, f"/?by=published&after={ids[-1]}")
    in_order = sorted(range(130), key=_published_day, reverse=True)
    assert [_number(h) for h in second] == in_order[PAGE_SIZE : 2 * PAGE_SIZE]
