"""Class names written in CamelCase (round 23): React and CSS-in-JS sites name their
boxes ``FeaturedImageCaption``, ``AuthorName``, ``RelatedStories``, where other CMSs
write ``featured-image-caption``. Hand-made pages through ``extract``: each rule that
reads class words knows the CamelCase spelling too, and generated names
(``sc-bdVaJa``) read as no words.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.parser import extract
from aggregator.parser.tree import class_names
from aggregator.schema import Article

FETCHED = datetime(2026, 7, 1, tzinfo=UTC)
URL = "https://courier.example/news/2024/05/03/council-budget"
PROSE = [
    "The city council voted on Tuesday to approve a new budget that raises spending on "
    "public transport by twelve percent, the largest rise in a decade.",
    "Supporters said the plan would cut congestion in the centre, while opponents warned "
    "that it would force higher property taxes on families next year.",
    "Council members will meet again next month to decide how the money is divided "
    "between the tram network and the bus fleet, officials said.",
]
STORIES = [
    ("/news/2024/05/01/tram-depot-fire", "Fire closes the tram depot for a week"),
    ("/news/2024/04/28/bus-drivers-strike", "Bus drivers vote to strike over pay"),
    ("/news/2024/04/20/ring-road-plan", "Ring road plan goes back to the drawing board"),
    ("/news/2024/04/11/fares-freeze", "Fares frozen for another year, mayor says"),
]


def page(between: str = "", byline: str = "") -> Article:
    """A React-style news page: CamelCase classes with generated suffixes, ``between``
    after the first paragraph and ``byline`` under the headline."""
    html = (
        "<html><head><title>Council approves budget - The Courier</title></head><body>"
        "<div id='__next'><header class='SiteHeader-sc-1x2y3z kVjGQB'>"
        "<a href='/'>The Courier</a></header>"
        "<main class='ArticlePage-sc-9q8w7e'><article>"
        "<h1 class='ArticleHeadline-sc-4r5t6y'>Council approves budget</h1>"
        f"{byline}<div class='ArticleBody-sc-7u8i9o fzXfMv'><p>{PROSE[0]}</p>{between}"
        f"<p>{PROSE[1]}</p><p>{PROSE[2]}</p></div></article></main>"
        "</div></body></html>"
    )
    return extract(html, URL, fetched_at=FETCHED)


def story_links(cls: str) -> str:
    links = "".join(f"<li><a href='{href}'>{title}</a></li>" for href, title in STORIES)
    return f"<div class='{cls}'><h2>More from The Courier</h2><ul>{links}</ul></div>"


# --- boxes inside the text's container: named in CamelCase, left out of the body -------

CAPTION = "The tram depot on Friday morning, before the vote on the new budget."
NEWSLETTER = "The Morning Courier: five stories from the city hall desk, picked by our editors."
COMMENT = "What a waste of money, this council never learns from its own mistakes."


@pytest.mark.parametrize(
    ("between", "dropped"),
    [
        (f"<div class='FeaturedImageCaption'>{CAPTION}</div>", CAPTION),
        (f"<p class='ArticleImageCaption-sc-6y7u8i'>{CAPTION}</p>", CAPTION),
        (f"<div class='InlineNewsletterSignup'><p>{NEWSLETTER}</p></div>", NEWSLETTER),
        (
            f"<div class='ReaderComments'><div class='CommentItem'><p>{COMMENT}</p></div></div>",
            COMMENT,
        ),
    ],
    ids=["caption", "caption-generated-suffix", "newsletter", "comments"],
)
def test_camelcase_furniture_is_left_out_of_the_body(between: str, dropped: str) -> None:
    body = page(between=between).body
    assert body == PROSE
    assert dropped not in " ".join(body)


def test_camelcase_related_block_is_read_as_related_links() -> None:
    article = page(between=story_links("RelatedStories-sc-2w3e4r bdVaJa"))
    assert article.body == PROSE
    assert [link.text for link in article.related] == [title for _, title in STORIES]


@pytest.mark.parametrize(
    "byline",
    [
        "<div class='ArticleMeta'><a class='AuthorLink' href='/staff/jane-doe'>Jane Doe</a></div>",
        "<div class='ArticleMeta'><span class='AuthorText'>Jane Doe</span></div>",
    ],
    ids=["author-link", "author-text"],
)
def test_camelcase_byline_names_the_author(byline: str) -> None:
    assert page(byline=byline).authors == ["Jane Doe"]


def test_generated_names_name_no_furniture() -> None:
    """A styled-components hash ("kVjGQB", "sc-AdXyz") splits into no words, so its
    short pieces never read as "ad" or "nav": the paragraph in it stays."""
    between = f"<div class='sc-AdXyz kVjGQB'><p>{CAPTION}</p></div>"
    assert page(between=between).body == [PROSE[0], CAPTION, PROSE[1], PROSE[2]]


# --- the spelling itself ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("FeaturedImageCaption", "featured-image-caption"),
        ("articleBody", "article-body"),
        ("HTMLContent", "html-content"),
        ("Section2Body", "section-2-body"),
        ("ImageCaption_credit", "image-caption_credit"),
        ("post AuthorName", "post author-name"),
        ("RelatedStories-sc-2w3e4r bdVaJa", "related-stories-sc-2w3e4r bdVaJa"),
        ("entry-content", "entry-content"),
        ("sc-bdVaJa kVjGQB", "sc-bdVaJa kVjGQB"),
        ("TopAd", "TopAd"),
        ("", ""),
    ],
)
def test_class_names_spell_out_camelcase(value: str, names: str) -> None:
    assert class_names(value) == names
