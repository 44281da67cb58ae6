"""JSON-LD ``articleBody`` written in a CMS's markdown is read as the text it prints.

Condé Nast's CMS (The New Yorker, AD, Vogue …) fills ``articleBody`` with its own
markdown: fences ("+++dropcap", "+++"), picture and article embeds ("[#image: …]|||caption
|||", "[#article: …]"), attribute lists ("{: target="_blank"}"), links, emphasis and
headings. The page's DOM shows a teaser only, so the JSON-LD text is the body. A plain
``articleBody`` that merely holds an asterisk, a hash or three dashes is left as written.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from aggregator.parser import extract

FETCHED = datetime(2024, 6, 20, 9, 0, tzinfo=UTC)
URL = "https://magazine.example/story/glass-bubbles-on-ice"
FIRST = (
    "On a clear morning in late March, in rural St. Elmo, Minnesota, I followed two materials "
    "scientists as they tromped down a wintry hill behind the house."
)
SECOND = (
    "Last year, the team published a paper about their work at the test pond in Earth’s "
    "Future, a journal of the American Geophysical Union, and the results were mixed."
)
HEADING = "What the pond showed"
THIRD = (
    "In 2015, Field gave a talk at NASA’s Ames Research Center and met its associate director, "
    "a former neuroscientist interested in climate, who offered the team a lab."
)


def page(article_body: str) -> str:
    obj = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Can glass bubbles save the Arctic ice?",
        "articleBody": article_body,
    }
    return (
        "<!doctype html><html><head><title>Can glass bubbles save the Arctic ice?</title>"
        f"<script type='application/ld+json'>{json.dumps(obj)}</script></head><body>"
        "<h1>Can glass bubbles save the Arctic ice?</h1><div id='app'><p>Subscribe to read "
        "the whole story.</p></div></body></html>"
    )


MARKDOWN = "\n\n".join(
    [
        "+++dropcap",
        FIRST,
        "+++",
        "Last year, the team published [a paper](https://agupubs.example/doi/10.1029/x)"
        '{: target="_blank"} about their work at the test pond in *Earth’s Future*, a journal '
        "of the American Geophysical Union, and the results were mixed.",
        "+++feature-default",
        "[#image: /photos/6442ac41a765749b63ab2787]|||The test pond in March.|||",
        '{: legacyType="feature-small"}',
        f"## {HEADING}",
        "In 2015, Field gave a talk at **NASA**’s Ames Research Center and met its associate "
        "director, a former neuroscientist interested in climate, who offered the team a lab.",
        "***",
        "[#article: /articles/62d0355ce3302c63fbb8b840]",
    ]
)
PLAIN = f"{FIRST}\n\nThe rating: 5* of 5. C# and F# programmers met in room #2.\n\n---\n\n{SECOND}"


@pytest.mark.parametrize(
    ("article_body", "expected"),
    [
        pytest.param(MARKDOWN, [FIRST, SECOND, HEADING, THIRD], id="conde-nast-markdown"),
        pytest.param(
            PLAIN,
            [FIRST, "The rating: 5* of 5. C# and F# programmers met in room #2.", "---", SECOND],
            id="plain-text-left-as-written",
        ),
    ],
)
def test_json_ld_markdown_is_read_as_text(article_body: str, expected: list[str]) -> None:
    article = extract(page(article_body), URL, fetched_at=FETCHED)
    assert article.provenance.get("body") == "json-ld"
    assert article.body == expected
