"""Articles in languages and scripts other than English, from the hand-made pages of QA
pass C (round 42): agency credits in datelines, bylines and closing lines in any script,
Arabic bylines, related-reading labels as sites spell them, relative and Levantine dates,
and the language a text's script shows over a template's lang="en"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aggregator.parser import extract, vocab
from aggregator.parser.byline import dateline_credit, split_byline
from aggregator.parser.dates import parse_date

FETCHED = datetime(2026, 12, 3, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("paragraph", "credits"),
    [
        ("MADRID, 3 dic (EFE).- El Consejo de Ministros", ["EFE"]),
        ("İSTANBUL (AA) - Türkiye Cumhuriyet Merkez Bankası", ["AA"]),
        ("ÁVILA (EFE) - La Junta", ["EFE"]),
        ("WARSZAWA (PAP) - Sejm uchwalił", ["PAP"]),
        ("ANKARA (Anadolu Ajansı) – Türkiye", ["Anadolu Ajansı"]),
        ("МОСКВА, 3 декабря. /ТАСС/. Государственная дума", ["ТАСС"]),
        ("МОСКВА, 3 дек — РИА Новости. Государственная дума", ["РИА Новости"]),
        ("القاهرة (رويترز) - أقر مجلس الوزراء", ["رويترز"]),
        ("القاهرة - (أ ف ب) - أقر مجلس الوزراء", ["أ ف ب"]),
        # A place in lower case opens a sentence, no dateline; without brackets only a
        # place in capitals reads as one.
        ("the minister (Reuters) - said", []),
        ("Berlin - Reuters. Die Regierung", []),
    ],
)
def test_a_dateline_credits_its_agency_in_any_script(paragraph: str, credits: list[str]) -> None:
    assert dateline_credit(paragraph) == credits


@pytest.mark.parametrize(
    ("raw", "authors", "credits"),
    [
        # An agency in brackets after the writer is a credit, never dropped.
        ("Jan Kowalski (PAP)", ["Jan Kowalski"], ["PAP"]),
        ("Иван Петров (РИА Новости)", ["Иван Петров"], ["РИА Новости"]),
        ("Иван Петров, РИА Новости", ["Иван Петров"], ["РИА Новости"]),
        ("Mehmet Yılmaz, Anadolu Ajansı", ["Mehmet Yılmaz"], ["Anadolu Ajansı"]),
        # Arabic: its comma, its "and" (a word, or glued to the second name), "بقلم" (by)
        # and "Name - Agency".
        ("أحمد حسن، رويترز", ["أحمد حسن"], ["رويترز"]),
        ("بقلم أحمد حسن، أ ف ب", ["أحمد حسن"], ["أ ف ب"]),
        ("أحمد حسن - رويترز", ["أحمد حسن"], ["رويترز"]),
        ("أحمد حسن ومحمد علي", ["أحمد حسن", "محمد علي"], []),
        ("أحمد حسن و محمد علي", ["أحمد حسن", "محمد علي"], []),
        # "و" opening a given name ("وليد") joins nothing: one person.
        ("أحمد حسن وليد", ["أحمد حسن وليد"], []),
    ],
)
def test_bylines_in_other_scripts(raw: str, authors: list[str], credits: list[str]) -> None:
    assert split_byline(raw) == (authors, credits)


def _page(lang: str, body: str, byline: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f"<!DOCTYPE html><html{lang_attr}><head><meta charset='utf-8'><title>T</title></head>"
        "<body><main><article class='post hentry'><h1 class='entry-title'>Госдума приняла "
        f"бюджет на 2027 год</h1><span class='byline'>{byline}</span>"
        f"<div class='entry-content'>{body}</div></article></main></body></html>"
    )


_RU = (
    "<p>Государственная дума в четверг приняла во втором чтении проект федерального бюджета "
    "на 2027 год и плановый период. За документ проголосовали 324 депутата, против выступили "
    "58.</p><p>Доходы бюджета в следующем году запланированы на уровне 40 триллионов рублей, "
    "расходы составят около 42 триллионов. Дефицит оценивается в 1,7 процента.</p><p>Министр "
    "финансов заявил, что основные приоритеты бюджета остаются неизменными: социальные "
    "обязательства, поддержка регионов и развитие транспортной инфраструктуры.</p>"
)
_AR = (
    "<p>أقر مجلس الوزراء يوم الخميس مشروع موازنة العام المقبل بعجز أقل من المتوقع، وفق ما "
    "أعلنه وزير المالية في مؤتمر صحفي بالعاصمة.</p><p>وتتضمن الموازنة زيادة في الإنفاق على "
    "التعليم والصحة بنسبة عشرة في المئة، مع خفض الدعم المقدم للوقود بشكل تدريجي خلال "
    "السنوات الثلاث المقبلة.</p><p>وقال الوزير إن الحكومة تسعى إلى خفض نسبة الدين العام إلى "
    "الناتج المحلي الإجمالي، مشيرا إلى أن الاقتصاد سجل نموا ملحوظا هذا العام.</p>"
)
_ES = (
    "<p>El Consejo de Ministros ha aprobado este jueves un plan de vivienda dotado con 20.000 "
    "millones de euros para los próximos cinco años, según ha anunciado la ministra.</p><p>El "
    "plan contempla la construcción de 180.000 viviendas de alquiler asequible y ayudas "
    "directas para jóvenes menores de 35 años.</p>"
)


@pytest.mark.parametrize(
    ("closing", "credits"),
    [("EFE", ["EFE"]), ("(EFE)", ["EFE"]), ("ANSA", ["ANSA"]), ("PAP", ["PAP"]),
     ("Reuters", ["Reuters"]), ("(AFP/dpa)", ["AFP", "dpa"])],
)  # fmt: skip
def test_a_closing_agency_line_is_a_credit_not_text(closing: str, credits: list[str]) -> None:
    article = extract(
        _page("es", f"{_ES}<p>{closing}</p>", "Por María López"),
        "https://example.es/2026/12/03/plan-de-vivienda",
    )
    assert article.authors == ["María López"]
    assert article.credits == credits
    assert article.body[-1].startswith("El plan contempla")


def test_a_closing_line_that_says_more_than_an_agency_stays_text() -> None:
    article = extract(
        _page("es", f"{_ES}<p>EFE y Reuters contribuyeron a esta información.</p>"),
        "https://example.es/2026/12/03/plan-de-vivienda",
    )
    assert article.body[-1] == "EFE y Reuters contribuyeron a esta información."


@pytest.mark.parametrize(
    ("lang", "body", "language"),
    [
        ("en", _RU, "ru"),  # a template's default lang="en" over a Russian text
        ("", _RU, "ru"),
        ("en", _AR, "ar"),
        ("", _AR, "ar"),
        ("uk", _RU, "uk"),  # a Cyrillic language's declaration stands
        ("fa", _AR, "fa"),
    ],
)
def test_the_script_of_the_text_tells_its_language(lang: str, body: str, language: str) -> None:
    article = extract(_page(lang, body), "https://example.test/2026/12/03/budget")
    assert article.language == language


def test_a_script_shared_by_several_languages_gives_none_where_its_letters_do_not_tell() -> None:
    # Cyrillic without "ы"/"э" and with no Ukrainian letter: Russian, Bulgarian, Serbian …
    body = "<p>" + "Правителството прие проекта на бюджета за следващата година. " * 8 + "</p>"
    article = extract(_page("en", body), "https://example.test/2026/12/03/budget")
    assert article.language is None


@pytest.mark.parametrize(
    "label",
    ["اقرأ أيضًا", "إقرأ أيضا", "اقرأ ايضا", "اقرأ أيضاً", "İlgili Haberler", "İLGİLİ HABERLER",
     "أخبار ذات صلة", "Czytaj też", "Leia também", "À lire aussi", "Leggi anche"],
)  # fmt: skip
def test_related_labels_as_sites_spell_them(label: str) -> None:
    assert vocab.RELATED_HEADING.match(label)
    html = (
        "<html><head><title>Budget</title></head><body><article><h1>Council passes the "
        f"budget</h1>{_AR}<div class='box'><p><strong>{label}</strong></p><ul><li><a "
        "href='/news/1-some-other-story-slug'>وزير المالية يعلن خطة جديدة لخفض الدين العام</a>"
        f"</li></ul></div>{_AR}</article></body></html>"
    )
    article = extract(html, "https://news.example.org/2026/12/03/budget")
    assert [link.url for link in article.related] == [
        "https://news.example.org/news/1-some-other-story-slug"
    ]
    assert not any(label in p for p in article.body)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Aujourd’hui à 14h05", datetime(2026, 12, 3, 14, 5, tzinfo=UTC)),
        ("Aujourd'hui à 14h05", datetime(2026, 12, 3, 14, 5, tzinfo=UTC)),
        ("اليوم 14:05", datetime(2026, 12, 3, 14, 5, tzinfo=UTC)),
        ("há uma hora", FETCHED - timedelta(hours=1)),
        ("un'ora fa", FETCHED - timedelta(hours=1)),
        ("un’ora fa", FETCHED - timedelta(hours=1)),
        ("минуту назад", FETCHED - timedelta(minutes=1)),
        ("godzinę temu", FETCHED - timedelta(hours=1)),
        ("2 horas atrás", FETCHED - timedelta(hours=2)),
        ("منذ 3 ساعات", FETCHED - timedelta(hours=3)),
        ("٣ كانون الأول ٢٠٢٦", datetime(2026, 12, 3, tzinfo=UTC)),
        ("1 تشرين الثاني 2026", datetime(2026, 11, 1, tzinfo=UTC)),
        ("1er décembre 2026 à 9h", datetime(2026, 12, 1, 9, tzinfo=UTC)),
    ],
)
def test_dates_in_other_languages(raw: str, expected: datetime) -> None:
    assert parse_date(raw, fetched_at=FETCHED) == expected


@pytest.mark.parametrize("raw", ["several hours ago", "Roman times ago", "часа назад"])
def test_a_unit_without_a_number_counts_only_where_its_singular_says_one(raw: str) -> None:
    assert parse_date(raw, fetched_at=FETCHED) is None
