"""German "Bereits Abonnent?" alone is a login link, not a paywall (stop 48): a free page
prints it in the bar after the article's text as a paywalled one does, so, like English
"Already a subscriber?", it flags the page ``paywalled`` only beside a phrase of reading
on ("Jetzt abonnieren und weiterlesen. Bereits Abonnent? Anmelden"). Every page goes
through ``aggregator.extract``: a German regional paper's article, its whole text on the
page, then the block the case puts after it inside the ``<article>``."""

from __future__ import annotations

import pytest

from aggregator import extract

URL = "http://127.0.0.1:8870/lokales/stadtrat-beschliesst-haushalt"
TEXT = [
    "Der Stadtrat hat am Dienstagabend den Haushalt für das kommende Jahr beschlossen. Nach "
    "monatelangen Beratungen stimmte eine breite Mehrheit für den Entwurf der Verwaltung.",
    "Den größten Posten bilden die Sanierung der Grundschule am Markt und der Ausbau der "
    "Radwege entlang der Bundesstraße, für die das Land einen Zuschuss zugesagt hat.",
    "Die Opposition kritisierte die neuen Schulden, trug den Beschluss aber mit. Die "
    "Kämmerin kündigte an, im Frühjahr einen Nachtragshaushalt vorzulegen.",
]


def page(after_text: str) -> str:
    """The article: headline, byline, the whole text, then ``after_text``."""
    paragraphs = "".join(f"<p>{p}</p>" for p in TEXT)
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        "<title>Stadtrat beschließt Haushalt | Kreisbote</title>"
        "<meta property='og:type' content='article'></head><body>"
        "<header class='site-header'><nav><a href='/'>Startseite</a><a href='/lokales'>Lokales"
        "</a></nav></header><main><article><h1>Stadtrat beschließt Haushalt</h1>"
        "<p class='autor'>Von Anna Berger</p>"
        f"<div class='artikel-text'>{paragraphs}</div>{after_text}</article></main>"
        "<footer><p>© 2026 Kreisbote Verlag</p></footer></body></html>"
    )


LOGIN_ONLY = {
    "login bar": (
        "<div class='user-bar'><p>Bereits Abonnent? <a href='/login'>Anmelden</a></p></div>"
    ),
    "the article's sticky header": (
        "<header class='artikel-kopf sticky'><a href='/'>Kreisbote</a> <span>Bereits "
        "Abonnent?</span> <a href='/login'>Jetzt einloggen</a></header>"
    ),
    "asked as a sentence": (
        "<div class='konto'><p>Sie sind bereits Abonnent? Hier geht es zu Ihrem Konto.</p>"
        "<a href='/konto'>Mein Konto</a></div>"
    ),
}


@pytest.mark.parametrize("name", LOGIN_ONLY)
def test_bereits_abonnent_alone_after_a_free_text_is_no_paywall(name: str) -> None:
    article = extract(page(LOGIN_ONLY[name]), URL)
    assert article.body == TEXT
    assert article.paywalled is False
    assert "paywalled" not in article.provenance


PROMPTS = {
    "prompt, then the login": (
        "<div class='box-3'><p>Jetzt abonnieren und weiterlesen.</p><p>Bereits Abonnent? "
        "<a href='/login'>Anmelden</a></p></div>"
    ),
    "the login, then reading on": (
        "<div class='box-3'><p>Bereits Abonnent? <a href='/login'>Hier anmelden</a> und "
        "weiterlesen.</p></div>"
    ),
    "a trial to read on, then the login": (
        "<div class='box-3'><p>Jetzt 4 Wochen gratis testen und weiterlesen.</p><p>Bereits "
        "Abonnent? <a href='/login'>Anmelden</a></p></div>"
    ),
    "the whole article": (
        "<div class='box-3'><p>Bereits Abonnentin oder Abonnent? Melden Sie sich an und lesen "
        "Sie den ganzen Artikel.</p></div>"
    ),
}


@pytest.mark.parametrize("name", PROMPTS)
def test_bereits_abonnent_beside_a_phrase_of_reading_on_is_a_paywall(name: str) -> None:
    article = extract(page(PROMPTS[name]), URL)
    assert article.body == TEXT
    assert article.paywalled is True
    assert article.provenance["paywalled"] == "dom"
