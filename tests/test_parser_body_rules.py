"""Body rules that came from failure classes on the dev pages, pinned on small pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from aggregator.parser import extract

FETCHED = datetime(2026, 7, 1, tzinfo=UTC)
PROSE = (
    "The council met on Monday to discuss the new budget, which includes money for roads, "
    "schools and the library, and the mayor said the plan would be voted on next week. "
)


def body_of(inner: str) -> str:
    html = f"<html><body><nav><a href='/'>Home</a></nav><article>{inner}</article></body></html>"
    return "\n".join(extract(html, "https://example.org/story", fetched_at=FETCHED).body)


def test_data_table_rows_are_kept_whatever_their_class() -> None:
    text = body_of(
        f"<p>{PROSE}</p><table><tr class='colhead'><td>Pos.</td><td>Driver</td></tr>"
        "<tr class='oddrow player-2020-580'><td>1</td><td>Kyle Busch</td></tr></table>"
        f"<p>{PROSE}</p>"
    )
    assert "Kyle Busch" in text


def test_hover_card_inside_a_sentence_is_skipped() -> None:
    card = (
        "<span class='card'><a href='/p/1'>Jane Q. Doe</a><a href='/a/1'>Another story</a>"
        "<a href='/a/2'>Yet another story</a></span>"
    )
    text = body_of(
        f"<p>Gov. <a href='/p/1'>Jane Doe</a>{card} (R) defended the plan. {PROSE}</p>"
        f"<p>{PROSE}</p>"
    )
    assert "Another story" not in text
    assert "(R) defended the plan" in text


def test_embedded_post_in_a_social_embed_wrapper_is_kept() -> None:
    text = body_of(
        f"<p>{PROSE}</p><div class='social-media-embed'><blockquote class='twitter-tweet'>"
        "<p>Yes this is real and the state spent half a million on it</p></blockquote></div>"
        f"<p>{PROSE}</p>"
    )
    assert "spent half a million" in text


def test_teaser_block_headed_you_may_like_is_not_the_text() -> None:
    teasers = "".join(
        f"<article class='postbox'><p>Teaser number {i}, another message of the day, "
        f"with enough words to look like a paragraph, and more commas, and more.</p></article>"
        for i in range(6)
    )
    html = (
        f"<html><body><div class='columns'><article class='post-1 type-post hentry category-video'>"
        f"<h1>Title</h1><p>{PROSE}</p></article>"
        f"<div class='more'><h3>Você pode gostar...</h3>{teasers}</div></div></body></html>"
    )
    body = extract(html, "https://example.org/story", fetched_at=FETCHED).body
    assert body == [PROSE.strip()]


def test_closing_calls_to_action_are_trimmed() -> None:
    text = body_of(
        f"<p>{PROSE}</p><p>{PROSE}</p>"
        "<p>Hat Ihnen dieser Artikel gefallen? "
        "Dann unterstützen Sie uns bitte mit einer Spende.</p>"
        "<p>Sign up for The Daily Brief today to get the free newsletter in your inbox.</p>"
    )
    assert text == "\n".join([PROSE.strip()] * 2)


def _header_page(header: str, text: str) -> str:
    return (
        "<html><body><nav><a href='/'>Home</a> <a href='/a'>A</a> <a href='/b'>B</a></nav>"
        f"<main><header><h1>Council passes the budget</h1>{header}</header>"
        f"<div class='columns'><div class='story-text'>{text}</div></div></main></body></html>"
    )


def test_prose_between_the_headline_and_the_text_opens_the_body() -> None:
    lead = (
        "After months of argument over roads and schools, the council agreed a budget on Monday "
        "night that the mayor called fair."
    )
    html = _header_page(
        f"<p class='byline'>By Jane Doe</p><figure><img src='a.jpg'><figcaption>The council "
        f"chamber on Monday night, when the budget was passed by eleven votes to two."
        f"</figcaption></figure><div class='box'><p>{lead}</p></div>",
        f"<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>",
    )
    body = extract(html, "https://example.org/story", fetched_at=FETCHED).body
    assert body[0] == lead
    assert not any("chamber on Monday" in p for p in body)  # a caption is no lead
    assert not any("Jane Doe" in p for p in body)


def test_a_short_line_or_a_link_list_in_the_header_is_no_lead() -> None:
    html = _header_page(
        "<p>Updated on 3 May 2024, 10:12</p><p><a href='/x'>Budget 2024: everything the council "
        "decided, and what it means for you and your street</a></p>",
        f"<p>{PROSE}</p><p>{PROSE}</p>",
    )
    body = extract(html, "https://example.org/story", fetched_at=FETCHED).body
    assert body == [PROSE.strip()] * 2


def test_a_closing_subheading_with_nothing_under_it_is_dropped() -> None:
    text = body_of(
        f"<p>{PROSE}</p><h2>How the vote went</h2><p>{PROSE}</p>"
        "<h3>The week in the council chamber</h3>"
        "<ul><li><a href='/1'>Roads plan approved after a long debate</a></li>"
        "<li><a href='/2'>Library hours to be extended from June</a></li></ul>"
    )
    assert text == "\n".join([PROSE.strip(), "How the vote went", PROSE.strip()])


def test_a_reading_time_note_is_no_paragraph() -> None:
    text = body_of(
        f"<p>3 Min Lesezeit</p><p>{PROSE}</p><p>Reading time: 4 min</p><p>{PROSE}</p>"
        "<p>5 minutes read the council's report before the vote.</p>"
    )
    assert text == "\n".join(
        [PROSE.strip(), PROSE.strip(), "5 minutes read the council's report before the vote."]
    )


def test_the_next_block_of_the_containers_own_template_continues_the_text() -> None:
    steps = (
        "<div class='post-text'><section class='columns'><div class='col'><h3>3. Wrap the seeds</h3>"
        "<ul><li>Place the seeds about one inch apart on a wet paper towel.</li>"
        "<li>Seal the towel in a plastic bag and write the date on it.</li></ul></div>"
        "<div class='col'><img src='bag.jpg'></div></section></div>"
    )
    html = (
        f"<html><body><main><h1>How to grow a lemon tree</h1>"
        f"<div class='post-text'><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>{steps}"
        f"<div class='post-text'><p>Then water it. {PROSE}</p></div>"
        "<div class='share-row'><a href='/s/1'>Share on Facebook</a><a href='/s/2'>Tweet</a></div>"
        "</main></body></html>"
    )
    body = extract(html, "https://example.org/lemon", fetched_at=FETCHED).body
    assert "Place the seeds about one inch apart on a wet paper towel." in body
    assert body[-1] == f"Then water it. {PROSE.strip()}"
    assert not any("Share on" in p for p in body)


def test_an_article_body_that_is_the_pages_summary_does_not_replace_the_text() -> None:
    summary = (
        "The mayor said she would step down next month, citing a lack of communication inside "
        "the party and pressure to stay silent after the debate over the new budget, which "
        "split the council in two, and a motion of no confidence that failed by a single vote."
    )
    ld = json.dumps({"@type": "NewsArticle", "description": summary, "articleBody": summary})
    opening = (
        "The mayor of the town announced on Monday that she would leave office in June, after "
        "members of her own party tried, she said, to keep her from speaking about the budget."
    )
    html = (
        f"<html><head><meta name='description' content='{summary}'>"
        f"<script type='application/ld+json'>{ld}</script></head><body><article>"
        f"<h1>Mayor to step down</h1><p>{opening}</p></article></body></html>"
    )
    article = extract(html, "https://example.org/mayor", fetched_at=FETCHED)
    assert article.body == [opening]
    assert article.provenance["body"] == "heuristic"


def test_an_editors_note_is_part_of_the_text() -> None:
    note = "This article was originally published on The Example Post and can be read here."
    update = "This story has been updated with additional developments."
    text = body_of(f"<p>{note}</p><p>{PROSE}</p><p>{PROSE}</p><p>{update}</p>")
    assert text == "\n".join([note, PROSE.strip(), PROSE.strip(), update])


def test_an_address_spelled_out_on_its_own_line_is_text() -> None:
    url = "http://www.petition.example/online/keep-the-library-open"
    text = body_of(
        f"<p>{PROSE}</p><p>Everyone who wants the library to stay open can sign here:</p>"
        f"<p><a href='{url}'>{url}</a></p><p>Reports can be sent to the council at:</p>"
        "<p><a href='mailto:reports@council.example'>reports@council.example</a></p>"
        "<p><a href='/news'>More news</a></p>"
    )
    assert url in text
    assert "reports@council.example" in text
    assert "More news" not in text


def _standfirst_of(page: str) -> str:
    return extract(page, "https://example.org/story", fetched_at=FETCHED).standfirst or ""


def test_a_lead_classed_tagline_in_the_site_header_or_a_sidebar_is_not_the_standfirst() -> None:
    tagline = "Independent news and views from the valley since 1887, every day"
    intro = "Our newsletter brings the best of the week to your inbox every Friday"
    dek = "The council's plan would spend more on roads and schools than any budget before it"
    story = f"<h1>Council passes budget</h1><p class='lead'>{dek}</p><p>{PROSE}</p><p>{PROSE}</p>"
    site_header = (
        f"<header><a href='/'>Valley Times</a><p class='site-description'>{tagline}</p>"
        "<nav><a href='/a'>News</a><a href='/b'>Sport</a><a href='/c'>Opinion</a></nav></header>"
    )
    sidebar = f"<aside><div class='intro'>{intro}</div></aside>"
    without_dek = story.replace(f"<p class='lead'>{dek}</p>", "")
    page = f"<html><body>{site_header}{sidebar}<article>{{}}</article></body></html>"
    assert _standfirst_of(page.format(story)) == dek
    assert tagline not in _standfirst_of(page.format(without_dek))
    assert intro not in _standfirst_of(page.format(without_dek))


def test_text_printed_twice_is_read_once_and_short_repeated_lines_stay() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {i}: {PROSE}</p><p>— City Council (@council) May 2, 2024</p>"
        for i in range(3)
    )
    html = (
        "<html><body><main><h1>Budget vote</h1>"
        f"<div class='grid'><div class='story-text'>{paragraphs}</div></div>"
        "<div class='share'><a href='/s'>Share</a></div>"
        f"<section class='print'><div class='story-text'>{paragraphs}</div></section>"
        "</main></body></html>"
    )
    body = extract(html, "https://example.org/story", fetched_at=FETCHED).body
    for i in range(3):
        assert sum(p.startswith(f"Paragraph {i}:") for p in body) == 1
    # a short line printed again (a tweet's date line, a table cell) is text each time
    assert body.count("— City Council (@council) May 2, 2024") >= 3


def test_without_an_h1_the_lead_above_the_text_in_its_article_opens_the_body() -> None:
    lead = "Berlin. The mayor's plan passed the council on Monday, after a long night of debate."
    html = (
        "<html><body><div class='ticker'><a href='/1'>Markets</a></div><main><article>"
        "<hgroup><div class='kicker'>Budget</div><div class='title'>The vote is in</div></hgroup>"
        f"<div class='copy-lg mb-7'><span>{lead}</span></div>"
        "<div class='article-body'>"
        + "".join(f"<p>Part {i}. {PROSE}</p>" for i in range(3))
        + "</div></article></main></body></html>"
    )
    body = extract(html, "https://example.org/vote", fetched_at=FETCHED).body
    assert body[0] == lead
    assert body[1].startswith("Part 0.")


def test_the_headers_lead_printed_again_as_the_lead_pictures_caption_is_read_once() -> None:
    lead = (
        "After months of argument over roads and schools, the council agreed a budget on Monday "
        "night that the mayor called fair to every part of the town."
    )
    other = "The council chamber on Monday night, when the budget was passed by eleven to two."
    for caption, expected in ((lead, [lead]), (other, [lead, other])):
        html = _header_page(
            f"<div class='hook'><p>{lead}</p></div>",
            f"<figure><img src='a.jpg' alt=''><figcaption>{caption}</figcaption></figure>"
            f"<p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p>",
        )
        body = extract(html, "https://example.org/story", fetched_at=FETCHED).body
        assert body[: len(expected)] == expected
        assert body[len(expected) :] == [PROSE.strip()] * 3


_OTHER = (
    "The city's hospital will close its emergency department overnight from next month "
    "because of a shortage of doctors, health officials confirmed on Friday evening. "
)


def _with_next_story(next_story: str) -> list[str]:
    html = (
        "<html><body><main><article><h1>Council passes the budget</h1>"
        f"<div class='article-body'><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div></article>"
        f"{next_story}</main></body></html>"
    )
    return extract(html, "https://example.org/story", fetched_at=FETCHED).body


def test_the_next_storys_text_in_its_own_article_is_not_this_ones() -> None:
    # An infinite-scroll preview and a "next article" card print their text in the
    # article template's own body block: the same tag and class, another story.
    text = f"<div class='article-body'><p>{_OTHER}</p><p>{_OTHER}</p></div>"
    for next_story in (
        f"<article><h1>Hospital to close at night</h1>{text}</article>",
        f"<article class='next'><h2><a href='/news/hospital'>Hospital to close</a></h2>{text}"
        "</article>",
    ):
        assert _with_next_story(next_story) == [PROSE.strip()] * 3


def test_sections_of_one_text_printed_as_articles_without_headlines_continue_it() -> None:
    # munich2022.com prints one text as several <article> blocks of one template, the
    # first under an unlinked h3: the blocks after it are the same text.
    more = (
        f"<article><div class='article-body'><p>{PROSE}</p><p>{PROSE}</p>"
        f"<p>Then the vote. {PROSE}</p></div></article>"
    )
    assert _with_next_story(more)[-1] == f"Then the vote. {PROSE.strip()}"


def _long_article(wrapped: bool) -> str:
    """A 3 MB article of short distinct paragraphs, each in its own <div> or not."""
    words = ["council", "budget", "river", "bridge", "school", "teachers", "vote", "minister"]
    paragraphs = []
    for i in range(22_000):
        text = " ".join(words[(i + k) % len(words)] for k in range(16)).capitalize()
        p = f"<p>{text}, said {i % 97} residents of the {i}th ward.</p>"
        paragraphs.append(f'<div class="para">{p}</div>' if wrapped else p)
    return (
        "<html><body><header><nav><a href='/'>Home</a></nav></header><article>"
        f"<h1>Long report on the council</h1>{''.join(paragraphs)}</article></body></html>"
    )


def test_a_long_page_of_wrapped_paragraphs_reads_as_the_plain_one() -> None:
    # Each paragraph in a <div> of its own made the vote ask lxml the shared parent's
    # child count once per wrapper (quadratic: minutes on a 4 MB page); counted once,
    # the wrapped page gives the plain one's body (docs/benchmarks.md, "Large pages").
    url = "https://www.gazette.com/politics/long-report"
    plain, wrapped = (extract(_long_article(w), url).body for w in (False, True))
    assert len(plain) == 22_000
    assert wrapped == plain
