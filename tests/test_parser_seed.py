"""The seed page (a WordPress-like copy of /work/shared/seeds/000_...): every field right."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator import extract as lazy_extract
from aggregator.parser import extract

PAGE = Path(__file__).parent / "golden" / "seed" / "seed_copy.html"
URL = (
    "https://caribbeandailyherald.example/2019/01/trump-kim-to-hold-a-second-summit/?utm_source=rss"
)
FETCHED = datetime(2019, 1, 20, 9, 0, tzinfo=UTC)

SEED_BODY = [
    "US President Donald Trump is to meet North Korean leader Kim Jong-un for a second summit by the end of February but will maintain economic sanctions on Pyongyang, the White House said on Friday the White House says.",
    "The announcement came after Trump met top North Korean negotiator Kim Yong-chol at the White House.",
    "He had been expected to deliver a letter from Kim Jong-un to Trump.",
    "Little progress has been made on denuclearisation since their historic summit in Singapore last June. No venue has been announced for the new summit.",
    "Speculation is mounting that it could be held in Vietnam.",
    "\u201cPresident Donald J. Trump met with Kim Yong Chol for an hour and a half to discuss denuclearisation and a second summit, which will take place near the end of February,\u201d White House spokeswoman Sarah Sanders said. She said a location would be announced later.",
    "It is not clear what the reported letter from Kim Jong-un contained. But it was expected to lay the groundwork for another summit, our correspondent adds.",
    "President Trump said he was looking forward to the talks.",
    'Sanders said after the White House meeting that progress in the talks on denuclearisation continued, but added: "The United States is going to continue to keep pressure and sanctions on North Korea."',
    "South Korea\u2019s presidential office said it expected the upcoming summit to be a \u201cturning point to lay the firm foundation for lasting peace on the Korean peninsula.\u201d",
    "South Korea will work with the United States and other countries to \u201cachieve concrete and practical results towards complete denuclearisation and a lasting peace regime through the North Korea-U.S. summit...,\u201d presidential spokesman Kim Eui-kyeom said in a statement on Saturday.",
    "South Korea will also expand inter-Korean dialogue to help a successful meeting between Trump and Kim, he added.",
    "Nuclear negotiations between Washington and Pyongyang have stalled, no detailed account of North Korea's nuclear facilities has been provided and sanctions are still firmly in place.",
]


@pytest.fixture(scope="module")
def article():
    return extract(PAGE.read_bytes(), URL, source="seed", fetched_at=FETCHED)


def test_headline(article) -> None:
    assert article.headline == "Trump-Kim to hold a second summit next month"


def test_standfirst(article) -> None:
    assert article.standfirst == (
        "US President Donald Trump is to meet North Korean leader Kim Jong-un for a second "
        "summit by the end of February but will maintain economic sanctions on Pyongyang"
    )


def test_authors(article) -> None:
    assert article.authors == ["Monika Walker"]
    assert article.credits == []
    assert article.byline_raw == "Written by Monika Walker"


def test_empty_date_labels_give_no_dates(article) -> None:
    assert article.published_at is None
    assert article.updated_at is None


def test_body_is_the_seed_body(article) -> None:
    assert article.body == SEED_BODY


def test_body_has_no_furniture(article) -> None:
    text = article.body_text
    for junk in (
        "Author Profile",
        "senior journalist",
        "Related Articles",
        "Share this",
        "Trending Now",
        "Newsletter",
        "Advertisement",
        "Leave a Reply",
        "Tagged",
    ):
        assert junk not in text


def test_related_links(article) -> None:
    assert [(r.url, r.text) for r in article.related] == [
        (
            "https://caribbeandailyherald.example/north-korea-fires-missiles/",
            "North Korea fires short-range missiles into the sea",
        ),
        (
            "https://caribbeandailyherald.example/south-korea-welcomes-summit-plans/",
            "South Korea welcomes plans for second summit",
        ),
        (
            "https://caribbeandailyherald.example/sanctions-remain-says-white-house/",
            "Sanctions will remain in place, says White House",
        ),
    ]


def test_page_metadata(article) -> None:
    assert (
        article.canonical_url
        == "https://caribbeandailyherald.example/trump-kim-to-hold-a-second-summit-next-month/"
    )
    assert article.site_name == "Caribbean Daily Herald"
    assert article.language == "en"
    assert article.source == "seed"
    assert article.provenance["headline"] == "meta"  # og:title agrees with the h1
    assert article.provenance["authors"] == "heuristic"


def test_lazy_export() -> None:
    assert lazy_extract is extract


def test_selectors_override() -> None:
    from aggregator.config import Selectors

    selectors = Selectors(
        headline="css:.entry-subtitle",
        byline="xpath://h4[@class='author-name']",
        body="div.entry-content",
        remove=["div.entry-content p:nth-child(1)"],
    )
    art = extract(PAGE.read_bytes(), URL, selectors=selectors, fetched_at=FETCHED)
    assert art.headline.startswith("US President Donald Trump is to meet")
    assert art.provenance["headline"] == "override"
    assert art.authors == ["Monika Walker"] and art.provenance["authors"] == "override"
    assert art.body == SEED_BODY[1:] and art.provenance["body"] == "override"


def test_xpath_id_function_in_selectors() -> None:
    """The parse keeps libxml2's id table when selectors are given (XPath's id() reads it)."""
    from aggregator.config import Selectors

    html = (
        "<html><body><h1>A headline of the page</h1>"
        "<div id='writer'>Jane Doe</div><p>Text of the article, long enough.</p></body></html>"
    )
    art = extract(html, URL, selectors=Selectors(byline="xpath:id('writer')"), fetched_at=FETCHED)
    assert art.authors == ["Jane Doe"] and art.provenance["authors"] == "override"
