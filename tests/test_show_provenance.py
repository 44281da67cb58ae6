"""What a story's origin line and its copies' "by" lines say, in `show` and on the web page.

A media researcher's QA pass (stop 47, findings 3 and 5) found `show` printing
"Origin: AP   first published 04:02": 04:02 was another outlet's copy, dated before
AP's own page (04:10) by a wrong clock, so the line gave AP a time AP never printed.
And the "by" lines were the names parsed from the byline and dateline, documented as
the page's words, while the web page printed the raw byline. Real JSON-lines records
ingested into a real SQLite database, read through the CLI and the web view's
Datasette client.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli_store import ingest, invoke
from webview import web_get

BODY = [
    "MILLBROOK (AP) — The Tessaly River broke its banks overnight and flooded the centre "
    "of Millbrook, county officials said on Monday.",
    "About 300 residents spent the night in the school gym, where volunteers served "
    "food and handed out blankets until dawn.",
    "The county's emergency manager, Marta Kessling, said the water had reached Canal "
    "Street by 3 a.m. and was still rising.",
    "Forecasters expect the river to crest on Tuesday afternoon, a metre above the "
    "record set in 1998.",
]


def _copy(site: str, url: str, published: str, **fields: object) -> dict[str, object]:
    return {
        "url": url,
        "canonical_url": url,
        "source": site.lower().replace(" ", "-"),
        "site_name": site,
        "headline": "Millbrook braces as the Tessaly River floods its centre",
        "body": BODY,
        "fetched_at": "2026-12-07T06:10:00+00:00",
        "published_at": published,
        **fields,
    }


# Riverside's copy, crawled first, is dated 8 minutes before AP's own page.
RIVERSIDE = _copy(
    "Riverside Post",
    "https://riverside.example/news/millbrook-floods",
    "2026-12-07T04:02:00+00:00",
    authors=["Jessica Trent"],
    credits=["AP"],
    byline_raw="By Jessica Trent, Staff Writer",
)
AP_OWN = _copy(
    "AP",
    "https://apnews.example/article/millbrook-floods",
    "2026-12-07T04:10:00+00:00",
    credits=["AP"],
    byline_raw="The Associated Press",
)
LAKESIDE = _copy(
    "Lakeside Gazette",
    "https://lakeside.example/millbrook-floods",
    "2026-12-07T04:30:00+00:00",
    authors=["Karen Voss"],
    credits=["AP"],
    byline_raw="Karen Voss",
)


def _store(tmp_path: Path, *records: dict[str, object]) -> None:
    ingest(tmp_path, *records)


def _web_page(tmp_path: Path, path: str) -> str:
    response = web_get(tmp_path, path)
    assert response.status_code == 200
    return response.text


def test_the_origin_line_gives_the_origins_own_time_and_names_an_earlier_copy(
    tmp_path: Path,
) -> None:
    _store(tmp_path, RIVERSIDE, AP_OWN)
    shown = invoke(tmp_path, "show", "1")
    assert (
        "Origin: AP   published 2026-12-07 04:10 UTC   "
        "earliest copy 2026-12-07 04:02 UTC, Riverside Post   "
        "first seen "
    ) in shown
    # The story's documented time, the earliest any copy gives, is kept where it was.
    story = json.loads(invoke(tmp_path, "show", "1", "--json"))
    assert story["first_published_at"] == "2026-12-07T04:02:00+00:00"


def test_an_origin_copy_that_is_the_earliest_is_one_time(tmp_path: Path) -> None:
    _store(tmp_path, AP_OWN, LAKESIDE)
    first = invoke(tmp_path, "show", "1").splitlines()[1]
    assert first.startswith("Origin: AP   published 2026-12-07 04:10 UTC   first seen ")
    assert "earliest copy" not in first


def test_an_origin_without_its_own_copy_labels_the_time_as_the_earliest_copys(
    tmp_path: Path,
) -> None:
    _store(tmp_path, RIVERSIDE, LAKESIDE)
    first = invoke(tmp_path, "show", "1").splitlines()[1]
    # The earliest copy crediting AP stands for it: its time is said to be that outlet's.
    assert first.startswith("Origin: AP   published 2026-12-07 04:02 UTC on Riverside Post   ")


def test_the_story_page_says_the_same_as_show(tmp_path: Path) -> None:
    _store(tmp_path, RIVERSIDE, AP_OWN)
    page = _web_page(tmp_path, "/story/1")
    assert '<span>published <time datetime="2026-12-07T04:10:00+00:00">' in page
    assert '<span>earliest copy <time datetime="2026-12-07T04:02:00+00:00">' in page
    assert "</time>, Riverside Post</span>" in page
    assert "first published" not in page


def test_show_gives_the_parsed_names_and_the_byline_as_printed_where_it_differs(
    tmp_path: Path,
) -> None:
    own = _copy(
        "Harbour Gazette",
        "https://harbour.example/a",
        "2026-12-07T04:00:00+00:00",
        headline="Harbour Gazette's own report",
        body=["The harbour authority opened the new quay on Monday after two years of works."],
        authors=["Ann Lee"],
        byline_raw="By Ann Lee",
    )
    _store(tmp_path, RIVERSIDE, AP_OWN, LAKESIDE, own)
    shown = invoke(tmp_path, "show", "1")
    riverside = shown.split("Riverside Post — ", 1)[1]
    assert "      by Jessica Trent, AP   https://riverside.example/" in riverside
    assert "      byline as printed: By Jessica Trent, Staff Writer\n" in riverside
    ap_copy = shown.split("] AP — ", 1)[1]
    assert "      byline as printed: The Associated Press\n" in ap_copy
    lakeside = shown.split("Lakeside Gazette — ", 1)[1]
    assert "by Karen Voss, AP" in lakeside
    # "Karen Voss" printed and parsed alike, but AP comes from elsewhere: printed too.
    assert "byline as printed: Karen Voss\n" in lakeside
    # Printed as parsed ("By" aside): said once.
    harbour = invoke(tmp_path, "show", "2")
    assert "      by Ann Lee   https://harbour.example/a" in harbour
    assert "byline as printed" not in harbour


def test_the_story_page_labels_the_byline_as_printed_beside_the_parsed_names(
    tmp_path: Path,
) -> None:
    _store(tmp_path, RIVERSIDE, AP_OWN)
    page = _web_page(tmp_path, "/story/1")
    assert "<dt>Byline as printed</dt><dd>By Jessica Trent, Staff Writer</dd>" in page
    assert "<dt>Authors</dt><dd>Jessica Trent</dd>" in page


# The agency's own page under its site's own name (review 47a, finding 6): apnews.com's
# og:site_name is "AP News", reuters.com's "Reuters.com". Dedup knows them by domain.
AP_NEWS = _copy(
    "AP News",
    "https://apnews.com/article/millbrook-floods",
    "2026-12-07T04:10:00+00:00",
    credits=["AP"],
    byline_raw="The Associated Press",
)


def test_the_origin_line_names_no_outlet_for_the_agencys_own_site(tmp_path: Path) -> None:
    _store(tmp_path, RIVERSIDE, AP_NEWS)
    first = invoke(tmp_path, "show", "1").splitlines()[1]
    assert first.startswith("Origin: AP   published 2026-12-07 04:10 UTC   earliest copy ")
    assert " on AP News" not in first
    page = _web_page(tmp_path, "/story/1")
    assert '<span>published <time datetime="2026-12-07T04:10:00+00:00">' in page
    assert " on AP News" not in page


def test_the_origin_line_names_no_outlet_for_reuters_com(tmp_path: Path) -> None:
    own = _copy(
        "Reuters.com",
        "https://www.reuters.com/world/millbrook-floods",
        "2026-12-07T04:10:00+00:00",
        credits=["Reuters"],
        byline_raw="Reuters",
    )
    _store(tmp_path, dict(RIVERSIDE, credits=["Reuters"]), own)
    first = invoke(tmp_path, "show", "1").splitlines()[1]
    assert first.startswith("Origin: Reuters   published 2026-12-07 04:10 UTC   ")
    assert " on Reuters.com" not in first


def test_a_byline_printed_with_by_and_a_colon_or_dash_is_said_once(tmp_path: Path) -> None:
    for n, raw in enumerate(("By: Ann Lee", "By - Ann Lee")):
        own = _copy(
            "Harbour Gazette",
            f"https://harbour.example/a{n}",
            "2026-12-07T04:00:00+00:00",
            headline=f"Harbour Gazette's own report {n}",
            body=[f"The harbour authority opened quay number {n} on Monday after two years."],
            authors=["Ann Lee"],
            byline_raw=raw,
        )
        _store(tmp_path, own)
    for story in ("1", "2"):
        shown = invoke(tmp_path, "show", story)
        assert "      by Ann Lee   https://harbour.example/a" in shown
        assert "byline as printed" not in shown
