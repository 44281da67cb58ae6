"""The meta description printed on the page as the article's lead: a standfirst found on
the page (provenance "heuristic"), or only the page's metadata (provenance "meta").

Each case is a small article page whose <meta name="description"> holds DEK; the table
says where the page prints it and what the parser must make of it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.parser import extract

FETCHED = datetime(2026, 7, 1, tzinfo=UTC)
DEK = (
    "The council's plan would spend more on roads and schools than any budget before it, "
    "and the vote was closer than expected."
)
PROSE = (
    "The council met on Monday to discuss the new budget, which includes money for roads, "
    "schools and the library, and the mayor said the plan would be voted on next week. "
)
TEXT = f"<div class='article-body'><p>{PROSE}</p><p>Second: {PROSE}</p><p>Third: {PROSE}</p></div>"
HEADLINE = "<h1>Council passes budget</h1>"


def _page(article: str, after: str = "", before: str = "") -> str:
    meta = DEK.replace("'", "&#39;")
    return (
        f"<html><head><title>Council passes budget</title><meta name='description' "
        f"content='{meta}'></head><body><header><a href='/'>Valley Times</a></header>"
        f"{before}<main><article>{article}</article>{after}</main></body></html>"
    )


def _printed(article: str, after: str = "", before: str = "") -> tuple[str, str, list[str]]:
    art = extract(_page(article, after, before), "https://example.org/story", fetched_at=FETCHED)
    return art.standfirst or "", art.provenance.get("standfirst", ""), art.body


CURLY = DEK.replace("council's", "council\u2019s")
TEASERS = "".join(
    f"<li><a href='/s/{i}'>Another story {i}</a> {DEK if i == 1 else PROSE[:90]}</li>"
    for i in range(3)
)

PRINTED_AS_LEAD = [
    # the page's typography differs from the meta tag's (a curly apostrophe)
    pytest.param(f"{HEADLINE}<h2>{CURLY}</h2>{TEXT}", id="other-quotes"),
    # the lead opens with bold text: the heading's own text starts with an inline child
    pytest.param(
        f"{HEADLINE}<h2><strong>{DEK[:14]}</strong>{DEK[14:]}</h2>{TEXT}", id="opens-inline"
    ),
    # the dek set in an <h3>
    pytest.param(f"{HEADLINE}<h3>{DEK}</h3>{TEXT}", id="h3"),
    # an excerpt heading left open over the body (its end tag missing in the page)
    pytest.param(
        f"{HEADLINE}<h2>{DEK}<div class='ad'><h3>Advertisement</h3></div>{TEXT}",
        id="heading-open-over-body",
    ),
    # a one-point summary list between the headline and the body
    pytest.param(
        f"{HEADLINE}<div class='news-header'><ul class='summary'><li><h2>{DEK}</h2></li>"
        f"</ul></div>{TEXT}",
        id="list-item-under-headline",
    ),
]


@pytest.mark.parametrize("article", PRINTED_AS_LEAD)
def test_a_description_printed_as_the_lead_is_the_pages_standfirst(article: str) -> None:
    standfirst, provenance, body = _printed(article)
    assert standfirst == DEK
    assert provenance == "heuristic"
    assert body[0].startswith("The council met on Monday")
    assert not any("than any budget before it" in p for p in body)


NOT_PRINTED_AS_LEAD = [
    # a teaser list after the text quotes this article's description
    pytest.param(f"{HEADLINE}{TEXT}", f"<ul class='more'>{TEASERS}</ul>", "", id="teaser-list"),
    # the same list above the headline (a "latest" box in the page's header area)
    pytest.param(f"{HEADLINE}{TEXT}", "", f"<ul class='latest'>{TEASERS}</ul>", id="list-above"),
    # the description is a picture's caption, inside a wrapper of the figure alone
    pytest.param(
        f"{HEADLINE}<div class='opener'><figure><img src='/a.jpg' alt=''>"
        f"<figcaption><span>{DEK}</span></figcaption></figure></div>{TEXT}",
        "",
        "",
        id="caption-in-wrapper",
    ),
    # the description joins two subtitle headings: no one element prints it
    pytest.param(
        f"{HEADLINE}<div><h2>{DEK[:60]}</h2><h2>{DEK[60:]}</h2></div>{TEXT}",
        "",
        "",
        id="split-over-two-headings",
    ),
]


@pytest.mark.parametrize(("article", "after", "before"), NOT_PRINTED_AS_LEAD)
def test_a_description_not_printed_as_the_lead_stays_metadata(
    article: str, after: str, before: str
) -> None:
    standfirst, provenance, _ = _printed(article, after, before)
    assert standfirst == DEK
    assert provenance == "meta"
