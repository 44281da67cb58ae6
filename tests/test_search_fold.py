"""Readers find words whose letters unicode61 misreads (migration m016, aggregator/fold.py).

FTS5's default tokenizer reads a combining mark as a space (Arabic harakat, Devanagari
and Bengali vowel signs), and does not fold ё/е, ı/i, ł/l or the Arabic hamza forms,
which readers type either way. Every test goes through a public interface on a real
SQLite file: ``aggregator ingest``, ``search``, ``migrate`` by CliRunner, the web view.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import unicodedata
from pathlib import Path

import pytest
from cli_store import ingest, invoke
from hypothesis import given, settings
from hypothesis import strategies as st
from webview import web_get

from aggregator.fold import MARK_CLASS, fold
from aggregator.search_query import parse_query


def record(site: str, headline: str, body: str) -> dict[str, object]:
    return {
        "url": f"https://{site}.example/news/1",
        "site": site,
        "headline": headline,
        "body": [body],
    }


ARABIC = record("ar", "تصريحات جديدة", "قال محمّد بن سلمان إن المملكة ستستضيف القمة المقبلة.")
ARABIC_HAMZA = record(
    "ar2",
    "زيارة إلى الإسكندرية",
    "وصل أحمد إلى المدينة في رحلة قصيرة، وقالت الوزارة إن الزيارة ناجحة.",
)
DELHI = record("hi1", "दिल्ली में बारिश", "दिल्ली में भारी बारिश के बाद कई सड़कों पर पानी भर गया।")
MUMBAI = record(
    "hi0",
    "मुंबई में क्रिकेट मैच",
    "मुंबई के वानखेड़े स्टेडियम में खेले गए मैच में भारत ने ऑस्ट्रेलिया को हराया।",
)
BENGALI = record("bn", "কলকাতায় বৃষ্টি", "কলকাতায় ভারী বৃষ্টিতে রাস্তায় জল জমেছে।")
RUSSIAN = record("ru", "Матч перенесён", "Матч перенесён на следующую неделю из-за погоды.")
RUSSIAN_E = record("ru2", "Концерт перенесен", "Концерт перенесен на весну.")
TURKISH = record("tr", "KADIKÖY'DE YANGIN", "Kadıköy ilçesindeki bir binada yangın çıktı.")
TURKISH_CAPS = record("tr2", "IĞDIR'DA KAR", "IĞDIR KENTİNDE KAR YAĞIŞI ETKİLİ OLDU.")
POLISH = record("pl", "Łódź gospodarzem", "W Łodzi odbędzie się festiwal filmowy.")
POLISH_ASCII = record("pl2", "Lodz in the news", "The city of Lodz hosts a film festival.")
ENGLISH = record(
    "en", "Trade talks resume", "Negotiators met again to discuss trade in the capital."
)

ALL = (
    ARABIC,
    ARABIC_HAMZA,
    DELHI,
    MUMBAI,
    BENGALI,
    RUSSIAN,
    RUSSIAN_E,
    TURKISH,
    TURKISH_CAPS,
    POLISH,
    POLISH_ASCII,
    ENGLISH,
)


def headline(r: dict[str, object]) -> str:
    return str(r["headline"])


def hits(tmp_path: Path, query: str, *options: str) -> list[dict[str, object]]:
    return list(json.loads(invoke(tmp_path, "search", "--json", *options, query)))


def found(tmp_path: Path, query: str, *options: str) -> set[str]:
    """The headlines of the stories ``aggregator search --json QUERY`` finds."""
    return {str(hit["headline"]) for hit in hits(tmp_path, query, *options)}


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fold")
    ingest(path, *ALL)
    return path


# --- C1: a combining mark is part of its word ------------------------------------------


def test_an_arabic_word_is_found_with_or_without_its_shadda(news: Path) -> None:
    assert found(news, "محمد") == {headline(ARABIC)}
    assert found(news, "محمّد") == {headline(ARABIC)}
    assert found(news, "مُحَمَّد") == {headline(ARABIC)}  # fully vowelled
    assert found(news, "محمود") == set()


def test_an_arabic_word_typed_with_marks_is_one_word_with_no_notice(news: Path) -> None:
    text = invoke(news, "search", "محمّد")
    assert "ignored" not in text and "searched for" not in text
    assert parse_query("محمّد").words == ("محمّد",)


def test_a_hindi_word_with_vowel_signs_is_one_word(news: Path) -> None:
    assert found(news, "दिल्ली") == {headline(DELHI)}  # not द ल ल, which found Mumbai
    assert found(news, "मुंबई") == {headline(MUMBAI)}
    assert found(news, "बारिश") == {headline(DELHI)}
    assert found(news, "दिल") == set()  # a whole word, not its first syllable
    assert "searched for" not in invoke(news, "search", "दिल्ली")


def test_a_bengali_word_with_vowel_signs_is_one_word(news: Path) -> None:
    assert found(news, "কলকাতায়") == {headline(BENGALI)}
    assert found(news, "বৃষ্টি") == {headline(BENGALI)}
    assert found(news, "কলকাতা") == set()  # a whole word: not the pieces ক ল ক ত


def test_phrases_prefixes_or_and_exclusions_with_marked_words(news: Path) -> None:
    assert found(news, '"दिल्ली में"') == {headline(DELHI)}
    assert found(news, '"में दिल्ली"') == set()
    assert found(news, "दिल्ली*") == {headline(DELHI)}
    assert found(news, "मुंब*") == {headline(MUMBAI)}
    assert found(news, "में") == {headline(DELHI), headline(MUMBAI)}
    assert found(news, "में -दिल्ली") == {headline(MUMBAI)}
    assert found(news, "दिल्ली OR trade") == {headline(DELHI), headline(ENGLISH)}
    assert found(news, '"محمد بن سلمان"') == {headline(ARABIC)}
    assert found(news, "محم*") == {headline(ARABIC)}
    assert found(news, "سلمان -محمد") == set()


def test_the_source_and_date_filters_apply_to_folded_hits(news: Path) -> None:
    assert found(news, "में", "--source", "hi1") == {headline(DELHI)}
    assert found(news, "Lodz", "--source", "pl") == {headline(POLISH)}
    assert found(news, "محمد", "--source", "en") == set()
    assert found(news, "Kadikoy", "--since", "1d") == {headline(TURKISH)}
    assert found(news, "Kadikoy", "--until", "2000-01-01") == set()


# --- C2: letters readers type either way ----------------------------------------------


def test_russian_yo_and_ye_find_each_other(news: Path) -> None:
    both = {headline(RUSSIAN), headline(RUSSIAN_E)}
    assert found(news, "перенесен") == both
    assert found(news, "перенесён") == both
    assert found(news, "Перенесён -концерт") == {headline(RUSSIAN)}


def test_turkish_dotless_i_and_dotted_capital(news: Path) -> None:
    assert found(news, "Kadikoy") == {headline(TURKISH)}
    assert found(news, "KADIKÖY") == {headline(TURKISH)}
    assert found(news, "Kadıköy") == {headline(TURKISH)}
    assert found(news, "Iğdır") == {headline(TURKISH_CAPS)}  # the text is IĞDIR
    assert found(news, "ığdır") == {headline(TURKISH_CAPS)}


def test_polish_l_with_stroke(news: Path) -> None:
    assert found(news, "Lodz") == {headline(POLISH), headline(POLISH_ASCII)}
    assert found(news, "Łódź") == {headline(POLISH), headline(POLISH_ASCII)}
    assert found(news, "Lodzi") == {headline(POLISH)}
    assert found(news, "łodzi") == {headline(POLISH)}


def test_arabic_hamza_forms_and_teh_marbuta(news: Path) -> None:
    assert found(news, "احمد") == {headline(ARABIC_HAMZA)}
    assert found(news, "أحمد") == {headline(ARABIC_HAMZA)}
    assert found(news, "الاسكندرية") == {headline(ARABIC_HAMZA)}
    assert found(news, "الاسكندريه") == {headline(ARABIC_HAMZA)}  # ة typed as ه
    assert found(news, "الى") == {headline(ARABIC_HAMZA)}  # إلى
    assert found(news, "احـــمد") == {headline(ARABIC_HAMZA)}  # tatweel


def test_the_snippet_shows_the_text_as_stored(news: Path) -> None:
    (hit,) = hits(news, "محمد")
    assert "محمّد" in str(hit["snippet"])
    (hit,) = hits(news, "Lodzi")
    assert "Łodzi" in str(hit["snippet"]) and "Lodzi" not in str(hit["snippet"])
    (hit,) = hits(news, "दिल्ली -मुंबई")
    assert "[दिल्ली]" in str(hit["snippet"])


def test_latin_and_ascii_articles_take_no_row(news: Path) -> None:
    with sqlite3.connect(news / "news.db") as conn:
        indexed = {
            row[0]
            for row in conn.execute(
                "SELECT headline FROM articles WHERE id IN (SELECT rowid FROM articles_fold_fts)"
            )
        }
    # Neither a mark nor a letter to fold: unicode61 reads them right (IĞDIR, İ included)
    plain = (RUSSIAN_E, TURKISH_CAPS, POLISH_ASCII, ENGLISH)
    assert indexed == {headline(r) for r in ALL if r not in plain}


# --- the web view ---------------------------------------------------------------------


def test_the_web_views_search_finds_folded_words(news: Path) -> None:
    page = web_get(news, "/search?q=दिल्ली")
    assert page.status_code == 200
    assert headline(DELHI) in page.text and headline(MUMBAI) not in page.text
    page = web_get(news, "/search?q=Kadikoy")
    assert "KADIKÖY&#39;DE YANGIN" in page.text
    assert "<mark>Kadıköy</mark>" in page.text


def test_the_table_views_search_never_finds_a_word_by_its_pieces(news: Path) -> None:
    """``?_search=`` reads articles_fts alone (Datasette's own query): a word with a
    combining mark matches no row there, where it found the Mumbai article as द ल ल."""
    page = web_get(news, "/news/articles.json?_search=दिल्ली&_shape=array")
    assert page.status_code == 200
    assert [row["headline"] for row in page.json()] == []
    page = web_get(news, "/news/articles.json?_search=Łódź&_shape=array")
    assert {row["headline"] for row in page.json()} == {headline(POLISH), headline(POLISH_ASCII)}


# --- migration m016 -------------------------------------------------------------------


def _as_before_m016(db: Path) -> None:
    """The database as m015 left it: what a reader opens before any writer migrated it."""
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER articles_fold_fts_delete")
        conn.execute("DROP TRIGGER articles_fold_fts_update")
        conn.execute("DROP TABLE articles_fold_fts")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm016_folded_search'")
        conn.execute("PRAGMA user_version = 15")


def test_a_database_from_before_the_migration_is_backfilled(tmp_path: Path) -> None:
    ingest(tmp_path, ARABIC, DELHI, MUMBAI, RUSSIAN, ENGLISH)
    _as_before_m016(tmp_path / "news.db")
    # read as it is (the web view never migrates): the word index alone, no error
    assert found(tmp_path, "Trade") == {headline(ENGLISH)}
    assert web_get(tmp_path, "/search?q=दिल्ली").status_code == 200
    assert "applied m016_folded_search" in invoke(tmp_path, "migrate")
    assert found(tmp_path, "दिल्ली") == {headline(DELHI)}
    assert found(tmp_path, "محمد") == {headline(ARABIC)}
    assert found(tmp_path, "перенесен") == {headline(RUSSIAN)}
    with sqlite3.connect(tmp_path / "news.db") as conn:
        assert conn.execute("SELECT count(*) FROM articles_fold_fts").fetchone() == (4,)


def test_an_edited_or_pruned_article_leaves_the_folded_index(tmp_path: Path) -> None:
    ingest(tmp_path, ARABIC, ENGLISH)
    edited = dict(ARABIC, body=["قال أحمد إن القمة ستعقد في الرياض."])
    ingest(tmp_path, edited)
    assert found(tmp_path, "محمد") == set()
    assert found(tmp_path, "احمد") == {headline(ARABIC)}
    with sqlite3.connect(tmp_path / "news.db") as conn:
        assert conn.execute("SELECT count(*) FROM articles_fold_fts").fetchone() == (1,)


# --- the fold and the query reader ----------------------------------------------------


def test_the_mark_class_is_every_combining_mark() -> None:
    """MARK_CLASS is written out (no scan of Unicode at import); it is what unicodedata
    of this Python calls Mn and Mc."""
    marks = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Mn", "Mc")
    }
    listed = re.compile(f"[{MARK_CLASS}]")
    assert {chr(code) for code in range(sys.maxunicode + 1) if listed.match(chr(code))} == marks
    assert unicodedata.unidata_version >= "14.0.0"


def test_fold_leaves_other_marks_and_is_idempotent() -> None:
    assert fold("दिल्ली") == "दिल्ली"
    assert fold("مُحَمَّد") == "محمد"
    assert fold(fold("Łódź ё ı أ")) == fold("Łódź ё ı أ") == "Lódź е i ا"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=24))
def test_any_text_is_an_expression_the_folded_index_runs(text: str) -> None:
    parsed = parse_query(text)
    assert (parsed.folded_match == "") == (parsed.problem is not None)
    index = sqlite3.connect(":memory:")
    index.execute(
        "CREATE VIRTUAL TABLE t USING fts5(headline, body, "
        "tokenize=\"porter unicode61 remove_diacritics 2 categories 'L* N* Co Mn Mc'\")"
    )
    for match in (parsed.folded_match, parsed.folded_excluding):
        if match:
            index.execute("SELECT rowid FROM t WHERE t MATCH ?", [match]).fetchall()
