"""The text's first paragraphs in a wrapper whose class names furniture (round 16): a
paywall's free "teaser" part, a drop-cap style named for the print. Hand-made pages as
CMSs print them, run through ``extract``.

The paragraphs tell: prose printed with the classes of the text after the wrapper (the
opening may add one of its own). A box before the text with a template of its own, a
list, a link-dense line, an author's box and a teaser further down stay out.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.parser import extract

FETCHED = datetime(2026, 7, 1, tzinfo=UTC)
OPENING = (
    "Friday marks the second day of a four-day run of severe storms over the central "
    "states, with strong tornadoes possible across the plains and the corn belt."
)
REST = [
    "Rotating thunderstorms are expected from Nebraska and Iowa as far south as the hills "
    "of eastern Oklahoma, and the threat may widen on Saturday to the Great Lakes.",
    "Cities that could see violent storms on Friday or Saturday include Dallas, Tulsa, "
    "Wichita, Omaha and Des Moines, the forecasters said on Thursday evening.",
    "Hail was widespread across western Kansas on Thursday, but tornadoes largely failed "
    "to form there, which will probably change on Friday, they added.",
]


def body(before: str, paragraph: str = "body-text") -> list[str]:
    """The body of a page whose text (paragraphs classed ``paragraph``) opens with
    ``before``, inside the text's container."""
    rest = "".join(f"<div class='article-body'><p class='{paragraph}'>{p}</p></div>" for p in REST)
    html = (
        "<html><head><title>Tornadoes possible on Friday - The Courier</title></head><body>"
        "<header class='site-header'><a href='/'>The Courier</a></header><main><article>"
        "<h1>Strong tornadoes are possible on Friday and Saturday</h1>"
        "<div class='byline'>By Jane Doe</div>"
        f"<div class='metered-content'>{before}{rest}</div></article></main>"
        "<footer class='site-footer'><a href='/about'>About us</a></footer></body></html>"
    )
    return extract(html, "https://courier.example/2024/04/26/tornadoes", fetched_at=FETCHED).body


@pytest.mark.parametrize(
    "opening",
    [
        # a paywall's free part, each paragraph in the text's own wrapper
        "<div class='teaser-content'><div class='article-body'>"
        f"<p class='body-text'>{OPENING}</p></div></div>",
        f"<section class='paywall-teaser'><p class='body-text'>{OPENING}</p></section>",
        # the opening paragraph adds a class of its own (no indent, a drop cap)
        "<div class='article-dropcap-small print:article-dropcap-print'>"
        f"<p class='no-indent body-text'>{OPENING}</p></div>",
        "<div class='teaser'><p class='body-text first-paragraph'>"
        f"<a href='/topics/storms'>Friday</a>{OPENING[6:]}</p></div>",
    ],
)
def test_text_opening_in_a_furniture_classed_wrapper_is_read(opening: str) -> None:
    paragraphs = body(opening)
    assert paragraphs[0] == OPENING
    assert paragraphs[1:] == REST


PROMO = (
    "Stay ahead of the weather with our free storm alerts, delivered to your phone "
    "whenever a warning is issued for the county where you live."
)


@pytest.mark.parametrize(
    "before",
    [
        # a promo box with a template of its own
        f"<div class='promo'><p class='promo-text'>{PROMO}</p></div>",
        # a teaser card of another story, its paragraph unclassed
        f"<div class='teaser'><p>{PROMO}</p></div>",
        # a "Key points" box: a list, no paragraph of the text's
        "<div class='callout key-points'><ul><li>Tornadoes are possible on Friday across the "
        "plains, forecasters said.</li><li>The threat widens on Saturday to the Great "
        "Lakes and Texas.</li></ul></div>",
        # related links printed as a paragraph of the text's class
        "<div class='related'><p class='body-text'><a href='/a'>Storm season starts early "
        "this year</a> · <a href='/b'>How to read a tornado warning before it is too "
        "late</a> · <a href='/c'>Hail maps</a></p></div>",
        # an author's box before the text
        "<div class='author-bio'><p class='body-text'>Jane Doe covers the weather for The "
        "Courier and has chased storms across the plains for more than twenty years.</p></div>",
        # a wrapper of the text's paragraphs hidden from every reader
        f"<div class='teaser' hidden><p class='body-text'>{PROMO}</p></div>",
    ],
)
def test_box_before_the_text_stays_out(before: str) -> None:
    assert body(before) == REST


def test_teaser_after_the_text_begins_stays_out() -> None:
    """A teaser of another story printed with the text's classes, after its opening."""
    teaser = f"<div class='teaser'><p class='body-text'>{PROMO}</p></div>"
    opening = f"<div class='article-body'><p class='body-text'>{OPENING}</p></div>"
    assert body(opening + teaser) == [OPENING, *REST]


# --- the lead region: the header around the headline is the article's, whatever its class


DEK = (
    "Older workers are often thought less efficient and less open to change than the "
    "young. Is that true, or do employers have to change their attitude?"
)


def header_body(header_class: str, after_headline: str) -> list[str]:
    """The body of a page whose headline sits in a header wrapper classed
    ``header_class``, with ``after_headline`` after it, and the text in a module below."""
    text = "".join(f"<p>{p}</p>" for p in REST)
    html = (
        "<html><head><title>The young old people - The Courier</title></head><body>"
        "<nav class='menu'><a href='/'>Home</a> <a href='/work'>Work</a></nav>"
        f"<div class='{header_class}'><div class='meta'><span>18/03/2019</span> | "
        "<a href='/author/jane'>Jane Doe</a></div>"
        f"<h1>The young old people</h1>{after_headline}</div>"
        "<div class='slider'><img src='/a.jpg' alt='Two men on a stair'></div>"
        f"<section class='textmodul'><div class='container'>{text}</div></section>"
        "<footer class='site-footer'><a href='/about'>About us</a></footer></body></html>"
    )
    return extract(
        html, "https://courier.example/mag/the-young-old-people", fetched_at=FETCHED
    ).body


@pytest.mark.parametrize("header_class", ["row single-head-teaser", "entry-meta", "hero-banner"])
def test_dek_after_the_headline_in_a_furniture_classed_header_is_read(header_class: str) -> None:
    assert header_body(header_class, f"<div class='font-size-big'><p>{DEK}</p></div>") == [
        DEK,
        *REST,
    ]


@pytest.mark.parametrize(
    "after_headline",
    [
        # the header's tag list and a share bar
        "<div class='taglist'><a href='/tag/company'>company</a> | "
        "<a href='/tag/employees'>employees</a> | <a href='/tag/strategy'>strategy</a></div>"
        "<div class='share'><p>Share this story with your colleagues and friends on every "
        "network you use, by mail or by a link you copy.</p></div>",
        # a list of related stories under the headline
        "<ul><li><a href='/a'>Why older teams work better than anyone expected</a></li>"
        "<li><a href='/b'>The four-day week, one year on, in the firms that tried it</a></li></ul>",
    ],
)
def test_header_furniture_after_the_headline_stays_out(after_headline: str) -> None:
    assert header_body("row single-head-teaser", after_headline) == REST
