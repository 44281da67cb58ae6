"""A staff byline over a wire copy that credits the agency in the line closing its text,
in the forms of German, Portuguese, Swiss and Dutch papers (QA stop 48, finding F2): dpa's
regional desk ("dpa/lno"), dpa's notice on its clients' sites ("© dpa-infocom,
dpa:261207-99-123456/2"), Portuguese "Com Lusa", the Swiss agency's name "Keystone-SDA"
and Dutch "Bron: ANP". Each page goes through ``aggregator.extract``: the line credits the
agency and leaves the text. Then all of them are crawled (``aggregator crawl`` in a child
process, pages served on 127.0.0.1) into a real SQLite file beside each agency's own
copy, and read back through ``export``: no staff byline is flagged as naming its writer
over the agency's text without crediting it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import run_cli
from pageserver import PageServer, crawl_feed

from aggregator import extract
from tests.cli_store import ingest, invoke

pytestmark = pytest.mark.timeout(300)

TEXT = {
    "de": [
        "Die Landesregierung will den Ausbau der Windkraft an Land deutlich beschleunigen. "
        "Umweltminister Thomas Müller stellte am Montag in Kiel einen Erlass vor, der "
        "Genehmigungsverfahren für neue Anlagen auf höchstens sechs Monate begrenzen soll.",
        "„Wir müssen schneller werden, sonst verfehlen wir unsere Klimaziele“, sagte Müller "
        "bei der Vorstellung im Ministerium. Derzeit dauere ein Verfahren im Schnitt mehr als "
        "zwei Jahre.",
        "Der Erlass sieht vor, dass die Kreise künftig mindestens zwei Prozent ihrer Fläche "
        "für Windräder ausweisen müssen. Bislang haben nur Nordfriesland und Dithmarschen "
        "dieses Ziel erreicht.",
        "Kritik kam von Naturschutzverbänden. Der Nabu warnte davor, den Artenschutz zu "
        "schwächen. „Beschleunigung darf nicht auf Kosten von Rotmilan und Seeadler gehen“, "
        "sagte die Landesvorsitzende Sabine Großmann.",
        "Die Branche begrüßte den Vorstoß. Der Landesverband Windenergie erwartet, dass sich "
        "die Zahl der jährlich neu errichteten Anlagen bis 2028 verdoppeln könnte.",
    ],
    "pt": [
        "O Governo aprovou hoje em Conselho de Ministros um novo regime de arrendamento que "
        "obriga os grandes proprietários a colocar parte das casas devolutas no mercado, "
        "anunciou a ministra da Habitação no final da reunião.",
        "O diploma considera grande proprietário quem detenha mais de dez imóveis no mesmo "
        "concelho e deverá abranger cerca de 35 mil fogos em todo o país, segundo as contas "
        "do ministério.",
        "Os partidos da oposição anunciaram que vão pedir a fiscalização preventiva da "
        "constitucionalidade do diploma, enquanto as associações de inquilinos o consideram "
        "insuficiente.",
        "O novo regime entra em vigor no primeiro dia do próximo ano e prevê benefícios "
        "fiscais para os proprietários que coloquem as casas no mercado antes dessa data.",
    ],
    "ch": [
        "Der Bundesrat will die Zulassung von Solaranlagen in den Alpen vereinfachen. Die "
        "Landesregierung schickte am Mittwoch in Bern eine Vorlage in die Vernehmlassung, "
        "die Bewilligungen für grosse Anlagen auf ein Jahr begrenzen soll.",
        "Die Kantone sollen geeignete Gebiete bis Ende 2027 festlegen. Umweltverbände "
        "kritisierten die Vorlage als Angriff auf den Landschaftsschutz und kündigten "
        "Widerstand an.",
        "Die Energiebranche begrüsste den Entscheid. Der Verband der Elektrizitätsunternehmen "
        "erwartet, dass sich die Produktion von Winterstrom bis 2030 verdoppeln könnte.",
        "Das Parlament wird die Vorlage voraussichtlich in der Sommersession beraten. Eine "
        "Volksabstimmung gilt als wahrscheinlich, weil mehrere Verbände das Referendum "
        "angekündigt haben.",
    ],
    "nl": [
        "Het kabinet wil de bouw van windparken op zee versnellen. Minister Jansen van "
        "Klimaat presenteerde maandag in Den Haag een wetsvoorstel dat de vergunningsprocedure "
        "voor nieuwe parken tot zes maanden moet beperken.",
        "Volgens het ministerie duurt een procedure nu gemiddeld ruim twee jaar. Natuur- en "
        "milieuorganisaties waarschuwen dat de bescherming van vogels en zeezoogdieren niet "
        "mag worden uitgehold.",
        "De energiesector is positief over het voorstel. De brancheorganisatie verwacht dat "
        "het aantal nieuwe windturbines op zee tot 2030 kan verdubbelen.",
        "De Tweede Kamer debatteert naar verwachting in het voorjaar over het wetsvoorstel. "
        "Een meerderheid lijkt voor, maar enkele partijen willen strengere eisen voor de natuur.",
    ],
}
HEADLINE = {
    "de": "Windkraft: Genehmigungen sollen schneller gehen",
    "pt": "Governo aprova novo regime de arrendamento",
    "ch": "Bundesrat will Solaranlagen in den Alpen schneller bewilligen",
    "nl": "Kabinet wil windparken op zee sneller bouwen",
}


@dataclass(frozen=True)
class Copy:
    """One paper's copy: its site, template's language, byline and the line closing it."""

    site: str
    lang: str
    byline: str
    closing: str
    credits: list[str]  # what the closing line credits, under the agency's one name
    agency: str  # the story's origin


# The papers' copies: a staff byline over the agency's text, credited at the end.
COPIES = {
    "dpa regional desk": Copy(
        "Kieler Rundschau", "de", "Von Jana Feldmann", "dpa/lno", ["dpa"], "dpa"
    ),
    "dpa desk in brackets": Copy(
        "Weser-Kurier", "de", "Von Tim Brandt", "(dpa/lno)", ["dpa"], "dpa"
    ),
    "dpa's Bavarian desk": Copy("Passauer Bote", "de", "Von Max Huber", "dpa/lby", ["dpa"], "dpa"),
    "dpa-infocom notice": Copy(
        "Nordsee-Zeitung",
        "de",
        "Von Ole Petersen",
        "© dpa-infocom, dpa:261207-99-123456/2",
        ["dpa"],
        "dpa",
    ),
    "Portuguese com": Copy(
        "Diário do Minho", "pt", "Por Rita Sousa", "Com Lusa.", ["Lusa"], "Lusa"
    ),
    "Portuguese com in brackets": Copy(
        "Jornal da Região", "pt", "Por Nuno Faria", "(com Lusa)", ["Lusa"], "Lusa"
    ),
    "Portuguese note": Copy(
        "Correio do Vale", "pt", "Por Ana Lopes", "Com informações da Lusa.", ["Lusa"], "Lusa"
    ),
    "Keystone-SDA": Copy(
        "Bieler Anzeiger", "ch", "Von Urs Meier", "Keystone-SDA", ["Keystone-SDA"], "SDA"
    ),
    "Dutch source label": Copy(
        "Dagblad van het Oosten", "nl", "Door Sanne de Vries", "Bron: ANP", ["ANP"], "ANP"
    ),
}
# Each agency's own copy of the story: its dateline credits it, its byline names no one.
WIRE = {
    "de": ("dpa-Nachrichten", "dpa", "Kiel (dpa/lno) - "),
    "pt": ("Lusa Notícias", "Lusa", "Lisboa, 07 dez 2026 (Lusa) - "),
    "ch": ("Keystone-SDA Newsroom", "Keystone-SDA", "Bern (Keystone-SDA) - "),
    "nl": ("ANP Nieuws", "ANP", "DEN HAAG (ANP) - "),
}
HTML_LANG = {"de": "de", "pt": "pt", "ch": "de-CH", "nl": "nl"}


def paper_page(site: str, lang: str, byline: str, paragraphs: list[str]) -> str:
    """A regional paper's article page: its header, the headline, the byline, the text
    in the template's container, then its footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="{HTML_LANG[lang]}"><head><meta charset="utf-8">'
        f"<title>{HEADLINE[lang]} | {site}</title>"
        f'<meta property="og:site_name" content="{site}">'
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2026-12-07T10:15:00+01:00">'
        f'</head><body><header class="site-header"><nav><a href="/">{site}</a>'
        '<a href="/region">Region</a><a href="/politik">Politik</a></nav></header>'
        f'<main><article><h1>{HEADLINE[lang]}</h1><p class="byline">{byline}</p>'
        f'<div class="article-body">{body}</div></article></main>'
        f"<footer><p>© 2026 {site}</p><a href='/impressum'>Impressum</a></footer>"
        "</body></html>"
    )


@pytest.mark.parametrize("name", COPIES)
def test_the_closing_credit_credits_the_agency_and_leaves_the_text(name: str) -> None:
    copy = COPIES[name]
    page = paper_page(copy.site, copy.lang, copy.byline, [*TEXT[copy.lang], copy.closing])
    article = extract(page, "http://127.0.0.1:8871/region/artikel-123")
    assert article.credits == copy.credits
    assert article.body == TEXT[copy.lang]  # the line left the text
    assert article.authors == [copy.byline.split(" ", 1)[1]]


def test_a_keystone_sda_byline_is_the_agency_not_a_person(tmp_path: Path) -> None:
    # A record of the Swiss agency's own copy, its byline the agency's name since 2018.
    site, byline, opening = WIRE["ch"]
    record = {
        "url": "https://keystone-sda.example/de/solar-alpen",
        "site": site,
        "headline": HEADLINE["ch"],
        "byline": byline,
        "body": [opening + TEXT["ch"][0], *TEXT["ch"][1:]],
        "published": "2026-12-07T09:00:00+01:00",
    }
    ingest(tmp_path, record)
    [article] = [json.loads(line) for line in invoke(tmp_path, "export", "--articles").splitlines()]
    assert article["authors"] == []
    assert article["credits"] == ["Keystone-SDA"]


# Lines that read like a signature and credit no one: an agency not written as it
# writes itself (a desk's mark beside it), and a town with a desk's mark.
NOT_CREDITS = ["ap/lno", "Afp/lno", "Kiel/lno"]


@pytest.mark.parametrize("closing", NOT_CREDITS)
def test_a_line_not_written_as_an_agency_credits_no_one(closing: str) -> None:
    page = paper_page("Kieler Rundschau", "de", "Von Jana Feldmann", [*TEXT["de"], closing])
    article = extract(page, "http://127.0.0.1:8871/region/artikel-123")
    assert article.credits == []
    assert article.body[-1] == closing


def test_a_source_label_under_a_picture_credits_no_one() -> None:
    # "Bron: ANP" under the picture closing the text is the picture's credit.
    figure = (
        '<figure><img src="/img/windpark.jpg" alt="Windpark"><figcaption>Een windpark voor de '
        "kust van Zeeland.</figcaption></figure><p>Bron: ANP</p>"
    )
    page = paper_page("Dagblad van het Oosten", "nl", "Door Sanne de Vries", TEXT["nl"]).replace(
        "</div></article>", figure + "</div></article>"
    )
    article = extract(page, "http://127.0.0.1:8871/binnenland/windparken")
    assert article.credits == []
    assert article.body == TEXT["nl"]


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as running:
        yield running


def _export(config: Path, *args: str) -> list[dict[str, object]]:
    result = run_cli("--config", str(config), "export", *args)
    assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_staff_bylines_over_end_credited_wire_copies_are_not_flagged(
    tmp_path: Path, server: PageServer
) -> None:
    urls = []
    for lang, (site, byline, opening) in WIRE.items():
        paragraphs = [opening + TEXT[lang][0], *TEXT[lang][1:]]
        urls.append(server.put(f"/wire/{lang}", paper_page(site, lang, byline, paragraphs)))
    for n, copy in enumerate(COPIES.values()):
        page = paper_page(copy.site, copy.lang, copy.byline, [*TEXT[copy.lang], copy.closing])
        urls.append(server.put(f"/paper/{n}", page))
    crawl = crawl_feed(server, tmp_path, urls)
    assert crawl.result.returncode == 0, crawl.result.stderr[-3000:]
    stories = {s["headline"]: s for s in _export(crawl.config)}
    articles = {a["site_name"]: a for a in _export(crawl.config, "--articles")}
    assert len(articles) == len(urls)
    for copy in COPIES.values():
        article = articles[copy.site]
        assert article["byline_flag"] is None, copy.site
        assert article["credits"] == copy.credits, copy.site
        assert article["added_paragraphs"] == [], copy.site  # the line is no paragraph
    by_story = {a["story_id"] for a in articles.values()}
    assert len(by_story) == len(stories) == len(WIRE)  # each language's copies are one story
    assert sorted(s["origin"] for s in stories.values()) == sorted(
        {c.agency for c in COPIES.values()}
    )
