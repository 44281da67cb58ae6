"""Boxes at the top of the text and notes beside the headline stay out of the body:
hand-made pages as CMSs print them, run through ``extract``.

Round 16 tried two rules that read a furniture-classed wrapper as the text's opening (a
paywall's "teaser" part, a drop-cap style named for the print) or as the article's
header (the dek after the headline); two reviews found they let promos, notes, print-only
notices, captions and other stories in on common templates, for three tuning pages of
gain, and both were taken out (docs/benchmarks.md, round 16 on body recall). These cases
are what the reviews fed them: any later rule of the kind must pass them.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import aggregator
from aggregator.parser import extract

FETCHED = datetime(2026, 7, 1, tzinfo=UTC)
OPENING = (
    "Friday marks the second day of a four-day run of severe storms over the central "
    "states, with strong tornadoes possible across the plains and the corn belt."
)
REST = [
    "Rotating thunderstorms are expected from Nebraska and Iowa as far south as the hills "
    "of eastern Oklahoma, and the threat may widen on Saturday to the Great Lakes.",
    "Cities that could see violent storms on Friday or Saturday include Dallas, Tulsa, "
    "Wichita, Omaha and Des Moines, the forecasters said on Thursday evening.",
    "Hail was widespread across western Kansas on Thursday, but tornadoes largely failed "
    "to form there, which will probably change on Friday, they added.",
]


def body(before: str, paragraph: str = "body-text") -> list[str]:
    """The body of a page whose text (paragraphs classed ``paragraph``) opens with
    ``before``, inside the text's container."""
    rest = "".join(f"<div class='article-body'><p class='{paragraph}'>{p}</p></div>" for p in REST)
    html = (
        "<html><head><title>Tornadoes possible on Friday - The Courier</title></head><body>"
        "<header class='site-header'><a href='/'>The Courier</a></header><main><article>"
        "<h1>Strong tornadoes are possible on Friday and Saturday</h1>"
        "<div class='byline'>By Jane Doe</div>"
        f"<div class='metered-content'>{before}{rest}</div></article></main>"
        "<footer class='site-footer'><a href='/about'>About us</a></footer></body></html>"
    )
    return extract(html, "https://courier.example/2024/04/26/tornadoes", fetched_at=FETCHED).body


PROMO = (
    "Stay ahead of the weather with our free storm alerts, delivered to your phone "
    "whenever a warning is issued for the county where you live."
)


@pytest.mark.parametrize(
    "before",
    [
        # a promo box with a template of its own
        f"<div class='promo'><p class='promo-text'>{PROMO}</p></div>",
        # a teaser card of another story, its paragraph unclassed
        f"<div class='teaser'><p>{PROMO}</p></div>",
        # a "Key points" box: a list, no paragraph of the text's
        "<div class='callout key-points'><ul><li>Tornadoes are possible on Friday across the "
        "plains, forecasters said.</li><li>The threat widens on Saturday to the Great "
        "Lakes and Texas.</li></ul></div>",
        # related links printed as a paragraph of the text's class
        "<div class='related'><p class='body-text'><a href='/a'>Storm season starts early "
        "this year</a> · <a href='/b'>How to read a tornado warning before it is too "
        "late</a> · <a href='/c'>Hail maps</a></p></div>",
        # an author's box before the text
        "<div class='author-bio'><p class='body-text'>Jane Doe covers the weather for The "
        "Courier and has chased storms across the plains for more than twenty years.</p></div>",
        # a wrapper of the text's paragraphs hidden from every reader
        f"<div class='teaser' hidden><p class='body-text'>{PROMO}</p></div>",
    ],
)
def test_box_before_the_text_stays_out(before: str) -> None:
    assert body(before) == REST


def test_teaser_after_the_text_begins_stays_out() -> None:
    """A teaser of another story printed with the text's classes, after its opening."""
    teaser = f"<div class='teaser'><p class='body-text'>{PROMO}</p></div>"
    opening = f"<div class='article-body'><p class='body-text'>{OPENING}</p></div>"
    assert body(opening + teaser) == [OPENING, *REST]


# --- the lead region: a furniture-classed header around the headline


def header_body(header_class: str, after_headline: str) -> list[str]:
    """The body of a page whose headline sits in a header wrapper classed
    ``header_class``, with ``after_headline`` after it, and the text in a module below."""
    text = "".join(f"<p>{p}</p>" for p in REST)
    html = (
        "<html><head><title>The young old people - The Courier</title></head><body>"
        "<nav class='menu'><a href='/'>Home</a> <a href='/work'>Work</a></nav>"
        f"<div class='{header_class}'><div class='meta'><span>18/03/2019</span> | "
        "<a href='/author/jane'>Jane Doe</a></div>"
        f"<h1>The young old people</h1>{after_headline}</div>"
        "<div class='slider'><img src='/a.jpg' alt='Two men on a stair'></div>"
        f"<section class='textmodul'><div class='container'>{text}</div></section>"
        "<footer class='site-footer'><a href='/about'>About us</a></footer></body></html>"
    )
    return extract(
        html, "https://courier.example/mag/the-young-old-people", fetched_at=FETCHED
    ).body


@pytest.mark.parametrize(
    "after_headline",
    [
        # the header's tag list and a share bar
        "<div class='taglist'><a href='/tag/company'>company</a> | "
        "<a href='/tag/employees'>employees</a> | <a href='/tag/strategy'>strategy</a></div>"
        "<div class='share'><p>Share this story with your colleagues and friends on every "
        "network you use, by mail or by a link you copy.</p></div>",
        # a list of related stories under the headline
        "<ul><li><a href='/a'>Why older teams work better than anyone expected</a></li>"
        "<li><a href='/b'>The four-day week, one year on, in the firms that tried it</a></li></ul>",
    ],
)
def test_header_furniture_after_the_headline_stays_out(after_headline: str) -> None:
    assert header_body("row single-head-teaser", after_headline) == REST


# --- the first review (round 16): pages on which the two rules misfired on 1916bf9

COUNCIL = [
    "The city council voted on Tuesday evening to approve a new budget for the coming year, "
    "raising spending on public transport and housing by a combined twelve per cent.",
    "Opposition members argued that the increase would be paid for by cuts to libraries and "
    "parks, which several speakers described as the heart of neighbourhood life.",
    "The mayor said the plan had been shaped by months of consultation with residents, and "
    "promised that no branch library would close before the end of the decade.",
    "A final vote on the detailed spending lines is expected next month, after the finance "
    "committee has reviewed the figures and heard from the city's auditors.",
]
COUNCIL_URL = "https://news.example/2026/07/01/council-budget"
OTHER_STORY = (
    "In another story, the regional hospital trust has announced that its emergency "
    "department will be rebuilt over the next three years at a cost of forty million euros, "
    "with a temporary unit opening in spring."
)


def council_body(box: str, paragraph: str = "body-text") -> list[str]:
    """The body of a page whose text, every paragraph classed ``paragraph`` (one class for
    the whole text, as many CMSs print it), opens with ``box``; ``{p}`` in ``box`` is that
    class."""
    text = "".join(f"<p class='{paragraph}'>{p}</p>" for p in COUNCIL)
    html = (
        "<html><head><title>Council approves budget - Daily News</title></head><body>"
        "<header class='site-header'><a href='/'>Daily News</a></header><main><article>"
        "<h1>Council approves new budget after long debate</h1>"
        "<div class='byline'>By Anna Berg</div>"
        f"<div class='article-content'>{box.format(p=paragraph)}{text}</div></article></main>"
        "<footer class='site-footer'><a href='/about'>About</a></footer></body></html>"
    )
    return aggregator.extract(html, COUNCIL_URL, fetched_at=FETCHED).body


# M1: a box at the top of the text, its paragraph printed with the text's one class.
BOXES_BEFORE_THE_TEXT = {
    "promo": f"<div class='promo'><p class='{{p}}'>{OTHER_STORY}</p></div>",
    "teaser card": "<div class='teaser teaser--inline'><h3><a href='/h'>Hospital to be rebuilt"
    f"</a></h3><p class='{{p}}'>{OTHER_STORY}</p></div>",
    "key points": "<div class='callout key-points'><h2>Key points</h2><p class='{p}'>The "
    "council approved a budget that raises transport and housing spending by twelve per cent "
    "in total.</p><p class='{p}'>Opposition members say libraries and parks will pay for the "
    "increase in the years to come.</p></div>",
    "summary callout": "<div class='tldr callout'><p class='{p}'><strong>Summary:</strong> The "
    "council approved a budget that raises transport and housing spending by twelve per cent, "
    "opposition objects.</p></div>",
    "newsletter cta": "<div class='inline-cta'><p class='{p}'>Sign up for our morning briefing "
    "and get the most important stories from the city delivered to your inbox every weekday "
    "before seven.</p></div>",
    "disclaimer": "<div class='disclaimer'><p class='{p}'>This article is part of a series "
    "funded by the city foundation, which had no influence over its content or the choice of "
    "the people interviewed.</p></div>",
    "sponsor": "<div class='sponsored-disclosure'><p class='{p}'>This content is paid for by the "
    "regional development agency and produced by our partner studio; the newsroom was not "
    "involved in its creation.</p></div>",
    "audio": "<div class='audio-player'><p class='{p}'>This article is available as audio. "
    "Listen to it read by an automated voice while you commute, or download it for later in "
    "our app.</p></div>",
    "related": "<div class='related-content'><p class='{p}'>Last year the council approved a "
    "budget that cut spending on libraries for the first time in two decades, prompting "
    "protests across the city's northern districts.</p></div>",
    "consent, no consent word": "<div class='cmp-banner overlay'><p class='{p}'>We and our "
    "partners use cookies and similar technologies to store and access information on your "
    "device for personalised ads and content measurement.</p></div>",
    "privacy popup": "<div class='privacy-popup'><p class='{p}'>We and our partners use "
    "technologies to store and access information on your device for personalised ads, "
    "content, measurement and audience insights.</p></div>",
    "author bio": "<div class='bio'><p class='{p}'>Anna Berg has covered city hall for The Daily "
    "News since 2015, and before that reported on housing and transport for regional "
    "radio.</p></div>",
    "author profile": "<div class='profile'><p class='{p}'>Anna Berg has covered city hall for "
    "The Daily News since 2015, and before that reported on housing and transport for "
    "regional radio.</p></div>",
    "gallery caption": "<div class='gallery'><p class='{p}'>Councillors gathered in the chamber "
    "of the old town hall on Tuesday evening, where the debate on the budget lasted for more "
    "than seven hours.</p></div>",
    "screen readers only": f"<div class='sr-only'><p class='{{p}}'>{OTHER_STORY}</p></div>",
    "hidden by class": f"<div class='hidden'><p class='{{p}}'>{OTHER_STORY}</p></div>",
    "related label": "<div class='teaser'><p class='{p}'>Lesen Sie auch: Der Stadtrat hatte im "
    "vergangenen Jahr erstmals seit zwanzig Jahren bei den Bibliotheken gespart, was Proteste "
    "in den nördlichen Stadtteilen auslöste.</p></div>",
    "box paragraph adds a class": f"<div class='promo'><p class='{{p}} promo-summary'>"
    f"{OTHER_STORY}</p></div>",
    # the second look: print-only notices and a paywall's offer
    "print-only notice": "<div class='print-only'><p class='{p}'>This copy is for your "
    "personal, non-commercial use only. To order presentation-ready copies for distribution "
    "to colleagues or clients, visit our reprints desk.</p></div>",
    "print block": "<div class='d-none d-print-block'><p class='{p}'>Daily News Media Group, "
    "100 Harbour Street, Springfield, www.news.example, printed from the website on the day "
    "of its publication for a reader.</p></div>",
    "paywall offer": "<div class='paywall'><p class='{p}'>Dieser Artikel ist nur für "
    "Abonnenten verfügbar. Lesen Sie jetzt weiter mit unserem Digitalabo, den ersten Monat "
    "für einen Euro, jederzeit kündbar.</p></div>",
}
# Kept since stop 47 (QA finding F5): an editor's note or a correction in its box opens the
# text, as printed (tests/test_parser_body_corrections.py).
NOTES_BEFORE_THE_TEXT = {
    "editor's note": (
        "<div class='editors-note'><p class='{p}'>Editor's note: This article was updated on "
        "Wednesday to include the final vote count and a response from the opposition leader's "
        "office.</p></div>",
        "Editor's note: This article was updated on Wednesday to include the final vote count "
        "and a response from the opposition leader's office.",
    ),
    "correction": (
        "<div class='correction-notice'><p class='{p}'>Correction: An earlier version of this "
        "article misstated the size of the increase in spending on housing; it is twelve per "
        "cent in total.</p></div>",
        "Correction: An earlier version of this article misstated the size of the increase in "
        "spending on housing; it is twelve per cent in total.",
    ),
}
# The one class of every paragraph, as CMSs print it: WordPress-like, Arc, Next.js CSS
# modules, Tailwind, the Guardian's generated classes.
PARAGRAPH_CLASSES = [
    "body-text",
    "c-paragraph",
    "Paragraph_p__3kQ2",
    "text-lg leading-7",
    "dcr-s3ycb2",
]


@pytest.mark.parametrize(
    "box", list(BOXES_BEFORE_THE_TEXT.values()), ids=list(BOXES_BEFORE_THE_TEXT)
)
def test_box_with_the_texts_paragraph_class_stays_out(box: str) -> None:
    assert council_body(box) == COUNCIL


@pytest.mark.parametrize("paragraph", PARAGRAPH_CLASSES)
@pytest.mark.parametrize("box", ["promo", "disclaimer", "teaser card"])
def test_box_stays_out_whatever_the_cms_paragraph_class(box: str, paragraph: str) -> None:
    assert council_body(BOXES_BEFORE_THE_TEXT[box], paragraph) == COUNCIL


@pytest.mark.parametrize("paragraph", PARAGRAPH_CLASSES)
@pytest.mark.parametrize("note", list(NOTES_BEFORE_THE_TEXT))
def test_note_opens_the_text_whatever_the_cms_paragraph_class(note: str, paragraph: str) -> None:
    box, printed = NOTES_BEFORE_THE_TEXT[note]
    assert council_body(box, paragraph) == [printed, *COUNCIL]


# M2: the opening printed twice, once in a teaser, print or paywall wrapper, is read once.
@pytest.mark.parametrize(
    "copy",
    [
        f"<div class='teaser'><p class='{{p}}'>{COUNCIL[0]}</p></div>",
        f"<div class='print-only'><p class='{{p}}'>{COUNCIL[0]}</p></div>",
        f"<div class='paywall-teaser'><p class='{{p}}'>{COUNCIL[0]}</p></div>"
        f"<div class='full' hidden><p class='{{p}}'>{COUNCIL[0]}</p></div>",
        f"<div class='paywall'><p class='{{p}}'>{COUNCIL[0]}</p></div><div class='subscribe-box'>"
        "<p class='{p}'>Subscribe to read more. Get unlimited access to all our journalism for "
        "just one euro in the first month, cancel any time.</p></div>",
    ],
    ids=["teaser", "print-only", "paywall teaser and hidden copy", "paywall and subscribe box"],
)
def test_opening_printed_twice_is_read_once(copy: str) -> None:
    assert council_body(copy) == COUNCIL


def council_header_body(header_class: str, after_headline: str) -> list[str]:
    """The body of a page whose headline sits in a wrapper classed ``header_class`` with
    ``after_headline`` after it, the text (unclassed paragraphs) in a module below."""
    text = "".join(f"<p>{p}</p>" for p in COUNCIL)
    html = (
        "<html><head><title>Council approves budget - Daily News</title></head><body>"
        "<div class='site-header'><a href='/'>Daily News</a></div><main>"
        f"<div class='{header_class}'><h1>Council approves new budget after long debate</h1>"
        f"{after_headline}</div><div class='article-body'>{text}</div></main>"
        "<footer class='site-footer'><a href='/about'>About</a></footer></body></html>"
    )
    return aggregator.extract(html, COUNCIL_URL, fetched_at=FETCHED).body


# M3: a wrapper classed as the article's metadata holds notes and bylines, not the dek
# (on the tuning pages that wrap the headline so, a byline, a date or links follow it).
# M4: a wrapper classed as teasers holds other stories. M5: a picture with its caption.
@pytest.mark.parametrize(
    ("header_class", "after_headline"),
    [
        (
            "post-meta",
            "<p>This post may contain affiliate links, which means we may receive a commission "
            "if you click a link and purchase something we recommend.</p>",
        ),
        (
            "post-meta",
            "<p>By Anna Berg, city hall correspondent, with additional reporting by Jonas Lind "
            "and Maria Olsen in the northern districts.</p>",
        ),
        (
            "entry-meta",
            "<p>This article was updated on Wednesday to include the final vote count and a "
            "response from the opposition leader's office.</p>",
        ),
        (
            "entry-meta",
            "<p>Share this article with your friends and colleagues on every network you use, "
            "or copy its link to your clipboard.</p>",
        ),
        (
            "sponsored-header",
            "<p>This content is paid for by the regional development agency and produced by "
            "our partner studio; the newsroom was not involved.</p>",
        ),
        (
            "article-meta",
            "<p>この記事は有料会員限定です。会員登録すると続きをお読みいただけます。登録は無料で、"
            "毎月十本までの記事をお読みいただけます。詳しくはこちらをご覧ください。ご利用ください。</p>",
        ),
        pytest.param(
            "teasers",
            "".join(
                f"<h2><a href='/s{i}'>Other story {i}</a></h2>"
                f"<p>{OTHER_STORY.replace('hospital', place)}</p>"
                for i, place in enumerate(["zoo", "airport", "harbour"])
            ),
            # Known before round 16 as after: "teasers" (plural) is no furniture word, so
            # the lead walk reads the first teaser's summary (docs/parser.md, known gaps).
            marks=pytest.mark.xfail(strict=True, reason="a 'teasers' header is read as lead"),
        ),
        ("row single-head-teaser", f"<div><h3>Most read</h3><p>{OTHER_STORY}</p></div>"),
        # the second look: what else follows a headline in such a header
        (
            "row single-head-teaser",
            "<p>By Anna Berg, Senior Political Correspondent, and Jonas Lind, City Hall "
            "Reporter, with additional reporting by Maria Olsen.</p>",
        ),
        (
            "row single-head-teaser",
            "<p>Published December 5, 2026 at 10:42 a.m., last updated December 5, 2026 at "
            "3:15 p.m. after the final vote of the council.</p>",
        ),
        (
            "row single-head-teaser",
            "<div><button>Listen to this article</button><span>Audio generated automatically. "
            "This voice was produced by artificial intelligence and may mispronounce "
            "names.</span></div>",
        ),
        (
            "row single-head-teaser",
            "<figure><img src='/a.jpg'></figure><p>Mayor Ann Smith at the town hall on Tuesday "
            "evening, after the council had voted on the budget for the coming year.</p>",
        ),
        (
            "row single-head-teaser",
            "<div class='image'><img src='/a.jpg'><p>Councillors gathered in the chamber of the "
            "old town hall on Tuesday evening, where the debate lasted seven hours. "
            "Photo: J. Lind</p></div>",
        ),
    ],
    ids=[
        "affiliate note",
        "long byline",
        "update note",
        "share prose",
        "sponsor note",
        "paywall note",
        "teaser list",
        "most read box",
        "byline after the headline",
        "date line",
        "listen player",
        "figure and caption",
        "picture caption",
    ],
)
def test_header_wrapper_lets_no_note_nor_other_story_in(
    header_class: str, after_headline: str
) -> None:
    assert council_header_body(header_class, after_headline) == COUNCIL
