"""Byline cleaning: real-world byline strings → (authors, credits)."""

from __future__ import annotations

import pytest

from aggregator.parser.byline import dateline_credit, names_from_jsonld, split_byline

CASES = [
    ("By Jane Doe", ["Jane Doe"], []),
    ("Written by Monika Walker", ["Monika Walker"], []),
    ("By Jane Doe and John Roe, Reuters", ["Jane Doe", "John Roe"], ["Reuters"]),
    ("By JOHN SMITH, Associated Press", ["John Smith"], ["Associated Press"]),
    ("By TOM KRISHER, AP Auto Writer", ["Tom Krisher"], ["AP"]),
    ("Jane Doe, Senior Reporter", ["Jane Doe"], []),
    ("Sarah Smith, Washington Correspondent", ["Sarah Smith"], []),
    ("By Jane Doe | May 3, 2024 10:05 am", ["Jane Doe"], []),
    ("By Jane Doe Published 3 May 2024", ["Jane Doe"], []),
    ("Jane Doe Follow on X", ["Jane Doe"], []),
    ("Jane Doe jane.doe@example.com Email the author", ["Jane Doe"], []),
    ("By Jane Doe @janedoe", ["Jane Doe"], []),
    ("By Staff", [], ["Staff"]),
    ("By Staff Writer", [], ["Staff Writer"]),
    ("Jane Doe, Staff Writer", ["Jane Doe"], []),
    ("Ein Artikel von Pamela Sladky | 27.01.2022 - 12:45", ["Pamela Sladky"], []),
    ("Submitted by Jane Doe", ["Jane Doe"], []),
    ("By AP", [], ["AP"]),
    ("AFP", [], ["AFP"]),
    ("BBC News", [], ["BBC News"]),
    ("PA Media", [], ["PA Media"]),
    ("Associated Press", [], ["Associated Press"]),
    ("Reuters", [], ["Reuters"]),
    ("By Reuters Staff", [], ["Reuters Staff"]),
    ("Felix Schröder, Jörg Soldwisch, dpa", ["Felix Schröder", "Jörg Soldwisch"], ["dpa"]),
    (
        "Von Birgit Baumann, Anna Giulia Fink und Jan Michael Marchart",
        ["Birgit Baumann", "Anna Giulia Fink", "Jan Michael Marchart"],
        [],
    ),
    ("Por Chus del Pino y Martí Abad", ["Chus del Pino", "Martí Abad"], []),
    ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"], []),
    ("Von Max Mustermann (dpa)", ["Max Mustermann"], ["dpa"]),
    ("Jane Doe (AFP)", ["Jane Doe"], ["AFP"]),
    ("By Sarah Smith in Washington", ["Sarah Smith"], []),
    ("Ana López en Madrid", ["Ana López"], []),
    ("Jane Doe is a reporter at the Guardian", ["Jane Doe"], []),
    ("By Jane Doe & John Roe", ["Jane Doe", "John Roe"], []),
    ("Jane Doe; John Roe; Mary Major", ["Jane Doe", "John Roe", "Mary Major"], []),
    ("By: Jane Doe", ["Jane Doe"], []),
    ("Autor: Max Mustermann", ["Max Mustermann"], []),
    ("Text: Lena Meyer", ["Lena Meyer"], []),
    # The editor of a wire story did not write it (round 12; the first table named both).
    ("Reporting by Jane Doe; Editing by John Roe", ["Jane Doe"], []),
    ("By Ludwig van Beethoven", ["Ludwig van Beethoven"], []),
    ("By Jane Doe, CNN", ["Jane Doe"], ["CNN"]),
    ("Jane Doe, Bloomberg News", ["Jane Doe"], ["Bloomberg News"]),
    ("By Jane Doe, The Associated Press", ["Jane Doe"], ["Associated Press"]),
    ("Jane Doe | Chief Political Correspondent", ["Jane Doe"], []),
    ("By Jane Doe\nEmail the author", ["Jane Doe"], []),
    ("By Jane Doe and agencies", ["Jane Doe"], ["agencies"]),
    ("Jane Doe, Editor", ["Jane Doe"], []),
    ("By The Editorial Board", [], ["The Editorial Board"]),
    ("東京新聞デジタル", ["東京新聞デジタル"], []),
    ("By Jane Doe 2 hours ago", ["Jane Doe"], []),
    ("", [], []),
    ("By", [], []),
    ("By Sarah Lazare Twitter Today 5:00 am", ["Sarah Lazare"], []),
    ("Von Malek Fouda Zuerst veröffentlicht am 06/01/2026 - 14:02 MEZ", ["Malek Fouda"], []),
    ("capital von Jemima Kelly 05. November 2024 15:36 Uhr", ["Jemima Kelly"], []),
    ("Ursula von der Leyen", ["Ursula von der Leyen"], []),
    ("Nicole OpitzRedakteurin", ["Nicole Opitz"], []),
    ("SID Nachrichtenagentur", [], ["SID"]),
    ("(责编：牛镛、岳弘彬)", ["牛镛", "岳弘彬"], []),
    (
        "この記事を書いた人 渡辺洋介 東京社会部 フォロー "
        "専門・関心分野 戦争、平和、核問題、東日本大震災",
        [],
        [],
    ),
]


@pytest.mark.parametrize(("raw", "authors", "credits"), CASES)
def test_split_byline(raw: str, authors: list[str], credits: list[str]) -> None:
    assert split_byline(raw) == (authors, credits)


@pytest.mark.parametrize(
    ("raw", "authors", "credits"),
    [
        # A date and time after the name end the list of names: a weekday's or a month's
        # abbreviation left by the date is no second author ("Fri" was one).
        ("By Jane Doe 5:30 PM EST, Fri March 6, 2026", ["Jane Doe"], []),
        ("By Jane Doe\nUpdated 5:30 PM EST, Wed March 4, 2026", ["Jane Doe"], []),
        ("By Jane Doe, Sat, 7 March 2026 10:00", ["Jane Doe"], []),
        ("Von Anna Müller, Do. 5. März 2026", ["Anna Müller"], []),
        # "Special to" (or "for") an outlet after a spaced dash, as after a comma: the
        # writer is the author, the outlet that ran the piece a credit.
        ("By Jane Doe — Special to The Courier", ["Jane Doe"], ["The Courier"]),
        ("By Jane Doe - Special to The Courier", ["Jane Doe"], ["The Courier"]),
        ("By Jane Doe – for The Guardian", ["Jane Doe"], ["The Guardian"]),
        ("Jane Doe, Special to The Washington Post", ["Jane Doe"], ["The Washington Post"]),
    ],
)
def test_a_time_tail_and_a_dashed_special_to(
    raw: str, authors: list[str], credits: list[str]
) -> None:
    assert split_byline(raw) == (authors, credits)


def test_table_is_big_enough() -> None:
    assert len(CASES) >= 40


def test_jsonld_person_and_organisation() -> None:
    value = [
        {"@type": "Person", "name": "Jane Doe"},
        {"@type": "Organization", "name": "Reuters"},
        "By John Roe",
    ]
    assert names_from_jsonld(value) == (["Jane Doe", "John Roe"], ["Reuters"])


def test_jsonld_person_with_a_role_name_is_a_credit() -> None:
    assert names_from_jsonld({"@type": "Person", "name": "Guardian staff reporter"}) == (
        [],
        ["Guardian staff reporter"],
    )
    assert names_from_jsonld({"@type": "Person", "name": "chuck-ross"}) == ([], [])


@pytest.mark.parametrize(
    ("name", "authors"),
    [
        ("jane doe", ["Jane Doe"]),
        ("jean de la fontaine", ["Jean de la Fontaine"]),
        ("le pen", ["Le Pen"]),  # a particle opening the name is capitalised
        ("jane doe and john roe", ["Jane Doe", "John Roe"]),
    ],
)
def test_jsonld_person_in_lower_case_is_an_author(name: str, authors: list[str]) -> None:
    # A schema.org Person is a person whatever the case the CMS stored: "jane doe" was
    # kept as a credit. Title-cased, as a name in capitals is ("JOHN SMITH").
    assert names_from_jsonld({"@type": "Person", "name": name}) == (authors, [])


def test_jsonld_given_family_name() -> None:
    assert names_from_jsonld({"@type": "Person", "givenName": "Jane", "familyName": "Doe"}) == (
        ["Jane Doe"],
        [],
    )


@pytest.mark.parametrize(
    ("paragraph", "credits"),
    [
        ("LONDON (Reuters) - Britain's economy grew", ["Reuters"]),
        ("WASHINGTON (AP) — The Senate voted", ["AP"]),
        ("(AP) — A storm hit", ["AP"]),
        ("BERLIN (dpa) - Die Regierung", ["dpa"]),
        ("The minister (who spoke to Reuters) said", []),
        ("Nothing to see here.", []),
    ],
)
def test_dateline_credit(paragraph: str, credits: list[str]) -> None:
    assert dateline_credit(paragraph) == credits


def _authors_of(head: str, body: str) -> tuple[list[str], list[str], str | None]:
    from aggregator.parser import extract

    html = (
        f"<html><head>{head}</head><body><article><h1>Council passes the budget</h1>"
        f"{body}<p>{'The council met on Monday to discuss the new budget. ' * 6}</p>"
        "</article></body></html>"
    )
    article = extract(html, "https://example.org/news/budget")
    return article.authors, article.credits, article.provenance.get("authors")


def _ld(obj: str) -> str:
    return f'<script type="application/ld+json">{obj}</script>'


def test_jsonld_author_given_as_a_reference_into_the_graph() -> None:
    graph = (
        '{"@context": "https://schema.org", "@graph": ['
        '{"@type": "Article", "headline": "Council passes the budget",'
        ' "author": {"@id": "https://example.org/#/schema/person/1"}},'
        '{"@type": "Person", "@id": "https://example.org/#/schema/person/1",'
        ' "name": "Jane Doe"}]}'
    )
    assert _authors_of(_ld(graph), "") == (["Jane Doe"], [], "json-ld")


def test_jsonld_howto_names_its_author() -> None:
    howto = (
        '{"@type": "HowTo", "name": "Budget",'
        ' "author": {"@type": "Person", "name": "robert.stitz"}}'
    )
    assert _authors_of(_ld(howto), "") == (["Robert Stitz"], [], "json-ld")


def test_a_login_is_the_last_resort_and_yields_to_a_name() -> None:
    login = '{"@type": "BlogPosting", "author": {"@type": "Person", "name": "happyface313"}}'
    assert _authors_of(_ld(login), "") == ([], ["happyface313"], "json-ld")
    named = _authors_of(_ld(login), "<p class='byline'>By Jane Doe</p>")
    assert named[:2] == (["Jane Doe"], [])
    meta = _authors_of(_ld(login) + '<meta name="author" content="Jane Doe">', "")
    assert meta[:2] == (["Jane Doe"], [])
    assert names_from_jsonld({"@type": "Person", "name": "happyface313"}) == ([], [])


def test_author_microdata_on_any_element() -> None:
    byline = "<p>Vienna, <small itemprop='author'>Alexander Karper</small></p>"
    assert _authors_of("", byline)[:2] == (["Alexander Karper"], [])


def test_an_author_box_names_the_writer_when_no_byline_does() -> None:
    box = (
        "<div class='author-box'><img src='a.jpg'><span>About the Author - Florina Ionescu"
        "</span><p>Florina has grown lemons on her balcony for ten years.</p></div>"
    )
    assert _authors_of("", box)[:2] == (["Florina Ionescu"], [])


@pytest.mark.parametrize(
    ("body", "authors"),
    [
        ('<h5 class="title-inline">Autor:  </h5>Peter Maahn', ["Peter Maahn"]),
        (
            '<h4 class="meta-title">Autor</h4><p><a href="/profil/huke">Nikolai Huke</a></p>',
            ["Nikolai Huke"],
        ),
        ("<p><b>Von:</b> <br /> <br /> Götz Warnke</p>", ["Götz Warnke"]),
    ],
)
def test_a_labelled_author_after_a_heading_or_line_breaks(body: str, authors: list[str]) -> None:
    assert _authors_of("", body)[0] == authors


@pytest.mark.parametrize(
    ("body", "authors"),
    [
        ("<p>Auteur : Kossivi Tiassou </p>", ["Kossivi Tiassou"]),
        ("<p>Autorin: Jana Weber</p>", ["Jana Weber"]),
    ],
)
def test_a_line_that_opens_with_an_author_label(body: str, authors: list[str]) -> None:
    # French typography puts a space before the colon.
    assert _authors_of("", body)[0] == authors


@pytest.mark.parametrize(
    ("body", "credits"),
    [
        (
            '<div class="submitted">Gespeichert von <span>rasos</span> am 24. Juli 2017</div>',
            ["rasos"],
        ),
        ('<p class="byline">von <a href="/u1"><strong>lupa</strong></a></p>', ["lupa"]),
    ],
)
def test_a_visible_byline_that_names_only_a_login_keeps_it_as_a_credit(
    body: str, credits: list[str]
) -> None:
    authors, found, _ = _authors_of("", body)
    assert (authors, found) == ([], credits)


def test_a_visible_login_yields_to_a_name_in_the_meta_tags() -> None:
    head = '<meta name="author" content="Rasmus Sostmann">'
    body = '<div class="submitted">Gespeichert von <span>rasos</span> am 24. Juli 2017</div>'
    assert _authors_of(head, body)[:2] == (["Rasmus Sostmann"], [])
