"""What kind of page an article is (``Article.kind``), read by ``aggregator.extract`` from
what the page declares (JSON-LD type, og:type, ``article:opinion``, a release wire's
dateline); test_page_kind_store.py stores it and reads it back.

QA stop 47 (live, finding F3): sponsored content, live blogs, opinion, press releases,
podcasts and videos were all plain articles; paid content entered exports and lists as
news. Each page below is shaped as the QA crawl's pages were.
"""

from __future__ import annotations

import json

import pytest

import aggregator
from aggregator.schema import Article

URL = "https://tribune.example/2026/12/01/{}/"

# Three paragraphs of a story per page, so that every page stores as its own story.
_TEXTS = {
    "dredging": "The harbour authority finished dredging the channel at Kestrel Point",
    "storm": "Storm Idris brought down power lines across the northern valleys overnight",
    "budget": "The council approved a budget that closes two libraries on the coast",
    "orchard": "Growers in the Marren valley picked the smallest apple harvest in years",
    "bridge": "Engineers reopened the old river bridge after a month of repairs",
    "quarter": "Bluewater Shipping reported third-quarter revenue up twelve percent",
    "ferry": "The island ferry will run two crossings a day through the winter",
    "film": "The new film about the lighthouse keepers opens in cinemas on Friday",
    "museum": "The town museum shows forty photographs of the flood of 1953",
    "choir": "The cathedral choir sang its last concert before the roof repairs",
}


def _body(topic: str, opening: str = "") -> str:
    lead = _TEXTS[topic]
    paragraphs = [
        opening + lead + ", officials said on Monday, after weeks of work.",
        f"{lead}; residents who spoke to reporters said they had waited a long time.",
        f"{lead}. A further statement is expected later in the week, the office said.",
    ]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _page(
    topic: str,
    headline: str,
    *,
    ld: dict[str, object] | list[dict[str, object]] | None = None,
    meta: str = "",
    opening: str = "",
) -> str:
    objects = ld if isinstance(ld, list) else [ld] if ld else []
    scripts = "".join(
        f'<script type="application/ld+json">{json.dumps(o)}</script>' for o in objects
    )
    return (
        f"<!doctype html><html lang='en'><head><title>{headline} | Tribune</title>"
        f'<meta property="og:title" content="{headline}">{meta}{scripts}</head><body>'
        f"<header><nav><a href='/'>Tribune</a></nav></header><main><article>"
        f"<h1>{headline}</h1><p class='byline'>By Jane Doe</p>{_body(topic, opening)}"
        "</article></main><footer>© Tribune</footer></body></html>"
    )


def _ld(kind: str, headline: str, **more: object) -> dict[str, object]:
    return {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": headline,
        "datePublished": "2026-12-01T08:00:00Z",
        "author": {"@type": "Person", "name": "Jane Doe"},
        **more,
    }


# name -> (page, kind wanted, provenance wanted)
CASES: dict[str, tuple[str, str, str | None]] = {
    "news article": (
        _page("dredging", "Channel dredged", ld=_ld("NewsArticle", "Channel dredged")),
        "article",
        None,
    ),
    "live blog": (
        _page("storm", "Storm Idris live", ld=_ld("LiveBlogPosting", "Storm Idris live")),
        "liveblog",
        "json-ld",
    ),
    "opinion by type": (
        _page("budget", "Keep the libraries", ld=_ld("OpinionNewsArticle", "Keep the libraries")),
        "opinion",
        "json-ld",
    ),
    "opinion by meta": (
        _page(
            "orchard",
            "The orchards need help",
            ld=_ld("NewsArticle", "The orchards need help"),
            meta='<meta property="article:opinion" content="true">',
        ),
        "opinion",
        "meta",
    ),
    "sponsored by type": (
        _page(
            "bridge",
            "Discover the Isle of Marren",
            ld=_ld("AdvertiserContentArticle", "Discover the Isle of Marren"),
        ),
        "sponsored",
        "json-ld",
    ),
    "sponsored by sponsor": (
        _page(
            "bridge",
            "Discover the Isle of Marren",
            ld=_ld(
                "NewsArticle",
                "Discover the Isle of Marren",
                sponsor={"@type": "Organization", "name": "Marren Tourism Board"},
            ),
        ),
        "sponsored",
        "json-ld",
    ),
    "press release": (
        _page(
            "quarter",
            "Bluewater Shipping reports third quarter",
            ld=_ld("NewsArticle", "Bluewater Shipping reports third quarter"),
            opening="LONDON, Dec. 1, 2026 /PRNewswire/ -- ",
        ),
        "press_release",
        "dateline",
    ),
    "press release, business wire": (
        _page(
            "quarter",
            "Bluewater Shipping reports third quarter",
            opening="LONDON--(BUSINESS WIRE)--",
        ),
        "press_release",
        "dateline",
    ),
    "video by og:type": (
        _page(
            "ferry",
            "Watch: the winter ferry",
            meta='<meta property="og:type" content="video.other">',
        ),
        "video",
        "meta",
    ),
    "video as main entity": (
        _page(
            "ferry",
            "Watch: the winter ferry",
            ld=[
                {"@context": "https://schema.org", "@type": "WebPage", "name": "Ferry"},
                _ld("VideoObject", "Watch: the winter ferry", name="Watch: the winter ferry"),
            ],
        ),
        "video",
        "json-ld",
    ),
    "podcast": (
        _page(
            "choir",
            "The Briefing, episode 212",
            ld=_ld("PodcastEpisode", "The Briefing, episode 212", name="The Briefing"),
        ),
        "podcast",
        "json-ld",
    ),
    "gallery": (
        _page(
            "museum",
            "The 1953 flood in pictures",
            ld=_ld("ImageGallery", "The 1953 flood in pictures"),
        ),
        "gallery",
        "json-ld",
    ),
    "review": (
        _page("film", "The Keepers review", ld=_ld("ReviewNewsArticle", "The Keepers review")),
        "review",
        "json-ld",
    ),
    # Near misses: each stays an article.
    "the word opinion in a news headline": (
        _page(
            "budget",
            "Opinion poll: voters split on library closures",
            ld=_ld("NewsArticle", "Opinion poll: voters split on library closures"),
        ),
        "article",
        None,
    ),
    "analysis": (
        _page("budget", "What the budget means", ld=_ld("AnalysisNewsArticle", "What it means")),
        "article",
        None,
    ),
    "a news article that embeds a video": (
        _page(
            "ferry",
            "Ferry cuts winter crossings",
            ld=[
                _ld("NewsArticle", "Ferry cuts winter crossings"),
                _ld("VideoObject", "Ferry clip", name="Ferry clip"),
            ],
            meta='<meta property="og:type" content="video.other">',
        ),
        "article",
        None,
    ),
    "article:opinion false": (
        _page(
            "orchard",
            "Smallest harvest in years",
            meta='<meta property="article:opinion" content="false">',
        ),
        "article",
        None,
    ),
    "an empty sponsor": (
        _page("bridge", "Bridge reopens", ld=_ld("NewsArticle", "Bridge reopens", sponsor={})),
        "article",
        None,
    ),
    "a release wire named later in the text": (
        _page(
            "quarter",
            "Shipping firm's profits rise",
            ld=_ld("NewsArticle", "Shipping firm's profits rise"),
            opening="Bluewater said in a statement carried by PR Newswire that ",
        ),
        "article",
        None,
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_extract_reads_the_kind_the_page_declares(name: str) -> None:
    html, kind, provenance = CASES[name]
    article = aggregator.extract(html, URL.format(name.replace(" ", "-").replace(",", "")))
    assert article.body, name
    assert (article.kind, article.provenance.get("kind")) == (kind, provenance)


def test_the_kind_goes_through_to_dict_and_back() -> None:
    html, _, _ = CASES["live blog"]
    article = aggregator.extract(html, URL.format("live"))
    assert article.to_dict()["kind"] == "liveblog"
    assert Article.from_dict(article.to_dict()) == article
    with pytest.raises(ValueError, match="article field 'kind': 'advert' is no page kind"):
        Article.from_dict({**article.to_dict(), "kind": "advert"})
    old = article.to_dict()
    del old["kind"]  # an export made before the field
    assert Article.from_dict(old).kind == "article"
