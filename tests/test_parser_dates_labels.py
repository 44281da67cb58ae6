"""A publication line and an update line in an article's header, by label and language
(round 17).

Every page goes through ``aggregator.extract``, fetched on 5 December 2026 at 18:00 UTC.
Each table holds the cases a step must change (they fail on the code before it) beside
the ones that were right already and must stay so.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import utc
from gazette_page import FETCHED, TEXT, URL, news_page, published_day, updated_day

from aggregator import extract
from aggregator.schema import Article


def _extract(top: str, lang: str = "en") -> Article:
    return extract(news_page(top, lang=lang), URL, fetched_at=FETCHED)


def _days(art: Article) -> tuple[str | None, str | None]:
    """The publication's and the update's day as the page prints them."""
    return published_day(art), updated_day(art)


# --- 1. Japanese and Chinese update labels written as one word with what follows ----------
# "更新日", "最終更新日", "更新时间", "更新時間", "更新于": "更新" was a label only where no
# letter followed it, so the update went unread (the publication was read).


@pytest.mark.parametrize(
    ("top", "lang"),
    [
        ("<div>公開日 2026年12月4日</div><div>更新日 2026年12月5日</div>", "ja"),
        ("<div>公開日 2026年12月4日 更新日 2026年12月5日</div>", "ja"),
        ("<p>公開日：2026年12月4日 09:15 更新日：2026年12月5日 16:30</p>", "ja"),
        ("<div>公開日：2026年12月4日</div><p>最終更新日：2026年12月5日</p>", "ja"),
        ("<div>掲載日 2026年12月4日</div><div>更新日時 2026年12月5日 16:30</div>", "ja"),
        ("<div>发布时间：2026-12-04 09:15 更新时间：2026-12-05 16:30</div>", "zh"),
        ("<div>发布时间：2026-12-04 09:15</div><div>更新时间：2026-12-05 16:30</div>", "zh"),
        ("<div>发布时间：2026-12-04 09:15</div><div>更新于 2026-12-05 16:30</div>", "zh"),
        ("<div>發佈時間：2026-12-04 09:15 更新時間：2026-12-05 16:30</div>", "zh-Hant"),
    ],
)
def test_a_japanese_or_chinese_update_label_gives_the_update(top: str, lang: str) -> None:
    assert _days(_extract(top, lang)) == ("2026-12-04", "2026-12-05")


@pytest.mark.parametrize(
    ("top", "lang", "days"),
    [
        # Right before the step, and still: the bare label, a label of a word of its own.
        (
            "<div>公開日 2026年12月4日</div><div>更新 2026年12月5日</div>",
            "ja",
            ("2026-12-04", "2026-12-05"),
        ),
        # "更新日程" (the update's schedule) is no label: a sentence's date is no update.
        (
            "<div>发布时间：2026-12-04 09:15</div><p>系统更新日程将于2026年12月9日公布。</p>",
            "zh",
            ("2026-12-04", None),
        ),
    ],
)
def test_what_is_no_japanese_or_chinese_update_label_stays_as_it_was(
    top: str, lang: str, days: tuple[str | None, str | None]
) -> None:
    assert _days(_extract(top, lang)) == days


# --- 2. an unclassed line printing the update before the publication --------------------
# A date-classed element gave both (round 16); a line with no class gave the update alone.


@pytest.mark.parametrize(
    ("top", "lang", "published", "updated"),
    [
        (
            "<p>Updated Dec. 5, 2026 | Published Dec. 4, 2026</p>",
            "en",
            utc(2026, 12, 4),
            utc(2026, 12, 5),
        ),
        (
            "<div>Updated December 5, 2026 at 7:30 p.m. EST|"
            "Published December 4, 2026 at 5:04 p.m. EST</div>",
            "en",
            utc(2026, 12, 4, 22, 4),
            utc(2026, 12, 6, 0, 30),
        ),
        (
            "<div>Updated: 5 December 2026, 16:30 · First published: 4 December 2026, 09:15</div>",
            "en",
            utc(2026, 12, 4, 9, 15),
            utc(2026, 12, 5, 16, 30),
        ),
        (
            "<p>Aktualisiert am 05.12.2026, 16:30 Uhr | Veröffentlicht am 04.12.2026, 09:15 Uhr</p>",
            "de",
            utc(2026, 12, 4, 9, 15),
            utc(2026, 12, 5, 16, 30),
        ),
        (
            "<p>수정 2026.12.05 16:30 입력 2026.12.04 09:15</p>",
            "ko",
            utc(2026, 12, 4, 9, 15),
            utc(2026, 12, 5, 16, 30),
        ),
        # Right before: the publication printed first.
        (
            "<p>Published Dec. 4, 2026 Updated Dec. 5, 2026</p>",
            "en",
            utc(2026, 12, 4),
            utc(2026, 12, 5),
        ),
    ],
)
def test_an_unclassed_line_printing_both_gives_both(
    top: str, lang: str, published: datetime, updated: datetime
) -> None:
    art = _extract(top, lang)
    assert (art.published_at, art.updated_at) == (published, updated)


@pytest.mark.parametrize(
    "top",
    [
        "<p>Updated 5 December 2026</p>",
        # The publication label names a publisher, no date follows it closely.
        "<p>Updated 5 December 2026 | Published by the Gazette desk on 4 December 2026</p>",
        "<p>Updated 5 December 2026. Posted on Facebook by the mayor</p>",
        # The publication word is prose, or names another moment (review of round 17).
        "<p>Updated: 5 Dec 2026. The claim, published 1 Dec 2026 on X, was false.</p>",
        '<div class="embed"><p>Updated 5 Dec 2026 · Posted on Facebook 1 Dec 2026</p></div>',
        "<p>Updated 5 December 2026. Published in print on 6 December 2026</p>",
        "<p>Updated 5 Dec 2026 | Published 2 stories today</p>",
        "<p>Updated 5 December 2026 · First published in 2019</p>",
    ],
)
def test_an_update_line_without_a_publication_is_dated_by_its_update(top: str) -> None:
    # Before stop 47 the update alone, (None, 5 December): the convention changed.
    art = _extract(top)
    assert (art.published_at, art.updated_at) == (utc(2026, 12, 5), None)
    assert art.provenance["published_at"] == "printed-update"


# --- 3. the update labels of common languages, beside a publication line -------------------
# One realistic header per language: the publication and the update on lines of their own,
# then on one line. Right on the code before the round but for the Norwegian line, whose
# "Publisert" was no publication label: htmldate gave the update's day as the publication
# and the update was dropped (not after the publication).

_LABELS = [
    ("en", "Published 4 December 2026", "Updated 5 December 2026"),
    ("en", "Published: December 4, 2026", "Last updated: December 5, 2026"),
    ("en", "Published on December 4, 2026", "Updated on December 5, 2026"),
    ("de", "Veröffentlicht am 04.12.2026", "Aktualisiert am 05.12.2026"),
    ("de", "Veröffentlicht am 04.12.2026", "Stand: 05.12.2026, 16:30 Uhr"),
    ("fr", "Publié le 4 décembre 2026", "Mis à jour le 5 décembre 2026"),
    ("es", "Publicado el 4 de diciembre de 2026", "Actualizado el 5 de diciembre de 2026"),
    ("pt", "Publicado em 04/12/2026", "Atualizado em 05/12/2026"),
    ("it", "Pubblicato il 4 dicembre 2026", "Aggiornato il 5 dicembre 2026"),
    ("nl", "Gepubliceerd op 4 december 2026", "Bijgewerkt op 5 december 2026"),
    ("pl", "Opublikowano: 4 grudnia 2026", "Zaktualizowano: 5 grudnia 2026"),
    ("ru", "Опубликовано: 4 декабря 2026", "Обновлено: 5 декабря 2026"),
    ("tr", "Yayınlanma: 04.12.2026", "Güncelleme: 05.12.2026"),
    ("ja", "公開日 2026年12月4日", "更新 2026年12月5日"),
    ("ko", "입력 2026.12.04 09:15", "최종수정 2026.12.05 16:30"),
    ("no", "Publisert 04.12.2026", "Oppdatert 05.12.2026"),
    ("sv", "Publicerad 4 december 2026", "Uppdaterad 5 december 2026"),
    ("da", "Publiceret 4. december 2026", "Opdateret 5. december 2026"),
    ("fi", "Julkaistu 4.12.2026", "Päivitetty 5.12.2026"),
]


@pytest.mark.parametrize(("lang", "published", "updated"), _LABELS)
@pytest.mark.parametrize("shape", ["<div>{}</div><div>{}</div>", "<p>{} | {}</p>"])
def test_each_languages_update_label_beside_a_publication_line(
    shape: str, lang: str, published: str, updated: str
) -> None:
    art = _extract(shape.format(published, updated), lang)
    assert _days(art) == ("2026-12-04", "2026-12-05")


# --- 4. a labelled publication line beside a link: another story's, or the article's own ---
# The link beside the line is another story's as a teaser card's heading link is
# (evidence.to_other_story): a byline's, a kicker's or the article's own live entry's link
# of four words had cost the line its date (htmldate gave the day without the clock), and
# a teaser linking to another host of the site was read as the article's.

_LINE = "<div>Published: 4 December 2026 09:15</div>"


@pytest.mark.parametrize(
    "link",
    [
        '<a href="/author/jane-smith">Jane Smith, Political Editor</a>',
        '<a href="/politics">Politics and local government news</a>',
        '<a href="/politics/council-approves-budget/entry-2">Key moments from the vote</a>',
        # Right before: a byline's link of two words.
        '<a href="/author/jane-smith">Jane Smith</a>',
    ],
)
def test_a_labelled_line_beside_the_article_s_own_link_is_its_publication(link: str) -> None:
    assert _extract(f'<div class="meta">{link}{_LINE}</div>').published_at == utc(
        2026, 12, 4, 9, 15
    )


@pytest.mark.parametrize(
    "host", ["https://m.gazette.com", "https://gazette.com", "https://www.gazette.com", ""]
)
def test_a_labelled_line_beside_another_story_of_the_site_is_no_publication(host: str) -> None:
    teaser = (
        f'<div><a href="{host}/politics/storm-hits-coast-overnight">Storm hits coast '
        "overnight</a><div>Published: 3 December 2026 08:00</div></div>"
    )
    assert _days(_extract(f"<div>1 December 2026</div>{teaser}")) == ("2026-12-01", None)


# --- 5. a Japanese or Chinese date line printed without its clock -------------------------
# htmldate takes "2026年12月4日" for its year alone (refused), so such a page has no date.
# Round 17 read such a line of the article's top as the publication; its review found it
# reading event dates, label-value boxes, captions and teasers no test of the line can
# tell from the article's own, and the rule was taken out: no date beats a wrong one.


def _bare_page(bar: str, top: str) -> str:
    """A page with no ``<article>``: a bar above the site header, then the headline."""
    return (
        f'<html lang="ja"><head><title>Council approves budget</title></head><body>'
        f'<div class="topbar">{bar}</div><header><a href="/">Gazette</a></header>'
        f"<div class='content'><h1>Council approves transport budget</h1>{top}{TEXT}</div>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("page", "lang"),
    [
        (news_page("<div>2026年12月4日</div>", lang="ja"), "ja"),
        (news_page("<p>By Jane Smith</p><p>2026年12月04日</p>", lang="ja"), "ja"),
        (news_page("<div>2026年12月4日</div>", lang="zh"), "zh"),
        (_bare_page("2026年12月5日", "<div>2026年12月4日</div>"), "ja"),
        # The review's: an event's date and an update, each in a box of labels and values
        # (the update was given as the publication).
        (news_page("<div><div>開催日</div><div>2026年11月28日</div></div>", lang="ja"), "ja"),
    ],
)
def test_a_cjk_date_line_without_its_clock_is_no_publication(page: str, lang: str) -> None:
    assert extract(page, URL, fetched_at=FETCHED).published_at is None


def test_a_labelled_update_in_a_box_of_labels_and_values_dates_the_page() -> None:
    # The review's update box (round 17): no publication then; since stop 47 a label's
    # value is read in its next sibling, and a page printing only its update is dated by it.
    page = news_page("<dl><dt>更新日</dt><dd><span>2026年12月5日</span></dd></dl>", lang="ja")
    art = extract(page, URL, fetched_at=FETCHED)
    # Midnight of 5 December in Japan's offset (+09:00).
    assert (art.published_at, art.published_offset, art.updated_at) == (
        utc(2026, 12, 4, 15),
        540,
        None,
    )


# --- 6. Japanese and Chinese lines beside other stories (review of round 17) -------------
# "更新日時" over a ranking, a list of new stories, a sidebar: such a label dates the
# article only in its top (where short Chinese or Japanese paragraphs are its text's
# start too), beside no other story; and a link beside a labelled line is a headline by
# its characters where its script has no spaces ("市長選、新人3人が立候補へ" is one word).

_JA_URL = "https://www.example.jp/news/article/12345"
_JA_TEXT = (
    "<p>市議会は火曜日、新しい路面電車の費用と古い橋の修繕をめぐる数か月にわたる協議の末に、"
    "来年度の交通予算案を賛成多数で可決した。市長は記者会見で、市民の生活に直結する事業を"
    "着実に進めると述べ、財源の確保に全力を挙げる考えを示した。</p>"
) * 4
_ZH_TEXT = (
    "<p>市议会周二以多数票通过了明年的交通预算案，此前围绕新有轨电车线路的费用和旧桥维修问题"
    "进行了数月的磋商。市长在记者会上表示，将稳步推进与市民生活直接相关的项目。</p>"
) * 4
# Paragraphs shorter than an English one of the same sense (under 100 characters).
_ZH_SHORT = (
    "<p>市议会周二以多数票通过了明年的交通预算案，此前各方围绕新有轨电车线路的费用进行了数月磋商。</p>"
    "<p>市长在记者会上表示，将稳步推进与市民生活直接相关的项目，并全力确保资金来源。</p>"
    "<p>根据预算案，明年将投入约十二亿元用于交通基础设施建设，其中旧桥维修占三成。</p>"
)
_JA_PUBLISHED = "<div>公開日 2026年12月4日</div>"
_ZH_PUBLISHED = "<div>发布时间：2026-12-04 09:15</div>"
_NEW_STORY = '<a href="/news/article/2">市長選に新人が出馬表明</a>'


def _cjk_page(top: str, after: str = "", lang: str = "ja", text: str = "") -> str:
    """A Japanese or Chinese news page: the article's headline, ``top``, its text (``text``,
    else long paragraphs in ``lang``), then ``after`` in the article."""
    text = text or (_ZH_TEXT if lang == "zh" else _JA_TEXT)
    return (
        f'<html lang="{lang}"><head><title>市議会、交通予算案を可決</title></head><body>'
        '<header class="site-header"><nav><a href="/">ホーム</a><a href="/news">ニュース</a>'
        f"</nav></header><main><article><h1>市議会、交通予算案を可決</h1>{top}{text}{after}"
        "</article></main><footer><p>© 2026 Example Media</p></footer></body></html>"
    )


def _cjk_div_page(top: str, side: str) -> str:
    """A Japanese page of divs (no ``<article>``): the headline, ``top``, the text, then a
    sidebar ``side``."""
    return (
        '<html lang="ja"><head><title>市議会、交通予算案を可決</title></head><body>'
        '<div id="wrap"><div class="header"><a href="/">ホーム</a></div><div class="main">'
        f"<h1>市議会、交通予算案を可決</h1>{top}{_JA_TEXT}</div>"
        f'<div class="side">{side}</div></div><div class="footer">© 2026</div></body></html>'
    )


def _cjk_days(page: str) -> tuple[str | None, str | None]:
    return _days(extract(page, _JA_URL, fetched_at=FETCHED))


@pytest.mark.parametrize(
    ("page", "days"),
    [
        # A ranking after the text, in Japanese and in Chinese.
        (
            _cjk_page(
                _JA_PUBLISHED,
                '<div class="ranking"><h3>アクセスランキング</h3><p>更新日時：2026年12月5日 17:00'
                '</p><ol><li><a href="/news/article/2">市長選に新人</a></li></ol></div>',
            ),
            ("2026-12-04", None),
        ),
        (
            _cjk_page(
                _ZH_PUBLISHED,
                '<div class="rank"><h3>热榜</h3><p>更新时间：2026-12-05 17:00</p><ol><li>'
                '<a href="/news/article/2">市长选举</a></li></ol></div>',
                "zh",
            ),
            ("2026-12-04", None),
        ),
        # The same after paragraphs too short to be the text's start by their length.
        (
            _cjk_page(
                _ZH_PUBLISHED,
                '<div class="rank"><h3>热榜</h3><p>更新时间：2026-12-05 17:00</p></div>',
                "zh",
                _ZH_SHORT,
            ),
            ("2026-12-04", None),
        ),
        # New stories after the text, a story's link and its date, or a list of them.
        (
            _cjk_page(_JA_PUBLISHED, f"<div>{_NEW_STORY}</div><div>更新日 2026年12月5日</div>"),
            ("2026-12-04", None),
        ),
        (
            _cjk_page(
                _JA_PUBLISHED,
                f"<div><h3>新着記事</h3><ul><li>更新日 2026年12月5日 {_NEW_STORY}</li></ul></div>",
            ),
            ("2026-12-04", None),
        ),
        # In the article's top, beside a new story's link.
        (
            _cjk_page(
                f'<div class="meta">{_JA_PUBLISHED}</div>'
                f"<div><div>{_NEW_STORY}</div><div>更新日 2026年12月5日</div></div>"
            ),
            ("2026-12-04", None),
        ),
        # A page of divs: the sidebar's date, a list of new stories with no publication.
        (
            _cjk_div_page(_JA_PUBLISHED, "<div>最終更新日：2026年12月5日</div>"),
            ("2026-12-04", None),
        ),
        (
            _cjk_div_page(
                "",
                f"<h3>新着記事</h3><ul><li>{_NEW_STORY}<span>更新日 2026年12月5日</span></li></ul>",
            ),
            (None, None),
        ),
        # Right before, and still: the update in the article's top, short paragraphs or
        # long; an update label before a <time>.
        (
            _cjk_page(f"{_ZH_PUBLISHED}<div>更新时间：2026-12-05 16:30</div>", "", "zh", _ZH_SHORT),
            ("2026-12-04", "2026-12-05"),
        ),
        (
            _cjk_page(f"{_JA_PUBLISHED}<p>最終更新日：2026年12月5日</p>"),
            ("2026-12-04", "2026-12-05"),
        ),
        (
            _cjk_page(
                f"{_JA_PUBLISHED}<span>更新日</span><time datetime='2026-12-05'>2026年12月5日</time>"
            ),
            ("2026-12-04", "2026-12-05"),
        ),
    ],
)
def test_a_japanese_or_chinese_update_label_dates_the_article_in_its_top_alone(
    page: str, days: tuple[str | None, str | None]
) -> None:
    assert _cjk_days(page) == days


@pytest.mark.parametrize(
    ("top", "published"),
    [
        # A teaser's link of one "word" beside its labelled date: no publication.
        (
            '<div><a href="/news/article/999">市長選、新人3人が立候補へ</a>'
            "<div>公開日 2026年12月1日 14:30</div></div>",
            None,
        ),
        (
            '<div><h3><a href="/news/article/999">市長選、新人3人が立候補へ</a></h3>'
            "<div>公開日 2026年12月1日 14:30</div></div>",
            None,
        ),
        # Right before, and still: a byline's link beside the article's own line.
        (
            '<div><a href="/author/tanaka">田中太郎</a><div>公開日 2026年12月4日 09:15</div></div>',
            utc(2026, 12, 4, 0, 15),
        ),
    ],
)
def test_a_japanese_link_of_a_headline_s_length_is_another_story(
    top: str, published: datetime | None
) -> None:
    assert extract(_cjk_page(top), _JA_URL, fetched_at=FETCHED).published_at == published


# --- 7. a publication word that is prose (review of round 17) ----------------------------
# After an update's label, and after a Nordic word that is a participle too ("Julkaistu
# 30.11.2026 selvitys osoitti …": a report published then), only a date alone is the
# publication's stamp. Finnish and Danish pages.


@pytest.mark.parametrize(
    ("top", "lang", "days"),
    [
        (
            "<span>Toimittaja Matti Meikäläinen 4.12.2026</span>"
            "<div>Julkaistu 30.11.2026 selvitys osoitti, että velka kasvaa.</div>",
            "fi",
            ("2026-12-04", None),
        ),
        (
            "<div>04.12.2026</div><p>Publiceret 1. december 2026 rapport viser stigende gæld.</p>",
            "da",
            ("2026-12-04", None),
        ),
        # Right before, and still: a byline "Publisert av …" with no date.
        ("<p>Publisert av Ola Nordmann</p><p>04.12.2026 kl. 09:15</p>", "no", ("2026-12-04", None)),
    ],
)
def test_a_nordic_publication_word_opening_a_sentence_is_no_stamp(
    top: str, lang: str, days: tuple[str | None, str | None]
) -> None:
    assert _days(_extract(top, lang)) == days


def test_a_finnish_stamp_keeps_its_clock() -> None:
    """Right before, and still: "klo 9.15" is the stamp's clock, not prose after its date."""
    top = "<div>Julkaistu 4.12.2026 klo 9.15</div><div>Päivitetty 5.12.2026 klo 16.30</div>"
    art = _extract(top, "fi")
    assert (art.published_at, art.updated_at) == (utc(2026, 12, 4, 9, 15), utc(2026, 12, 5, 16, 30))


# --- 8. whose page a link beside a labelled line is (review of round 17) -----------------
# An author's page is the name's one segment after the author's ("/people/jane-smith"),
# with a name's words; and a site under a country's second level is three labels
# ("gazette.co.uk"), not every ".co.uk" host.

_UK_URL = "https://www.gazette.co.uk/politics/council-approves-budget"


@pytest.mark.parametrize(
    "href",
    [
        "/sport/football/team/arsenal/spurs-sign-new-striker-today",
        "/people/celebrity-couple-announce-split",
        # Right before, and still: another host of the site, under a country's second level.
        "https://m.gazette.co.uk/politics/storm-hits-coast-overnight",
    ],
)
def test_a_story_under_an_author_like_segment_is_another_story(href: str) -> None:
    teaser = (
        f'<div><a href="{href}">Celebrity couple announce split after decade</a>'
        "<div>Published: 3 December 2026 08:00</div></div>"
    )
    page = news_page(f"<div>1 December 2026</div>{teaser}")
    art = extract(page, _UK_URL, fetched_at=FETCHED)
    assert _days(art) == ("2026-12-01", None)


@pytest.mark.parametrize(
    "link",
    [
        '<a href="https://www.othernews.co.uk/sport/arsenal-report">Read the original match '
        "report here</a>",
        # Right before, and still: an author's page under "/people/".
        '<a href="/people/jane-smith">Jane Smith, Political Editor</a>',
    ],
)
def test_a_labelled_line_beside_no_other_story_of_the_site_is_the_publication(link: str) -> None:
    page = news_page(f"<div>{link}{_LINE}</div>")
    art = extract(page, _UK_URL, fetched_at=FETCHED)
    assert art.published_at == utc(2026, 12, 4, 9, 15)


# --- A byline's update on its own line (QA pass, item 5) ----------------------------------
# "By Jane Doe<br>Updated …": read as one text, the label was glued to the name and the
# update passed for the publication (htmldate read its day as published_at, at midnight).


@pytest.mark.parametrize(
    ("top", "published", "updated"),
    [
        # The update alone: the page's publication, with its clock (stop 47).
        (
            '<div class="byline">By Jane Doe<br>Updated 5:30 PM EST, Wed March 4, 2026</div>',
            utc(2026, 3, 4, 22, 30),
            None,
        ),
        (
            '<div class="byline">By Jane Doe<br>Published 2:10 PM EST, Wed March 4, 2026'
            "<br>Updated 5:30 PM EST, Wed March 4, 2026</div>",
            utc(2026, 3, 4, 19, 10),
            utc(2026, 3, 4, 22, 30),
        ),
        # The same in paragraphs of their own was read right, and still is.
        (
            '<div class="byline"><p>By Jane Doe</p><p>Updated 5:30 PM EST, Wed March 4, 2026'
            "</p></div>",
            utc(2026, 3, 4, 22, 30),
            None,
        ),
    ],
)
def test_a_bylines_update_after_a_line_break_is_the_update(
    top: str, published: datetime, updated: datetime | None
) -> None:
    art = _extract(top)
    assert (art.published_at, art.updated_at, art.authors) == (published, updated, ["Jane Doe"])


# --- A reading-time note after the date line's clock (QA pass, item 9) --------------------
# "… | 04.03.2026, 17:30 Uhr | Lesezeit: 3 Minuten": the note made the line too long for a
# date line, and the clock was lost (htmldate's day at midnight); English "| 3 min read" was
# short enough. Cut in every language the reading-time vocabulary knows.


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("Von Anna Müller | 04.03.2026, 17:30 Uhr | Lesezeit: 3 Minuten", "de"),
        ("Von Anna Müller | 04.03.2026, 17:30 Uhr | Lesedauer: 12 Minuten", "de"),
        ("Par Anne Martin | 04.03.2026 à 17:30 | Temps de lecture : 3 min", "fr"),
        ("Por Ana López Fernández | 04.03.2026, 17:30 | Tiempo de lectura: 3 min", "es"),
        ("Door Anna de Vries-Jansen | 04.03.2026, 17:30 | Leestijd: 3 minuten", "nl"),
        ("By Anna Miller | 04.03.2026, 17:30 | 3 min read", "en"),
    ],
)
def test_a_reading_time_note_after_the_clock_keeps_the_clock(line: str, lang: str) -> None:
    art = _extract(f'<p class="meta">{line}</p>', lang)
    assert art.published_at == utc(2026, 3, 4, 17, 30)
