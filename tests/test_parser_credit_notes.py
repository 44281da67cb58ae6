"""Credits at the end of a copy (QA stop 47, finding 2): the closing note of a wire copy
under a staff byline ("Additional reporting by Reuters", "Mit Material von dpa", an
agency's copyright line, "The Associated Press contributed to this report.") leaves the
body and is the copy's credit, read through ``aggregator.extract`` on a small page shaped
as the outlets print them, and stored as the copy's ``credit`` (``article_credit``)."""

from __future__ import annotations

import pytest

from aggregator import extract
from aggregator.dedup.policy import article_credit

PROSE = [
    "Floodwater rose through the lower town overnight as the river broke its banks in three "
    "places, and crews worked until dawn to shore up the levee beside the old mill.",
    "The county opened two shelters at the high school and the fairground, and volunteers "
    "brought cots, blankets and food for the families who left their homes after midnight.",
    "Officials said the water would crest on Thursday afternoon, a foot below the record "
    "set in 1998, and asked residents near Canal Street to stay away from the embankment.",
    "Schools will stay closed for the rest of the week, the district said, and the bridge "
    "on the state highway remains shut until engineers have checked its piers.",
]


def page(closing: str, *, middle: str = "") -> str:
    """A staff-bylined copy: the text's paragraphs, ``middle`` after the second, and the
    closing line after the last."""
    paragraphs = [*PROSE[:2], *([middle] if middle else []), *PROSE[2:]]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    tail = f"<p>{closing}</p>" if closing else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>River crests below record in Millbrook</title>"
        '<meta property="og:site_name" content="Lakeside Gazette">'
        '<meta property="article:published_time" content="2026-12-07T05:00:00Z">'
        '</head><body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>'
        "<main><article><h1>River crests below record in Millbrook</h1>"
        '<p class="byline">By Karen Voss</p>'
        f'<div class="article-body">{body}{tail}</div></article></main>'
        "<footer><p>© 2026 Lakeside Gazette</p></footer></body></html>"
    )


URL = "https://lakeside.example/news/river-crests"


@pytest.mark.parametrize(
    ("closing", "credits", "credit"),
    [
        ("Additional reporting by Reuters", ["Reuters"], "Reuters"),
        ("(Reporting by Reuters; editing by John Roe)", ["Reuters"], "Reuters"),
        ("Additional reporting by The Associated Press.", ["Associated Press"], "AP"),
        ("Mit Material von dpa", ["dpa"], "dpa"),
        # EFE is credited; the stored credit (a rewrite's provenance) names only the
        # agencies of ``dedup.policy.NAMED_AGENCIES``, as for a byline's "Agencia EFE"
        ("Con información de EFE", ["EFE"], None),
        ("Avec AFP", ["AFP"], "AFP"),
        ("Copyright 2026 The Associated Press. All rights reserved.", ["Associated Press"], "AP"),
        ("The Associated Press contributed to this report.", ["Associated Press"], "AP"),
        (
            "Associated Press writers Ana Ruiz in Denver and Tom Lee contributed to this report.",
            ["Associated Press"],
            "AP",
        ),
        ("Reuters contributed reporting.", ["Reuters"], "Reuters"),
        ("AP Technology Writer Ana Ruiz in Denver contributed to this report.", ["AP"], "AP"),
        ("CNN’s Dana Bash and Tom Lee contributed to this story", ["CNN"], None),
        (  # "Pa." is Pennsylvania, not PA (review 47a, finding 3)
            "Associated Press writers Mark Scolforo in Harrisburg, Pa., and Jane Roe in "
            "Trenton, N.J., contributed to this report.",
            ["Associated Press"],
            "AP",
        ),
        ("Reporting by Jane Doe in Rome, with ANSA; editing by John Roe", ["ANSA"], None),
    ],
)
def test_a_closing_note_naming_an_agency_is_the_copys_credit(
    closing: str, credits: list[str], credit: str | None
) -> None:
    article = extract(page(closing), URL)
    assert article.body == PROSE  # the note is no paragraph of the text
    assert article.authors == ["Karen Voss"]
    assert article.credits == credits
    assert article_credit(article) == credit


def test_a_closing_note_and_a_copyright_line_both_credit() -> None:
    closing = (
        "(Reporting by Reuters; editing by John Roe)</p>"
        "<p>© 2026 Thomson Reuters. All rights reserved."
    )
    article = extract(page(closing), URL)
    assert article.body == PROSE
    assert article.credits == ["Reuters"]  # one agency, under the name it was first given
    assert article_credit(article) == "Reuters"


@pytest.mark.parametrize(
    "closing",
    [
        "Reporting by Jane Doe",  # a note naming no agency: trimmed, as before, no credit
        "(Reporting by Jane Doe; editing by John Roe)",
        "Additional reporting by Pa Dedeh Jallow",  # a name, not PA: one word in capitals
        "Staff writer Jane Doe contributed to this report.",
        "Copyright 2026 Lakeside Gazette. All rights reserved.",  # the outlet's own notice
        "",
        # a state after a place's comma or in brackets is no agency (review 47a, finding 3)
        "Staff writer Mark Scolforo in Harrisburg, Pa., contributed to this report.",
        "Reporting by Jane Doe in Pittsburgh, PA; editing by John Roe",
        "Reporting by Jane Doe in Amaravati, Andhra Pradesh (AP); editing by John Roe",
    ],
)
def test_a_closing_note_naming_no_agency_credits_nobody(closing: str) -> None:
    article = extract(page(closing), URL)
    assert article.body == PROSE
    assert article.credits == []
    assert article_credit(article) is None


def test_a_paragraph_naming_an_agency_inside_the_text_stays_and_credits_nobody() -> None:
    middle = (
        "Reuters reported on Tuesday that insurers expect claims from the lower town to pass "
        "those of the 1998 flood, citing two people familiar with the estimates."
    )
    article = extract(page("", middle=middle), URL)
    assert article.body == [*PROSE[:2], middle, *PROSE[2:]]
    assert article.credits == []
    assert article_credit(article) is None


def test_a_contribution_sentence_of_the_text_stays() -> None:
    closing = "He said the cold snap contributed to the damage along the river this week."
    article = extract(page(closing), URL)
    assert article.body == [*PROSE, closing]
    assert article.credits == []


def test_an_agency_notice_under_a_video_closing_a_staff_story_credits_nobody() -> None:
    """Review 47a, finding 4: the copyright line of an agency's video embedded at the end
    of the text is the embed's, not a block of the text: dropped, not a credit."""
    video = (
        '<div class="video-embed"><video src="/v.mp4"></video>'
        '<p class="video-caption">Crews shore up the levee.</p>'
        "<p>Copyright 2026 The Associated Press. All rights reserved.</p></div>"
    )
    article = extract(page("").replace("</div></article>", video + "</div></article>"), URL)
    assert article.body == PROSE
    assert article.credits == []
    assert article_credit(article) is None


def test_an_agency_notice_after_a_figure_caption_credits_nobody() -> None:
    figure = (
        '<figure><img src="/levee.jpg" alt=""><figcaption>Crews shore up the levee.'
        "</figcaption></figure><p>Copyright 2026 The Associated Press. All rights reserved.</p>"
    )
    closing = page("").replace("</div></article>", figure + "</div></article>")
    article = extract(closing, URL)
    assert article.credits == []


def test_a_note_in_the_last_paragraphs_element_stays_text() -> None:
    """Review 47a, finding 8: a note set apart from the last paragraph by a blank line
    alone, in its element, is the text's own last words (``filter_blocks`` keeps it); the
    credit step leaves it in the body, as it leaves "Viel Spaß beim Basteln!"."""
    last = f"<p>{PROSE[-1]}</p>"
    html = page("").replace(last, f"<p>{PROSE[-1]}<br><br>Additional reporting by Reuters</p>")
    article = extract(html, URL)
    assert article.body == [*PROSE, "Additional reporting by Reuters"]
    assert article.credits == []
