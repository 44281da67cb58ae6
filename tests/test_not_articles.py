"""Pages that are not articles (round 13): soft 404s, consent interstitials, section
fronts, tag, topic, author and search pages, paginated archives are refused as
``RejectedPage`` with a reason naming the kind, and never stored; articles of a similar
shape are stored.

Hand-made pages through the crawl's own path (``prepare_article``, as the pipeline
calls it) and one crawl of a small 127.0.0.1 site.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pageserver import PageServer, crawl_feed

from aggregator import extract
from aggregator.config import BoilerplateSettings, parse_config
from aggregator.parser.fields import extract_parsed
from aggregator.parser.for_source import RejectedPage, prepare_article
from aggregator.parser.page_kind import page_kind_problem
from aggregator.schema import Article, FetchedPage

SOURCE = parse_config(
    "sources: [{name: coast, feeds: ['https://coast.example/feed.xml']}]"
).sources[0]
_URL = "https://www.coastgazette.example/news/2024/09/12/storm-surge-warning"

_STORIES = (
    ("Storm surge warning issued for the bay", "The weather service expects water to rise."),
    ("Council approves harbour budget", "The 9-4 vote ends a month of wrangling."),
    ("Ferry service cut for the winter", "Two crossings a day will run until March."),
    ("New school opens on the hill", "Four hundred pupils started lessons on Monday."),
    ("Fishing fleet lands record catch", "Mackerel prices fell by a third at the quay."),
    ("Lighthouse keeper retires after 40 years", "Tom Reed climbed the stairs a last time."),
    ("Coast road closed by landslip", "Engineers say repairs will take six weeks."),
    ("Library extends its opening hours", "The branch will open on Sundays from May."),
)
_PROSE = (
    "The weather service issued a storm surge warning for the bay on Thursday, saying water "
    "could rise up to 1.5 metres above normal high tide on Friday.",
    "City officials opened two shelters and asked residents of ground-floor flats near the "
    "water to move their cars and valuables to higher ground.",
    '"People should be ready to leave at short notice," emergency manager Carol Dunn said.',
)


def _teasers(tag: str = "h2", n: int = 8, wrap: str = "article") -> str:
    return "".join(
        f'<{wrap} class="teaser"><{tag}><a href="/news/2024/09/{i:02d}/story-{i}">{headline}</a>'
        f'</{tag}><time>12 Sep 2024</time><p class="excerpt">{excerpt}</p></{wrap}>'
        for i, (headline, excerpt) in enumerate(_STORIES[:n], 1)
    )


def _page(title: str, body: str, head: str = "", h1: str | None = None) -> str:
    heading = f"<h1>{h1 if h1 is not None else title}</h1>" if h1 != "" else ""
    return (
        f"<html><head><title>{title} | The Coast Gazette</title>{head}</head><body>"
        '<header><nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/sport/">Sport</a>'
        f"</nav></header><main>{heading}{body}</main>"
        "<footer><p>The Coast Gazette, 1 Quay Street. All rights reserved since 1887.</p></footer>"
        "</body></html>"
    )


def _ld(obj: dict[str, object]) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def _og(kind: str) -> str:
    return f'<meta property="og:type" content="{kind}">'


def _fetched(html: str, url: str = _URL) -> FetchedPage:
    return FetchedPage(
        url=url, source="coast", html=html.encode(), fetched_at=datetime(2026, 3, 1, tzinfo=UTC)
    )


def _refusal(html: str, url: str = _URL) -> str:
    with pytest.raises(RejectedPage) as caught:
        prepare_article(_fetched(html, url), SOURCE, BoilerplateSettings(), None)
    return str(caught.value)


_RELATED = "<h3>Related stories</h3>" + _teasers("h3", 4, "div")

NOT_ARTICLES = {
    "soft 404 with related stories": (
        _page(
            "Page not found",
            "<p>Sorry, we can't find that.</p>" + _RELATED,
            _og("website"),
            h1="Oops! Page not found",
        ),
        "a soft 404 page ('Page not found')",
    ),
    "soft 404, German, title only": (
        _page("Seite nicht gefunden", "<p>Zur Startseite</p>", h1=""),
        "a soft 404 page ('Seite nicht gefunden')",
    ),
    "soft 404, French h1": (
        _page("Erreur", "<p>Retour à l'accueil</p>", h1="Page introuvable"),
        "a soft 404 page ('Page introuvable')",
    ),
    "soft 404, Spanish title with 404": (
        _page("Error 404 - Página no encontrada", "<p>Volver</p>", h1=""),
        "a soft 404 page ('Error 404 - Página no encontrada')",
    ),
    "soft 404, Japanese h1": (
        _page("エラー", "<p>トップページへ</p>", h1="お探しのページは見つかりませんでした"),
        "a soft 404 page ('お探しのページは見つかりませんでした')",
    ),
    "consent interstitial": (
        _page(
            "Before you continue",
            "<p>We and our partners use cookies and data to deliver and maintain our services, "
            "measure audience engagement and show personalised ads.</p>"
            "<button>Accept all</button><button>Reject all</button>",
        ),
        "a consent page ('Before you continue')",
    ),
    "tag page (Yoast CollectionPage)": (
        _page(
            "Harbour",
            "<p>Stories tagged harbour.</p>" + _teasers(),
            _og("website")
            + _ld(
                {
                    "@context": "https://schema.org",
                    "@graph": [
                        {"@type": "CollectionPage", "@id": "https://coast.example/tag/harbour/"},
                        {"@type": "WebSite", "name": "The Coast Gazette"},
                    ],
                }
            ),
        ),
        "a listing page: its JSON-LD says CollectionPage",
    ),
    "search results": (
        _page(
            "Search results for “ferry”",
            _teasers("h3", 5),
            _ld({"@context": "https://schema.org", "@type": "SearchResultsPage"}),
        ),
        "a listing page: its JSON-LD says SearchResultsPage",
    ),
    "author page (ProfilePage)": (
        _page(
            "Carol Dunn",
            "<p>Carol covers the harbour.</p>" + _teasers("h3", 4),
            _ld({"@context": "https://schema.org", "@type": "ProfilePage"}),
        ),
        "a listing page: its JSON-LD says ProfilePage",
    ),
    "author page (og:type profile)": (
        _page("Tom Reed", _teasers("h3", 4), _og("profile")),
        "a listing page: og:type says profile (an author page)",
    ),
    "section front, no metadata": (
        _page("News", _teasers()),
        "a listing page: 8 teasers and no paragraph of article prose",
    ),
    "soft 404, site name first in the title": (
        "<html><head><title>The Coast Gazette - Page not found</title></head><body>"
        "<main><h2>Sorry</h2><p>Try the search box.</p></main></body></html>",
        "a soft 404 page ('Page not found')",
    ),
    # A WordPress archive: each teaser an <article> whose headline stands in its own
    # <header>, the excerpt in a <div>, no metadata.
    "blog archive": (
        _page(
            "Category: Harbour",
            "".join(
                f'<article class="post"><header class="entry-header"><h2 class="entry-title">'
                f'<a href="/{i}/">{h}</a></h2></header><div class="entry-summary"><p>{e}</p>'
                f'</div><footer class="entry-footer">Posted in Harbour</footer></article>'
                for i, (h, e) in enumerate(_STORIES, 1)
            ),
        ),
        "a listing page: 8 teasers and no paragraph of article prose",
    ),
    # The h1 is no headline of its own: the title without the site's name decides.
    "soft 404 whose h1 is an exclamation": (
        _page("Page not found", "<p>Sorry, we can't find that.</p>" + _RELATED, h1="Oops!"),
        "a soft 404 page ('Page not found')",
    ),
    "paginated archive": (
        _page(
            "Archive, page 3",
            f'<ul class="archive">{_teasers("h3", 6, "li")}</ul>'
            '<a rel="prev" href="/archive/page/2/">Newer</a>',
            _og("website"),
        ),
        "a listing page: 6 teasers and no paragraph of article prose",
    ),
}


# The live QA's pages (stop 47, F1 and F7): a section front's intro line and an author's
# bio above cards (a headline link and a summary each) whose summaries the body takes;
# OneTrust's dialog served as the page, its one heading an h2.
_CMP_TEXT = (
    "<p>We and our 842 partners store and access information on your device, such as "
    "cookies, and process personal data for personalised ads and content, measurement and "
    "audience research.</p>"
)


def _cards(n: int = 9, dek: str = "Crews worked through the night.") -> str:
    return "".join(
        f'<div class="card"><h3><a href="/news/2026/12/{i:02d}/storm-clean-up-{i}/">Storm '
        f"clean-up continues in district {i} as crews work</a></h3><p>{dek}</p></div>"
        for i in range(1, n + 1)
    )


NOT_ARTICLES.update(
    {
        "section front with an intro line": (
            _page(
                "World news",
                "<p>The latest world news, analysis and opinion from Harbor Tribune "
                "correspondents around the globe.</p>" + _cards(),
                h1="World",
            ),
            "a listing page: 9 of the body's 10 paragraphs stand in its 9 teasers",
        ),
        "author page with a bio": (
            _page(
                "Maya Lindqvist",
                "<p>Maya Lindqvist is the weather and climate correspondent. She joined in "
                "2019.</p><h2>Latest</h2>" + _cards(),
            ),
            "a listing page: 9 of the body's 11 paragraphs stand in its 9 teasers",
        ),
        "author page with a bio the walk leaves out": (
            _page(
                "Maya Lindqvist",
                '<p class="bio">Maya Lindqvist is the Harbor Tribune\'s weather and climate '
                "correspondent. She joined the paper in 2019 after ten years at regional "
                "broadcasters.</p><h2>Latest from Maya Lindqvist</h2>" + _cards(8),
            ),
            "a listing page: 8 of the body's 9 paragraphs stand in its 8 teasers",
        ),
        "consent dialog whose one heading is an h2": (
            "<html><head><title>Harbor Tribune | Harbor Tribune</title></head><body>"
            f'<div class="cmp"><h2>We value your privacy</h2>{_CMP_TEXT}'
            "<button>Accept all</button><button>Manage options</button></div></body></html>",
            "a consent page ('We value your privacy')",
        ),
    }
)


@pytest.mark.parametrize("name", NOT_ARTICLES)
def test_a_page_that_is_no_article_is_refused_naming_its_kind(name: str) -> None:
    html, reason = NOT_ARTICLES[name]
    assert _refusal(html) == f"{_URL}: {reason}"


def test_onetrusts_dialog_as_the_page_is_a_consent_page_by_its_h2() -> None:
    # The crawl refuses this one as "no article text found" (the dialog's text is no
    # body); the page-kind check names it all the same, as it does an h1's or a title's.
    html = (
        '<html><head><title>Harbor Tribune</title></head><body><div id="onetrust-consent-sdk">'
        '<div class="ot-sdk-container"><h2 id="onetrust-policy-title">We value your privacy'
        f"</h2>{_CMP_TEXT}<button>Accept all</button></div></div></body></html>"
    )
    article, page = extract_parsed(html, _URL)
    assert page is not None
    assert page_kind_problem(page, article) == "a consent page ('We value your privacy')"


def test_extract_still_returns_an_article_for_such_a_page() -> None:
    """The public promise: ``aggregator.extract`` gives an Article for any page."""
    html, _ = NOT_ARTICLES["section front, no metadata"]
    article = extract(html, _URL)
    assert isinstance(article, Article)
    assert article.headline.startswith("News")


_NEWS_LD = _ld(
    {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Storm surge warning issued for the bay",
        "datePublished": "2024-09-12T08:00:00Z",
    }
)

ARTICLES = {
    # One paragraph of prose above many related links, on a small CMS: no metadata.
    "short article with many related links": _page(
        "Storm surge warning issued for the bay",
        f"<p>{_PROSE[0]}</p>" + "<h2>More news</h2>" + _teasers("h3", 8, "div"),
    ),
    # og:type "website" on every page, as small CMSs write it.
    "article whose og:type is website": _page(
        "Storm surge warning issued for the bay",
        "".join(f"<p>{p}</p>" for p in _PROSE) + _RELATED,
        _og("website"),
    ),
    # Entries under headings that are no links, each a paragraph.
    "live blog": _page(
        "Storm surge: live updates",
        "".join(
            f'<div class="entry"><h3>{h}</h3><time>09:{i}0</time><p>{p}</p></div>'
            for i, (h, p) in enumerate(
                zip(("Shelters open", "Roads", "Ferries"), _PROSE, strict=True)
            )
        ),
    ),
    # A live blog that says so: its metadata alone keeps it.
    "live blog with LiveBlogPosting metadata": _page(
        "Storm surge: live updates",
        _teasers("h3", 8, "div"),
        _ld({"@context": "https://schema.org", "@type": "LiveBlogPosting"}),
    ),
    "gallery with a paragraph": _page(
        "In pictures: the storm hits the bay",
        f"<p>{_PROSE[1]}</p>"
        + "".join(
            f'<figure><img src="/p{i}.jpg"><figcaption>Waves on the quay, picture {i}'
            "</figcaption></figure>"
            for i in range(8)
        )
        + _teasers("h3", 4, "div"),
    ),
    # Items under linked headings, each with prose of its own.
    "listicle": _page(
        "Eight places to see on the coast",
        "".join(
            f'<section><h2><a href="https://places.example/{i}">{i}. {h}</a></h2>'
            f"<p>{_PROSE[0]}</p><p>{_PROSE[1]}</p></section>"
            for i, (h, _) in enumerate(_STORIES, 1)
        ),
    ),
    "listicle of headings and paragraphs side by side": _page(
        "Eight places to see on the coast",
        "".join(
            f'<h2><a href="https://places.example/{i}">{i}. {h}</a></h2><p>{_PROSE[2]}</p>'
            for i, (h, _) in enumerate(_STORIES, 1)
        ),
    ),
    # A page whose metadata says CollectionPage but that has a text of its own (a
    # company's product category) is stored: when in doubt, store.
    "category page with a text of its own": _page(
        "Our yoghurts",
        "".join(f"<p>{p}</p>" for p in _PROSE),
        _ld({"@context": "https://schema.org", "@type": "CollectionPage"}),
    ),
    # Headlines that merely mention an error.
    "article about a 404 error": _page(
        "Page not found: the web's lost links",
        "".join(f"<p>{p}</p>" for p in _PROSE),
    ),
    # A phrase in the middle of the title is the headline's.
    "article titled with the phrase in the middle": (
        "<html><head><title>Missing hiker - Not found | The Coast Gazette</title></head><body>"
        f"<main><h1>Missing hiker - Not found</h1><p>{_PROSE[0]}</p></main></body></html>"
    ),
    # Article metadata wins over everything: a NewsArticle whose headline is a phrase.
    "NewsArticle titled like an error page": _page(
        "Page not found", "".join(f"<p>{p}</p>" for p in _PROSE), _NEWS_LD
    ),
    "article with a published time, above a teaser list": _page(
        "Storm surge warning issued for the bay",
        f"<p>{_PROSE[2]}</p>" + _teasers(),
        '<meta property="article:published_time" content="2024-09-12T08:00:00Z">',
    ),
}


# The review's repros (round 13): real articles of a small CMS (og:type "website" on
# every page) that the check refused. An article of short paragraphs is no listing;
# a headline that is, or whose title starts with, an error or consent phrase is no
# error or consent page when the page holds an article's prose of its own.
def _herald(title: str, body: str, h1: str | None = None) -> str:
    return (
        f"<html><head><title>{title} | Smalltown Herald</title>{_og('website')}</head>"
        f"<body><h1>{title if h1 is None else h1}</h1><main>{body}</main></body></html>"
    )


def _linked_h3s(n: int, wrap: str = "div") -> str:
    return "".join(
        f'<{wrap}><h3><a href="/news/2024/09/0{i}/s{i}">Related story headline number {i}</a>'
        f"</h3></{wrap}>"
        for i in range(1, n + 1)
    )


_HERALD_RELATED = "<h3>Related</h3>" + _linked_h3s(4)
_SHORT_PARAGRAPHS = (
    "The Smalltown school board voted 4-1 on Monday to close Elm Street School.",
    "The school, built in 1931, has 140 pupils and needs a new roof and boiler.",
    "Pupils will move to Oak Hill Elementary at the start of the next school year.",
    "Parents packed the meeting and several spoke against the closure plan.",
    '"This school is the heart of our street," said parent Ana Ruiz.',
    "Superintendent Paul Grant said repairs would cost $3.2 million.",
    "The board will vote on the sale of the building in January.",
)
_OBITUARY = (
    "Mary Ellen Smith, 87, of Smalltown, died peacefully on Sept. 10, 2024.",
    "She was born in Millbrook in 1937 and taught piano for fifty years.",
    "She is survived by her three children and seven grandchildren.",
    "A memorial service will be held Saturday at First Methodist Church.",
    "Donations may be made to the Smalltown Public Library in her memory.",
)
_CHINESE = (
    "县政府周二宣布，将投入两千万元修缮城区道路，涉及十二条主干道。",
    "工程预计于十月开工，明年五月前完工，施工期间部分路段将分时封闭。",
    "交通部门提醒市民提前规划出行路线，尽量选择公共交通工具出行。",
    "县长在发布会上表示，道路修缮是今年十件民生实事中的第一件。",
    "居民可以通过政府网站查询各路段的施工时间和绕行方案。",
)
# Three paragraphs of 130 characters: an article's body, no error or consent message.
_FULL_BODY = "".join(
    f"<p>{(p + ' ' + p)[:130]}</p>"
    for p in (
        "The film follows a family that moves into an old farmhouse on the edge of a marsh.",
        "Its director, a former sound engineer, builds the dread from creaks and long silences.",
        "The cast is small and strong, and the last twenty minutes are hard to watch alone.",
    )
)

REVIEW_ARTICLES = {
    "article of short paragraphs above more local news": _herald(
        "Board votes to close Elm Street School",
        "".join(f"<p>{p}</p>" for p in _SHORT_PARAGRAPHS)
        + f"<section><h2>More local news</h2>{_linked_h3s(3)}</section>",
    ),
    "obituary above recent obituaries": _herald(
        "Mary Ellen Smith, 1937-2024",
        "".join(f"<p>{p}</p>" for p in _OBITUARY)
        + "<h3>Recent obituaries</h3>"
        + "".join(
            f'<div><h3><a href="/obituaries/2024/09/0{i}/o{i}">Obituary of a neighbour number '
            f"{i}</a></h3></div>"
            for i in range(1, 6)
        ),
    ),
    "Chinese story of short paragraphs above teasers": _herald(
        "县政府投入两千万元修缮城区道路",
        "".join(f"<p>{p}</p>" for p in _CHINESE) + _linked_h3s(4),
    ),
    "one-paragraph news brief above related stories": _herald(
        "Elm Street bridge to close for repairs",
        "<p>The Elm Street bridge will close for repairs from Monday, the council said.</p>"
        + _HERALD_RELATED,
    ),
    **{
        f"article headlined {title!r}": _herald(title, _FULL_BODY + _HERALD_RELATED)
        for title in (
            "Not Found",
            "404",
            "Nothing Found",
            "Error 404",
            "Your Privacy Matters",
            "We Value Your Privacy",
            "Cookie Consent",
        )
    },
    # The title cut down to its first part is an error phrase; the h1 is the headline.
    "review whose title starts with 'Not Found'": (
        "<html><head><title>Not Found - a review</title></head><body>"
        f"<h1>Film review: a haunting debut</h1><main>{_FULL_BODY}</main></body></html>"
    ),
    # The same with a body as short as an error message: the h1 alone decides.
    "short review whose title starts with 'Not Found'": (
        "<html><head><title>Not Found - a review</title></head><body>"
        "<h1>Film review: a haunting debut</h1><main><p>A family, an old farmhouse, a marsh "
        "and a director who builds dread from silence.</p></main></body></html>"
    ),
}
ARTICLES.update(REVIEW_ARTICLES)
# Near misses of the live QA's listings (stop 47): a short article whose body took the
# summaries of the cards below it keeps its headline; a page of a text of its own above
# cards, and a text under the one h2 a consent phrase, are articles.
ARTICLES.update(
    {
        "short article above cards whose summaries the body took": _page(
            "Storm surge warning issued for the bay",
            f"<p>{_PROSE[0]}</p>" + _cards(8, "The weather service expects water to rise."),
        ),
        "brief above cards whose summaries the body took": _page(
            "Elm Street bridge to close for repairs",
            "<p>The Elm Street bridge will close for repairs from Monday, the council said.</p>"
            + _cards(6),
        ),
        "section-named page with a text of its own above cards": _page(
            "World", "".join(f"<p>{p}</p>" for p in _PROSE) + _cards()
        ),
        "article whose one heading, an h2, is a consent phrase": (
            "<html><head><title>Harbor Tribune</title></head><body><main>"
            f"<h2>We value your privacy</h2>{_FULL_BODY}</main></body></html>"
        ),
    }
)


def _bylined_page(h1: str, body: str, byline: str) -> str:
    """A short article on a site with no article metadata: a short headline, a byline
    line, the text and a "More from Local" rail of cards (review 47b, finding 3)."""
    return (
        f"<html><head><title>{h1} | The Coast Gazette</title></head><body><header><nav>"
        f"<a href='/'>Home</a></nav></header><main><h1>{h1}</h1><p class='byline'>{byline}</p>"
        f"{body}<h2>More from Local</h2>{_cards(6)}</main><footer><p>All rights reserved.</p>"
        "</footer></body></html>"
    )


# A byline or a printed date is an article's sign: short pages headlined shorter than a
# headline above a rail whose summaries the body took are stored (review 47b, finding 3).
_SHORT_PIECES = {
    "brief": ("Road closed", "<p>Main Street is closed until Friday for water main repairs.</p>"),
    "obituary": (
        "Ann Lee, 1931-2026",
        "<p>Ann Lee of Springfield died Dec. 3. She was 95.</p>"
        "<p>Services are Saturday at First Church.</p>",
    ),
    "Q&A": (
        "Ask Amy",
        "<p>Dear Amy: My sister won't call me. What do I do?</p><p>Dear Hurt: Write to her.</p>",
    ),
    "photo page": (
        "Photos: Parade",
        "<figure><img src='/a.jpg'><figcaption>Floats on Main Street. (Photo: J. Doe)"
        "</figcaption></figure><p>Thousands lined Main Street for the holiday parade on "
        "Saturday.</p>",
    ),
}
ARTICLES.update(
    {
        f"short {kind} with {sign} above a rail of cards": _bylined_page(h1, body, byline)
        for kind, (h1, body) in _SHORT_PIECES.items()
        for sign, byline in (
            ("a byline and a date", "By Jane Doe, September 12, 2024"),
            ("a printed date", '<time datetime="2024-09-12">September 12, 2024</time>'),
            ("a byline", "By Jane Doe"),
        )
    }
)

# Consent platforms (stubborn sites, 2026-12-05) serve their wall in place of the page's
# body and keep the article's own <head>: its og:type, JSON-LD and published time say
# "article" while all the page shows is the consent message.
_ARTICLE_HEAD = (
    _og("article")
    + '<meta property="article:published_time" content="2024-09-12T08:00:00Z">'
    + _NEWS_LD
)


def _walled(body: str) -> str:
    """The article's head kept, the body a consent platform's."""
    return (
        "<html><head><title>Storm surge warning issued for the bay | The Coast Gazette</title>"
        f"{_ARTICLE_HEAD}</head><body>{body}</body></html>"
    )


# A consent proxy's full-page wall (Google's "Before you continue" shape): an h1, the
# message, the choices as a form posting back to the consent host.
_CONSENT_PROXY_WALL = (
    '<div class="consent-bump" role="dialog" aria-modal="true" aria-labelledby="c-title">'
    '<h1 id="c-title">Before you continue</h1>'
    "<p>We use cookies and data to deliver and maintain our services and measure "
    "audience engagement.</p>"
    "<p>If you choose to accept all, we will also use them to show personalised ads.</p>"
    '<form method="POST" action="https://consent.coastgazette.example/save">'
    '<input type="hidden" name="continue" value="/news/2024/09/12/storm-surge-warning">'
    '<button name="set_eom" value="true">Reject all</button>'
    '<button name="set_eom" value="false">Accept all</button></form>'
    '<a href="https://consent.coastgazette.example/options">More options</a></div>'
)
# Sourcepoint's message as a German site serves it, the only heading on the page an h2.
_SOURCEPOINT_WALL = (
    '<div id="sp_message_container_1066" class="sp-message-open">'
    '<div class="message type-modal" role="dialog" aria-modal="true">'
    '<div class="message-component message-row">'
    '<h2 class="message-component">Datenschutzeinstellungen</h2></div>'
    '<div class="message-component message-row"><p>Wir und unsere Partner speichern '
    "Informationen auf Ihrem Gerät und verarbeiten personenbezogene Daten.</p>"
    "<p>Mit Klick auf „Alle akzeptieren“ willigen Sie in die Verarbeitung für "
    "personalisierte Werbung ein.</p></div>"
    '<div class="message-component message-row"><button title="Alle akzeptieren">Alle '
    'akzeptieren</button><button title="Einstellungen">Einstellungen</button></div>'
    "</div></div>"
)
# OneTrust's cookie banner, shown beside the page's own content.
_ONETRUST_BANNER = (
    '<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk" role="region" '
    'aria-label="Cookie banner"><div id="onetrust-policy">'
    '<h2 id="onetrust-policy-title">We value your privacy</h2>'
    '<div id="onetrust-policy-text">We and our partners use cookies to improve your '
    "experience and show personalised ads.</div></div>"
    '<div id="onetrust-button-group"><button id="onetrust-accept-btn-handler">Accept All '
    "Cookies</button><button>Cookies Settings</button></div></div></div>"
)
_STORY = (
    "<main><article><h1>Storm surge warning issued for the bay</h1>"
    + "".join(f"<p>{p}</p>" for p in _PROSE)
    + "</article></main>"
)

CONSENT_WALLS = {
    "consent proxy's wall, the article's head kept": (
        _walled(_CONSENT_PROXY_WALL),
        "a consent page ('Before you continue')",
    ),
    "Sourcepoint message, the article's head kept": (
        _walled(_SOURCEPOINT_WALL),
        "a consent page ('Datenschutzeinstellungen')",
    ),
}


@pytest.mark.parametrize("name", CONSENT_WALLS)
def test_a_consent_wall_in_the_articles_own_head_is_refused(name: str) -> None:
    html, reason = CONSENT_WALLS[name]
    assert _refusal(html) == f"{_URL}: {reason}"


ARTICLES.update(
    {
        # Article signs and a title that is, or starts with, a consent phrase, over a text.
        **{
            f"article with article signs headlined {title!r}": _page(
                title, "".join(f"<p>{p}</p>" for p in _PROSE), _ARTICLE_HEAD
            )
            for title in (
                "Your Privacy Matters",
                "Before you continue: what to know about the storm surge",
            )
        },
        "article with a cookie banner before its text": _walled(_ONETRUST_BANNER + _STORY),
        "article with a cookie banner after its text": _walled(_STORY + _ONETRUST_BANNER),
        # A brief, shorter than a consent message: the story's h1 decides, not the box's h3.
        "brief whose consent box holds an h3 beside the story's h1": _walled(
            "<main><h1>Elm Street bridge to close for repairs</h1><p>The Elm Street bridge "
            "will close for repairs from Monday, the council said.</p></main>"
            '<div class="cmp-box"><h3>We value your privacy</h3><p>We use cookies.</p>'
            "<button>Accept</button></div>"
        ),
    }
)


@pytest.mark.parametrize("name", ARTICLES)
def test_an_article_of_a_similar_shape_is_stored(name: str) -> None:
    write = prepare_article(_fetched(ARTICLES[name]), SOURCE, BoilerplateSettings(), None)
    assert write.article.body


def test_a_crawl_counts_non_articles_as_rejected_and_stores_only_the_article(
    tmp_path: Path,
) -> None:
    soft_404, _ = NOT_ARTICLES["soft 404 with related stories"]
    section, _ = NOT_ARTICLES["section front, no metadata"]
    with PageServer() as server:
        pages = [
            server.put("/news/2024/09/12/storm-surge-warning", ARTICLES["live blog"]),
            server.put("/news/2024/09/12/gone", soft_404),
            server.put("/news/", section),
        ]
        crawl = crawl_feed(server, tmp_path, pages, "coast", "--log-level", "INFO")
    result = crawl.result
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"Not stored: {pages[1]}: a soft 404 page ('Page not found')" in result.stderr
    assert f"Not stored: {pages[2]}: a listing page: 8 teasers" in result.stderr
    conn = sqlite3.connect(crawl.db)
    assert conn.execute("SELECT url FROM articles").fetchall() == [(pages[0],)]
    (errors,) = conn.execute("SELECT errors FROM crawl_runs").fetchone()
    assert json.loads(errors)["rejected"] == 2


def test_a_crawl_counts_a_consent_wall_in_the_articles_head_as_rejected(tmp_path: Path) -> None:
    walled, reason = CONSENT_WALLS["consent proxy's wall, the article's head kept"]
    with PageServer() as server:
        pages = [
            server.put("/news/2024/09/12/storm-surge-warning", walled),
            server.put("/news/2024/09/12/bridge-repairs", ARTICLES["live blog"]),
        ]
        crawl = crawl_feed(server, tmp_path, pages, "coast", "--log-level", "INFO")
    result = crawl.result
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"Not stored: {pages[0]}: {reason}" in result.stderr
    conn = sqlite3.connect(crawl.db)
    assert conn.execute("SELECT url FROM articles").fetchall() == [(pages[1],)]
    (errors,) = conn.execute("SELECT errors FROM crawl_runs").fetchone()
    assert json.loads(errors) == {"rejected": 1}


# The site's own pages (stop 51): a sitemap lists them beside the articles, and a long
# slug ("/about-the-coast-gazette-newsroom/") passes the link rules' article test.
_ABOUT_PROSE = (
    "<p>The Coast Gazette is an independent newspaper founded in 1887 in the harbour town. "
    "We publish news, analysis and features about the coast every day, online and in "
    "print.</p><p>Our newsroom of thirty journalists covers politics, business, fishing "
    "and sport along the coast, and our correspondents file from every port.</p>"
)
SITE_PAGES = {
    "about page, its h1": (_page("About us", _ABOUT_PROSE), "a site page ('About us')"),
    "about page beside the logo's h1": (
        _page("About us", "<h1>The Coast Gazette</h1>" + _ABOUT_PROSE, h1="About us"),
        "a site page ('About us')",
    ),
    "privacy policy with a printed update, title only": (
        _page("Privacy Policy", "<p>Last updated: 3 May 2024</p>" + _ABOUT_PROSE, h1=""),
        "a site page ('Privacy Policy')",
    ),
    "German imprint": (_page("Impressum", _ABOUT_PROSE), "a site page ('Impressum')"),
    "contact page its JSON-LD declares": (
        _page(
            "Write to the newsroom",
            _ABOUT_PROSE,
            _ld({"@context": "https://schema.org", "@type": "ContactPage"}),
        ),
        "a site page: its JSON-LD says ContactPage",
    ),
}
SITE_PAGE_LOOKALIKES = {
    # An article's signs, a byline, or a headline of its own: stored.
    "article headlined 'Privacy' with article signs": _page(
        "Privacy", "".join(f"<p>{p}</p>" for p in _PROSE), _og("article")
    ),
    "bylined page headlined 'Contact'": _page(
        "Contact", '<p class="byline">By Carol Dunn</p>' + "".join(f"<p>{p}</p>" for p in _PROSE)
    ),
    "headline that starts with a site page's name": _page(
        "About us: the readers who wrote to the paper this year",
        "".join(f"<p>{p}</p>" for p in _PROSE),
    ),
    "menu h1s beside the article's own": _page(
        "Storm surge warning",
        "<h1>Sections</h1><h1>About</h1>" + "".join(f"<p>{p}</p>" for p in _PROSE),
        h1="Storm surge warning",
    ),
    # Review 51b: the title's headline end was taken for the site's name, and its h1 with it.
    "menu h1s About and Contact beside the article's own": _page(
        "Storm surge warning",
        "<h1>About</h1><h1>Contact</h1>" + "".join(f"<p>{p}</p>" for p in _PROSE),
        h1="Storm surge warning",
    ),
    "footer h1 'Contact us' after the article": _page(
        "Storm surge warning",
        "".join(f"<p>{p}</p>" for p in _PROSE) + "<h1>Contact us</h1>",
        h1="Storm surge warning",
    ),
}


@pytest.mark.parametrize("name", SITE_PAGES)
def test_the_sites_own_page_is_refused_naming_it(name: str) -> None:
    html, reason = SITE_PAGES[name]
    assert _refusal(html) == f"{_URL}: {reason}"


@pytest.mark.parametrize("name", SITE_PAGE_LOOKALIKES)
def test_an_article_named_like_a_site_page_is_stored(name: str) -> None:
    html = SITE_PAGE_LOOKALIKES[name]
    write = prepare_article(_fetched(html), SOURCE, BoilerplateSettings(), None)
    assert write.article.body
