"""A paywalled teaser that declares nothing (QA stop 47, F6): two paragraphs, then the
prompt a paywall prints where the text breaks off. The walk cuts the prompt; the article
is flagged ``paywalled`` (provenance "dom"). A newsletter's, a donation's or the site's
own subscription box is no paywall, and what the page declares comes first.

Every page goes through ``aggregator.extract``; each paywalled case failed before.
"""

from __future__ import annotations

import json

import pytest

from aggregator import extract

_URL = "http://127.0.0.1:8870/news/paywalled-grid/"
_TEXT = (
    "Internal emails seen by the Tribune show Coastline Energy was warned in 2024 that six "
    "substations were at risk of flooding.",
    "The company said it had followed all regulatory guidance.",
)


def _page(after_text: str, after_story: str = "", head: str = "") -> str:
    """The QA's page: an article's text in its body box, then ``after_text`` inside the
    ``<article>``, then ``after_story`` outside it."""
    paragraphs = "".join(f"<p>{p}</p>" for p in _TEXT)
    return (
        "<!doctype html><html lang='en'><head><title>Grid operator knew substations were at "
        "risk, emails show | Harbor Tribune</title><meta property='og:type' content='article'>"
        f"{head}</head><body><header><nav><a href='/'>Home</a></nav></header><main><article>"
        "<h1>Grid operator knew substations were at risk, emails show</h1>"
        "<p class='byline'>By Tom Reyes</p>"
        f"<div class='article-body'>{paragraphs}</div>{after_text}</article>{after_story}</main>"
        "<footer><p>© 2026 Harbor Tribune. All rights reserved.</p></footer></body></html>"
    )


PAYWALLS = {
    # The QA's page: the box named by its class, the prompt in its heading.
    "paywall box": (
        "<div class='paywall'><h2>Subscribe to keep reading</h2><p>Get unlimited access to "
        "the Harbor Tribune for $1 a week. Cancel anytime.</p><a href='/subscribe'>Subscribe"
        "</a></div>"
    ),
    # Piano's container, its offer text with no paywall word.
    "paywall vendor's container": (
        "<div id='piano-offer' class='tp-container'><p>Special offer: $1 for 3 months.</p>"
        "<a href='/offer'>See offers</a></div>"
    ),
    # No class word: the prompt says it.
    "unclassed box, subscribers only": (
        "<div class='box-7'><h3>This story is for subscribers only</h3><p>Already a "
        "subscriber? <a href='/login'>Log in</a></p></div>"
    ),
    "regwall prompt, register to continue reading": (
        "<section class='gate'><p>Register for free to continue reading.</p>"
        "<a href='/register'>Register</a></section>"
    ),
    "German prompt": (
        "<div class='plus-teaser'><p>Mit SZ Plus weiterlesen</p><p>Bereits Abonnent? "
        "<a href='/login'>Anmelden</a></p></div>"
    ),
    "already a subscriber, log in to read on": (
        "<div class='box-9'><p>Already a subscriber? Log in to read the rest of this "
        "story.</p></div>"
    ),
    "French prompt": (
        "<div class='restricted'><p>La suite est réservée aux abonnés. Déjà abonné ? "
        "<a href='/connexion'>Se connecter</a></p></div>"
    ),
    # The prompt one level up: the body box and the prompt in their own wrappers.
    "prompt after the text's wrapper": (
        "<div class='wrap'><div class='paywall-prompt'><p>Subscribe now to keep reading this "
        "story.</p></div></div>"
    ),
}


@pytest.mark.parametrize("name", PAYWALLS)
def test_a_paywalls_prompt_after_the_text_flags_the_article(name: str) -> None:
    article = extract(_page(PAYWALLS[name]), _URL)
    assert article.body == list(_TEXT)
    assert article.paywalled is True
    assert article.provenance["paywalled"] == "dom"


def test_a_one_paragraph_teaser_before_a_paywall_box_is_paywalled() -> None:
    # Review 47b, finding 5: with one paragraph the walk's part is the <article> itself,
    # the prompt its last block (the prompt was looked for after the article).
    page = _page("<div class='paywall'><p>Subscribe to continue reading.</p></div>").replace(
        f"<p>{_TEXT[1]}</p>", ""
    )
    article = extract(page, _URL)
    assert article.body == [_TEXT[0]]
    assert article.paywalled is True
    assert article.provenance["paywalled"] == "dom"


FREE = {
    "newsletter box after the text": _page(
        "<div class='newsletter'><h3>Subscribe to our newsletter</h3><p>Get the day's top "
        "stories in your inbox every morning.</p><a href='/newsletter'>Subscribe</a></div>"
    ),
    "donation plea after the text": _page(
        "<div class='support'><p>Support independent journalism: become a member from $5 a "
        "month.</p><a href='/donate'>Subscribe</a></div>"
    ),
    "house ad for unlimited access after the text": _page(
        "<div class='promo'><p>Subscribe for unlimited access to the Harbor Tribune.</p></div>"
    ),
    # The site's banner after the story's block is every page's, paywalled or not.
    "site banner after the story's block": _page(
        "",
        "<div class='paywall'><p>Subscribe to keep reading the Harbor Tribune.</p></div>",
    ),
    "no box at all": _page(""),
    # Review 47b, finding 5: "Already a subscriber/member?" in a newsletter's or a
    # membership box, and Piano's newsletter template, are no paywall.
    "newsletter box asking 'Already a subscriber?'": _page(
        "<div class='newsletter'><h3>Get the Morning Briefing</h3><p>Subscribe to our "
        "newsletter. Already a subscriber? Manage your preferences.</p></div>"
    ),
    "membership plea asking 'Already a member?'": _page(
        "<aside class='donate'><p>Support local journalism. Already a member? Thank you! "
        "Become a member today.</p></aside>"
    ),
    "Piano's newsletter template": _page(
        "<div class='piano-newsletter-inline'><p>Get our free newsletter every morning.</p></div>"
    ),
}


@pytest.mark.parametrize("name", FREE)
def test_an_article_without_a_paywalls_prompt_after_its_text_is_free(name: str) -> None:
    article = extract(FREE[name], _URL)
    assert article.body == list(_TEXT)
    assert article.paywalled is False
    assert "paywalled" not in article.provenance


def test_what_the_page_declares_comes_first() -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "isAccessibleForFree": True}
    html = _page(
        PAYWALLS["paywall box"],
        head=f"<script type='application/ld+json'>{json.dumps(ld)}</script>",
    )
    article = extract(html, _URL)
    assert article.paywalled is False
    assert article.provenance["paywalled"] == "json-ld"
