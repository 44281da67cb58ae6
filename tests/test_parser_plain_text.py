"""Pages without markup: the article read from its plain-text layout (plain_text.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from aggregator import extract
from aggregator.schema import FeedHints
from app.cli import cli

SEED = Path(__file__).parent / "golden" / "seed"
TEXT = SEED / "seed_page.txt"  # the seed page as given: its text, no markup
HTML = SEED / "seed_copy.html"  # the same page as a WordPress-like copy
URL = "https://caribbeandailyherald.example/2019/01/trump-kim-to-hold-a-second-summit/"
FETCHED = datetime(2019, 1, 20, 9, 0, tzinfo=UTC)


def test_the_seed_text_reads_as_its_html_copy_does() -> None:
    text = extract(TEXT.read_bytes(), URL, fetched_at=FETCHED)
    html = extract(HTML.read_bytes(), URL, fetched_at=FETCHED)
    assert text.headline == html.headline == "Trump-Kim to hold a second summit next month"
    assert text.standfirst == html.standfirst
    assert (text.authors, text.credits, text.byline_raw) == (
        html.authors,
        html.credits,
        html.byline_raw,
    )
    assert text.body == html.body
    # The empty "Published" / "Updated" labels date nothing; the profile and the
    # related block after the text are not the article.
    assert text.published_at is None and text.updated_at is None
    assert not any("Author Profile" in p or "senior journalist" in p for p in text.body)
    assert text.provenance["body"] == "text-layout"


def test_the_cli_extracts_a_saved_text_page() -> None:
    result = CliRunner().invoke(cli, ["extract", str(TEXT), "--url", URL])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["headline"] == "Trump-Kim to hold a second summit next month"
    assert printed["authors"] == ["Monika Walker"]
    assert printed["body"][-1].startswith("Nuclear negotiations between Washington")


WIRE = """Storm closes ports along the coast

By Jane Doe and John Roe, Reuters

Published: 18 January 2019 10:30 GMT
Updated: 19 January 2019 08:00 GMT

The storm closed every port between the two cities on Friday, the coastguard
said, and ferries stayed in harbour for a second day.

"We have never seen waves like these," a harbour master said.

Read more

Ferries cancelled again
"""


def test_labelled_dates_byline_and_a_wrapped_paragraph() -> None:
    art = extract(WIRE, "https://news.example/storm", fetched_at=FETCHED)
    assert art.headline == "Storm closes ports along the coast"
    assert art.standfirst is None  # nothing stands between the headline and the byline
    assert (art.authors, art.credits) == (["Jane Doe", "John Roe"], ["Reuters"])
    assert art.published_at == datetime(2019, 1, 18, 10, 30, tzinfo=UTC)
    assert art.updated_at == datetime(2019, 1, 19, 8, 0, tzinfo=UTC)
    assert art.body == [
        "The storm closed every port between the two cities on Friday, the coastguard "
        "said, and ferries stayed in harbour for a second day.",
        '"We have never seen waves like these," a harbour master said.',
    ]


@pytest.mark.parametrize(
    ("text", "url", "headline", "body", "published", "provenance"),
    [
        # One block: no headline can be told from the text.
        (
            "Just one paragraph of text.",
            "https://x.example/a",
            "",
            ["Just one paragraph of text."],
            None,
            None,
        ),
        # A first block that ends in a full stop is text, not a headline.
        (
            "The council met on Monday.\n\nIt voted twice.",
            "https://x.example/a",
            "",
            ["The council met on Monday.", "It voted twice."],
            None,
            None,
        ),
        # A headline may end in an initialism's full stop.
        (
            "China warns U.S.\n\nBeijing said on Monday it would respond.",
            "https://x.example/a",
            "China warns U.S.",
            ["Beijing said on Monday it would respond."],
            None,
            None,
        ),
        # Without a date line, a dated URL dates the article.
        (
            "Council votes\n\nThe council voted.",
            "https://x.example/2018/12/04/council",
            "Council votes",
            ["The council voted."],
            datetime(2018, 12, 4, tzinfo=UTC),
            "url",
        ),
        # "a < b" is no markup: still laid out text.
        (
            "Rates rise\n\nInflation < 2 % and growth > 1 % held.",
            "https://x.example/a",
            "Rates rise",
            ["Inflation < 2 % and growth > 1 % held."],
            None,
            None,
        ),
        # An author profile heading ends the text.
        (
            "Rates rise\n\nThe bank raised rates.\n\nAbout the author\n\nJane writes on money.",
            "https://x.example/a",
            "Rates rise",
            ["The bank raised rates."],
            None,
            None,
        ),
    ],
)
def test_layout_table(
    text: str,
    url: str,
    headline: str,
    body: list[str],
    published: datetime | None,
    provenance: str | None,
) -> None:
    art = extract(text, url, fetched_at=FETCHED)
    assert art.headline == headline
    assert art.body == body
    assert art.published_at == published
    assert art.provenance.get("published_at") == provenance


def test_a_page_with_markup_still_goes_to_the_html_parser() -> None:
    art = extract("<p>Storm closes ports</p>\n\n<p>By Jane Doe</p>", "https://x.example/a")
    assert art.provenance.get("body") != "text-layout"


def test_text_bytes_are_decoded_like_a_page() -> None:
    art = extract("Café opens\n\nThe café opened.".encode(), "https://x.example/a")
    assert (art.headline, art.body) == ("Café opens", ["The café opened."])


def test_what_the_text_does_not_say_comes_from_the_feed_as_on_an_html_page() -> None:
    hints = FeedHints(
        title="Storm &amp; rain live",
        published_at=datetime(2019, 1, 18, 10, 30, tzinfo=UTC),
        authors=("Jane Doe",),
        language="en-GB",
    )
    text = "The storm closed every port.\n\nFerries stayed in harbour."
    art = extract(text, "https://x.example/2019/01/10/storm", hints=hints, fetched_at=FETCHED)
    html = extract(
        f"<p>{text}</p>", "https://x.example/2019/01/10/storm", hints=hints, fetched_at=FETCHED
    )
    assert art.headline == "Storm & rain live"
    assert art.authors == ["Jane Doe"] and art.language == "en"
    # The feed's precise time is trusted before the URL's day, as the HTML chain does.
    assert art.published_at == html.published_at == datetime(2019, 1, 18, 10, 30, tzinfo=UTC)
    assert art.published_offset is None  # the feed's moment only: no offset is claimed
    # A feed date the HTML chain refuses (after the fetch) is refused here too.
    late = FeedHints(published_at=datetime(2031, 1, 1, tzinfo=UTC))
    assert extract(text, "https://x.example/a", hints=late, fetched_at=FETCHED).published_at is None


def test_a_text_a_line_a_block_and_a_breadcrumb_before_the_headline() -> None:
    text = "Home | News | World\nStorm closes ports\nBy Jane Doe\nThe storm closed every port.\nFerries stayed."
    art = extract(text, "https://x.example/a", fetched_at=FETCHED)
    assert art.headline == "Storm closes ports"
    assert art.authors == ["Jane Doe"]
    assert art.body == ["The storm closed every port.", "Ferries stayed."]


def test_a_hard_wrapped_text_without_blank_lines_is_joined_again() -> None:
    text = (
        "The council met on Monday and agreed the budget for the year, after a\n"
        "debate that ran late into the evening.\n"
        "Councillors said the plan keeps every library open."
    )
    hints = FeedHints(title="Council agrees budget")
    art = extract(text, "https://x.example/a", hints=hints, fetched_at=FETCHED)
    assert art.headline == "Council agrees budget"
    assert art.provenance["headline"] == "feed"
    assert art.body == [
        "The council met on Monday and agreed the budget for the year, after a debate "
        "that ran late into the evening.",
        "Councillors said the plan keeps every library open.",
    ]


def test_navigation_lines_are_no_text_even_without_a_headline() -> None:
    text = "Home | News | Local\n\nThe council met on Monday."
    art = extract(text, "https://x.example/a", fetched_at=FETCHED)
    assert (art.headline, art.body) == ("", ["The council met on Monday."])


def test_a_charset_whose_codec_refuses_the_page_falls_back_to_utf8() -> None:
    # "punycode" raises UnicodeError (not UnicodeDecodeError) on this ASCII page.
    page = (
        b'<html><head><meta charset="punycode"></head>'
        b"<body><p>The council met on Monday.</p></body></html>"
    )
    art = extract(page, "https://x.example/a")
    assert art.body == ["The council met on Monday."]


# --- the opening of a text page: abbreviations, initialisms, kickers ---------------------

_LEAD = (
    "Acme agreed on Friday to buy its smaller rival for 2.1 billion dollars in cash, "
    "the two companies said in a joint statement, ending a year of talks."
)
_SECOND = "The deal still needs the approval of regulators in both countries."


@pytest.mark.parametrize(
    ("text", "section", "headline", "standfirst", "authors", "body"),
    [
        # A headline ending in a company's abbreviation, a byline and a date line after it.
        (
            "Acme buys rival Widget Inc.\n\nBy Jane Doe, Reuters\n\n"
            f"Published: 18 January 2019 10:30 GMT\n\n{_LEAD}\n\n{_SECOND}\n",
            None,
            "Acme buys rival Widget Inc.",
            None,
            ["Jane Doe"],
            [_LEAD, _SECOND],
        ),
        # ... with a standfirst between it and the byline.
        (
            "Profits fall at Smith & Sons Ltd.\n\nThe family firm blames the cost of steel\n\n"
            f"By John Roe\n\n{_LEAD}\n\n{_SECOND}\n",
            None,
            "Profits fall at Smith & Sons Ltd.",
            "The family firm blames the cost of steel",
            ["John Roe"],
            [_LEAD, _SECOND],
        ),
        # ... with a date line only.
        (
            "Storm damage shuts Harbour Ferry Co.\n\nUpdated: 19 January 2019 08:00 GMT\n\n"
            f"{_LEAD}\n",
            None,
            "Storm damage shuts Harbour Ferry Co.",
            None,
            [],
            [_LEAD],
        ),
        # Without byline or date lines, a first block ending in "Inc." stays a sentence.
        (
            f"Shares were bought by Widget Inc.\n\n{_SECOND}\n",
            None,
            "",
            None,
            [],
            ["Shares were bought by Widget Inc.", _SECOND],
        ),
        # A short first paragraph ending in "the U.S." is prose, not a headline ...
        (
            f"Talks resumed in the U.S.\n\n{_LEAD}\n\n{_SECOND}\n",
            None,
            "",
            None,
            [],
            ["Talks resumed in the U.S.", _LEAD, _SECOND],
        ),
        # ... unless a byline follows it: its place says headline.
        (
            f"Talks resume in the U.S.\n\nBy Jane Doe\n\n{_LEAD}\n",
            None,
            "Talks resume in the U.S.",
            None,
            ["Jane Doe"],
            [_LEAD],
        ),
        # A kicker in capitals above the headline: the section, not the headline.
        (
            "WORLD\n\nStorm closes ports along the coast\n\nBy Jane Doe\n\n"
            f"Published: 18 January 2019 10:30 GMT\n\n{_LEAD}\n",
            "WORLD",
            "Storm closes ports along the coast",
            None,
            ["Jane Doe"],
            [_LEAD],
        ),
        # A section and its subsection above a headline followed by the first paragraph.
        (
            f"Politics | Europe\n\nEU leaders agree a budget after all-night talks\n\n"
            f"{_LEAD}\n\n{_SECOND}\n",
            "Politics | Europe",
            "EU leaders agree a budget after all-night talks",
            None,
            [],
            [_LEAD, _SECOND],
        ),
        # A kicker after the breadcrumb, above a headline and its standfirst.
        (
            "Home | News | World\n\nMIDDLE EAST\n\nCeasefire holds for a third day\n\n"
            f"Aid lorries reach the north of the strip\n\nBy John Roe\n\n{_LEAD}\n",
            "MIDDLE EAST",
            "Ceasefire holds for a third day",
            "Aid lorries reach the north of the strip",
            ["John Roe"],
            [_LEAD],
        ),
        # A short headline in capitals is the headline, not a kicker: no headline below it.
        (
            f"STORM CLOSES PORTS\n\nBy Jane Doe\n\n{_LEAD}\n",
            None,
            "STORM CLOSES PORTS",
            None,
            ["Jane Doe"],
            [_LEAD],
        ),
    ],
    ids=[
        "inc-byline-date",
        "ltd-standfirst-byline",
        "co-date-line",
        "inc-no-labels-is-a-sentence",
        "the-us-paragraph",
        "the-us-then-byline",
        "caps-kicker",
        "section-subsection-kicker",
        "kicker-after-breadcrumb",
        "caps-headline-no-kicker",
    ],
)
def test_the_opening_of_a_text_page(
    text: str,
    section: str | None,
    headline: str,
    standfirst: str | None,
    authors: list[str],
    body: list[str],
) -> None:
    art = extract(text, "https://x.example/a", fetched_at=FETCHED)
    assert art.section == section
    assert art.headline == headline
    assert art.standfirst == standfirst
    assert art.authors == authors
    assert art.body == body
    if section:
        assert art.provenance["section"] == "text-layout"
