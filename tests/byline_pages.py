"""The hand-made page the byline shape tables share: a headline, one byline under it in
the article's header, and a paragraph of text (tests/test_parser_author_shapes_*.py)."""

from __future__ import annotations

from aggregator.parser import extract

URL = "https://news.example.org/2024/05/03/budget"
TEXT = "<p>" + "The council met on Monday to discuss the new budget for the schools. " * 6 + "</p>"


def page(byline: str, caption: str = "") -> str:
    """A page with ``byline`` under the headline, in the article's header, and ``caption``
    (a figure, say) between the header and the text."""
    return (
        "<html><head><title>Council passes the budget</title></head><body><main>"
        f"<article><header><h1>Council passes the budget</h1>{byline}</header>{caption}{TEXT}"
        "</article></main></body></html>"
    )


def names(byline: str) -> tuple[list[str], list[str]]:
    """The authors and the credits ``extract`` reads from the page of ``byline``."""
    article = extract(page(byline), URL)
    return article.authors, article.credits


def byline_line(text: str) -> str:
    """``text`` as a byline-classed paragraph."""
    return f'<p class="byline">{text}</p>'
