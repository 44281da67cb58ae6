"""The body's line filters: furniture lines go, the sentences of an article stay.

Each table holds both sides of one filter, run through ``extract`` on a small news
page: ordinary sentences that only look like furniture (a closing line mentioning
social media, a paragraph opening with "By 2030" or "Advertising revenue"), and the
furniture the filter was made for.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.parser import extract

FETCHED = datetime(2026, 7, 1, tzinfo=UTC)
PROSE = [
    "The city council voted on Thursday night to add 40 kilometres of protected bike lanes "
    "across the city centre, the largest expansion of cycling routes in two decades.",
    "The plan, which passed by 31 votes to 18, will be rolled out over three years and is "
    "expected to cost around 45 million pounds, most of it from a government grant.",
    "Shop owners on the High Street, where 120 parking spaces will be removed, said they "
    "would consider a legal challenge, arguing that they had not been consulted.",
]


def body(inner_after: str = "", inner_between: str = "", lang: str = "en") -> list[str]:
    """The body of a news page whose text holds ``inner_between`` after its first
    paragraph and ends with ``inner_after``."""
    paragraphs = "".join(f"<p>{p}</p>" for p in PROSE[1:])
    html = (
        f"<html lang='{lang}'><head><title>Council votes to expand bike lanes</title></head>"
        "<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><main><article>"
        "<h1>Council votes to expand bike lanes</h1><div class='article-body'>"
        f"<p>{PROSE[0]}</p>{inner_between}{paragraphs}{inner_after}</div></article></main>"
        "<footer><a href='/about'>About us</a></footer></body></html>"
    )
    return extract(html, "https://news.example/2024/05/03/bike-lanes", fetched_at=FETCHED).body


@pytest.mark.parametrize(
    "last",
    [
        "The video of the incident was widely shared on social media.",
        "The minister announced the decision in a post on WhatsApp.",
        "Fans can sign up for tickets from Monday.",
        "The company will raise the price of its newsletter subscriptions next month.",
        "The party said it would follow us into the courts if necessary.",
        '"We will post every update on social media," the spokesman said.',
        "Der Minister teilte die Entscheidung auf WhatsApp mit. Sie sorgte für Kritik.",
    ],
)
def test_a_closing_sentence_about_social_media_or_newsletters_stays(last: str) -> None:
    assert body(f"<p>{last}</p>")[-1] == last


@pytest.mark.parametrize(
    "prompt",
    [
        "Follow us on Facebook and Instagram for more news from the city.",
        "Sign up to our newsletter to get the day's top stories every morning.",
        "Download our app for breaking news alerts on your phone.",
        "Subscribe to The Briefing, our free daily newsletter.",
        "Want more stories like these? Subscribe to the Courier's newsletter.",
        "Folgst du schon der Stadtzeitung auf WhatsApp?",
        "Ihnen hat der Artikel gefallen? Dann abonnieren Sie unseren Newsletter!",
        "Hat Ihnen dieser Artikel gefallen? Dann unterstützen Sie uns mit einer Spende.",
        "Support independent journalism. Donate today from as little as one pound.",
    ],
)
def test_a_closing_call_to_action_goes(prompt: str) -> None:
    assert body(f"<p>{prompt}</p>")[-1] == PROSE[-1]


def test_calls_to_action_are_trimmed_one_after_another() -> None:
    prompts = (
        "<p>Sign up to our newsletter to get the day's top stories every morning.</p>"
        "<p>Follow us on Facebook and Instagram for more news from the city.</p>"
    )
    assert body(prompts) == PROSE


@pytest.mark.parametrize(
    "line",
    [
        "<h2>By the numbers</h2>",
        "<p>By 2030, the city wants half of all trips to be made by bike.</p>",
        "<p>By contrast, the neighbouring town voted the plan down.</p>",
        "<p>By Thursday evening, more than 2,000 people had signed the petition.</p>",
        "<p>Por su parte, el alcalde defendió el plan ante los vecinos.</p>",
        "<p>Par ailleurs, la mairie prévoit 40 km de pistes cyclables.</p>",
        "<p>Von der Leyen kündigte am Montag neue Sanktionen gegen Russland an.</p>",
        "<p>Von Montag an gilt Tempo 30 in der Innenstadt.</p>",
        "<h3>Text: what the law says</h3>",
    ],
)
def test_a_sentence_opening_with_a_by_word_stays(line: str) -> None:
    text = line.split(">", 1)[1].rsplit("<", 1)[0]
    assert text in body(inner_between=line)


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe",
        "By JANE DOE and John Roe, Reuters",
        "By The Associated Press",
        "Von Jana Freitag, dpa",
        "von Laura Eßlinger",
        "Por María López",
        "Par Jean Dupont, AFP",
        "Autor: red",
        "Text: /",
    ],
)
def test_a_byline_in_the_text_goes(line: str) -> None:
    assert body(inner_between=f"<p>{line}</p>") == PROSE


@pytest.mark.parametrize(
    "line",
    [
        "Advertising revenue at the group rose 27% to $35.6 billion in the first quarter.",
        "Advertising-free plans now make up a third of new subscriptions.",
        "Subscribers to the streaming service rose by 9 million in the quarter.",
        "Recommended doses were exceeded in three cases, the report found.",
        "Copyright claims against the platform have doubled since 2022.",
        "Getty Images said on Tuesday it would appeal the ruling.",
        "Related charges against two other men were dropped last year.",
        "More from the minister's statement is expected on Friday.",
        "Werbung für Tabak ist in Deutschland weitgehend verboten.",
    ],
)
def test_a_sentence_opening_with_a_furniture_word_stays(line: str) -> None:
    assert line in body(inner_between=f"<p>{line}</p>")


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Advertisement - Scroll to continue",
        "WERBUNG für ein Shampoo",
        "Anzeige",
        "Read more: Council approves the new budget",
        "Related:",
        "Related Articles",
        "More from the Courier:",
        "Lesen Sie auch: Stadtrat beschließt Haushalt",
        "Mehr zum Thema Corona",
        "Getty Images",
        "Getty Images/iStockphoto",
        "Photo: Jane Doe",
        "Subscribe to our newsletter",
        "Copyright 2024 The Daily Courier. All rights reserved.",
        "© 2024 Thomson Reuters",
        "Copyright The Economist Newspaper Limited",
        "Story continues below advertisement",
        "Article continues after this advertisement",
        "Continue reading below",
        "Copyright 2024 The Associated Press. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed without permission.",
    ],
)
def test_a_furniture_label_goes(line: str) -> None:
    assert body(inner_between=f"<p>{line}</p>") == PROSE


@pytest.mark.parametrize(
    "line",
    [
        "<h2>2019</h2>",
        "<h3>March 2020</h3>",
        "<p>In 2012, 40 people died.</p>",
        "<p>Turnout was 64.25 percent, up from 2019.</p>",
        "<p>Kick-off is at 15:00.</p>",
        "<p>Seit März 2020 gilt die Regel.</p>",
        "<ul><li>Open daily 10.00-18.00</li></ul>",
        "<ul><li>Open daily 10:00-18:00</li></ul>",
        "<p>1998: The first cycle lane opens on Mill Road.</p>",
        "<p>— Jane Doe (@janedoe) May 3, 2024</p>",
        "<table><tr><td>113.40</td><td>-1.62</td></tr></table>",
    ],
)
def test_a_line_with_a_year_a_time_or_a_decimal_stays(line: str) -> None:
    text = line.split("</", 1)[0].rsplit(">", 1)[1]
    assert text in body(inner_between=line)


@pytest.mark.parametrize(
    "line",
    [
        "3 May 2024, 10:12",
        "Updated at 1:23 p.m.",
        "Published: Thursday, April 21, 2022. 10:11 pm CST.",
        "Veröffentlicht am 13. Mai 2026 um 15:44",
        "Aktualisiert am 07.01.2026 - 18:50 Uhr Lesedauer: 4 Min.",
        "Bettina Kugler 19.10.2019, 05:00 Uhr",
        "Bonn, 11.10.2021",
        "Publicado: Jueves, 21 Abril 2022 04:45",
        "2019年12月17日更新",
        "Mai 2013",
    ],
)
def test_a_date_stamp_in_the_text_goes(line: str) -> None:
    assert body(inner_between=f"<p>{line}</p>") == PROSE
