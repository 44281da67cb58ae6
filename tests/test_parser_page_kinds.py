"""Page architectures and page kinds no development page has: an AMP page's ad slots, a
consent wall before a short article, a comment thread beside it, the paywalled part a
page's JSON-LD names, footnote marks, a live blog's entry times, a video page whose one
text is its description.

Shapes a read-only review of hand-made pages found (round 13, docs/benchmarks.md): each
case that must change failed on the code before, and the cases beside them must stay as
they were. Every page goes through ``aggregator.extract``.
"""

from __future__ import annotations

import json

import pytest

from aggregator import extract

_URL = "https://www.coastgazette.example/news/2024/09/12/storm-surge-warning"

_PARAGRAPHS = (
    "The weather service issued a storm surge warning for the bay on Thursday, saying water "
    "could rise up to 1.5 metres above normal high tide on Friday.",
    "City officials opened two shelters and asked residents of ground-floor flats near the "
    "water to move their cars and valuables to higher ground.",
    '"People should be ready to leave at short notice," emergency manager Carol Dunn said.',
)


def _p(texts: tuple[str, ...] | list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def _body(html: str) -> list[str]:
    return extract(html, _URL).body


# --- AMP ---------------------------------------------------------------------------------


def _amp(slot: str) -> str:
    return (
        '<!doctype html><html amp lang="en"><head><meta charset="utf-8">'
        '<link rel="canonical" href="https://www.coastgazette.example/news/storm-surge">'
        "<title>Storm surge warning issued - Coast Gazette</title></head><body>"
        "<article><h1>Storm surge warning issued for the bay</h1>"
        '<amp-social-share type="twitter" width="40" height="40"></amp-social-share>'
        f'<div class="article-body"><p>{_PARAGRAPHS[0]}</p>{slot}'
        f"<p>{_PARAGRAPHS[1]}</p><p>{_PARAGRAPHS[2]}</p></div></article></body></html>"
    )


@pytest.mark.parametrize(
    "slot",
    [
        '<amp-ad width="300" height="250" type="doubleclick" data-slot="/1234/news">'
        "<div placeholder>Loading ad</div><div fallback>Ad failed to load</div></amp-ad>",
        '<amp-embed width="600" height="300" type="taboola" layout="responsive">'
        "<div fallback>Sponsored stories could not be loaded</div></amp-embed>",
        '<amp-iframe width="600" height="400" sandbox="allow-scripts" src="https://maps.example/x">'
        "<div placeholder>Loading the interactive map of the flood zone</div></amp-iframe>",
    ],
)
def test_an_amp_pages_slots_leave_no_text_in_the_body(slot: str) -> None:
    assert _body(_amp(slot)) == list(_PARAGRAPHS)


def test_an_amp_pages_own_paragraphs_and_pictures_stay() -> None:
    slot = (
        '<figure><amp-img src="/surge.jpg" width="1200" height="675" alt="Waves"></amp-img>'
        "</figure><p>Forecasters expect the highest water around 6 p.m.</p>"
    )
    body = _body(_amp(slot))
    assert body == [
        _PARAGRAPHS[0],
        "Forecasters expect the highest water around 6 p.m.",
        *_PARAGRAPHS[1:],
    ]


# --- consent walls and comment threads ---------------------------------------------------

_CONSENT = (
    "Wir und unsere 142 Partner verwenden Cookies und ähnliche Technologien, um "
    "Informationen auf Ihrem Gerät zu speichern und abzurufen, personalisierte Anzeigen und "
    "Inhalte anzuzeigen und die Reichweite zu messen, auch in Drittländern.",
    "Sie können Ihre Einwilligung jederzeit über den Link Datenschutz-Einstellungen am Ende "
    "jeder Seite widerrufen, oder unser Angebot werbefrei im Abo nutzen, jederzeit kündbar.",
    "Weitere Informationen finden Sie in unserer Datenschutzerklärung und in den "
    "Einstellungen, in denen Sie einzelne Zwecke und Partner auswählen können.",
)
_ARTICLE_DE = (
    "Der Rheinpegel ist in der Nacht auf 6,80 Meter gestiegen. Die Stadt rechnet bis Freitag "
    "mit einem Höchststand von 7,50 Metern.",
    "Die Uferstraße bleibt gesperrt, die Anwohner der Altstadt sollen Keller ausräumen.",
)


@pytest.mark.parametrize(
    "wall",
    [
        # A consent manager names its outer box; the paragraphs sit in an inner one.
        '<div id="cmp-wall" class="consent-wall"><div class="cmp-inner">'
        "<h2>Wir brauchen Ihre Zustimmung</h2>{text}<a href='#'>Alle akzeptieren</a></div></div>",
        '<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk" class="otFlat">'
        '<div class="ot-sdk-container"><div id="onetrust-policy-text">{text}</div></div>'
        "</div></div>",
        '<div class="gdpr-overlay"><section class="box"><div class="box-text">{text}</div>'
        "</section></div>",
    ],
)
def test_a_consent_wall_before_a_short_article_is_not_its_text(wall: str) -> None:
    html = (
        "<html lang='de'><body>" + wall.format(text=_p(_CONSENT)) + "<main><article>"
        "<h1>Hochwasser: Pegel steigt weiter</h1><div class='text'>" + _p(_ARTICLE_DE) + "</div>"
        "</article></main></body></html>"
    )
    assert _body(html) == list(_ARTICLE_DE)


def test_a_page_wrapper_named_after_the_cookie_banner_is_no_consent_box() -> None:
    # The class names a state of the page; the wrapper holds the headline and the text.
    html = (
        "<html><body><div id='page' class='site has-cookie-banner'><article>"
        "<h1>Storm surge warning issued for the bay</h1><div class='text'>"
        + _p(_PARAGRAPHS)
        + "</div></article></div></body></html>"
    )
    assert _body(html) == list(_PARAGRAPHS)


_SIDEBAR = (
    "Our readers also liked these pieces about the weather, the harbour works and the "
    "local economy in the region, with more to come next week.",
    "Sign up for the morning briefing and get the day's coast news in your inbox.",
)


@pytest.mark.parametrize(
    "wrapper",
    [
        "site cookie-consent-pending",
        "comments-open",
        "page has-newsletter-popup",
        "layout gdpr-applies",
        # A box word, but the wrapper holds most of a long page's text: the page's.
        "main-with-comments",
    ],
)
def test_a_page_wrapper_outside_the_headers_h1_is_no_box(wrapper: str) -> None:
    # The headline sits in a <header> outside the wrapper; the sidebar must not win.
    long_text = [p + " " + p for p in _PARAGRAPHS] * 2
    html = (
        "<html><body><header><h1>Storm surge warning issued for the bay</h1></header>"
        f"<div class='{wrapper}'><div class='main'><div class='story'>"
        + _p(long_text)
        + "</div></div></div><div class='sidebar-x'>"
        + _p(_SIDEBAR)
        + "</div></body></html>"
    )
    assert _body(html) == long_text


def test_an_article_about_cookie_banners_keeps_its_text() -> None:
    text = (
        "Regulators fined three publishers on Monday for consent banners that made rejecting "
        "cookies harder than accepting them, the first fines under the new rules.",
        "The banners hid the reject button behind a second screen, the authority said.",
    )
    html = (
        "<html><body><article><h1>Publishers fined over cookie banners</h1>"
        "<div class='article-body'>" + _p(text) + "</div></article></body></html>"
    )
    assert _body(html) == list(text)


_COMMENTS = (
    "Finally! I have been waiting ten years for this park. The skate area was full all "
    "afternoon on Saturday and the kids loved the water play fountain near the entrance.",
    "Nine million dollars for a park while the roads in my neighbourhood are full of "
    "potholes. Who decided this was the priority? I would like the council to explain it.",
    "Parking is a problem. There are only twenty spaces and on Saturday people parked all "
    "along Mill Street, blocking driveways. The city needs to sort this out before summer.",
)
_PARK = (
    "The 12-acre park on the old rail yard opened on Saturday with a playground, a skate "
    "area and a path along the river.",
    "It cost $9 million, most of it from a state grant.",
)


@pytest.mark.parametrize("thread_class", ["discussion", "comments-area", "comment-list"])
def test_a_comment_thread_beside_a_short_article_is_not_its_text(thread_class: str) -> None:
    comments = "".join(
        f"<div class='post-item'><span class='user'>reader{i}</span><p>{c}</p></div>"
        for i, c in enumerate(_COMMENTS)
    )
    html = (
        "<html><body><div class='story'><h1>New riverside park opens</h1><p class='by'>By Ann "
        "Lee</p>"
        + _p(_PARK)
        + f"</div><div class='{thread_class}'><h3>Reader discussion</h3>"
        + comments
        + "</div></body></html>"
    )
    assert _body(html) == list(_PARK)


def test_a_second_block_of_the_article_beside_it_stays() -> None:
    # Text split by an ad into two sibling blocks: the second continues the article.
    html = (
        "<html><body><div class='story'><h1>Storm surge warning issued for the bay</h1>"
        f"<div class='part'><p>{_PARAGRAPHS[0]}</p></div><div class='ad'>Advertisement</div>"
        f"<div class='more'><p>{_PARAGRAPHS[1]}</p><p>{_PARAGRAPHS[2]}</p></div>"
        "</div></body></html>"
    )
    assert _body(html) == list(_PARAGRAPHS)


# --- the paywalled part a page declares ---------------------------------------------------

_PROMPT = (
    "<div class='paywall-prompt'><h2>Subscribe to continue reading</h2><p>You have reached "
    "the end of your free preview. Get unlimited access for just $1 a week for the first "
    "three months.</p><a href='/subscribe'>Subscribe now</a></div>"
)


def _paywalled(selector: str | None, box: str = "paywall") -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Storm surge warning issued for the bay",
        "isAccessibleForFree": False,
    }
    if selector is not None:
        ld["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": selector,
        }
    return (
        f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head>'
        "<body><article><h1>Storm surge warning issued for the bay</h1><div class='article-body'>"
        f"<p>{_PARAGRAPHS[0]}</p><p>{_PARAGRAPHS[1]}</p><div class='{box}'>"
        f"<p>{_PARAGRAPHS[2]}</p></div></div>{_PROMPT}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("selector", "box"),
    [
        (".paywall", "paywall"),  # Google's own example of the markup
        ("div.premium-content", "premium-content paywall"),
        ([".paywall", ".other"], "paywall"),
        (".other, div.paywall-text, #locked, .paywall", "paywall"),
    ],
)
def test_the_paywalled_part_the_page_declares_is_its_text(selector: str, box: str) -> None:
    article = extract(_paywalled(selector, box), _URL)
    assert article.body == list(_PARAGRAPHS)
    assert article.paywalled


def test_a_sweeping_part_selector_keeps_no_furniture() -> None:
    # "*" names every element: the page's furniture by its tag still goes.
    html = _paywalled("*").replace(
        "</div></div>",
        "</div><aside class='related'><p>Another story about the floods of last "
        "autumn and what the city did after them.</p></aside></div>",
        1,
    )
    assert _body(html) == list(_PARAGRAPHS)


@pytest.mark.parametrize("selector", [None, "", "div[", ".elsewhere"])
def test_a_paywall_box_the_page_does_not_declare_stays_out(selector: str | None) -> None:
    # Without the declaration (or with one naming nothing there) "paywall" is a prompt's class.
    assert _body(_paywalled(selector)) == list(_PARAGRAPHS[:2])


@pytest.mark.parametrize(
    "selector",
    [
        ":is(" * 300 + ".paywall" + ")" * 300,  # overflowed cssselect's recursion
        "p ~ div.paywall",  # sibling combinators over a long page took minutes
        "article > div div.paywall",
        "div.paywall:not(.x)",
        ", ".join([".paywall"] * 60),  # over 500 characters
    ],
)
def test_a_part_selector_beyond_simple_ones_names_nothing(selector: str) -> None:
    # Only the simple selectors of Google's markup are evaluated; the rest of the
    # page's extraction goes on.
    article = extract(_paywalled(selector), _URL)
    assert article.body == list(_PARAGRAPHS[:2])
    assert article.headline == "Storm surge warning issued for the bay"


# --- footnote marks -----------------------------------------------------------------------


def test_footnote_marks_are_not_glued_to_the_sentence() -> None:
    html = (
        "<html><body><article><h1>What the evidence says about minimum wages</h1>"
        "<div class='article-content'><p>A study of fast-food restaurants in New Jersey "
        "found no such effect.<sup id='fnref1'><a href='#fn1'>1</a></sup> Later work "
        "agreed.<sup class='reference'><a href='#cite_note-2'>[2]</a></sup></p>"
        "<ol class='notes'><li id='fn1'>Card, D. and Krueger, A. (1994), American Economic "
        "Review 84(4). <a href='#fnref1'>↩</a></li></ol></div></article></body></html>"
    )
    assert _body(html) == [
        "A study of fast-food restaurants in New Jersey found no such effect. Later work agreed.",
        "Card, D. and Krueger, A. (1994), American Economic Review 84(4).",
    ]


def test_superscripts_that_are_no_footnote_marks_stay() -> None:
    text = (
        "<p>The flat measures 54 m<sup>2</sup> and was built in the 19<sup>th</sup> century, "
        "the agent said.<sup><a href='https://example.org/source'>1</a></sup> See the "
        "<a href='#map'>map below</a>.</p>"
    )
    html = f"<html><body><article><h1>Flat for sale</h1><div class='text'>{text}</div></article></body></html>"
    assert _body(html) == [
        "The flat measures 54 m2 and was built in the 19th century, the agent said.1 See the "
        "map below."
    ]


# --- a live blog's entry times ------------------------------------------------------------


@pytest.mark.parametrize("stamp", ["2.15am GMT", "11.40pm", "14.15 BST", "9.05 a.m."])
def test_a_live_blogs_entry_time_is_no_paragraph(stamp: str) -> None:
    html = (
        "<html><body><article><h1>Election night live</h1><div class='live-blog-body'>"
        f"<div class='block'><time>{stamp}</time><h2>Turnout down in the city</h2>"
        f"<p>{_PARAGRAPHS[0]}</p></div><div class='block'><p>{_PARAGRAPHS[1]}</p></div>"
        "</div></article></body></html>"
    )
    assert _body(html) == ["Turnout down in the city", *_PARAGRAPHS[:2]]


@pytest.mark.parametrize(
    "line",
    [
        "Turnout was 64.25 per cent.",
        "The 2.15pm train was cancelled again.",
        "Shares closed at 3.45",
    ],
)
def test_numbers_and_sentences_with_a_time_stay(line: str) -> None:
    html = (
        "<html><body><article><h1>Election night live</h1><div class='text'>"
        f"<p>{_PARAGRAPHS[0]}</p><p>{line}</p></div></article></body></html>"
    )
    assert _body(html) == [_PARAGRAPHS[0], line]


# --- a page whose one text is its description ----------------------------------------------

_DESCRIPTION = (
    "Crews brought down the 1962 span over the river with 300 kg of explosives on Sunday "
    "morning. The new bridge beside it opened to traffic in April."
)


def test_a_video_pages_one_paragraph_is_its_body_and_not_its_standfirst_too() -> None:
    html = (
        "<html><body><main><div class='video-page'><div class='player-wrap'><video controls "
        "src='/v/bridge.mp4'></video></div><h1>Watch: old bridge demolished in 8 seconds</h1>"
        f"<div class='video-description'><p>{_DESCRIPTION}</p></div>"
        "<div class='video-meta'><span>1:12</span></div></div>"
        "<section class='up-next'><h2>Up next</h2><ul><li><a href='/video/flood'>Flood "
        "rescue on Route 9</a></li><li><a href='/video/parade'>Parade draws thousands</a>"
        "</li></ul></section></main></body></html>"
    )
    article = extract(html, "https://www.metrowire.example/video/2024/06/bridge-demolition")
    assert article.body == [_DESCRIPTION]
    assert article.standfirst is None


def test_an_articles_dek_stays_its_standfirst() -> None:
    html = (
        "<html><body><article><h1>Storm surge warning issued for the bay</h1>"
        f"<p class='standfirst'>{_DESCRIPTION}</p><div class='article-body'>"
        + _p(_PARAGRAPHS)
        + "</div></article></body></html>"
    )
    article = extract(html, _URL)
    assert article.standfirst == _DESCRIPTION
    assert article.body == list(_PARAGRAPHS)
