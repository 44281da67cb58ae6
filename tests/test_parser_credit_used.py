"""An end credit (stop 48): the AP's member papers and broadcasters close a staff story
built on wire copy with "Information from The Associated Press was used in this report."
("Material from Reuters was used in this report." likewise). Like "The Associated
Press contributed to this report." the line leaves the body and the agency it names is
the copy's credit. Read through ``aggregator.extract`` on pages shaped as a few outlets'
templates print it: a local broadcaster's story body with an ad slot, a WordPress
paper's entry with its share bar, a JavaScript app's paragraph classes, the note in
italics. Each case failed before: the line stayed as the text's last paragraph and
credited nobody."""

from __future__ import annotations

import pytest

from aggregator import extract
from aggregator.dedup.policy import article_credit

PROSE = [
    "A wind-driven fire burned through dry brush east of Cedar Ridge on Sunday, forcing the "
    "evacuation of about 400 homes along the canyon road before crews held it at the creek.",
    "Fire officials said gusts of up to 50 miles an hour carried embers across two ridges, "
    "and air tankers dropped retardant until dark to keep the flames away from the town.",
    "No injuries were reported. The county opened an evacuation centre at the fairgrounds "
    "and said residents could return once power lines along the road had been checked.",
    "The cause of the fire is under investigation, a spokesperson for the state forestry "
    "department said, and a red flag warning stays in effect until Tuesday evening.",
]
URL = "https://www.kxyz.example/news/local/brush-fire-cedar-ridge"


def _head(site: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Brush fire forces evacuations near Cedar Ridge</title>"
        f'<meta property="og:site_name" content="{site}">'
        '<meta property="article:published_time" content="2026-12-06T23:10:00Z"></head>'
    )


def broadcaster(closing: str) -> str:
    """A local station's story: the byline in its author block, an ad slot between the
    paragraphs, the note last, then the story's tags."""
    first, second, *rest = (f"<p>{p}</p>" for p in PROSE)
    return (
        _head("KXYZ News 4") + '<body><header class="site-header"><nav><a href="/">KXYZ</a>'
        '<a href="/news">News</a><a href="/weather">Weather</a></nav></header><main>'
        '<article class="story"><h1 class="story-headline">Brush fire forces evacuations near '
        'Cedar Ridge</h1><div class="story-meta"><span class="author">By Dana Whitfield</span>'
        '<time datetime="2026-12-06T23:10:00Z">December 6, 2026</time></div>'
        f'<div class="story-body">{first}{second}<div class="ad-slot"><span>Advertisement'
        f"</span></div>{''.join(rest)}<p>{closing}</p></div>"
        '<ul class="story-tags"><li><a href="/tags/fire">Fire</a></li></ul></article></main>'
        "<footer><p>© 2026 KXYZ-TV. All rights reserved.</p></footer></body></html>"
    )


def wordpress(closing: str) -> str:
    """A WordPress paper's entry: the note in italics, the share bar after it."""
    body = "".join(f"<p>{p}</p>" for p in PROSE)
    return (
        _head("Cedar Ridge Courier") + '<body class="single-post"><div id="page">'
        '<header id="masthead"><a href="/">Cedar Ridge Courier</a></header>'
        '<div id="content"><article class="post type-post"><header class="entry-header">'
        '<h1 class="entry-title">Brush fire forces evacuations near Cedar Ridge</h1>'
        '<div class="entry-meta"><span class="byline">By <a href="/author/dana">Dana '
        'Whitfield</a></span></div></header><div class="entry-content">'
        f'{body}<p><em>{closing}</em></p><div class="sharedaddy"><h3>Share this:</h3>'
        '<a href="https://twitter.com/share">Twitter</a></div></div></article></div>'
        '<footer id="colophon"><p>© 2026 Cedar Ridge Courier</p></footer></div></body></html>'
    )


def app_paragraphs(closing: str) -> str:
    """A JavaScript app's page: every paragraph with the app's generated class."""
    body = "".join(
        f'<p class="default__StyledText-sc-1wxyvyl-0 body-paragraph" data-type="text">{p}</p>'
        for p in [*PROSE, closing]
    )
    return (
        _head("Valley Daily News") + '<body><div id="fusion-app"><header class="nav-bar">'
        '<a href="/">Valley Daily News</a></header><main class="b-main"><article '
        'class="default__ArticleBody-sc-xz2ebt-2 article-body-wrapper">'
        '<h1 class="headline">Brush fire forces evacuations near Cedar Ridge</h1>'
        '<div class="byline"><span>By Dana Whitfield</span></div>'
        f"{body}</article></main><footer><p>© 2026 Valley Daily News</p></footer></div>"
        "</body></html>"
    )


TEMPLATES = {"broadcaster": broadcaster, "wordpress": wordpress, "app": app_paragraphs}


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize(
    ("closing", "credits", "credit"),
    [
        ("Information from The Associated Press was used in this report.", ["Associated Press"], "AP"),
        ("Information from the Associated Press was used in this report.", ["Associated Press"], "AP"),
        ("Material from Reuters was used in this report.", ["Reuters"], "Reuters"),
        ("Information from Reuters was used in this report.", ["Reuters"], "Reuters"),
        ("Information from AFP was used in this report.", ["AFP"], "AFP"),
        ("Information from Reuters and AFP was used in this report.", ["Reuters", "AFP"], "Reuters"),
    ],
)  # fmt: skip
def test_information_from_an_agency_used_in_this_report_is_the_copys_credit(
    template: str, closing: str, credits: list[str], credit: str
) -> None:
    article = extract(TEMPLATES[template](closing), URL)
    assert article.body == PROSE  # the note is no paragraph of the text
    assert article.authors == ["Dana Whitfield"]
    assert article.credits == credits
    assert article_credit(article) == credit


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize(
    "closing",
    [
        # Sources that are no agency: a sentence of the text, kept, crediting nobody.
        "Information from county fire records was used in this report.",
        # The words inside a sentence that goes on.
        "Information from Reuters was used in this report, the station's news director said.",
        "Material from the fire department's radio logs was used in the state's report.",
    ],
)
def test_a_sentence_about_information_used_stays_and_credits_nobody(
    template: str, closing: str
) -> None:
    article = extract(TEMPLATES[template](closing), URL)
    assert article.body == [*PROSE, closing]
    assert article.credits == []
    assert article_credit(article) is None
