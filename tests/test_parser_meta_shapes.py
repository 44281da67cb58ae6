"""Round 14: the page-level fields on shapes no development page has in number: a canonical
that is a section or a script's "undefined", related links that share the page or lead
home, and a description that is the headline again.

Each table holds the shapes the fix must change (they fail on the code before it) and
the shapes it must leave alone. Pages are real HTML as the CMSs print them, read through
``aggregator.extract`` (and, for the canonical, stored in a real SQLite file).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator import extract
from aggregator.config import parse_config
from aggregator.schema import FetchedPage
from storage.db import open_db
from storage.pages import store_page

_URL = "https://www.courier.example/news/2024/05/03/council-votes-to-expand-bike-lanes"
_HEADLINE = "Council votes to expand bike lanes across the city"


def _text(topic: str) -> str:
    sentence = f"The city council met on Monday evening to discuss {topic} with the residents. "
    return "".join(f"<p>{sentence * 3}</p>" for _ in range(3))


def _page(head: str, after: str = "", headline: str = _HEADLINE, topic: str = "lanes") -> str:
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{headline}</title>"
        f"{head}</head><body><header class='site-header'><a href='/'>Springfield Courier</a>"
        f"</header><main><article><h1>{headline}</h1><div class='entry-content'>"
        f"{_text(topic)}</div>{after}</article></main></body></html>"
    )


# --- canonical URL ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "canonical"),
    [
        # A section's address as every article's canonical (a template's default).
        ('<link rel="canonical" href="https://www.courier.example/news/">', _URL),
        ('<link rel="canonical" href="/news/2024/05/03/">', _URL),
        # A section canonical first, the article's own og:url after it.
        (
            '<link rel="canonical" href="/news"><meta property="og:url" '
            'content="https://www.courier.example/news/council-votes">',
            "https://www.courier.example/news/council-votes",
        ),
        # A script's missing value, a template's unfilled placeholder.
        ('<link rel="canonical" href="https://www.courier.example/news/m/1c62/undefined">', _URL),
        ('<link rel="canonical" href="null">', _URL),
        ('<link rel="canonical" href="{{ canonical_url }}">', _URL),
        ('<meta property="og:url" content="${pageUrl}">', _URL),
    ],
)
def test_a_section_or_placeholder_canonical_is_not_the_articles_identity(
    head: str, canonical: str
) -> None:
    assert extract(_page(head), _URL).canonical_url == canonical


@pytest.mark.parametrize(
    ("page_url", "href", "canonical"),
    [
        # Pages of one article (a slide, a page number, its AMP page) name the article.
        (
            "https://redtri.example/best-jokes-for-kids/slide/1",
            "https://redtri.example/best-jokes-for-kids/",
            "https://redtri.example/best-jokes-for-kids/",
        ),
        (_URL + "/2", _URL, _URL),
        (_URL + "/amp", _URL, _URL),
        # A short canonical on another path, a canonical with a query, another site's.
        (_URL, "/council-votes-bike-lanes", "https://www.courier.example/council-votes-bike-lanes"),
        (_URL + "?page=2", _URL, _URL),
        (_URL, "https://www.original.example/news/", "https://www.original.example/news/"),
        # A slug that holds the word "null" is no placeholder.
        (_URL, "/news/null-and-void-ruling", "https://www.courier.example/news/null-and-void-ruling"),
    ],
)  # fmt: skip
def test_an_articles_own_canonical_stays(page_url: str, href: str, canonical: str) -> None:
    page = _page(f'<link rel="canonical" href="{href}">')
    assert extract(page, page_url).canonical_url == canonical


def test_articles_of_a_section_canonical_are_stored_apart(tmp_path: Path) -> None:
    """Storage upserts by canonical URL: a section canonical made the second article of
    the section overwrite the first."""
    config = parse_config(
        f"database: {tmp_path / 'news.db'}\n"
        "sources: [{name: courier, feeds: ['https://www.courier.example/feed']}]\n"
    )
    db = open_db(config.database)
    pages = [
        ("mayor-resigns-after-parking-scandal", "Mayor resigns after a parking scandal", "fines"),
        ("school-budget-cut-again-by-state", "School budget cut again by the state", "schools"),
    ]
    for slug, headline, topic in pages:
        html = _page('<link rel="canonical" href="/news/">', headline=headline, topic=topic)
        page = FetchedPage(
            url=f"https://www.courier.example/news/{slug}",
            source="courier",
            html=html.encode(),
            fetched_at=datetime(2026, 3, 1, tzinfo=UTC),
        )
        store_page(db, page, config.sources[0], config)
    rows = db.execute("SELECT canonical_url, headline FROM articles ORDER BY id").fetchall()
    db.close()
    assert rows == [
        ("https://www.courier.example/news/mayor-resigns-after-parking-scandal", pages[0][1]),
        ("https://www.courier.example/news/school-budget-cut-again-by-state", pages[1][1]),
    ]


# --- related links ------------------------------------------------------------------------

_OTHER = "<li><a href='/news/2024/05/01/mayor-unveils-budget'>Mayor unveils budget plan for 2025</a></li>"


def _related(items: str) -> list[str]:
    block = f"<section class='related-articles'><h2>Related articles</h2><ul>{_OTHER}{items}</ul></section>"
    return [link.url for link in extract(_page("", after=block), _URL).related]


_MAYOR = "https://www.courier.example/news/2024/05/01/mayor-unveils-budget"


@pytest.mark.parametrize(
    "item",
    [
        # Share endpoints (WordPress share buttons, McClatchy's share bar).
        f"<li><a href='https://www.facebook.com/sharer/sharer.php?u={_URL}'>Share on Facebook</a></li>",
        f"<li><a href='https://twitter.com/intent/tweet?url={_URL}'>Share this on X</a></li>",
        "<li><a href='https://twitter.com/share?text=Council'>Share on Twitter</a></li>",
        "<li><a href='http://www.linkedin.com/shareArticle?mini=true&amp;url=x'>Share on LinkedIn</a></li>",
        "<li><a href='https://www.pinterest.com/pin/create/button/?url=x'>Pin it on Pinterest</a></li>",
        "<li><a href='https://www.reddit.com/submit?url=x'>Submit to Reddit</a></li>",
        "<li><a href='https://api.whatsapp.com/send?text=x'>Send on WhatsApp</a></li>",
        "<li><a href='https://t.me/share/url?url=x'>Share on Telegram</a></li>",
        # Home pages: the site's own, a partner's logo, one with a device switch.
        "<li><a href='/'>Back to the homepage</a></li>",
        "<li><a href='https://learnable.example/'>Learnable courses</a></li>",
        "<li><a href='https://www.courier.example/?device=mobile'>Courier mobile edition</a></li>",
        # This very page in another spelling: the bare host, a trailing slash.
        "<li><a href='http://courier.example/news/2024/05/03/council-votes-to-expand-bike-lanes/'>"
        "Council votes to expand bike lanes</a></li>",
    ],
)  # fmt: skip
def test_links_that_share_the_page_or_lead_home_are_no_related_reading(item: str) -> None:
    assert _related(item) == [_MAYOR]


@pytest.mark.parametrize(
    ("item", "url"),
    [
        # Another article, on this site or another; a shortlink that names a post.
        ("<li><a href='https://www.original.example/story/parking-fees'>Parking fees to rise "
         "in the city centre</a></li>", "https://www.original.example/story/parking-fees"),
        ("<li><a href='/?p=48213'>Parking fees to rise in the city centre</a></li>",
         "https://www.courier.example/?p=48213"),
        # A page of the social site that is no share endpoint (a post, a profile).
        ("<li><a href='https://twitter.com/courier/status/1790000000'>The council's vote, "
         "as it happened</a></li>", "https://twitter.com/courier/status/1790000000"),
        ("<li><a href='https://www.facebook.com/springfieldcourier/posts/1234'>Readers on "
         "the vote</a></li>", "https://www.facebook.com/springfieldcourier/posts/1234"),
    ],
)  # fmt: skip
def test_links_to_other_pages_stay_related(item: str, url: str) -> None:
    assert _related(item) == [_MAYOR, url]


def test_a_page_named_by_its_query_keeps_its_siblings_related() -> None:
    """Pages told apart by the query alone ("view.php?id=5"): another id is another page."""
    url = "https://www.courier.example/view.php?id=5"
    block = (
        "<section class='related-articles'><h2>Related articles</h2><ul>"
        "<li><a href='/view.php?id=6'>Mayor unveils budget plan for 2025</a></li>"
        "<li><a href='/view.php?id=5'>Council votes to expand bike lanes</a></li></ul></section>"
    )
    related = extract(_page("", after=block), url).related
    assert [link.url for link in related] == ["https://www.courier.example/view.php?id=6"]


# --- standfirst ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head",
    [
        # The template fills the description with the title (ok.co.uk, gothamist.com,
        # regiolanda.de among the development pages).
        f'<meta name="description" content="{_HEADLINE}">',
        f'<meta property="og:description" content="{_HEADLINE.upper()}.">',
        f'<meta property="og:site_name" content="Springfield Courier">'
        f'<meta name="description" content="{_HEADLINE} - Springfield Courier">',
    ],
)
def test_a_description_that_is_the_headline_is_no_standfirst(head: str) -> None:
    article = extract(_page(head), _URL)
    assert (article.headline, article.standfirst) == (_HEADLINE, None)


@pytest.mark.parametrize(
    "description",
    [
        # A dek that opens with the headline's words and goes on.
        f"{_HEADLINE}, a plan the mayor fought for a year, passed by one vote on Monday.",
        "The council approved forty miles of protected lanes by 2027 after a year of debate.",
    ],
)
def test_a_description_that_says_more_stays_the_standfirst(description: str) -> None:
    article = extract(_page(f'<meta name="description" content="{description}">'), _URL)
    assert article.standfirst == description


# --- headline -----------------------------------------------------------------------------

_LONG = (
    "Council votes to expand bike lanes across the city after a long and heated debate "
    "over parking, budgets and safety on Main Street"
)


def _headed(head: str, h1: str) -> str:
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
        f"<main><article><h1>{h1}</h1><div class='entry-content'>{_text('lanes')}</div>"
        "</article></main></body></html>"
    )


def _ld(headline: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "{headline}"}}</script>'
    )


@pytest.mark.parametrize(
    ("head", "h1", "headline"),
    [
        # og:title and JSON-LD agree on a title cut short; the h1 prints it whole.
        (f'<meta property="og:title" content="{_LONG[:107]}...">{_ld(_LONG[:107] + "...")}',
         _LONG, _LONG),
        (f'<meta property="og:title" content="{_LONG[:110]}">{_ld(_LONG[:110])}', _LONG, _LONG),
        # Only a <title>, whose parts but the site's are all the headline the h1 prints.
        ('<title>Biden - Xi summit ends without deal - Springfield Courier</title>'
         '<meta property="og:site_name" content="Springfield Courier">',
         "Biden - Xi summit ends without deal", "Biden - Xi summit ends without deal"),
        ("<title>Prince -- Woman Warns Estate ... Step Aside, I'm His Wife!</title>",
         "Prince -- Woman Warns Estate ... Step Aside, I'm His Wife!",
         "Prince -- Woman Warns Estate ... Step Aside, I'm His Wife!"),
        ('<title>Bike lanes | Parking | Safety: the three fights of the council | Courier</title>'
         '<meta property="og:site_name" content="Courier">',
         "Bike lanes | Parking | Safety: the three fights of the council",
         "Bike lanes | Parking | Safety: the three fights of the council"),
    ],
)  # fmt: skip
def test_the_h1_prints_the_whole_title(head: str, h1: str, headline: str) -> None:
    assert extract(_headed(head, h1), _URL).headline == headline


@pytest.mark.parametrize(
    ("head", "h1", "headline"),
    [
        # A kicker before the title in the h1, the title alone in the metadata.
        (f"<title>{_HEADLINE} | Courier</title>", f"EXCLUSIVE: {_HEADLINE}", _HEADLINE),
        (f'<meta property="og:title" content="{_HEADLINE}">', f"Analysis: {_HEADLINE}", _HEADLINE),
        # Section labels and the site's name around the title.
        (f"<title>{_HEADLINE} | Local News | Springfield Courier</title>", _HEADLINE, _HEADLINE),
        (f"<title>Springfield Courier - {_HEADLINE}</title>"
         '<meta property="og:site_name" content="Springfield Courier">', _HEADLINE, _HEADLINE),
        # A metadata title that is a shorter variant, not a cut one: the h1 stands alone.
        (f'<meta property="og:title" content="{_LONG[:60]}">', _LONG, _LONG),
        # A title ending in an ellipsis that is all the h1 says: the metadata spelling.
        ('<meta property="og:title" content="Who is Rebecca Cooke and how many children do '
         'the couple have?...">', "Who is Rebecca Cooke and how many children do the couple "
         "have?", "Who is Rebecca Cooke and how many children do the couple have?..."),
    ],
)  # fmt: skip
def test_titles_cut_or_labelled_keep_their_headline(head: str, h1: str, headline: str) -> None:
    assert extract(_headed(head, h1), _URL).headline == headline


# --- site name ----------------------------------------------------------------------------

_PUBLISHER = (
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x", '
    '"publisher": {"@type": "NewsMediaOrganization", "name": "Springfield Courier"}}</script>'
)


@pytest.mark.parametrize(
    ("head", "site"),
    [
        # The home page's title taken for the site's name by the template.
        ('<meta property="og:site_name" content="Home">' + _PUBLISHER, "Springfield Courier"),
        ('<meta property="og:site_name" content="Startseite">', None),
        ('<meta property="og:site_name" content="Home - Springfield Courier">',
         "Springfield Courier"),
        ('<meta property="og:site_name" content="Springfield Courier | Inicio">',
         "Springfield Courier"),
        ('<script type="application/ld+json">{"@type": "WebSite", "name": "Homepage"}</script>'
         + _PUBLISHER, "Springfield Courier"),
    ],
)  # fmt: skip
def test_a_home_pages_label_is_not_the_sites_name(head: str, site: str | None) -> None:
    assert extract(_page(head), _URL).site_name == site


@pytest.mark.parametrize(
    "name",
    ["Springfield Courier", "Home Depot Newsroom", "Homes & Gardens", "Country Home | Living"],
)
def test_site_names_holding_home_stay(name: str) -> None:
    page = _page(f'<meta property="og:site_name" content="{name}">')
    assert extract(page, _URL).site_name == name


# --- language -----------------------------------------------------------------------------

_GERMAN = (
    "Der Stadtrat hat am Montag beschlossen, die Radwege in der ganzen Stadt auszubauen, "
    "und die Bürger sind darüber nicht alle glücklich, weil auch Parkplätze wegfallen. "
)
_SPANISH = (
    "El ayuntamiento aprobó el lunes un plan para ampliar los carriles bici en toda la "
    "ciudad, y los vecinos no están todos de acuerdo con la medida del alcalde. "
)
_FRENCH = (
    "Le conseil municipal a approuvé lundi un plan pour étendre les pistes cyclables dans "
    "toute la ville, et les habitants ne sont pas tous d'accord avec le maire. "
)
_ENGLISH = (
    "The city council voted on Monday to expand the bike lanes across the whole city, and "
    "not all of the residents are happy with the plan, as parking spaces will go. "
)
_ARABIC = (
    "وافق مجلس المدينة يوم الاثنين على خطة لتوسيع ممرات الدراجات في جميع أنحاء المدينة، "
    "ولم يكن جميع السكان سعداء بذلك لأن مواقف السيارات ستختفي. "
)


def _written(lang: str, text: str, head: str = "", paragraphs: int = 4) -> str:
    body = "".join(f"<p>{text * 2}</p>" for _ in range(paragraphs))
    return (
        f"<!doctype html><html{lang}><head><meta charset='utf-8'><title>{_HEADLINE}</title>"
        f"{head}</head><body><main><article><h1>{_HEADLINE}</h1>"
        f"<div class='entry-content'>{body}</div></article></main></body></html>"
    )


@pytest.mark.parametrize(
    ("lang", "text", "head", "language"),
    [
        # A template's default lang="en" over a text in another language (five development
        # sites: vergleich.de, helge.at, feuerwehrtaucher-oldenburg.de, …).
        (" lang='en'", _GERMAN, "", "de"),
        (" lang='en-US'", _SPANISH, '<meta property="og:locale" content="es_ES">', "es"),
        (" lang='de-DE'", _ENGLISH, "", "en"),
        # No language declared, or "undetermined".
        ("", _FRENCH, "", "fr"),
        ("", _ENGLISH, "", "en"),
        (" lang='und'", _GERMAN, "", "de"),
    ],
)
def test_the_texts_language_over_a_template_default(
    lang: str, text: str, head: str, language: str
) -> None:
    article = extract(_written(lang, text, head), _URL)
    assert (article.language, article.provenance["language"]) == (language, "text")


@pytest.mark.parametrize(
    ("lang", "text", "paragraphs", "language"),
    [
        # The declaration and the text agree.
        (" lang='en-GB'", _ENGLISH, 4, "en"),
        (" lang='de'", _GERMAN, 4, "de"),
        # A language the function words do not tell: the declaration stands.
        (" lang='ar' dir='rtl'", _ARABIC, 4, "ar"),
        (" lang='pl'", _GERMAN, 4, "pl"),
        # Too little text to say.
        (" lang='en'", _GERMAN, 1, "en"),
    ],
)
def test_a_declared_language_the_text_does_not_contradict_stays(
    lang: str, text: str, paragraphs: int, language: str
) -> None:
    article = extract(_written(lang, text, paragraphs=paragraphs), _URL)
    assert (article.language, article.provenance["language"]) == (language, "heuristic")


# Persian: the same script, with the letters Arabic never writes ("ی", "ک", "گ").
_PERSIAN = (
    "شورای شهر روز دوشنبه با طرحی برای گسترش مسیرهای دوچرخه در سراسر شهر موافقت کرد، "
    "و همه ساکنان از این بابت خوشحال نبودند زیرا جای پارک خودروها از بین می‌رود. "
)


def test_arabic_letters_and_no_declaration_give_a_language_only_where_they_tell() -> None:
    # Before round 42 no script was read and such a page had no language; Arabic letters
    # with none of Persian's and Urdu's are Arabic (metadata.text_script).
    assert extract(_written(" dir='rtl'", _ARABIC), _URL).language == "ar"
    assert extract(_written(" dir='rtl'", _PERSIAN), _URL).language is None
