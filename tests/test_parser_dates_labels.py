"""A publication line and an update line in an article's header, by label and language
(round 17).

Every page goes through ``aggregator.extract``, fetched on 5 December 2026 at 18:00 UTC.
Each table holds the cases a step must change (they fail on the code before it) beside
the ones that were right already and must stay so.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator import extract
from aggregator.schema import Article

FETCHED = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)
URL = "https://www.gazette.com/politics/council-approves-budget"
_TEXT = (
    "<p>The council voted on Tuesday to approve a budget after months of talks about "
    "the costs of the new tram line and the repairs to the old bridge.</p>"
) * 4


def _page(top: str, lang: str = "en") -> str:
    """A news page: a site header, the article (headline, ``top``, its text), a footer."""
    return (
        f'<html lang="{lang}"><head><title>Council approves budget</title></head><body>'
        '<header class="site-header"><nav><a href="/">Home</a><a href="/news">News</a>'
        '<a href="/sport">Sport</a></nav></header>'
        f"<main><article><h1>Council approves transport budget</h1>{top}{_TEXT}</article>"
        "</main><footer><p>© 2026 Gazette Media</p></footer></body></html>"
    )


def _extract(top: str, lang: str = "en") -> Article:
    return extract(_page(top, lang), URL, fetched_at=FETCHED)


def _days(art: Article) -> tuple[str | None, str | None]:
    """The publication's and the update's day as the page prints them."""
    published = art.published_local or art.published_at
    updated = art.updated_local or art.updated_at
    return (
        published.date().isoformat() if published else None,
        updated.date().isoformat() if updated else None,
    )


# --- 1. Japanese and Chinese update labels written as one word with what follows ----------
# "更新日", "最終更新日", "更新时间", "更新時間", "更新于": "更新" was a label only where no
# letter followed it, so the update went unread (the publication was read).


@pytest.mark.parametrize(
    ("top", "lang"),
    [
        ("<div>公開日 2026年12月4日</div><div>更新日 2026年12月5日</div>", "ja"),
        ("<div>公開日 2026年12月4日 更新日 2026年12月5日</div>", "ja"),
        ("<p>公開日：2026年12月4日 09:15 更新日：2026年12月5日 16:30</p>", "ja"),
        ("<div>公開日：2026年12月4日</div><p>最終更新日：2026年12月5日</p>", "ja"),
        ("<div>掲載日 2026年12月4日</div><div>更新日時 2026年12月5日 16:30</div>", "ja"),
        ("<div>发布时间：2026-12-04 09:15 更新时间：2026-12-05 16:30</div>", "zh"),
        ("<div>发布时间：2026-12-04 09:15</div><div>更新时间：2026-12-05 16:30</div>", "zh"),
        ("<div>发布时间：2026-12-04 09:15</div><div>更新于 2026-12-05 16:30</div>", "zh"),
        ("<div>發佈時間：2026-12-04 09:15 更新時間：2026-12-05 16:30</div>", "zh-Hant"),
    ],
)
def test_a_japanese_or_chinese_update_label_gives_the_update(top: str, lang: str) -> None:
    assert _days(_extract(top, lang)) == ("2026-12-04", "2026-12-05")


@pytest.mark.parametrize(
    ("top", "lang", "days"),
    [
        # Right before the step, and still: the bare label, a label of a word of its own.
        (
            "<div>公開日 2026年12月4日</div><div>更新 2026年12月5日</div>",
            "ja",
            ("2026-12-04", "2026-12-05"),
        ),
        # "更新日程" (the update's schedule) is no label: a sentence's date is no update.
        (
            "<div>发布时间：2026-12-04 09:15</div><p>系统更新日程将于2026年12月9日公布。</p>",
            "zh",
            ("2026-12-04", None),
        ),
    ],
)
def test_what_is_no_japanese_or_chinese_update_label_stays_as_it_was(
    top: str, lang: str, days: tuple[str | None, str | None]
) -> None:
    assert _days(_extract(top, lang)) == days
