"""Lead-classed text that is not the article's dek: a teaser or summary box after the text,
a picture's credit line, a lead picture block and its caption. Each rule has a case the
standfirst must refuse and a case of a real dek it must keep.

Each case is a small article page shaped like the development pages the rule was found
on; its ``<meta name="description">`` holds META, which stands in as the standfirst
(provenance "meta") where the page prints no dek.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.parser import extract

FETCHED = datetime(2026, 7, 1, tzinfo=UTC)
META = "The council voted on the budget on Monday night."
DEK = (
    "The plan would spend more on roads and schools than any budget before it, and the "
    "vote was closer than expected."
)
PROSE = (
    "The council met on Monday to discuss the new budget, which includes money for roads, "
    "schools and the library, and the mayor said the plan would be voted on next week. "
)
TEXT = f"<div class='article-body'><p>{PROSE}</p><p>Second: {PROSE}</p><p>Third: {PROSE}</p></div>"
HEADLINE = "<h1>Council passes budget</h1>"
PICTURE = "<img src='/img/council.jpg' alt='The council chamber'>"
CAPTION = "Councillors in the chamber before the vote on Monday evening."


def _standfirst(
    article: str, after: str = "", meta: str = META, before: str = ""
) -> tuple[str | None, str]:
    head = f"<meta name='description' content='{meta}'>" if meta else ""
    page = (
        f"<html><head><title>Council passes budget</title>{head}</head><body>"
        f"<header><a href='/'>Valley Times</a></header>"
        f"<main>{before}<article>{article}</article>{after}</main></body></html>"
    )
    art = extract(page, "https://example.org/story", fetched_at=FETCHED)
    return art.standfirst, art.provenance.get("standfirst", "")


# --- a lead-classed block around the headline ---------------------------------------------


def test_a_lead_classed_block_around_the_headline_is_no_dek() -> None:
    """A "lede" block that holds the headline, the byline and the dek is the story's top,
    not its dek (the New Yorker's ``ArticlePageLedeBackground``): the dek is the
    dek-classed box inside it."""
    top = (
        f"<div class='article-lede'><span>City hall</span>{HEADLINE}"
        f"<div class='dek'>{DEK}</div><p>By Jane Doe, 3 May 2024</p></div>"
    )
    assert _standfirst(top + TEXT) == (DEK, "heuristic")


# --- a lead-classed box after the article's text -----------------------------------------

TEASER_CARD = (
    "<div class='recirc'><div class='summary-item'><a href='/other'>Another story</a>"
    "<div class='summary-item__dek'>A different story's summary, printed on its teaser "
    "card under this article.</div></div></div>"
)
COMMENT_FORM_INTRO = (
    "<section id='reactions'><p id='kommentaromat_description'>Too lazy to type? Click one "
    "of the buttons below and your reaction is posted.</p></section>"
)


@pytest.mark.parametrize(
    "after",
    [
        pytest.param(TEASER_CARD, id="teaser-card"),
        pytest.param(COMMENT_FORM_INTRO, id="comment-form-intro"),
    ],
)
def test_a_lead_box_after_the_text_is_no_dek(after: str) -> None:
    assert _standfirst(f"{HEADLINE}{TEXT}", after) == (META, "meta")
    assert _standfirst(f"{HEADLINE}{TEXT}", after, meta="") == (None, "")


def test_the_same_box_between_headline_and_text_is_the_dek() -> None:
    box = f"<div class='summary-item__dek'>{DEK}</div>"
    assert _standfirst(f"{HEADLINE}{box}{TEXT}") == (DEK, "heuristic")


# --- a lead-classed box before the headline, outside its block -----------------------------

TOP_STORY = (
    "<div class='top-stories'><div class='story-card'><a href='/news/hospital'><h3>Hospital "
    "to close at night</h3></a><p class='summary'>Patients will be sent to the next town "
    "between midnight and eight in the morning.</p></div></div>"
)
BREAKING_BAR = (
    "<div class='breaking-bar'><p class='intro'>Storm warning for the whole region until "
    "Friday morning, the weather service says.</p></div>"
)


@pytest.mark.parametrize(
    "box", [pytest.param(TOP_STORY, id="top-story"), pytest.param(BREAKING_BAR, id="breaking")]
)
def test_a_lead_box_above_the_article_is_no_dek(box: str) -> None:
    header = f"<header>{HEADLINE}</header>"
    assert _standfirst(f"{header}{TEXT}", before=box) == (META, "meta")
    # with the article's own dek under the headline, that one
    dek = f"<p class='standfirst'>{DEK}</p>"
    assert _standfirst(f"{header}{dek}{TEXT}", before=box) == (DEK, "heuristic")


def test_a_dek_above_the_headline_in_its_header_is_kept() -> None:
    header = f"<header><p class='standfirst'>{DEK}</p>{HEADLINE}</header>"
    assert _standfirst(f"{header}{TEXT}") == (DEK, "heuristic")


# --- a credit line -------------------------------------------------------------------------

CREDITS = [
    # a header picture's description: caption, then the copyright line
    pytest.param(
        f"<div class='description'><p>{CAPTION}</p><p>© Valley Photo Agency</p></div>",
        id="caption-and-copyright",
    ),
    pytest.param(
        "<div class='intro'>Photographer: Jane Doe for the Valley Times</div>",
        id="photographer-line",
    ),
    pytest.param(
        f"<p class='lead'>{CAPTION} (Foto: jdoe – stock.adobe.com)</p>", id="foto-in-brackets"
    ),
    # a caption and its copyright without a stop between them
    pytest.param(
        "<p class='lead'>The mayor at the council's vote © Valley Photo Agency / Jane Doe</p>",
        id="copyright-after-a-caption",
    ),
    # credit words of other languages
    pytest.param(f"<p class='lead'>{CAPTION} Crédito: Juan Pérez</p>", id="credito"),
    pytest.param(f"<p class='lead'>{CAPTION} Фото: Иван Петров</p>", id="foto-cyrillic"),
    pytest.param(f"<p class='lead'>{CAPTION} Zdjęcie: Jan Kowalski</p>", id="zdjecie"),
]


@pytest.mark.parametrize("box", CREDITS)
def test_a_credit_line_is_no_dek(box: str) -> None:
    assert _standfirst(f"{HEADLINE}{box}{TEXT}") == (META, "meta")


TOPIC = (
    "Copyright law is changing: the vote decides who is paid when a photo is shared online, "
    "and the council wants a say."
)
KEPT_WITH_CREDIT_WORDS = [
    # the topic word, not a credit
    pytest.param(TOPIC, TOPIC, id="copyright-as-topic"),
    # the intro box prints the picture's caption and credit, then the dek: a credit that
    # does not close the text
    pytest.param(
        f"<span class='atc-ImageText'>{CAPTION}</span> <span>Bild: Jane Doe</span> <p>{DEK}</p>",
        f"{CAPTION} Bild: Jane Doe {DEK}",
        id="credit-before-the-dek",
    ),
    # deks without a final stop: a credit word inside a clause, not a credit and a name
    *(
        pytest.param(dek, dek, id=name)
        for name, dek in [
            (
                "credit-as-topic",
                "Consumer credit: why buy now, pay later is changing how the young shop",
            ),
            (
                "in-pictures",
                "In pictures: the best wildlife photographs of the year, from otters to owls",
            ),
            (
                "photographers",
                "Photographers: ten names to watch in the coming year and why they matter",
            ),
            (
                "copyright-sign-as-topic",
                "The band's long fight over the © on its name is over, with the council as "
                "the unlikely referee",
            ),
        ]
    ),
]


@pytest.mark.parametrize(("inner", "expected"), KEPT_WITH_CREDIT_WORDS)
def test_a_dek_that_holds_credit_words_is_kept(inner: str, expected: str) -> None:
    box = f"<div class='atc-intro'>{inner}</div>"
    assert _standfirst(f"{HEADLINE}{box}{TEXT}") == (expected, "heuristic")


# --- a lead picture block ------------------------------------------------------------------

PICTURE_BLOCKS = [
    # the lead box holds the opening picture alone, with caption and credit
    pytest.param(
        f"<div class='article__lead-content'><figure>{PICTURE}<figcaption>"
        f"<div class='image-element__description'>{CAPTION}</div>"
        "<div class='image-element__credits'>Valley Photo Agency</div></figcaption></figure></div>",
        id="lead-box-of-a-figure",
    ),
    # a lead-art wrapper: the picture in a classed wrapper, its caption beside it
    pytest.param(
        f"<div class='image__lede article__lede-wrapper'><div class='image'>{PICTURE}"
        f"<div class='image__caption'>{CAPTION}</div></div></div>",
        id="lede-wrapper",
    ),
    # a description-classed caption inside a figure's caption
    pytest.param(
        f"<figure class='media'>{PICTURE}<figcaption>"
        f"<span class='media__description'>{CAPTION}</span></figcaption></figure>",
        id="description-in-figcaption",
    ),
]


@pytest.mark.parametrize("block", PICTURE_BLOCKS)
def test_a_lead_picture_block_is_no_dek(block: str) -> None:
    assert _standfirst(f"{HEADLINE}{block}{TEXT}") == (META, "meta")


CAPTIONED = (
    f"<figure>{PICTURE}<figcaption><span class='media__description'>{CAPTION}</span>"
    "</figcaption></figure>"
)


def test_a_caption_inside_the_text_is_no_dek() -> None:
    text = f"<div class='article-body'><p>{PROSE}</p>{CAPTIONED}<p>Second: {PROSE}</p></div>"
    assert _standfirst(f"{HEADLINE}{text}") == (META, "meta")


def test_a_caption_that_opens_the_text_stands_as_printed() -> None:
    # the body's walk keeps a caption before any text as the article's opening too
    text = f"<div class='article-body'>{CAPTIONED}<p>{PROSE}</p><p>Second: {PROSE}</p></div>"
    assert _standfirst(f"{HEADLINE}{text}") == (CAPTION, "heuristic")


DEKS_BESIDE_PICTURES = [
    # the intro box opens with the picture, its caption and credit, then the dek
    pytest.param(
        f"<div class='intro'><span class='picture-element'>{PICTURE}"
        f"<p class='image-annotation'>{CAPTION}</p><p>© Valley Photo Agency</p></span>"
        f"<p>{DEK}</p></div>",
        id="picture-then-dek",
    ),
    # a dek with an inline icon
    pytest.param(f"<p class='dek'><img src='/icons/live.svg' alt=''>{DEK}</p>", id="inline-icon"),
    # an emoji, and a linked badge, set in the dek's line
    pytest.param(
        f"<div class='standfirst'><p><img class='emoji' src='/e/1f525.png' alt=''> {DEK}</p></div>",
        id="emoji-in-the-line",
    ),
    pytest.param(
        f"<div class='lead'><p>{DEK} <a href='/plus'><img src='/img/plus.png' alt=''></a></p></div>",
        id="linked-badge-in-the-line",
    ),
    # share buttons (an icon and a label each) in the lead box are no picture's text either
    pytest.param(
        f"<div class='intro'><p>{DEK}</p><div class='share'><a href='#'><span>"
        "<svg class='icon'><use href='#dots'/></svg></span><span>Share</span></a></div></div>",
        id="share-icons-beside-the-dek",
    ),
    # a hero header classed for its picture holds the dek
    pytest.param(
        f"<div class='hero hero--image'><p class='standfirst'>{DEK}</p>{PICTURE}</div>",
        id="hero-with-picture",
    ),
]


@pytest.mark.parametrize("box", DEKS_BESIDE_PICTURES)
def test_a_dek_beside_a_picture_is_kept(box: str) -> None:
    assert _standfirst(f"{HEADLINE}{box}{TEXT}") == (DEK, "heuristic")


HEADED = [
    # a hero figure prints the picture, the headline and the dek in its caption
    pytest.param(
        f"<figure class='hero'>{PICTURE}<figcaption>{HEADLINE}<p class='standfirst'>{DEK}</p>"
        f"</figcaption></figure>{TEXT}",
        id="hero-figure-caption",
    ),
    pytest.param(
        f"<figure class='hero'>{HEADLINE}{PICTURE}<figcaption><p class='standfirst'>{DEK}</p>"
        f"</figcaption></figure>{TEXT}",
        id="hero-figure-headline-above-the-picture",
    ),
    # the template puts the article's header after the text in the markup
    pytest.param(
        f"{TEXT}<header>{HEADLINE}<p class='standfirst'>{DEK}</p></header>", id="late-header"
    ),
]


@pytest.mark.parametrize("article", HEADED)
def test_a_dek_beside_the_headline_is_kept_wherever_it_stands(article: str) -> None:
    assert _standfirst(article) == (DEK, "heuristic")


# --- a call to action's box, and a picture's caption by its alt text ---------------------

NOT_DEKS = [
    # a share box's blurb of the site itself (krautreporter)
    pytest.param(
        "<div class='article-share-url-promotion-box'>"
        "<p class='article-share-url-promotion-box__description'>an independent, ad-free "
        "magazine, funded by its members.</p></div>",
        id="share-promotion-box",
    ),
    # a subscription offer's subtitle (timeslive)
    pytest.param(
        "<div class='article-subscribe'><span class='article-subscribe--subtitle'>Just R20 for "
        "the first month. Support independent journalism by subscribing.</span></div>",
        id="subscribe-subtitle",
    ),
    # a caption classed "description" that repeats its picture's alt text (timeslive)
    pytest.param(
        f"<div class='image-container'><a href='/img/big.jpg'><img src='/img/council.jpg' "
        f"alt='{CAPTION}'></a><div class='image-text'><span class='description'>{CAPTION}"
        "</span><br><span class='author'>Image: GCIS</span></div></div>",
        id="caption-repeating-the-alt",
    ),
]


@pytest.mark.parametrize("box", NOT_DEKS)
def test_a_call_to_action_or_an_alt_caption_is_no_dek(box: str) -> None:
    assert _standfirst(f"{HEADLINE}{box}{TEXT}") == (META, "meta")


DEKS_KEPT = [
    # "shared" is no share box: a header template shared by the site's articles
    pytest.param(
        f"<div class='article-headers-shared-header'><p class='article-headers__dek'>{DEK}</p>"
        "</div>",
        id="shared-header",
    ),
    # a dek beside a picture whose alt text says something else
    pytest.param(
        f"<div class='image-container'>{PICTURE}<span class='description'>{DEK}</span></div>",
        id="dek-beside-a-picture-with-its-own-alt",
    ),
]


@pytest.mark.parametrize("box", DEKS_KEPT)
def test_a_dek_near_share_words_or_a_picture_is_kept(box: str) -> None:
    assert _standfirst(f"{HEADLINE}{box}{TEXT}") == (DEK, "heuristic")


# --- "epigraph": the dek's class on Spanish-language sites ---------------------------------


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        # la vanguardia: the header's h2.epigraph, before subtitle-classed subheadings
        pytest.param(
            f"<div class='epigraph-container'><h2 class='epigraph'>{DEK}</h2></div>"
            "<div class='article-modules'><span class='content-subtitle'>A subheading of the "
            "text, further down</span></div>",
            (DEK, "heuristic"),
            id="epigraph",
        ),
        # epigraphy, the study of inscriptions, is no dek's class
        pytest.param(f"<div class='epigraphy-notes'>{DEK}</div>", (META, "meta"), id="epigraphy"),
    ],
)
def test_an_epigraph_is_the_dek(box: str, expected: tuple[str, str]) -> None:
    assert _standfirst(f"{HEADLINE}{box}{TEXT}") == expected
