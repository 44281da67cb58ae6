"""Corrections and editor's notes printed in a box of their own (QA stop 47, finding F5):
a ``div.correction-notice``, an ``aside.correction`` or a ``div.editors-note`` in or beside
the article's text is a paragraph of the text where it stands, opening with its label as
printed; a corrections-policy link block and a sidebar list of corrections to other
stories stay out. Hand-made pages run through ``extract``."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.parser import extract

FETCHED = datetime(2026, 12, 7, tzinfo=UTC)
PROSE = [
    "The city council voted on Tuesday to close the Eastgate library at the end of March, "
    "after a debate that ran past midnight in a packed chamber.",
    "Supporters of the library said the branch served four schools and two care homes, "
    "and that the nearest other branch was a forty-minute bus ride away.",
    "Council members said the building needed repairs the budget could not pay for, and "
    "promised a mobile library twice a week from the spring.",
]
CORRECTION = "Correction: an earlier version of this story said the vote was 9-2. It was 7-4."


def body(before: str = "", after: str = "", inside: str = "", aside: str = "") -> list[str]:
    """The body of an Arc-like news page: ``before`` and ``after`` stand beside the
    ``div.article-body``, ``inside`` closes it, ``aside`` is a sidebar beside the article."""
    text = "".join(f"<p>{p}</p>" for p in PROSE)
    html = (
        "<html><head><title>Council votes to close Eastgate library - Harbor Tribune</title>"
        "</head><body><header><nav><a href='/'>Home</a> <a href='/news/'>News</a></nav>"
        "</header><main><article><h1>Council votes to close Eastgate library</h1>"
        f"<p class='byline'>By Tom Reyes</p>{before}<div class='article-body'>{text}{inside}"
        f"</div>{after}</article>{aside}</main>"
        "<footer><p>&copy; 2026 Harbor Tribune. All rights reserved.</p></footer></body></html>"
    )
    return extract(html, "https://tribune.example/news/eastgate-library", fetched_at=FETCHED).body


@pytest.mark.parametrize(
    ("where", "box"),
    [
        ("after", f"<div class='correction-notice'><p>{CORRECTION}</p></div>"),
        ("after", f"<aside class='correction'><p>{CORRECTION}</p></aside>"),
        ("inside", f"<div class='correction-notice'><p>{CORRECTION}</p></div>"),
        ("before", f"<div class='correction-notice'><p>{CORRECTION}</p></div>"),
        ("before", f"<aside class='correction'>{CORRECTION}</aside>"),
    ],
)
def test_a_correction_box_is_a_paragraph_where_it_stands(where: str, box: str) -> None:
    paragraphs = body(**{where: box})
    assert CORRECTION in paragraphs
    assert paragraphs.count(CORRECTION) == 1
    expected = [CORRECTION, *PROSE] if where == "before" else [*PROSE, CORRECTION]
    assert paragraphs == expected


@pytest.mark.parametrize(
    ("box", "paragraph"),
    [
        (
            "<div class='editors-note'><h4>Editor's note</h4><p>This story has been updated "
            "with the council's final vote.</p></div>",
            "Editor's note: This story has been updated with the council's final vote.",
        ),
        (
            "<div class='editors-note'><p><strong>Editor's Note:</strong> Tom Reyes is a "
            "former trustee of the Eastgate library.</p></div>",
            "Editor's Note: Tom Reyes is a former trustee of the Eastgate library.",
        ),
        (
            "<aside class='correction'><p>Correction, 6 December 2026: the library closes in "
            "March, not in April.</p></aside>",
            "Correction, 6 December 2026: the library closes in March, not in April.",
        ),
        (
            "<div class='correction-notice'><p>Berichtigung: In einer früheren Fassung hieß "
            "es, der Rat habe mit 9 zu 2 Stimmen entschieden.</p></div>",
            "Berichtigung: In einer früheren Fassung hieß es, der Rat habe mit 9 zu 2 "
            "Stimmen entschieden.",
        ),
        (
            "<div class='correction'><p>Rectificación: una versión anterior de esta noticia "
            "decía que la votación fue 9-2.</p></div>",
            "Rectificación: una versión anterior de esta noticia decía que la votación fue 9-2.",
        ),
    ],
)
def test_an_editors_note_or_correction_opens_with_its_label(box: str, paragraph: str) -> None:
    assert body(after=box) == [*PROSE, paragraph]


@pytest.mark.parametrize(
    "kwargs",
    [
        # a corrections-policy link block after the text
        {
            "after": "<div class='corrections-policy'><p>Spotted an error? <a href='/corrections'>"
            "Read our corrections policy</a> and tell us.</p></div>"
        },
        {
            "after": "<div class='correction-notice'><p><a href='/corrections'>Corrections "
            "policy: how the Harbor Tribune corrects its mistakes</a></p></div>"
        },
        # a sidebar list of corrections to other stories, beside the article
        {
            "aside": "<aside class='sidebar'><div class='corrections'><h3>Corrections</h3><ul>"
            "<li><a href='/news/a'>Correction: Harbour ferry timetable</a></li>"
            "<li><a href='/news/b'>Correction: School board election results</a></li>"
            "</ul></div></aside>"
        },
        # the same list beside the text, inside the article
        {
            "after": "<div class='corrections'><h3>Corrections</h3><ul>"
            "<li><a href='/news/a'>Correction: Harbour ferry timetable</a></li>"
            "<li><a href='/news/b'>Correction: School board election results</a></li>"
            "</ul></div>"
        },
    ],
)
def test_corrections_furniture_elsewhere_stays_out(kwargs: dict[str, str]) -> None:
    assert body(**kwargs) == PROSE


# Review 47b, finding 6: an editor's note about the page or the site, not the story, is
# no paragraph of the text, beside it or inside it: closing comments is no edit.
@pytest.mark.parametrize(
    ("where", "note"),
    [
        ("after", "Editor's note: Comments have been closed on this article."),
        ("inside", "Editor's note: Comments have been closed on this article."),
        ("after", "Editor's note: Comments are moderated and may take a day to appear."),
        ("after", "Editor's note: Sign up for our morning newsletter to get stories like this."),
    ],
)
def test_an_editors_note_about_the_site_stays_out(where: str, note: str) -> None:
    assert body(**{where: f"<div class='editors-note'>{note}</div>"}) == PROSE


def test_a_correction_that_names_comments_in_the_story_is_kept() -> None:
    note = "Correction: an earlier version of this story attributed the comments to the mayor."
    assert body(after=f"<div class='correction-notice'><p>{note}</p></div>") == [*PROSE, note]
