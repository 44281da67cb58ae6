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
