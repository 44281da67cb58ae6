"""CMS families a QA pass wrote by hand (round 41): short pages whose text is in a lead
box or in captions, meta lines beside the text, a blog's name in the one h1, non-persons
as authors, date meta keys. Pages trimmed from the QA's own, run through ``extract``.

Each table holds the shapes of one rule, and where the rule could overreach, the page
it must leave as it was.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.parser import extract
from aggregator.parser.fields import extract_parsed
from aggregator.parser.page_kind import page_kind_problem

FETCHED = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
FIRST = (
    "Firefighters in Westmouth spent more than an hour on Friday freeing a kitten that "
    "had become trapped in a storm drain outside a primary school."
)
SECOND = "The kitten, named Drainy by the crew, has since been adopted by one of the firefighters."
VIDEO_URL = "https://x.example/video/2026/12/04/kitten-rescued"


def short_page(chrome: str, box: str, paragraphs: list[str]) -> str:
    """A video or podcast page: the site's chrome, then a headline over a lead-classed box
    that holds all the text there is."""
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html lang='en'><head><title>Kitten rescued</title></head><body>"
        f"{chrome}<main><h1>Kitten rescued</h1><div class='{box}'>{text}</div></main>"
        "</body></html>"
    )


# --- finding 1: on a short page the lead box is the text, the site's furniture never ---

TAGLINE = "<header><p class='tagline'>Serving Springfield since 1871</p></header>"
DATE_BAR_IN_HEADER = (
    "<header><div class='top-bar'>Sunday, December 6, 2026 | Springfield 4°C</div></header>"
)
DATE_BAR = (
    "<div class='top-bar'><span class='today-date'>Sunday, December 6, 2026</span> | "
    "<a href='/subscribe'>Subscribe</a> | <a href='/login'>Sign in</a> | "
    "<span class='weather'>Springfield 4°C</span></div>"
)


@pytest.mark.parametrize("chrome", [TAGLINE, DATE_BAR_IN_HEADER, DATE_BAR, ""])
@pytest.mark.parametrize(
    "box", ["video-description", "summary", "intro", "excerpt", "episode-description"]
)
@pytest.mark.parametrize("paragraphs", [[FIRST], [FIRST, SECOND]])
def test_a_lead_box_holding_the_only_text_is_the_body_not_also_the_standfirst(
    chrome: str, box: str, paragraphs: list[str]
) -> None:
    html = short_page(chrome, box, paragraphs)
    article, page = extract_parsed(html, VIDEO_URL, fetched_at=FETCHED)
    assert article.body == paragraphs
    assert article.standfirst is None
    assert page is not None and page_kind_problem(page, article) is None  # stored


def test_a_lead_box_over_the_text_stays_the_standfirst() -> None:
    html = (
        "<html lang='en'><head><title>Kitten rescued</title></head><body>"
        f"{TAGLINE}<main><h1>Kitten rescued</h1><div class='summary'><p>{FIRST}</p></div>"
        f"<div class='story'><p>{SECOND}</p><p>{SECOND.replace('one', 'two')}</p></div>"
        "</main></body></html>"
    )
    article = extract(html, VIDEO_URL, fetched_at=FETCHED)
    assert article.standfirst == FIRST
    assert article.body[0] == SECOND


CAPTIONS = [
    "Hundreds of children carried paper lanterns through the old town on Saturday "
    "evening for the annual winter parade.",
    "A giant illuminated swan, built by pupils from St Mary's primary school, led the "
    "procession along the river.",
    "The parade ended with fireworks over the castle walls shortly after 7 p.m.",
]


@pytest.mark.parametrize("chrome", [DATE_BAR_IN_HEADER, TAGLINE])
def test_a_gallery_whose_text_is_its_captions_reads_them_as_the_body(chrome: str) -> None:
    figures = "".join(
        f"<figure><img src='/g/{i}.jpg' alt=''><figcaption>{c}</figcaption></figure>"
        for i, c in enumerate(CAPTIONS)
    )
    html = (
        "<html lang='en'><head><title>In pictures: The winter lantern parade</title></head>"
        f"<body>{chrome}<main><article class='gallery'><h1>In pictures: The winter lantern "
        f"parade</h1>{figures}<figure><img src='/g/9.jpg'><figcaption>Photo: AP</figcaption>"
        "</figure></article></main><footer><p>© 2026 Springfield Courier</p></footer>"
        "</body></html>"
    )
    article, page = extract_parsed(html, "https://x.example/gallery/2026/12/05/lanterns")
    assert article.body == CAPTIONS
    assert article.provenance["body"] == "captions"
    assert page is not None and page_kind_problem(page, article) is None


def test_one_captioned_picture_over_no_text_is_no_gallery() -> None:
    html = (
        "<html lang='en'><head><title>Lanterns</title>"
        "<meta name='description' content='The winter lantern parade, in one picture.'>"
        f"</head><body><main><article><h1>Lanterns</h1><figure><img src='/g/0.jpg'>"
        f"<figcaption>{CAPTIONS[0]}</figcaption></figure></article></main></body></html>"
    )
    article = extract(html, "https://x.example/gallery/2026/12/05/lanterns")
    assert article.provenance.get("body") != "captions"


# The QA's gallery shapes (stop 47, F4): five sentence captions under an og:type article,
# each credited as the trade prints it, or the pictures in the gallery's own box.
GALLERY_CAPTIONS = [
    f"Waves crash over the harbour wall at Port Calder as storm {n} arrives." for n in range(5)
]


def gallery_page(figures: str) -> str:
    return (
        "<html lang='en'><head><title>Storm Idris in pictures | Harbor Tribune</title>"
        "<meta property='og:type' content='article'></head><body><header><nav>"
        "<a href='/'>Home</a></nav></header><main><h1>Storm Idris in pictures</h1>"
        f"{figures}</main><footer><p>© 2026 Harbor Tribune</p></footer></body></html>"
    )


def figures(caption: str = "{c}", item: str = "{f}") -> str:
    return "".join(
        item.format(
            f=f"<figure><img src='/g/{i}.jpg' alt=''><figcaption>{caption.format(c=c)}"
            "</figcaption></figure>"
        )
        for i, c in enumerate(GALLERY_CAPTIONS)
    )


GALLERIES = {
    "trailing 'Photograph:' credit": figures("{c} Photograph: Jane Doe/Harbor Tribune"),
    "credit in brackets": figures("{c} (Photo: Jane Doe)"),
    "credit in a span.credit": figures("{c} <span class='credit'>Jane Doe/Harbor Tribune</span>"),
    "credit in a cite": figures("{c} <cite>Jane Doe for the Harbor Tribune</cite>"),
    "pictures in a div.gallery": f"<div class='gallery'>{figures()}</div>",
    "credited pictures in a carousel": (
        f"<div class='carousel'>{figures('{c} Photograph: Jane Doe/Harbor Tribune')}</div>"
    ),
}


@pytest.mark.parametrize("name", GALLERIES)
def test_a_gallerys_credited_or_boxed_captions_are_its_body(name: str) -> None:
    article, page = extract_parsed(
        gallery_page(GALLERIES[name]), "https://x.example/gallery/storm-idris-in-pictures/"
    )
    assert article.body == GALLERY_CAPTIONS
    assert article.provenance["body"] == "captions"
    assert page is not None and page_kind_problem(page, article) is None


# Near misses: a caption that runs on after its last element is no credit's; a teaser
# rail's captioned pictures beside the gallery stay out of its text.
def test_a_captions_last_element_inside_its_sentence_stays() -> None:
    page = gallery_page(figures("Waves crash over the <em>harbour wall</em> at Port Calder"))
    assert extract(page, "https://x.example/gallery/g/").provenance.get("body") != "captions"


def test_a_teaser_rail_beside_the_gallery_box_stays_out() -> None:
    rail = "".join(
        f"<div class='teaser'><figure><img src='/t/{i}.jpg'><figcaption>Another story about "
        f"the storm, number {i}.</figcaption></figure></div>"
        for i in range(2)
    )
    article = extract(
        gallery_page(f"<div class='gallery'>{figures()}</div>{rail}"), "https://x.example/g/"
    )
    assert article.body == GALLERY_CAPTIONS


# Review 47b, finding 1: a "More galleries" rail holding more captions than the gallery
# (8 against 5), its pictures linked to other galleries or the box classed a rail, is
# never the gallery: two gallery pages of one site would share its text and hash.
def _rail(box: str, linked: bool) -> str:
    def caption(i: int) -> str:
        text = f"Scenes from the county fair, day {i}, as crowds return to the grounds."
        return f"<a href='/gallery/fair-{i}/'>{text}</a>" if linked else text

    items = "".join(
        f"<figure><img src='/r/{i}.jpg'><figcaption>{caption(i)}</figcaption></figure>"
        for i in range(8)
    )
    return box.format(f"<h2>More galleries</h2>{items}")


@pytest.mark.parametrize(
    ("box", "linked"),
    [
        ("<aside class='related-galleries'>{}</aside>", True),
        ("<div class='related'>{}</div>", False),
        ("<div class='slideshow'>{}</div>", True),
    ],
)
def test_a_rail_of_more_galleries_larger_than_the_gallery_stays_out(box: str, linked: bool) -> None:
    page = gallery_page(f"<div class='gallery'>{figures()}</div>{_rail(box, linked)}")
    article = extract(page, "https://x.example/gallery/storm-idris-in-pictures/")
    assert article.body == GALLERY_CAPTIONS
    assert article.provenance["body"] == "captions"


TICKER = (
    "<div class='breaking-ticker'><strong>BREAKING</strong> <ul><li>"
    "<a href='/news/2026/12/06/storm'>Storm warning issued for coast</a> "
    "<span class='ticker-time'>Dec 6, 2026 9:02 a.m.</span></li></ul></div>"
)
DEK = "The annual parade drew record crowds despite the cold."


@pytest.mark.parametrize("chrome", [DATE_BAR, TICKER, DATE_BAR + TAGLINE + TICKER])
def test_what_the_page_prints_before_the_story_block_is_never_the_body(chrome: str) -> None:
    # A gallery's <main>: its headline, a credit line, a dek and captioned pictures.
    figures = "".join(
        f"<figure><img src='/g/{i}.jpg'><figcaption>{c}</figcaption></figure>"
        for i, c in enumerate(CAPTIONS)
    )
    html = (
        "<html lang='en'><head><title>In pictures: The winter lantern parade</title></head>"
        f"<body>{chrome}<main><h1>In pictures: The winter lantern parade</h1>"
        f"<p class='credit'>Photographs by Tom Reilly</p><p class='dek'>{DEK}</p>{figures}"
        "</main></body></html>"
    )
    article = extract(html, "https://x.example/news/in-pictures-lanterns", fetched_at=FETCHED)
    assert article.body
    assert not any(word in " ".join(article.body) for word in ("Springfield", "Storm", "BREAKING"))


# --- finding 3: the lines the date and the authors were read from are not the text -----

RENT = (
    "Springfield's city council voted 7-2 on Thursday night to approve a plan that will "
    "cap rent increases on older apartment buildings at 4 percent a year."
)
UNITS = (
    "The measure covers roughly 31,000 units across the city, according to figures from "
    "the housing department."
)
NEWS_URL = "https://x.example/news/council-caps-rent-increases"


def flat_article(meta: str, lang: str = "en") -> str:
    """A flat ``<article>``: the headline, the meta lines, the paragraphs, side by side."""
    return (
        f"<html lang='{lang}'><head><title>Council caps rent increases</title></head><body>"
        f"<article><h1>Council caps rent increases</h1>{meta}<p>{RENT}</p><p>{UNITS}</p>"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    "meta",
    [
        "<div class='author-name'>Jane Doe</div><p class='date'>Published 3 hours ago</p>",
        "<div class='author'>Jane Doe</div><p>2 hours ago</p>",
        "<p class='date'><time datetime='2026-12-06T09:00:00Z'>3 hours ago</time></p>",
        "<p>vor 2 Stunden</p>",
        "<p>hace 2 horas</p>",
        "<p>il y a 2 heures</p>",
        "<p>Updated 45 minutes ago</p>",
    ],
)
def test_relative_time_lines_and_bare_byline_names_are_not_the_text(meta: str) -> None:
    article = extract(flat_article(meta), NEWS_URL, fetched_at=FETCHED)
    assert article.body == [RENT, UNITS]


@pytest.mark.parametrize(
    "line",
    [
        "Police arrived 20 minutes ago, a spokesman said.",  # a sentence with a relative time
        "Jane Doe",  # a name line that is not the byline the authors were read from
    ],
)
def test_a_sentence_with_a_relative_time_or_another_name_stays(line: str) -> None:
    meta = f"<div class='author-name'>John Roe</div><p>{line}</p>"
    article = extract(flat_article(meta), NEWS_URL, fetched_at=FETCHED)
    assert article.body == [line, RENT, UNITS]


# --- finding 2: a blog's name in the one h1 is not the headline ---------------------------

TITLE = "Council caps rent increases on older apartment buildings"
BLOG_URL = "https://pinecounty.example/2026/12/council-caps-rent-increases.html"


def blog_page(title: str, h1: str, og: str = TITLE) -> str:
    og_tag = f"<meta property='og:title' content='{og}'>" if og else ""
    return (
        f"<html><head><title>{title}</title>{og_tag}</head><body>{h1}"
        f"<div class='post'><h2 class='post-title'>{TITLE}</h2><div class='post-body'>"
        f"<p>{RENT}</p><p>{UNITS}</p></div></div></body></html>"
    )


@pytest.mark.parametrize(
    "h1",
    [
        "<h1 class='blog-title'>Pine County Gazette</h1>",
        "<h1 class='title'>Pine County Gazette</h1>",
        "<h1>Pine County Gazette</h1>",
    ],
)
@pytest.mark.parametrize(
    "title", [f"{TITLE} | Pine County Gazette", f"Pine County Gazette - {TITLE}"]
)
def test_an_h1_that_is_the_titles_site_part_is_not_the_headline(title: str, h1: str) -> None:
    article = extract(blog_page(title, h1), BLOG_URL, fetched_at=FETCHED)
    assert article.headline == TITLE


def test_the_one_h1_stays_the_headline_when_no_metadata_names_the_rest_of_the_title() -> None:
    # "Site | Headline" with the headline in the h1 and no og:title: nothing says which
    # part of the <title> is the site's, and the page's one h1 is the title it shows.
    html = blog_page(f"Pine County Gazette | {TITLE}", f"<h1>{TITLE}</h1>", og="")
    assert extract(html, BLOG_URL, fetched_at=FETCHED).headline == TITLE


# --- finding 4: a CMS's default account names no one; a section names a desk -----------

RENT_URL = "https://x.example/news/council-caps-rent"


def authored(head: str = "", byline: str = "", url: str = RENT_URL) -> tuple[list, list]:
    html = (
        f"<html lang='en'><head><title>{TITLE}</title>{head}</head><body><article>"
        f"<h1>{TITLE}</h1>{byline}<div class='body'><p>{RENT}</p><p>{UNITS}</p></div>"
        "</article></body></html>"
    )
    article = extract(html, url, fetched_at=FETCHED)
    return article.authors, article.credits


def by_every_rule(name: str) -> list[tuple[str, str]]:
    """(head, byline) naming ``name`` by each of the four author rules."""
    person = f'{{"@type": "NewsArticle", "author": {{"@type": "Person", "name": "{name}"}}}}'
    slug = name.lower().replace(" ", "-")
    return [
        (f"<script type='application/ld+json'>{person}</script>", ""),
        (f"<meta name='author' content='{name}'>", ""),
        ("", f"<p class='byline'>Posted by {name}</p>"),
        (
            "",
            "<span class='byline'>by <span class='author vcard'>"
            f"<a class='url fn n' href='/author/{slug}/'>{name}</a></span></span>",
        ),
    ]


@pytest.mark.parametrize(
    "name", ["Admin", "ADMIN", "Administrator", "Webmaster", "Site Admin", "admin"]
)
def test_a_cms_default_account_is_no_author_nor_credit(name: str) -> None:
    for head, byline in by_every_rule(name):
        assert authored(head, byline) == ([], [])


def test_a_default_account_beside_a_writer_leaves_the_writer() -> None:
    head = "<meta name='author' content='Admin'>"
    assert authored(head, "<p class='byline'>By Jane Doe</p>")[0] == ["Jane Doe"]


TRAIL = "<nav class='breadcrumb'><a href='/'>Home</a> › <a href='/sport/'>Sport</a></nav>"


@pytest.mark.parametrize(
    ("name", "head", "trail", "url"),
    [
        ("Politics", "", "", "https://x.example/politics/council-caps-rent"),  # the URL's
        ("Sport", "<meta property='article:section' content='Sport'>", "", RENT_URL),
        ("Sport", "", TRAIL, RENT_URL),  # the breadcrumb's
    ],
)
def test_a_section_named_as_the_author_is_a_desk_credit(
    name: str, head: str, trail: str, url: str
) -> None:
    for rule_head, byline in by_every_rule(name):
        assert authored(head + rule_head, trail + byline, url) == ([], [name])


def test_a_name_of_several_words_in_the_breadcrumb_stays_the_author() -> None:
    # A columnist's page in the trail ("Opinion › Jane Doe") names the author.
    trail = (
        "<nav class='breadcrumb'><a href='/opinion/'>Opinion</a> <a href='/jd/'>Jane Doe</a></nav>"
    )
    assert authored("<meta name='author' content='Jane Doe'>", trail) == (["Jane Doe"], [])


# --- finding 6: the date meta keys trafilatura reads too ---------------------------------


@pytest.mark.parametrize(
    "meta",
    [
        "<meta property='og:pubdate' content='2026-12-05T21:10:00Z'>",
        "<meta name='publication_date' content='2026-12-05T21:10:00Z'>",
        "<meta name='OriginalPublicationDate' content='2026-12-05T21:10:00Z'>",
        "<meta name='DISPLAYDATE' content='2026-12-05T21:10:00Z'>",
        "<meta name='timestamp' content='2026-12-05T21:10:00Z'>",
        '<meta name=\'parsely-page\' content=\'{"title": "Council", '
        '"pub_date": "2026-12-05T21:10:00Z"}\'>',
    ],
)
def test_a_date_meta_key_dates_a_page_with_no_other_date(meta: str) -> None:
    html = (
        f"<html lang='en'><head><title>{TITLE}</title>{meta}</head><body><article>"
        f"<h1>{TITLE}</h1><p>{RENT}</p><p>{UNITS}</p></article></body></html>"
    )
    article = extract(html, RENT_URL, fetched_at=FETCHED)
    assert article.published_at == datetime(2026, 12, 5, 21, 10, tzinfo=UTC)
    assert article.provenance["published_at"] == "meta"


def test_last_modified_date_is_the_update_not_the_publication() -> None:
    html = (
        f"<html lang='en'><head><title>{TITLE}</title>"
        "<meta name='last-modified-date' content='2026-12-06T08:00:00Z'>"
        "<meta property='article:published_time' content='2026-12-05T21:10:00Z'></head>"
        f"<body><article><h1>{TITLE}</h1><p>{RENT}</p><p>{UNITS}</p></article></body></html>"
    )
    article = extract(html, RENT_URL, fetched_at=FETCHED)
    assert article.published_at == datetime(2026, 12, 5, 21, 10, tzinfo=UTC)
    assert article.updated_at == datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


# --- finding 5: the date's and the byline's class in the other languages ---------------


@pytest.mark.parametrize(
    ("cls", "stamp", "lang"),
    [
        ("fecha", "hace 2 horas", "es"),
        ("datum", "vor 2 Stunden", "de"),
        ("data", "2 ore fa", "it"),
        ("article-data", "há 2 horas", "pt"),
    ],
)
def test_a_relative_date_in_a_date_class_of_another_language_dates_the_page(
    cls: str, stamp: str, lang: str
) -> None:
    html = flat_article(f"<div class='{cls}'>{stamp}</div>", lang)
    article = extract(html, NEWS_URL, fetched_at=FETCHED)
    assert article.published_at == datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
    assert article.body == [RENT, UNITS]


def test_a_metadata_class_is_no_date_class() -> None:
    html = flat_article("<div class='metadata'>vor 2 Stunden</div>", "de")
    assert extract(html, NEWS_URL, fetched_at=FETCHED).published_at is None


@pytest.mark.parametrize(
    ("cls", "lang"), [("auteur", "fr"), ("nom_auteur", "fr"), ("verfasser", "de")]
)
def test_a_bare_name_in_a_byline_class_of_another_language_is_the_author(
    cls: str, lang: str
) -> None:
    html = flat_article(f"<div class='{cls}'>Lucía Fernández</div>", lang)
    article = extract(html, NEWS_URL, fetched_at=FETCHED)
    assert article.authors == ["Lucía Fernández"]
    assert article.body == [RENT, UNITS]
