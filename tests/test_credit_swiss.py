"""The Swiss agency's closing signature, whose every part is in lower case (review 48b F5):
Keystone-SDA (German, "sda") and Keystone-ATS (French, "ats") print the agencies their
copy draws on in lower case after their own mark, an editor's mark often after them:
"(sda/afp/kel)", "ats/afp/reuters/lv". Each page, a Swiss paper's article through
``aggregator.extract``, credits those agencies and loses the line; elsewhere a lower-case
agency beside a desk's mark still credits no one ("afp/lno"), and the Swiss agency is one
credit however a line prints it ("sda", "SDA", "Keystone-SDA")."""

from __future__ import annotations

import pytest

from aggregator import extract

TEXT = {
    "de-CH": [
        "Bei einem Erdrutsch im Norden Italiens sind am Dienstag mindestens drei Menschen ums "
        "Leben gekommen. Nach tagelangen Regenfällen rutschte ein Hang oberhalb des Dorfes "
        "Cortina auf mehrere Häuser, wie der Zivilschutz mitteilte.",
        "Die Rettungskräfte suchten am Abend noch nach zwei Vermissten. Rund 200 Menschen "
        "mussten ihre Häuser verlassen, die Strasse ins Tal blieb gesperrt.",
        "Auch im Tessin führten die Flüsse Hochwasser. Der Kanton rief die Bevölkerung auf, "
        "die Ufer der Maggia und des Ticino zu meiden.",
    ],
    "fr-CH": [
        "Un glissement de terrain a fait au moins trois morts mardi dans le nord de l'Italie. "
        "Après plusieurs jours de pluie, un pan de montagne s'est effondré sur des maisons du "
        "village, a indiqué la protection civile.",
        "Les secours recherchaient encore deux disparus dans la soirée. Quelque 200 personnes "
        "ont dû quitter leur logement et la route de la vallée restait fermée.",
        "Au Tessin aussi, les rivières étaient en crue. Le canton a appelé la population à "
        "éviter les berges de la Maggia et du Tessin.",
    ],
}
HEADLINE = {
    "de-CH": "Tote nach Erdrutsch in Norditalien",
    "fr-CH": "Glissement de terrain meurtrier dans le nord de l'Italie",
}


def swiss_page(lang: str, closing: str) -> str:
    """A Swiss regional paper's article page: header, headline, the text in the
    template's container closed by the agency's signature, then the footer."""
    site = "Thuner Tagblatt" if lang == "de-CH" else "La Gazette du Valais"
    body = "".join(f"<p>{p}</p>" for p in [*TEXT[lang], closing])
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{HEADLINE[lang]} | {site}</title>"
        f'<meta property="og:site_name" content="{site}">'
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2026-12-07T10:15:00+01:00">'
        f'</head><body><header class="site-header"><nav><a href="/">{site}</a>'
        '<a href="/welt">Welt</a><a href="/schweiz">Schweiz</a></nav></header>'
        f"<main><article><h1>{HEADLINE[lang]}</h1>"
        f'<div class="article-body">{body}</div></article></main>'
        f"<footer><p>© 2026 {site}</p><a href='/impressum'>Impressum</a></footer>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("lang", "closing", "credits"),
    [
        ("de-CH", "(sda/afp)", ["Keystone-SDA", "AFP"]),
        ("de-CH", "(sda/afp/kel)", ["Keystone-SDA", "AFP"]),  # the editor's mark after them
        ("de-CH", "sda/dpa/afp/ct", ["Keystone-SDA", "dpa", "AFP"]),
        ("fr-CH", "(ats/afp)", ["ats", "AFP"]),
        ("fr-CH", "ats/afp/reuters/lv", ["ats", "AFP", "Reuters"]),
    ],
)
def test_a_swiss_signature_in_lower_case_credits_its_agencies(
    lang: str, closing: str, credits: list[str]
) -> None:
    article = extract(swiss_page(lang, closing), "http://127.0.0.1:8871/welt/erdrutsch-1")
    assert article.credits == credits
    assert article.body == TEXT[lang]  # the line left the text


@pytest.mark.parametrize("closing", ["(sda)", "(SDA)", "Keystone-SDA", "sda/lno"])
def test_the_swiss_agency_is_one_credit_however_printed(closing: str) -> None:
    article = extract(swiss_page("de-CH", closing), "http://127.0.0.1:8871/welt/erdrutsch-1")
    assert article.credits == ["Keystone-SDA"]


@pytest.mark.parametrize("closing", ["afp/lno", "afp/sda/kel", "sda/Afp/kel"])
def test_lower_case_agencies_elsewhere_credit_no_one(closing: str) -> None:
    # Only from the Swiss mark on is an agency's lower-case name its writing (a line of
    # agencies alone, "afp/sda", is read as the wire's closing credit whatever its case).
    article = extract(swiss_page("de-CH", closing), "http://127.0.0.1:8871/welt/erdrutsch-1")
    assert article.credits == []
    assert article.body[-1] == closing
