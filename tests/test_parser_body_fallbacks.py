"""The body chain ends with fallbacks: a page that holds article text never gets an empty body.

Each case is a page the container walk cannot read, through the public ``extract``:
the text's own paragraphs carry a class the walk treats as furniture (densest text
block), a JavaScript shell with the text in JSON-LD (``articleBody``), a shell with
only a summary (the meta description, flagged as a last resort), and a page with no
text at all (empty, and no rule claimed).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from aggregator.parser import extract

FETCHED = datetime(2024, 6, 20, 9, 0, tzinfo=UTC)
URL = "https://news.example/2024/06/harbour-reopens"
SENTENCES = [
    "The harbour reopened on Monday after three weeks of repairs to the sea wall.",
    "Fishing boats were the first to leave, followed by the morning ferry to the islands.",
    "The port authority said the work had cost less than planned and finished early.",
]


def shell(head: str = "", body: str = "<div id='app'></div>") -> str:
    return (
        "<!doctype html><html><head><title>Harbour reopens</title>"
        f"{head}</head><body>{body}</body></html>"
    )


def ld(article_body: str | None = None) -> str:
    obj = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour reopens"}
    if article_body is not None:
        obj["articleBody"] = article_body
    return f"<script type='application/ld+json'>{json.dumps(obj)}</script>"


DESCRIPTION = "The harbour reopened on Monday after three weeks of repairs to the sea wall."

CASES = [
    (
        "paragraphs the walk reads as furniture: the densest text block",
        shell(
            body="<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><div class='story'>"
            + "".join(f"<p class='teaser-text'>{s}</p>" for s in SENTENCES)
            + "</div>"
        ),
        SENTENCES,
        "densest-block",
    ),
    (
        "a JavaScript shell with the text in JSON-LD articleBody",
        shell(head=ld(" ".join(SENTENCES[:2]))),
        [" ".join(SENTENCES[:2])],
        "json-ld",
    ),
    (
        "a shell with only a summary: the meta description, flagged",
        shell(head=f"<meta property='og:description' content='{DESCRIPTION}'>{ld()}"),
        [DESCRIPTION],
        "meta-description (last resort)",
    ),
    ("a page with no text at all", shell(), [], None),
]


@pytest.mark.parametrize(("name", "html", "body", "rule"), CASES, ids=[c[0] for c in CASES])
def test_body_fallbacks(name: str, html: str, body: list[str], rule: str | None) -> None:
    article = extract(html, URL, fetched_at=FETCHED)
    assert article.body == body, name
    assert article.provenance.get("body") == rule, name


def test_the_walk_still_wins_when_it_finds_the_text() -> None:
    html = shell(
        head=f"<meta property='og:description' content='{DESCRIPTION}'>{ld('Short teaser.')}",
        body="<article><h1>Harbour reopens</h1>"
        + "".join(f"<p>{s}</p>" for s in SENTENCES)
        + "</article>",
    )
    article = extract(html, URL, fetched_at=FETCHED)
    assert article.body == SENTENCES
    assert article.provenance["body"] == "heuristic"
