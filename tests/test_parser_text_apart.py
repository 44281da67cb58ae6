"""Text that a line break or a block separates is never glued into one word: a headline
written over two lines, a dek of two paragraphs (a review's hand-made shapes; the same
gluing showed on five development pages' standfirsts: "StartseiteBUND-Tipps",
"Estrellas.miércoles")."""

from __future__ import annotations

import pytest

from aggregator.parser import extract

_TEXT = "<p>" + "The council met on Monday to discuss the new budget for the schools. " * 6 + "</p>"


def _article(top: str, title: str = "The Daily Courier") -> str:
    return (
        f"<html><head><title>{title}</title></head><body><main><article><header>{top}"
        f"</header>{_TEXT}</article></main></body></html>"
    )


@pytest.mark.parametrize(
    "h1",
    [
        "<h1>Council votes to expand<br>bike lanes across the city</h1>",
        "<h1><div>Council votes to expand</div><div>bike lanes across the city</div></h1>",
        # Inline markup inside a word stays one word.
        "<h1>Council votes to ex<em>pand</em> bike lanes across the city</h1>",
    ],
)
def test_a_headline_over_two_lines_keeps_its_words_apart(h1: str) -> None:
    article = extract(_article(h1), "https://courier.example/news/council-votes")
    assert article.headline == "Council votes to expand bike lanes across the city"


@pytest.mark.parametrize(
    "dek",
    [
        '<p class="standfirst">The plan adds 40km of lanes over three years.<br>'
        "Shop owners warn of lost parking.</p>",
        '<div class="standfirst"><p>The plan adds 40km of lanes over three years.</p>'
        "<p>Shop owners warn of lost parking.</p></div>",
    ],
)
def test_a_dek_of_two_lines_keeps_its_sentences_apart(dek: str) -> None:
    article = extract(
        _article(f"<h1>Council votes to expand bike lanes</h1>{dek}"),
        "https://courier.example/news/council-votes",
    )
    assert article.standfirst == (
        "The plan adds 40km of lanes over three years. Shop owners warn of lost parking."
    )
