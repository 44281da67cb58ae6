""" "Already a subscriber?" alone is a login link, not a paywall, in French, Spanish,
Portuguese, Italian and Dutch as in German and English (stop 48): a free page prints "Déjà
abonné ? Connectez-vous" in the bar after its whole text as a paywalled one does, so the
question flags the page ``paywalled`` only beside a phrase of reading on in its language,
before or after it. Every page goes through ``aggregator.extract``: a regional paper's
article in the language, its whole text on the page, then the block the case puts after it
inside the ``<article>``."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from aggregator import extract


@dataclass(frozen=True)
class Paper:
    """A paper's article in one language, and the boxes it prints after the text."""

    lang: str
    site: str
    headline: str
    byline: str
    text: list[str]
    login: str  # the question alone, with its login link
    prompt: str  # the question beside a phrase of reading on
    prompt_after: str  # the phrase of reading on after the question


PAPERS = {
    "fr": Paper(
        "fr",
        "Le Courrier de l'Ouest",
        "Le conseil municipal adopte son budget",
        "Par Claire Martin",
        [
            "Le conseil municipal a adopté mardi soir le budget de l'année prochaine. Après des "
            "mois de débats, une large majorité a voté pour le projet présenté par le maire.",
            "Le plus gros poste concerne la rénovation de l'école du centre et l'aménagement "
            "des pistes cyclables le long de la route départementale.",
            "L'opposition a critiqué la hausse de la dette, mais a voté le texte. L'adjointe "
            "aux finances a annoncé un budget rectificatif pour le printemps.",
        ],
        "<div class='barre-compte'><p>Déjà abonné ? <a href='/connexion'>Connectez-vous</a>"
        "</p></div>",
        "<div class='box-abo'><p>Abonnez-vous pour continuer à lire cet article.</p><p>Déjà "
        "abonné ? <a href='/connexion'>Se connecter</a></p></div>",
        "<div class='box-abo'><p>Déjà abonné ? <a href='/connexion'>Connectez-vous</a> et "
        "poursuivez votre lecture.</p></div>",
    ),
    "es": Paper(
        "es",
        "Diario del Valle",
        "El pleno aprueba los presupuestos municipales",
        "Por Lucía Gómez",
        [
            "El pleno del Ayuntamiento aprobó este martes los presupuestos del próximo año. "
            "Tras meses de negociación, una amplia mayoría votó a favor del proyecto del "
            "gobierno municipal.",
            "La partida más importante se destina a la reforma del colegio del centro y a los "
            "carriles bici a lo largo de la carretera comarcal.",
            "La oposición criticó el aumento de la deuda, aunque apoyó el texto. La concejala "
            "de Hacienda anunció una modificación presupuestaria para la primavera.",
        ],
        "<div class='barra-usuario'><p>¿Ya eres suscriptor? <a href='/login'>Inicia sesión"
        "</a></p></div>",
        "<div class='caja-suscripcion'><p>Suscríbete y sigue leyendo sin límites.</p><p>¿Ya "
        "eres suscriptor? <a href='/login'>Inicia sesión</a></p></div>",
        "<div class='caja-suscripcion'><p>¿Ya soy suscriptor? <a href='/login'>Entrar</a> y "
        "leer el artículo completo.</p></div>",
    ),
    "pt": Paper(
        "pt",
        "Jornal do Centro",
        "Assembleia municipal aprova orçamento",
        "Por Rita Sousa",
        [
            "A assembleia municipal aprovou na terça-feira o orçamento para o próximo ano. "
            "Depois de meses de negociação, uma larga maioria votou a favor da proposta da "
            "câmara.",
            "A maior fatia destina-se à requalificação da escola do centro e às ciclovias ao "
            "longo da estrada nacional.",
            "A oposição criticou o aumento da dívida, mas viabilizou o documento. A vereadora "
            "das Finanças anunciou um orçamento retificativo para a primavera.",
        ],
        "<div class='barra-conta'><p>Já é assinante? <a href='/entrar'>Entre aqui</a></p></div>",
        "<div class='caixa-assinatura'><p>Assine e continue lendo.</p><p>Já é assinante? "
        "<a href='/entrar'>Entrar</a></p></div>",
        "<div class='caixa-assinatura'><p>Já sou assinante: <a href='/entrar'>entrar</a> para "
        "continuar a ler o artigo.</p></div>",
    ),
    "it": Paper(
        "it",
        "Gazzetta della Valle",
        "Il consiglio comunale approva il bilancio",
        "di Marco Bianchi",
        [
            "Il consiglio comunale ha approvato martedì sera il bilancio del prossimo anno. Dopo "
            "mesi di trattative, un'ampia maggioranza ha votato a favore del progetto della "
            "giunta.",
            "La voce più importante riguarda la ristrutturazione della scuola del centro e le "
            "piste ciclabili lungo la strada provinciale.",
            "L'opposizione ha criticato l'aumento del debito, ma ha votato il testo. "
            "L'assessora al bilancio ha annunciato una variazione per la primavera.",
        ],
        "<div class='barra-utente'><p>Già abbonato? <a href='/accedi'>Accedi</a></p></div>",
        "<div class='box-abbonamento'><p>Abbonati e continua a leggere.</p><p>Già abbonato? "
        "<a href='/accedi'>Accedi</a></p></div>",
        "<div class='box-abbonamento'><p>Già abbonato? <a href='/accedi'>Accedi</a> e leggi "
        "l'articolo completo.</p></div>",
    ),
    "nl": Paper(
        "nl",
        "Dagblad van het Oosten",
        "Gemeenteraad stemt in met begroting",
        "Door Sanne de Vries",
        [
            "De gemeenteraad heeft dinsdagavond ingestemd met de begroting voor volgend jaar. "
            "Na maanden van overleg stemde een ruime meerderheid voor het voorstel van het "
            "college.",
            "De grootste post is de renovatie van de basisschool in het centrum en de aanleg "
            "van fietspaden langs de provinciale weg.",
            "De oppositie had kritiek op de hogere schuld, maar stemde wel in. De wethouder van "
            "financiën kondigde een aanvullende begroting aan voor het voorjaar.",
        ],
        "<div class='account-balk'><p>Al abonnee? <a href='/inloggen'>Log in</a></p></div>",
        "<div class='abo-blok'><p>Word abonnee en lees het hele artikel.</p><p>Al abonnee? "
        "<a href='/inloggen'>Log in</a></p></div>",
        "<div class='abo-blok'><p>Al abonnee? <a href='/inloggen'>Log in</a> en lees verder."
        "</p></div>",
    ),
}


def page(paper: Paper, after_text: str) -> str:
    """The article: headline, byline, the whole text, then ``after_text``."""
    paragraphs = "".join(f"<p>{p}</p>" for p in paper.text)
    return (
        f'<!doctype html><html lang="{paper.lang}"><head><meta charset="utf-8">'
        f"<title>{paper.headline} | {paper.site}</title>"
        "<meta property='og:type' content='article'></head><body>"
        f"<header class='site-header'><nav><a href='/'>{paper.site}</a><a href='/region'>"
        f"Region</a></nav></header><main><article><h1>{paper.headline}</h1>"
        f"<p class='auteur'>{paper.byline}</p>"
        f"<div class='article-text'>{paragraphs}</div>{after_text}</article></main>"
        f"<footer><p>© 2026 {paper.site}</p></footer></body></html>"
    )


URL = "http://127.0.0.1:8872/region/budget-2027"


@pytest.mark.parametrize("lang", PAPERS)
def test_already_a_subscriber_alone_after_a_free_text_is_no_paywall(lang: str) -> None:
    paper = PAPERS[lang]
    article = extract(page(paper, paper.login), URL)
    assert article.body == paper.text
    assert article.paywalled is False
    assert "paywalled" not in article.provenance


@pytest.mark.parametrize("lang", PAPERS)
@pytest.mark.parametrize("box", ["prompt", "prompt_after"])
def test_already_a_subscriber_beside_reading_on_is_a_paywall(lang: str, box: str) -> None:
    paper = PAPERS[lang]
    article = extract(page(paper, getattr(paper, box)), URL)
    assert article.body == paper.text
    assert article.paywalled is True
    assert article.provenance["paywalled"] == "dom"
