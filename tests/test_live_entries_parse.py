"""A live blog's entries, each with its time and headline (``Article.live_entries``), and
its summary box (``Article.key_points``), read by ``aggregator.extract``;
test_live_entries_store.py stores them and reads them back through the CLI.

Stop 47's known limit: "Live blogs: each entry's time and the 'Key points' box are dropped
from the text." Each page below is shaped as a kind of live blog markup the trade uses:
entries in the page's JSON-LD (``LiveBlogPosting.liveBlogUpdate``), entries as blocks of
a list or of a column each holding a ``<time datetime>``, clocks printed without a day.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import aggregator
from aggregator.schema import Article

FETCHED = datetime(2026, 12, 1, 23, tzinfo=UTC)

_STORM = [
    "Storm Idris brought down power lines across the northern valleys overnight, and "
    "twelve thousand homes are still without electricity this morning.",
    "The grid operator said crews from three counties had been sent north and that most "
    "homes should be reconnected by the evening.",
    "Rail services between Marren and the coast are suspended until the line has been "
    "checked for fallen trees, the operator said.",
    "The Met Office has extended its amber wind warning for the coast until midnight, "
    "with gusts of up to ninety miles an hour expected.",
    "Schools in the valleys stay closed today; the county council said it would decide "
    "about tomorrow by four o'clock this afternoon.",
]


def _ld_script(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def _head(title: str, lang: str, *scripts: str) -> str:
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>{title}</title><meta property='og:title' content='{title}'>"
        f"{''.join(scripts)}</head><body><header><nav><a href='/'>Home</a> "
        "<a href='/news'>News</a> <a href='/sport'>Sport</a></nav></header>"
    )


_FOOT = "<footer><p>© 2026 The Tribune. All rights reserved.</p></footer></body></html>"


def guardian_like() -> str:
    """Entries in the page's JSON-LD and as blocks with a <time>; a "Key events" box of
    links to entries."""
    updates = [
        {
            "@type": "BlogPosting",
            "headline": headline,
            "datePublished": posted,
            "dateModified": posted,
            "articleBody": text,
            "url": f"https://tribune.example/live/storm-idris#block-{n}",
        }
        for n, (headline, posted, text) in enumerate(
            [
                ("Schools stay shut", "2026-12-01T09:40:00Z", _STORM[4]),
                ("Amber warning extended", "2026-12-01T08:15:00Z", _STORM[3]),
                ("Trains suspended", "2026-12-01T07:30:00Z", _STORM[2]),
                (None, "2026-12-01T06:05:00Z", _STORM[0] + "\n" + _STORM[1]),
            ]
        )
    ]
    for update in updates:
        if update["headline"] is None:
            del update["headline"]
    ld = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Storm Idris: thousands without power as rail lines close – live",
        "url": "https://tribune.example/live/storm-idris",
        "datePublished": "2026-12-01T06:00:00Z",
        "dateModified": "2026-12-01T09:40:00Z",
        "coverageStartTime": "2026-12-01T06:00:00Z",
        "author": {"@type": "Person", "name": "Jane Doe"},
        "liveBlogUpdate": updates,
    }
    blocks = "".join(
        f'<div id="block-{n}" class="block"><p class="block-time">'
        f'<time datetime="{u["datePublished"]}">{u["datePublished"][11:16]} GMT</time></p>'
        + (f"<h2>{u['headline']}</h2>" if "headline" in u else "")
        + "".join(f"<p>{p}</p>" for p in str(u["articleBody"]).split("\n"))
        + '<div class="share"><a href="#">Share</a></div></div>'
        for n, u in enumerate(updates)
    )
    return (
        _head("Storm Idris: thousands without power – live | The Tribune", "en", _ld_script(ld))
        + "<main><article><h1>Storm Idris: thousands without power as rail lines close – "
        "live</h1><p class='byline'>Jane Doe</p>"
        '<div class="key-events"><h2>Key events</h2><ul>'
        '<li><a href="#block-0">Schools stay shut</a></li>'
        '<li><a href="#block-1">Amber warning extended</a></li>'
        '<li><a href="#block-2">Trains suspended</a></li></ul></div>'
        f'<div class="blog-body">{blocks}</div></article></main>' + _FOOT
    )


def bbc_like() -> str:
    """A LiveBlogPosting declared without its updates; entries as articles in an ordered
    list, each with a <time datetime> and a heading; a "Summary" box of points."""
    ld = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Storm Idris: Power cuts and rail closures",
        "datePublished": "2026-12-01T05:55:00+00:00",
        "dateModified": "2026-12-01T09:45:00+00:00",
    }
    entries = [
        ("2026-12-01T09:45:00.000Z", "09:45", "Schools remain closed", [_STORM[4]]),
        ("2026-12-01T08:20:00.000Z", "08:20", "Warning extended to midnight", [_STORM[3]]),
        ("2026-12-01T07:35:00.000Z", "07:35", "No trains to the coast", [_STORM[2]]),
        ("2026-12-01T06:10:00.000Z", "06:10", "Thousands without power", _STORM[:2]),
    ]
    items = "".join(
        f'<li class="lx-stream__post-container"><article class="lx-stream-post">'
        f'<header><time class="lx-stream-post__meta-time" datetime="{stamp}">'
        f'<span class="qa-post-auto-meta">{shown}</span></time>'
        f'<h3 class="lx-stream-post__header-title">{title}</h3></header>'
        f'<div class="lx-stream-post-body">{"".join(f"<p>{p}</p>" for p in text)}</div>'
        "</article></li>"
        for stamp, shown, title, text in entries
    )
    return (
        _head("Storm Idris: Power cuts and rail closures - BBC-like News", "en-GB", _ld_script(ld))
        + "<main id='main-content'><h1>Storm Idris: Power cuts and rail closures</h1>"
        '<section class="lx-c-summary-points"><h2>Summary</h2><ul>'
        "<li>Twelve thousand homes are without power in the northern valleys</li>"
        "<li>Trains between Marren and the coast are suspended</li>"
        "<li>An amber wind warning is in force until midnight</li></ul></section>"
        f'<div class="lx-stream"><ol class="lx-stream__feed">{items}</ol></div></main>' + _FOOT
    )


def cnn_like() -> str:
    """Entries as divs in a column, each with a <time> printed in US Eastern time, a
    headline and paragraphs; a "What we know" box; a byline's own time at the top."""
    ld = {
        "@context": "https://schema.org",
        "@type": ["LiveBlogPosting"],
        "headline": "Live updates: Storm Idris hits the northern valleys",
        "datePublished": "2026-12-01T01:00:00-05:00",
        "dateModified": "2026-12-01T04:40:00-05:00",
    }
    posts = [
        (
            "2026-12-01T04:40:00-05:00",
            "4:40 a.m. ET",
            "Schools closed across the valleys",
            [_STORM[4]],
        ),
        ("2026-12-01T03:15:00-05:00", "3:15 a.m. ET", "Wind warning extended", [_STORM[3]]),
        ("2026-12-01T02:30:00-05:00", "2:30 a.m. ET", "Rail line closed", [_STORM[2]]),
        ("2026-12-01T01:05:00-05:00", "1:05 a.m. ET", "Power out for thousands", _STORM[:2]),
    ]
    column = "".join(
        f'<div class="live-story-post" data-post-id="p{n}"><header>'
        f'<div class="live-story-post__timestamp"><time datetime="{stamp}">{shown}</time></div>'
        f'<h2 class="live-story-post__headline">{title}</h2></header>'
        + "".join(f"<p class='paragraph'>{p}</p>" for p in text)
        + '<div class="live-story-post__byline">From staff reports</div></div>'
        for n, (stamp, shown, title, text) in enumerate(posts)
    )
    return (
        _head("Live updates: Storm Idris | CNN-like", "en", _ld_script(ld))
        + "<main><article class='live-story'><h1>Live updates: Storm Idris hits the northern "
        "valleys</h1><div class='byline'>By Jane Doe · Updated "
        "<time datetime='2026-12-01T04:40:00-05:00'>4:40 AM EST, Tue December 1, 2026</time>"
        "</div><div class='live-story__what-we-know'><h2>What we know so far:</h2><ul>"
        "<li>Power lines are down across the northern valleys.</li>"
        "<li>Rail services to the coast are suspended.</li></ul></div>"
        f"<div class='live-story__posts'>{column}</div></article></main>" + _FOOT
    )


def german_ticker() -> str:
    """A German live ticker whose entries print a clock only ("14:05 Uhr", datetime="14:05"):
    each is that clock on the page's day, in the page's offset (+01:00); "Das Wichtigste"."""
    ld = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Sturm Idris: Stromausfälle und Zugausfälle im Norden",
        "datePublished": "2026-12-01T07:00:00+01:00",
        "dateModified": "2026-12-01T15:30:00+01:00",
    }
    texts = [
        "Die Schulen in den Tälern bleiben heute geschlossen, teilte der Landkreis mit; über "
        "morgen will er bis zum Nachmittag entscheiden.",
        "Der Wetterdienst hat die Unwetterwarnung für die Küste bis Mitternacht verlängert, "
        "es werden Böen bis 140 Kilometer pro Stunde erwartet.",
        "Der Zugverkehr zwischen Marren und der Küste ist eingestellt, bis die Strecke auf "
        "umgestürzte Bäume geprüft ist, sagte die Bahn.",
        "Sturm Idris hat in der Nacht Stromleitungen in den nördlichen Tälern umgerissen, "
        "zwölftausend Haushalte sind noch ohne Strom.",
    ]
    clocks = ["15:30", "12:10", "09:45", "07:05"]
    entries = "".join(
        f'<article class="ticker-eintrag"><div class="ticker-eintrag__zeit">'
        f'<time datetime="{clock}">{clock} Uhr</time></div><p>{text}</p></article>'
        for clock, text in zip(clocks, texts, strict=True)
    )
    return (
        _head("Sturm Idris: Der Liveticker | Tageblatt", "de", _ld_script(ld))
        + "<main><article><h1>Sturm Idris: Stromausfälle und Zugausfälle im Norden</h1>"
        "<div class='autor'>Von Anna Müller</div>"
        "<section class='box'><h3>Das Wichtigste in Kürze</h3><ul>"
        "<li>Zwölftausend Haushalte ohne Strom</li><li>Zugverkehr zur Küste eingestellt</li>"
        "<li>Unwetterwarnung bis Mitternacht</li></ul></section>"
        f"<div class='ticker'>{entries}</div></article></main>" + _FOOT
    )


def ordinary_article() -> str:
    """A news article with a <time> in its byline and a "Summary" box: no live blog."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Storm Idris leaves thousands without power",
        "datePublished": "2026-12-01T06:00:00Z",
    }
    return (
        _head("Storm Idris leaves thousands without power", "en", _ld_script(ld))
        + "<main><article><h1>Storm Idris leaves thousands without power</h1>"
        "<p class='byline'>By Jane Doe, <time datetime='2026-12-01T06:00:00Z'>1 December"
        "</time></p><div class='summary'><h2>Summary</h2><ul><li>Power cuts</li></ul></div>"
        + "".join(f"<p>{p}</p>" for p in _STORM)
        + "</article></main>"
        + _FOOT
    )


URL = "https://tribune.example/live/{}"


def _extract(name: str, html: str) -> Article:
    return aggregator.extract(html, URL.format(name), source="tribune", fetched_at=FETCHED)


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_entries_from_the_pages_json_ld() -> None:
    article = _extract("guardian", guardian_like())
    assert article.kind == "liveblog"
    entries = article.live_entries
    assert [e.posted_at for e in entries] == [
        _utc("2026-12-01T09:40:00Z"),
        _utc("2026-12-01T08:15:00Z"),
        _utc("2026-12-01T07:30:00Z"),
        _utc("2026-12-01T06:05:00Z"),
    ]
    assert [e.headline for e in entries] == [
        "Schools stay shut",
        "Amber warning extended",
        "Trains suspended",
        None,
    ]
    assert entries[3].paragraphs == _STORM[:2]
    assert entries[0].paragraphs == [_STORM[4]]
    assert article.provenance["live_entries"] == "json-ld"
    assert article.key_points == ["Schools stay shut", "Amber warning extended", "Trains suspended"]


def test_entries_as_articles_of_a_list_each_with_its_time() -> None:
    article = _extract("bbc", bbc_like())
    assert [(e.posted_at, e.headline) for e in article.live_entries] == [
        (_utc("2026-12-01T09:45:00Z"), "Schools remain closed"),
        (_utc("2026-12-01T08:20:00Z"), "Warning extended to midnight"),
        (_utc("2026-12-01T07:35:00Z"), "No trains to the coast"),
        (_utc("2026-12-01T06:10:00Z"), "Thousands without power"),
    ]
    assert article.live_entries[3].paragraphs == _STORM[:2]
    assert article.provenance["live_entries"] == "time-blocks"
    assert article.key_points == [
        "Twelve thousand homes are without power in the northern valleys",
        "Trains between Marren and the coast are suspended",
        "An amber wind warning is in force until midnight",
    ]


def test_entries_as_divs_of_a_column_in_us_eastern_time() -> None:
    article = _extract("cnn", cnn_like())
    assert [(e.posted_at, e.headline) for e in article.live_entries] == [
        (_utc("2026-12-01T09:40:00Z"), "Schools closed across the valleys"),
        (_utc("2026-12-01T08:15:00Z"), "Wind warning extended"),
        (_utc("2026-12-01T07:30:00Z"), "Rail line closed"),
        (_utc("2026-12-01T06:05:00Z"), "Power out for thousands"),
    ]
    assert [e.paragraphs for e in article.live_entries] == [
        [_STORM[4]],
        [_STORM[3]],
        [_STORM[2]],
        _STORM[:2],
    ]
    assert article.key_points == [
        "Power lines are down across the northern valleys.",
        "Rail services to the coast are suspended.",
    ]


def test_a_clock_without_a_day_is_on_the_pages_day_in_its_offset() -> None:
    article = _extract("ticker", german_ticker())
    assert [e.posted_at for e in article.live_entries] == [
        _utc("2026-12-01T15:30:00+01:00"),
        _utc("2026-12-01T12:10:00+01:00"),
        _utc("2026-12-01T09:45:00+01:00"),
        _utc("2026-12-01T07:05:00+01:00"),
    ]
    assert all(e.headline is None and len(e.paragraphs) == 1 for e in article.live_entries)
    assert article.key_points == [
        "Zwölftausend Haushalte ohne Strom",
        "Zugverkehr zur Küste eingestellt",
        "Unwetterwarnung bis Mitternacht",
    ]


def test_the_body_still_reads_every_entry_in_order_without_the_box() -> None:
    for name, page in (("bbc", bbc_like()), ("cnn", cnn_like()), ("guardian", guardian_like())):
        article = _extract(name, page)
        held = [p for entry in article.live_entries for p in entry.paragraphs]
        assert [p for p in article.body if p in held] == held, name
    for name, page in (("bbc", bbc_like()), ("cnn", cnn_like()), ("ticker", german_ticker())):
        article = _extract(name, page)
        assert article.key_points, name
        assert not set(article.key_points) & set(article.body), name


def test_an_ordinary_article_has_no_entries_nor_key_points() -> None:
    article = _extract("article", ordinary_article())
    assert article.kind == "article"
    assert article.live_entries == []
    assert article.key_points == []
    assert "live_entries" not in article.provenance


def test_entries_survive_to_dict_and_back() -> None:
    article = _extract("bbc", bbc_like())
    data = json.loads(json.dumps(article.to_dict()))
    assert data["live_entries"][0]["posted_at"] == "2026-12-01T09:45:00+00:00"
    assert Article.from_dict(data) == article


def test_a_bold_summary_word_in_a_paragraph_is_no_key_points_heading() -> None:
    page = german_ticker().replace(
        "<section class='box'><h3>Das Wichtigste in Kürze</h3>",
        "<section class='box'><p><b>Das Wichtigste</b> steht in der Liste unten, sagte der "
        "Landkreis am Morgen.</p>",
    )
    assert _extract("ticker-bold", page).key_points == []
    boxed = german_ticker().replace(
        "<h3>Das Wichtigste in Kürze</h3>", "<p><b>Das Wichtigste</b></p>"
    )
    assert len(_extract("ticker-boxed", boxed).key_points) == 3


def test_a_clock_before_the_blog_opened_is_on_the_next_day() -> None:
    page = (
        german_ticker()
        .replace("2026-12-01T07:00:00+01:00", "2026-11-30T21:00:00+01:00")
        .replace('datetime="07:05">07:05', 'datetime="21:05">21:05')
        .replace('datetime="09:45">09:45', 'datetime="23:45">23:45')
        .replace('datetime="12:10">12:10', 'datetime="00:10">00:10')
    )
    article = _extract("ticker-night", page)
    assert [e.posted_at for e in article.live_entries] == [
        _utc("2026-12-01T15:30:00+01:00"),
        _utc("2026-12-01T00:10:00+01:00"),
        _utc("2026-11-30T23:45:00+01:00"),
        _utc("2026-11-30T21:05:00+01:00"),
    ]


def test_json_ld_updates_of_broken_shapes_are_passed_over() -> None:
    broken = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Storm Idris live",
        "datePublished": "2026-12-01T06:00:00Z",
        "liveBlogUpdate": [
            "not an update",
            {"@type": "BlogPosting", "headline": 42, "articleBody": ["a list"]},
            {"@type": "BlogPosting", "datePublished": "soon", "articleBody": _STORM[0]},
            {"@type": "BlogPosting", "datePublished": {"@value": 1}, "headline": "Lines down"},
        ],
    }
    page = _head("Storm Idris live", "en", _ld_script(broken)) + (
        "<main><article><h1>Storm Idris live</h1>"
        + "".join(f"<p>{p}</p>" for p in _STORM)
        + "</article></main>"
        + _FOOT
    )
    entries = _extract("broken", page).live_entries
    assert [(e.posted_at, e.headline, e.paragraphs) for e in entries] == [
        (None, None, [_STORM[0]]),
        (None, "Lines down", []),
    ]


def guardian_key_events() -> str:
    """A Guardian-like blog without updates in its JSON-LD: a "Key events" box whose items
    link to entries and print their times (<time> in each <li>, one more item than the
    page holds entries: the fourth is on the blog's next page), then the entries, each an
    <article> with its <time>, heading and paragraphs (review 48a F3)."""
    ld = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Storm Idris live: rail lines close as thousands lose power",
        "datePublished": "2026-12-01T06:00:00Z",
        "dateModified": "2026-12-01T09:40:00Z",
    }
    entries = [
        ("2026-12-01T09:40:00Z", "Schools stay shut", [_STORM[4]]),
        ("2026-12-01T08:15:00Z", "Amber warning extended", [_STORM[3]]),
        ("2026-12-01T07:30:00Z", "Trains suspended", [_STORM[2]]),
    ]
    events = [*entries, ("2026-12-01T06:05:00Z", "Thousands without power", [])]
    box = "".join(
        f'<li class="key-event"><a href="?page=with:block-{n}#block-{n}">'
        f'<time datetime="{stamp}">{stamp[11:16].replace(":", ".")} GMT</time> '
        f'<span class="key-event__title">{title}</span></a></li>'
        for n, (stamp, title, _) in enumerate(events)
    )
    column = "".join(
        f'<article id="block-{n}" class="block"><header class="block-header">'
        f'<time datetime="{stamp}">{stamp[11:16].replace(":", ".")} GMT</time> '
        f"<h2>{title}</h2></header>" + "".join(f"<p>{p}</p>" for p in text) + "</article>"
        for n, (stamp, title, text) in enumerate(entries)
    )
    return (
        _head("Storm Idris live: rail lines close | The Tribune", "en-GB", _ld_script(ld))
        + "<main><article><h1>Storm Idris live: rail lines close as thousands lose power</h1>"
        "<p class='byline'>Jane Doe</p><div class='key-events'><h2>Key events</h2>"
        f"<ul>{box}</ul></div><div class='blog-body'>{column}</div>"
        "<p class='pager'><a href='?page=2'>Older posts</a></p></article></main>" + _FOOT
    )


def test_a_timed_key_events_box_is_not_taken_for_the_entries() -> None:
    article = _extract("key-events", guardian_key_events())
    assert [(e.posted_at, e.headline, e.paragraphs) for e in article.live_entries] == [
        (_utc("2026-12-01T09:40:00Z"), "Schools stay shut", [_STORM[4]]),
        (_utc("2026-12-01T08:15:00Z"), "Amber warning extended", [_STORM[3]]),
        (_utc("2026-12-01T07:30:00Z"), "Trains suspended", [_STORM[2]]),
    ]
    assert article.provenance["live_entries"] == "time-blocks"
    assert article.key_points == [
        "09.40 GMT Schools stay shut",
        "08.15 GMT Amber warning extended",
        "07.30 GMT Trains suspended",
        "06.05 GMT Thousands without power",
    ]


def test_a_clock_is_never_after_the_fetch() -> None:
    """A blog whose datePublished is its latest post (00:30, past midnight), its earlier
    entries printing the clocks of the evening before (review 48a F4: 23:15 was read on
    the published day, in the future)."""
    ld = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "Sturm über Norddeutschland – der Liveblog",
        "datePublished": "2026-12-02T00:30:00+01:00",
        "dateModified": "2026-12-02T00:40:00+01:00",
    }
    posts = [("00:30", "Deich in Büsum hält"), ("23:15", "Bahn stellt Verkehr ein"),
             ("22:05", "Erste Böen an der Küste")]  # fmt: skip
    column = "".join(
        f'<div class="entry"><time>{clock}</time><h3>{title}</h3><p>{text}</p></div>'
        for (clock, title), text in zip(posts, _STORM, strict=False)
    )
    page = _head("Sturm über Norddeutschland – der Liveblog", "de", _ld_script(ld)) + (
        "<main><article><h1>Sturm über Norddeutschland – der Liveblog</h1>"
        f"<p class='byline'>Von Jana Holm</p><div class='entries'>{column}</div>"
        "</article></main>" + _FOOT
    )
    fetched = _utc("2026-12-02T00:45:00+01:00")
    article = aggregator.extract(page, URL.format("night"), source="tribune", fetched_at=fetched)
    assert [e.posted_at for e in article.live_entries] == [
        _utc("2026-12-02T00:30:00+01:00"),
        _utc("2026-12-01T23:15:00+01:00"),
        _utc("2026-12-01T22:05:00+01:00"),
    ]
    assert all(e.posted_at and e.posted_at <= fetched for e in article.live_entries)
