"""Where the body begins (round 15): the first words of the first paragraph, on hand-made
pages as CMSs print them, run through ``extract``.

Each table holds both sides of one rule: the shapes whose opening words the body must
keep, and the look-alikes it must leave out.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.config import Selectors
from aggregator.parser import extract

FETCHED = datetime(2026, 7, 1, tzinfo=UTC)
REST = (
    "<p>Opponents said the plan would raise rents in the old town, where half of the "
    "households already spend more than a third of their income on housing.</p>"
    "<p>A second vote, on the depot, is due in March; the regional government has promised "
    "to pay for half of it, and the rest will come from the city budget.</p>"
    "<p>The mayor said the first trams would run in the spring, and that fares would stay "
    "the same for at least the first three years of the service.</p>"
)


def extracted(
    text: str,
    url: str = "https://courier.example/2024/05/03/tram",
    *,
    head: str = "",
    intro: str = "",
    selectors: Selectors | None = None,
):
    """A news page whose article text is ``text`` and three plain paragraphs after it
    (``head`` in its head, ``intro`` between the headline and the text)."""
    html = (
        f"<html><head><title>City approves tram line - The Courier</title>{head}</head><body>"
        "<header class='site-header'><a href='/'>The Courier</a></header><main>"
        f"<article><h1>City approves tram line</h1>{intro}"
        f"<div class='article-body'>{text}{REST}</div></article></main>"
        "<footer class='site-footer'><a href='/about'>About us</a></footer></body></html>"
    )
    return extract(html, url, fetched_at=FETCHED, selectors=selectors)


# --- a hover card inside the first sentence: the name printed stays -------------------


def _card(name: str, wrapper: str, card: str) -> str:
    """A name in the sentence that pops up a card of a photo and three article links."""
    links = "".join(
        f"<a href='/news/{n}'>Earlier story number {n} about this person</a> " for n in range(3)
    )
    return (
        f"<span class='{wrapper}'><a href='/people/x'>{name}</a>"
        f"<span class='{card}'><img src='/x.jpg' alt=''>{links}"
        "<a href='/people/x'>MORE</a></span></span>"
    )


@pytest.mark.parametrize(
    ("wrapper", "card"),
    [
        ("rollover-people", "rollover-people-block"),  # Drupal (The Hill)
        ("person-hover", "person-hover__card"),  # WordPress plug-in
        ("sc-3kf9a2 bXqLzT", "sc-8vd1pq hJkLmN"),  # React, hashed class names
    ],
)
def test_hover_card_keeps_the_name_it_pops_up_from(wrapper: str, card: str) -> None:
    first = (
        f"<p>South Dakota Gov. {_card('Kristi Noem', wrapper, card)} (R) is defending the "
        "state's launch of an anti-drug campaign with the slogan “Meth, we're on it.”</p>"
    )
    body = extracted(first).body
    assert body[0] == (
        "South Dakota Gov. Kristi Noem (R) is defending the state's launch of an anti-drug "
        "campaign with the slogan “Meth, we're on it.”"
    )
    assert not any("Earlier story" in p for p in body)


def test_hover_card_inside_a_card_leaks_no_links() -> None:
    # A name's card holding another name's card (review of round 15): the outer card's
    # own links are no words of the sentence.
    def card(name: str, slug: str) -> str:
        return "".join(f"<a href='/{slug}/{n}'>{name} story {n}</a> " for n in (1, 2, 3))

    inner = (
        f"<span class='hc'><a href='/p/t'>John Thune</a><span class='hc-card'>"
        f"{card('Thune', 't')}</span></span>"
    )
    first = (
        "<p>South Dakota Gov. <span class='hc'><a href='/p/x'>Kristi Noem</a>"
        f"<span class='hc-card'>{card('Noem', 'n')}{inner}</span></span> (R) is defending "
        "the state's launch of an anti-drug campaign with the slogan “Meth, we're on it.”</p>"
    )
    assert extracted(first).body[0] == (
        "South Dakota Gov. Kristi Noem (R) is defending the state's launch of an anti-drug "
        "campaign with the slogan “Meth, we're on it.”"
    )


def test_span_of_links_around_a_card_is_skipped_whole() -> None:
    # Two links beside a group of links: a box of links, not a name and its card.
    links = "".join(f"<a href='/n/{n}'>Story {n}</a> " for n in (1, 2, 3))
    first = (
        "<p>The council voted on Tuesday <span class='more'><a href='/a'>Tram plan</a> "
        f"<a href='/b'>City budget</a> <span class='group'>{links}</span></span> to approve "
        "the plan, the second vote on the tram in a year.</p>"
    )
    assert extracted(first).body[0] == (
        "The council voted on Tuesday to approve the plan, the second vote on the tram in a year."
    )


def test_hover_card_nested_twice_keeps_the_name() -> None:
    card = _card("Kristi Noem", "person-hover", "person-hover__card")
    first = (
        f"<p>South Dakota Gov. <span class='people'>{card}</span> (R) is defending the "
        "state's launch of an anti-drug campaign with the slogan “Meth, we're on it.”</p>"
    )
    assert extracted(first).body[0].startswith("South Dakota Gov. Kristi Noem (R) is defending")


def test_hover_card_without_the_name_is_skipped_whole() -> None:
    # The card alone in the sentence (no name link beside it inside the span) stays out.
    links = "".join(f"<a href='/n/{n}'>Earlier story {n}</a> " for n in range(3))
    first = (
        f"<p>The governor <span class='hovercard'>{links}</span>defended the state's new "
        "campaign against methamphetamine on Monday, after a day of ridicule online.</p>"
    )
    assert extracted(first).body[0] == (
        "The governor defended the state's new campaign against methamphetamine on Monday, "
        "after a day of ridicule online."
    )


# --- a dateline opening the first paragraph in an element of its own class -------------


@pytest.mark.parametrize(
    ("first", "opening", "credit"),
    [
        (
            "<p><span class='dateline'>KOBE – </span>A total of 6,000 surgical masks have "
            "been lost at a hospital in Kobe, it was learned Tuesday.</p>",
            "KOBE – A total of 6,000 surgical masks",
            None,
        ),
        (
            "<p><strong class='article-dateline'>BERLIN (dpa) –</strong> Die Stadt baut eine "
            "neue Straßenbahnlinie über den Fluss, hat der Rat am Dienstag beschlossen.</p>",
            "BERLIN (dpa) – Die Stadt baut eine neue",
            "dpa",
        ),
        (
            "<p><span class='c-dateline'>PARIS (AFP) -</span> La ville va construire une "
            "nouvelle ligne de tramway, a décidé le conseil municipal mardi.</p>",
            "PARIS (AFP) - La ville va construire",
            "AFP",
        ),
        (
            "<p><b class='dateline'>MADRID, 3 may (EFE).-</b> El ayuntamiento construirá "
            "una nueva línea de tranvía, según decidió el pleno este martes.</p>",
            "MADRID, 3 may (EFE).- El ayuntamiento",
            None,  # (no credit: this shape of dateline is not read for one yet)
        ),
        (
            "<p><span class='news-dateline'>ROMA –</span> Il comune costruirà una nuova "
            "linea del tram sul fiume, ha deciso il consiglio martedì sera.</p>",
            "ROMA – Il comune costruirà",
            None,
        ),
    ],
)
def test_dateline_opening_the_paragraph_is_its_first_words(
    first: str, opening: str, credit: str | None
) -> None:
    article = extracted(first)
    assert article.body[0].startswith(opening)
    if credit:
        assert credit in article.credits


@pytest.mark.parametrize(
    ("first", "opening"),
    [
        (
            "<p><span class='dateline'>New Delhi, May 3 – </span>The city will build a new "
            "tram line across the river, the council decided.</p>",
            "New Delhi, May 3 – The city will build",
        ),
        (
            "<p><span class='dateline'>【ソウル=共同】</span>韓国の国会は3日、新しい路面電車の"
            "路線を建設する計画を承認した。</p>",
            "【ソウル=共同】韓国の国会は3日",
        ),
        (
            "<p><strong class='dateline'>Update, 14:30 Uhr:</strong> Der Stadtrat hat die "
            "neue Straßenbahnlinie über den Fluss am Dienstag beschlossen.</p>",
            "Update, 14:30 Uhr: Der Stadtrat hat",
        ),
    ],
)
def test_dateline_with_a_date_or_in_another_script_is_read(first: str, opening: str) -> None:
    assert extracted(first).body[0].startswith(opening)


@pytest.mark.parametrize(
    "before",
    [
        # date furniture classed as a dateline, above the text (Guardian, Globe and Mail)
        "<p class='content__dateline'><time class='content__dateline-wpd'>Mon 18 Nov 2019 "
        "18.54 GMT</time> <time class='content__dateline-lm'>Last modified on Mon 18 Nov "
        "2019 18.56 GMT</time></p>",
        "<div class='dateline'>Published Monday, Dec. 29 2014, 6:00 AM EST</div>",
        # a dateline set apart before the paragraph, in its own element (VOA: the
        # fundus truth leaves it out)
        "<span class='dateline'>AUBURN, Wash. — </span>",
        # a date stamp opening a paragraph of furniture, no sentence after it
        "<p><span class='dateline'>Mon 18 Nov 2019</span> <span class='byline'>By Jane "
        "Doe</span></p>",
    ],
)
def test_dateline_furniture_stays_out(before: str) -> None:
    first = (
        "<p>The city will build a new tram line across the river, the council decided on "
        "Tuesday, ending a dispute that had lasted for more than ten years.</p>"
    )
    body = extracted(before + first).body
    assert body[0].startswith("The city will build a new tram line")


SENTENCE = "The city will build a new tram line across the river."


@pytest.mark.parametrize(
    "dateline",
    [
        # hidden, a byline, a time stamp or a date alone: no place the sentence opens with
        f"<span class='dateline' style='display:none'>May 3, 2024 10:00 – </span>{SENTENCE}",
        f"<span class='dateline byline'>By Jane Doe, May 3, 2024 – </span>{SENTENCE}",
        f"<span class='dateline'>By Jane Doe – </span>{SENTENCE}",
        f"<span class='dateline'>Updated 10:45 a.m. –</span> {SENTENCE}",
        f"<time class='dateline'>May 3, 2024</time> {SENTENCE}",
        f"<time class='dateline'>10:45</time> {SENTENCE}",
        f"<span class='dateline'>03.05.2024, 10:45 Uhr</span> {SENTENCE}",
    ],
)
def test_date_stamp_classed_dateline_is_no_first_words(dateline: str) -> None:
    assert extracted(f"<p>{dateline}</p>").body[0] == SENTENCE


@pytest.mark.parametrize(
    "opener",
    [
        # a name, a credit or a share label in a dateline-classed span: nothing parts it
        # from the sentence as a dateline's dash or colon does (second look at round 15)
        "Jane Doe, Dec. 4",
        "Staff report",
        "JANE DOE",
        "Associated Press",
        "Photo: Reuters",
        "Share this story",
    ],
)
def test_dateline_classed_text_without_a_separator_is_no_first_words(opener: str) -> None:
    first = f"<p><span class='dateline'>{opener}</span> {SENTENCE} The vote was 7-2.</p>"
    assert extracted(first).body[0].startswith(SENTENCE)


def test_time_classed_dateline_before_a_date_line_opens_no_text() -> None:
    line = "<p><time class='dateline'>May 3, 2024 10:00</time> Updated May 4, 2024, 11:00 a.m.</p>"
    assert extracted(line + LEAD).body[0].startswith("The city will build")


# --- a date line with a middle dot or a bullet between its parts -----------------------


@pytest.mark.parametrize(
    "line",
    [
        "Oct 19, 2016 · 10 min read",  # Medium
        "Jane Doe · May 3, 2024 · 5 min read",
        "19 Oct 2016 • 4 min read",
        "13. Mai 2024 · 3 Min. Lesezeit",
    ],
)
def test_date_line_with_separators_is_no_first_paragraph(line: str) -> None:
    first = (
        f"<p>{line}</p><p>The city will build a new tram line across the river, the council "
        "decided on Tuesday, ending a dispute that had lasted for more than ten years.</p>"
    )
    assert extracted(first).body[0].startswith("The city will build a new tram line")


@pytest.mark.parametrize(
    "line",
    [
        "Kick-off · 15:00 at the old stadium, and fans are asked to arrive early",
        "In 2012 · forty people died in the floods",
    ],
)
def test_sentence_with_separators_stays(line: str) -> None:
    assert extracted(f"<p>{line}</p>").body[0] == line


@pytest.mark.parametrize(
    "line",
    [
        "Paris · Berlin · Rome",
        "Una col·lecció d'intel·ligència",
        "Exposició col·lectiva · 2024 · Barcelona",
        "• Dec 5, 2026: the court ruled that the plan may go ahead",
        "Bayern – Dortmund · 20:30 · Sky",
        "Home · News · May 3, 2024",
    ],
)
def test_line_with_middle_dots_and_no_reading_time_stays(line: str) -> None:
    assert line in extracted(LEAD + f"<p>{line}</p>").body


def test_bullet_items_with_dates_stay() -> None:
    # A timeline typed by hand, bullets and all (review of round 15): no date lines.
    items = [
        "• 2014: Plan proposed",
        "• March 2019: Council rejects plan",
        "• 2021: Federal funding",
        "• May 3, 2024: Final vote",
    ]
    text = LEAD + "<p>How the plan took shape:</p>" + "".join(f"<p>{i}</p>" for i in items)
    body = extracted(text).body
    assert all(item in body for item in items)


@pytest.mark.parametrize(
    ("item", "line"),
    [
        ("<p>• 2019: Company founded</p>", "• 2019: Company founded"),
        ("<p>• Dec 5, 2026: Court Approves Plan</p>", "• Dec 5, 2026: Court Approves Plan"),
        ("<p>• 20:15 Uhr: Tatort (ARD)</p>", "• 20:15 Uhr: Tatort (ARD)"),
        ("<ul><li>2014 · Plan proposed</li></ul>", "2014 · Plan proposed"),
    ],
)
def test_bullet_item_with_a_date_stays(item: str, line: str) -> None:
    assert line in extracted(LEAD + item).body


@pytest.mark.parametrize(
    "line",
    [
        "Kick-off · 15:00 at the old stadium",
        "• 2019: plan first proposed",
        "Timeline · 2014 to 2024",
    ],
)
def test_plain_text_line_with_a_middle_dot_is_no_date(line: str) -> None:
    text = (
        f"City approves tram line\n\n{line}\n\nThe city will build a new tram line across the "
        "river, the council decided on Tuesday, ending a dispute that had lasted for more "
        "than ten years.\n\nOpponents said the plan would raise rents in the old town, where "
        "half of the households already spend more than a third of their income on housing.\n"
    )
    article = extract(text.encode(), "https://courier.example/2024/05/03/tram", fetched_at=FETCHED)
    assert article.provenance["body"] == "text-layout"
    assert line in article.body


# --- a label in capitals over the text ------------------------------------------------

LEAD = (
    "<p>The city will build a new tram line across the river, the council decided on "
    "Tuesday, ending a dispute that had lasted for more than ten years.</p>"
)


@pytest.mark.parametrize(
    "label",
    [
        "BREAKING NEWS",
        "STORY HIGHLIGHTS",
        "EXCLUSIVE",
        "EILMELDUNG",
        "ÚLTIMA HORA",
        "СРОЧНО",
        "ΕΚΤΑΚΤΟ",
        "SON DAKİKA",
        "OPINION",
        "UPDATE",
    ],
)
def test_label_in_capitals_opens_no_text(label: str) -> None:
    assert extracted(f"<p>{label}</p>{LEAD}").body[0].startswith("The city will build")


@pytest.mark.parametrize(
    "head",
    [
        "<meta name='description' content='Jane Doe'>",  # fundus' Ilanga
        "<meta name='author' content='Jane Doe'>",
    ],
)
def test_byline_in_capitals_over_the_text_opens_no_text(head: str) -> None:
    assert extracted(f"<p>JANE DOE</p>{LEAD}", head=head).body[0].startswith("The city")


def test_interview_speakers_in_capitals_stay() -> None:
    # The byline's name is a speaker when other names in capitals follow.
    text = (
        "<p>JANE DOE</p><p>Thank you for having me. It has been a long ten years for the "
        "people of this city, and for the council too.</p><p>JOHN SMITH</p><p>Why did "
        "it take ten years to build a tram line across the river?</p>"
    )
    body = extracted(text, head="<meta name='author' content='Jane Doe'>").body
    assert body[:3] == [
        "JANE DOE",
        "Thank you for having me. It has been a long ten years for the people of this "
        "city, and for the council too.",
        "JOHN SMITH",
    ]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # a sentence set in capitals is text
        (
            "<p>THE CITY WILL BUILD A NEW TRAM LINE, THE COUNCIL SAID.</p>" + LEAD,
            "THE CITY WILL BUILD A NEW TRAM LINE, THE COUNCIL SAID.",
        ),
        # a label with a number is a name or a title ("G7 SUMMIT"), and a heading is the
        # text's own subheading
        ("<p>G7 SUMMIT</p>" + LEAD, "G7 SUMMIT"),
        ("<h2>THE VOTE</h2>" + LEAD, "THE VOTE"),
        ("<h3>THE VOTE</h3>" + LEAD, "THE VOTE"),
        # capitals with a stop, a colon or a dash open the sentence or a label of the text
        ("<p>NO.</p>" + LEAD, "NO."),
        ("<p>YES!</p>" + LEAD, "YES!"),
        ("<p>UPDATE:</p>" + LEAD, "UPDATE:"),
        ("<p>JOHN SMITH:</p>" + LEAD, "JOHN SMITH:"),
        ("<p>WASHINGTON —</p>" + LEAD, "WASHINGTON —"),
        ("<p>BERLIN (dpa)</p>" + LEAD, "BERLIN (dpa)"),
        ("<p>NATO AND EU AGREE</p>" + LEAD, "NATO AND EU AGREE"),
        ("<p>NATO, EU AGREE</p>" + LEAD, "NATO, EU AGREE"),
        ("<p>速報</p>" + LEAD, "速報"),
        # review of round 15: a line in capitals opening the text is its own, but for a
        # known label: the first of a series of subheadings or speakers, a chant, a
        # dateline, a live line, a drop cap
        (
            "<p>JOHN SMITH</p><p>Thank you for having me. It has been a long ten years.</p>"
            "<p>JANE DOE</p><p>Why did it take ten years to build a tram line?</p>",
            "JOHN SMITH",
        ),
        (
            "<p><strong>WHAT WE KNOW</strong></p>" + LEAD + "<p><strong>WHAT WE DON'T "
            "KNOW</strong></p>",
            "WHAT WE KNOW",
        ),
        (
            "<p>LOCK HIM UP</p><p>The chant rose from the crowd as the mayor spoke.</p>",
            "LOCK HIM UP",
        ),
        ("<p>WE SHALL OVERCOME</p>" + LEAD, "WE SHALL OVERCOME"),
        ("<p>GOAL</p><p>Müller scores from the edge of the box after a corner.</p>", "GOAL"),
        ("<p>WASHINGTON</p>" + LEAD, "WASHINGTON"),
        ("<p>NEW YORK</p>" + LEAD, "NEW YORK"),
        ("<p>RIO DE JANEIRO</p>" + LEAD, "RIO DE JANEIRO"),
        ("<p>BERLIN</p>" + LEAD, "BERLIN"),
        (
            "<div class='drop-cap'>T</div><p>he city will build a new tram line across the "
            "river, the council decided on Tuesday.</p>",
            "T",
        ),
    ],
)
def test_capitals_that_are_text_stay(text: str, first: str) -> None:
    assert extracted(text).body[0] == first


def test_subheading_in_capitals_after_a_printed_standfirst_stays() -> None:
    intro = (
        "<div class='intro'><p>After ten years of dispute the council has approved the "
        "tram line, and the first trams are to run across the river next spring.</p></div>"
    )
    assert extracted("<p>THE VOTE</p>" + LEAD, intro=intro).body[0] == "THE VOTE"


def test_subheadings_in_capitals_under_a_selector_stay() -> None:
    # An operator's body selector naming several sections: each one's subheading stays.
    text = "".join(
        f"<section class='chunk'><p>{title}</p><p>The council said on Tuesday that {what} "
        "would be settled before the end of the year.</p></section>"
        for title, what in (("THE VOTE", "the vote"), ("THE MONEY", "the money"))
    )
    body = extracted(text, selectors=Selectors(body="section.chunk")).body
    assert "THE VOTE" in body and "THE MONEY" in body


def test_subheading_in_capitals_further_down_stays() -> None:
    body = extracted(LEAD + "<p>THE VOTE</p>").body
    assert "THE VOTE" in body


# --- a link or a span inside a sentence: its class names where it leads, not furniture --


@pytest.mark.parametrize(
    ("inline", "word"),
    [
        # stern.de's topic links
        (
            "<a class='taxonomy-entity js-article-topic-teaser' href='/t/bj'>Boris Johnson</a>",
            "Boris Johnson",
        ),
        ("<a class='related-link' href='/topic/eu'>European Union</a>", "European Union"),
        ("<span class='label label--topic'>Brüssel</span>", "Brüssel"),
        ("<a class='promo' href='/people/x'>Ursula von der Leyen</a>", "Ursula von der Leyen"),
        ("<a class='tags-link' href='/t/tram'>Trambahn</a>", "Trambahn"),
        ("<a class='category-link' href='/c/city'>the city council</a>", "the city council"),
    ],
)
def test_inline_element_inside_a_sentence_keeps_its_words(inline: str, word: str) -> None:
    first = (
        f"<p>The decision was postponed again by {inline} on Tuesday, the second delay "
        "this year, after a vote that split the governing coalition.</p>"
    )
    body = extracted(first).body
    assert body[0] == (
        f"The decision was postponed again by {word} on Tuesday, the second delay this "
        "year, after a vote that split the governing coalition."
    )


def test_link_after_an_abbreviation_is_inside_the_sentence() -> None:
    first = (
        "<p>The plan was backed by Gov. <a class='related-link' href='/p/x'>Kristi Noem</a> "
        "on Tuesday, after a vote that split the governing coalition.</p>"
    )
    assert extracted(first).body[0] == (
        "The plan was backed by Gov. Kristi Noem on Tuesday, after a vote that split the "
        "governing coalition."
    )


def test_topic_link_in_a_japanese_sentence_keeps_its_words() -> None:
    first = (
        "<p>政府は<a class='topic-link related' href='/t/tokyo'>東京都</a>で新しい路面電車の"
        "路線を建設する計画を承認したと発表した。</p>"
    )
    assert extracted(first).body[0].startswith("政府は東京都で新しい路面電車")


@pytest.mark.parametrize(
    "inline",
    [
        "<span class='sr-only'>(opens in a new window)</span>",
        "<span class='visually-hidden'>external link</span>",
        "<span class='share' hidden>Share on X</span>",
        "<span class='badge' style='display:none'>NEW</span>",
        "<span class='icon' aria-hidden='true'>arrow</span>",
        "<span class='note' style='visibility:hidden'>tooltip</span>",
        "<span class='hidden-xs'>(mobile only)</span>",
        "<span class='print-url'>(https://courier.example/x)</span>",
        "<noscript>Enable JavaScript to see the map</noscript>",
        "<amp-ad width='300' height='250' type='doubleclick'>Ad</amp-ad>",
        # furniture by its class wherever it stands (review of round 15)
        "<span class='ad'>Anzeige</span>",
        "<span class='ad-label'>Advertisement</span>",
        "<span class='sponsored-label'>Sponsored</span>",
        "<a class='share-twitter' href='/share'>Tweet this</a>",
        "<a class='newsletter-signup' href='/nl'>Get our newsletter</a>",
        "<a class='subscribe-link' href='/sub'>Subscribe now</a>",
        "<span class='popup'>a body of elected members</span>",
        "<span class='glossary-modal'>council: the city's elected body</span>",
        "<span class='caption'>(Photo: Reuters)</span>",
        "<span class='photo-credit'>Photo: Jane Doe</span>",
        "<a class='gallery-link' href='/g'>(12 photos)</a>",
        "<span class='player-label'>Video, 2:31</span>",
        "<span class='rating'>★★★★☆</span>",
        "<a class='comments-count' href='#comments'>14 comments</a>",
        "<span class='timestamp'>2 hours ago</span>",
        "<span class='badge'>NEW</span>",
        "<span class='footnote-popup'>1</span>",
        "<span class='cookie-notice'>We use cookies</span>",
        "<span class='paywall-blur'>Subscribe to read</span>",
    ],
)
def test_unseen_or_furniture_element_inside_a_sentence_stays_out(inline: str) -> None:
    first = (
        f"<p>The decision was postponed again by the council {inline} on Tuesday, the "
        "second delay this year.</p>"
    )
    assert extracted(first).body[0] == (
        "The decision was postponed again by the council on Tuesday, the second delay this year."
    )


@pytest.mark.parametrize(
    ("first", "text"),
    [
        (
            "<p>The council approved the plan on Tuesday. <a class='read-more' href='/x'>Read "
            "more: Tram costs soar</a> Opponents said the plan would raise rents in the old "
            "town.</p>",
            "The council approved the plan on Tuesday. Opponents said the plan would raise "
            "rents in the old town.",
        ),
        (
            "<p>Der Rat hat den Plan am Dienstag gebilligt. <a class='teaser-link' href='/x'>"
            "Lesen Sie auch: Die Kosten der Tram steigen</a> Gegner sagen, der Plan treibe die "
            "Mieten in der Altstadt.</p>",
            "Der Rat hat den Plan am Dienstag gebilligt. Gegner sagen, der Plan treibe die "
            "Mieten in der Altstadt.",
        ),
        (
            "<p>Der Rat hat den Plan am Dienstag gebilligt. <a class='related-article' "
            "href='/x'>» Mehr zum Thema: Die Tram</a> Gegner sagen, der Plan treibe die "
            "Mieten in der Altstadt.</p>",
            "Der Rat hat den Plan am Dienstag gebilligt. Gegner sagen, der Plan treibe die "
            "Mieten in der Altstadt.",
        ),
        (
            "<p>The council approved the plan, <a class='related' href='/x'>Read more: Tram "
            "costs soar</a> and opponents said the plan would raise rents.</p>",
            "The council approved the plan, and opponents said the plan would raise rents.",
        ),
    ],
)
def test_related_link_between_two_sentences_stays_out(first: str, text: str) -> None:
    assert extracted(first).body[0] == text


@pytest.mark.parametrize(
    "line",
    [
        "<p>By <a class='byline__link' href='/a/jd'>Jane Doe</a> and <a "
        "class='byline__link' href='/a/jr'>John Roe</a></p>",
        "<p>By <a itemprop='author' href='/a/jd'>Jane Doe</a> and <span "
        "itemprop='author'>John Roe</span></p>",
    ],
)
def test_byline_of_linked_names_is_dropped_whole(line: str) -> None:
    assert extracted(line + LEAD).body[0].startswith("The city will build")


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (f"<p>By <span class='byline'>Jane Doe</span> {SENTENCE}</p>", "Jane Doe"),
        (
            "<p>Von <span class='byline'>Max Mustermann</span> Der Stadtrat hat die neue "
            "Straßenbahnlinie am Dienstag beschlossen.</p>",
            "Max Mustermann",
        ),
    ],
)
def test_byline_name_opening_the_paragraph_is_not_read_into_it(line: str, name: str) -> None:
    # A byline-classed name after "By" is the byline, not words of the sentence after it.
    assert name not in extracted(line).body[0]


def test_byline_link_inside_a_sentence_keeps_its_words() -> None:
    first = (
        "<p>The plan was first reported by our colleague <a class='byline' href='/a/jd'>"
        "Jane Doe</a> in March, long before the council took it up.</p>"
    )
    assert "our colleague Jane Doe in March" in extracted(first).body[0]


def test_share_link_after_the_sentence_stays_out() -> None:
    first = (
        "<p>The decision was postponed again by the council on Tuesday, the second delay "
        "this year. <a class='share-link' href='/share'>Share this</a></p>"
    )
    assert extracted(first).body[0] == (
        "The decision was postponed again by the council on Tuesday, the second delay this year."
    )


# --- the description and the body's opening after its dateline -------------------------


@pytest.mark.parametrize(
    "first",
    [
        "<p><span class='dateline'>KOBE – </span>A total of 6,000 surgical masks have been "
        "lost at a hospital in Kobe, it was learned Tuesday.</p>",
        "<p>KOBE – A total of 6,000 surgical masks have been lost at a hospital in Kobe, it "
        "was learned Tuesday.</p>",
    ],
)
def test_description_that_is_the_opening_after_its_dateline_is_no_standfirst(first: str) -> None:
    head = (
        "<meta name='description' content='A total of 6,000 surgical masks have been lost "
        "at a hospital in Kobe, it was learned Tuesday.'>"
    )
    article = extracted(first, head=head)
    assert article.body[0].startswith("KOBE – A total of 6,000")
    assert article.standfirst is None
