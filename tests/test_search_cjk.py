"""Readers find Chinese, Japanese and Korean words (migration m014, aggregator/cjk.py).

unicode61 reads a CJK sentence as one token, so ``外交部`` in a sentence and ``서울``
with a particle attached were never found. Every test goes through a public
interface on a real SQLite file: ``aggregator ingest`` and ``search`` by
CliRunner, ``prune``, ``migrate``, the web view's search page, an alert firing.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from cli_store import ingest, invoke
from hypothesis import given, settings
from hypothesis import strategies as st
from webview import web_get

from aggregator.cjk import bigram_text
from aggregator.config import parse_config
from aggregator.schema import utc_now
from aggregator.search_query import parse_query
from app.alerts.firing import fire
from storage import open_db

CHINESE = {
    "url": "https://zh.example/news/1",
    "site": "zh",
    "headline": "外交部发言人就贸易问题答记者问",
    "body": [
        "中国外交部发言人今天表示，双方将继续就贸易问题进行磋商。",
        "记者会在北京举行。The spokesman also spoke about trade.",
    ],
}
JAPANESE = {
    "url": "https://ja.example/news/1",
    "site": "ja",
    "headline": "東京オリンピックの準備が進む",
    "body": ["東京都は新しい競技場の建設を発表しました。", "工事は来年に終わる予定です。"],
}
KOREAN = {
    "url": "https://ko.example/news/1",
    "site": "ko",
    "headline": "서울에서 열린 회의",
    "body": ["서울시장은 오늘 기자회견을 열었다.", "시민들은 새 정책에 관심을 보였다."],
}
ENGLISH = {
    "url": "https://en.example/news/1",
    "site": "en",
    "headline": "Trade talks resume",
    "body": ["Negotiators met again to discuss trade and tariffs in the capital."],
}


def found(tmp_path: Path, query: str) -> set[str]:
    """The headlines of the stories ``aggregator search --json QUERY`` finds."""
    return {hit["headline"] for hit in json.loads(invoke(tmp_path, "search", "--json", query))}


@pytest.fixture
def news(tmp_path: Path) -> Path:
    ingest(tmp_path, CHINESE, JAPANESE, KOREAN, ENGLISH)
    return tmp_path


ZH, JA, KO, EN = (r["headline"] for r in (CHINESE, JAPANESE, KOREAN, ENGLISH))


def test_a_chinese_word_is_found_inside_a_sentence(news: Path) -> None:
    assert found(news, "外交部") == {ZH}  # three characters, inside 中国外交部发言人
    assert found(news, "北京") == {ZH}  # two, inside 记者会在北京举行
    assert found(news, "磋") == {ZH}  # one, inside 进行磋商
    assert found(news, "商") == {ZH}  # one, the last of its run
    assert found(news, "上海") == set()


def test_japanese_kana_and_kanji_mixed_are_found(news: Path) -> None:
    assert found(news, "競技場") == {JA}
    assert found(news, "オリンピック") == {JA}
    assert found(news, "発表しました") == {JA}
    assert found(news, "発表します") == set()


def test_a_korean_word_is_found_with_its_particle_attached(news: Path) -> None:
    assert found(news, "서울") == {KO}  # written 서울에서 and 서울시장은
    assert found(news, "기자회견") == {KO}
    assert found(news, "부산") == set()


@pytest.mark.parametrize("query", ["서울*", "外*", "東京*"])
def test_a_short_cjk_prefix_is_searched_without_a_note(news: Path, query: str) -> None:
    """QA readers 52, finding 9: `서울*` said "a prefix needs 3 letters before *", but two
    syllables are a whole word, found inside longer runs by the character pairs anyway."""
    from click.testing import CliRunner

    from app.cli import cli

    result = CliRunner().invoke(
        cli,
        ["--config", str(news / "config.yaml"), "--db", str(news / "news.db"), "search", query],
    )
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    assert found(news, query) == found(news, query.rstrip("*")) != set()


def test_cjk_and_latin_terms_mix_with_or_exclusion_and_phrases(news: Path) -> None:
    assert found(news, "外交部 trade") == {ZH}
    assert found(news, "外交部 OR tariffs") == {ZH, EN}
    assert found(news, "trade -外交部") == {EN}
    assert found(news, "-서울 회의 OR trade") == {ZH, EN}
    assert found(news, '"外交部发言人"') == {ZH}
    assert found(news, '"发言人外交部"') == set()
    assert found(news, "外交部 tariffs") == set()


def test_no_hit_for_characters_that_only_meet_across_punctuation(news: Path) -> None:
    assert found(news, "表示") == {ZH} and found(news, "双方") == {ZH}
    assert found(news, "示双") == set()  # 表示，双方: a comma between them
    assert found(news, "表示双方") == set()


def test_the_snippet_marks_the_chinese_word_and_stays_short(news: Path) -> None:
    (hit,) = json.loads(invoke(news, "search", "--json", "北京"))
    assert "[北京]" in hit["snippet"] and len(hit["snippet"]) < 200


def test_an_edited_article_stops_matching_its_old_word(news: Path) -> None:
    edited = {
        **CHINESE,
        "headline": "商务部发言人答记者问",
        "body": ["商务部发言人今天就关税问题表示关切。"],
    }
    ingest(news, edited)
    assert found(news, "外交部") == set()
    assert found(news, "商务部") == {edited["headline"]}


def test_a_pruned_article_no_longer_matches_and_leaves_no_index_row(news: Path) -> None:
    when = (utc_now() - timedelta(days=400)).isoformat()
    with sqlite3.connect(news / "news.db") as conn:
        conn.execute("UPDATE stories SET first_seen_at = ?, last_seen_at = ?", [when, when])
        conn.execute("UPDATE articles SET first_seen_at = ?, fetched_at = ?", [when, when])
    invoke(news, "prune", "--older-than", "30d")
    assert found(news, "外交部") == set()
    with sqlite3.connect(news / "news.db") as conn:
        # a stale row would match the next article given the pruned one's id
        assert conn.execute("SELECT count(*) FROM articles_cjk_fts").fetchone() == (0,)


def test_articles_without_cjk_take_no_row(tmp_path: Path) -> None:
    ingest(tmp_path, ENGLISH, CHINESE)
    with sqlite3.connect(tmp_path / "news.db") as conn:
        assert conn.execute("SELECT count(*) FROM articles_cjk_fts").fetchone() == (1,)


def test_a_database_from_before_the_migration_is_backfilled(tmp_path: Path) -> None:
    ingest(tmp_path, CHINESE, KOREAN, ENGLISH)
    with sqlite3.connect(tmp_path / "news.db") as conn:  # the schema as m013 left it
        conn.execute("DROP TRIGGER articles_cjk_fts_delete")
        conn.execute("DROP TRIGGER articles_cjk_fts_update")
        conn.execute("DROP TABLE articles_cjk_fts")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm014_cjk_search'")
        conn.execute("PRAGMA user_version = 13")
    assert "applied m014_cjk_search" in invoke(tmp_path, "migrate")
    assert found(tmp_path, "外交部") == {ZH}
    assert found(tmp_path, "서울") == {KO}
    with sqlite3.connect(tmp_path / "news.db") as conn:
        assert conn.execute("SELECT count(*) FROM articles_cjk_fts").fetchone() == (2,)


def test_the_web_views_search_finds_a_chinese_word(news: Path) -> None:
    response = web_get(news, "/search?q=外交部")
    assert response.status_code == 200
    assert ZH in response.text and EN not in response.text
    assert "<mark>外交部</mark>" in response.text


def test_an_alert_on_a_chinese_word_fires_for_a_new_chinese_story(tmp_path: Path) -> None:
    config = parse_config("alerts:\n  - {name: ministry, query: 外交部, target: atom}\n")
    ingest(tmp_path, ENGLISH)
    db = open_db(tmp_path / "news.db")
    try:
        assert fire(db, config, utc_now()) == []  # the alert starts reading here
        ingest(tmp_path, CHINESE, KOREAN)
        firings = fire(db, config, utc_now())
        (chinese,) = db.execute("SELECT story_id FROM articles WHERE url = ?", [CHINESE["url"]])
    finally:
        db.close()
    assert [f.story_id for f in firings] == [chinese[0]]


CJK_TEXT = st.text(alphabet="外交部中国서울에서東京オリンピックのaß-' ", max_size=12)
CJK_SYNTAX = st.sampled_from(['"', "*", "-", " OR ", "(", "，", "。", " "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(CJK_TEXT, CJK_SYNTAX), max_size=20).map("".join))
def test_any_cjk_text_is_an_expression_fts5_runs(text: str) -> None:
    parsed = parse_query(text)
    index = sqlite3.connect(":memory:")
    index.execute("CREATE VIRTUAL TABLE t USING fts5(headline, body, tokenize='porter')")
    index.execute("INSERT INTO t VALUES (?, ?)", [bigram_text("外交部"), bigram_text("서울에서 a")])
    for match in (parsed.cjk_match, "{headline} : (" + parsed.cjk_match + ")"):
        if parsed.cjk_match:
            index.execute("SELECT rowid FROM t WHERE t MATCH ?", [match]).fetchall()
    if parsed.cjk_excluding:
        index.execute("SELECT rowid FROM t WHERE t MATCH ?", [parsed.cjk_excluding]).fetchall()
    assert bool(parsed.cjk_match) == any(t.holds_cjk for t in parsed.terms)


def _as_before_m014(db: Path) -> None:
    """The database as m013 left it: what a reader opens before any writer migrated it."""
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER articles_cjk_fts_delete")
        conn.execute("DROP TRIGGER articles_cjk_fts_update")
        conn.execute("DROP TABLE articles_cjk_fts")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm014_cjk_search'")
        conn.execute("PRAGMA user_version = 13")


def test_a_database_not_yet_migrated_is_searched_in_the_word_index_alone(news: Path) -> None:
    """The web view never migrates: its search was a 500, the CLI's a database error."""
    _as_before_m014(news / "news.db")
    # A CJK word is a whole token there: 外交部 inside a sentence is not found, and
    # excludes nothing, until a writer (crawl, ingest, migrate) builds the index.
    assert found(news, "外交部") == set()
    assert found(news, "trade -外交部") == {EN, ZH}
    assert found(news, "Trade talks") == {EN}
    for path in ("/search?q=外交部", "/search?q=trade+-外交部"):
        assert web_get(news, path).status_code == 200, path
    invoke(news, "migrate")
    assert found(news, "trade -外交部") == {EN}


def test_a_latin_word_or_number_against_cjk_characters_is_found(tmp_path: Path) -> None:
    summit = {
        "url": "https://ja.example/news/2",
        "site": "ja",
        "headline": "G7サミットが開幕",
        "body": ["NATO加盟国の首脳が2024年に集まり、iPhone15発売も話題になった。"],
    }
    ingest(tmp_path, summit, ENGLISH)
    for word in ("G7", "NATO", "2024", "iPhone15"):
        assert found(tmp_path, word) == {summit["headline"]}, word
    assert found(tmp_path, "trade -NATO") == {EN}
    assert found(tmp_path, "NATO OR tariffs") == {summit["headline"], EN}


SUMMIT = {
    "url": "https://ja.example/news/3",
    "site": "ja",
    "headline": "首脳会議が開幕",
    "body": ["NATO加盟国の首脳が集まり、防衛費について話し合った。"],
}


def snippet(tmp_path: Path, query: str) -> str:
    (hit,) = json.loads(invoke(tmp_path, "search", "--json", query))
    return str(hit["snippet"])


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("北京 trade", ["[北京]", "[trade]"]),  # trade matched by the tokenizer, 北京 inside a run
        ("trade 北京", ["[北京]", "[trade]"]),
        ("오늘 서울", ["[오늘]", "[서울]"]),  # 오늘 a whole token, 서울 inside 서울시장은
        ("NATO 首脳", ["[NATO]", "[首脳]"]),  # NATO touching 加盟国: one token with it
        ("上海 OR 北京", ["[北京]"]),  # 上海 is not in the text: nothing more to mark
    ],
)
def test_every_word_of_the_query_in_the_snippet_is_marked(
    tmp_path: Path, query: str, marked: list[str]
) -> None:
    """Only the first kind of word was marked: the Latin word the tokenizer matched,
    or the CJK words found as typed, never both."""
    ingest(tmp_path, CHINESE, KOREAN, SUMMIT)
    shown = snippet(tmp_path, query)
    assert all(word in shown for word in marked), shown
    assert shown.count("[") == len(marked) and len(shown) < 200, shown


def test_the_snippet_shows_the_words_where_they_stand_together(tmp_path: Path) -> None:
    """外交部 alone early on, then beside 北京 in a later paragraph: the snippet is cut
    around the pair (it was cut around the first 外交部 and showed it alone)."""
    far = {
        **CHINESE,
        "body": [
            "外交部今天发表声明。" + "双方将继续就贸易问题进行磋商，" * 8,
            "外交部发言人在北京举行记者会。",
        ],
    }
    ingest(tmp_path, far)
    shown = snippet(tmp_path, "北京 外交部")
    assert "[外交部]发言人在[北京]举行记者会" in shown and len(shown) < 200, shown
    assert snippet(tmp_path, "外交部").startswith("[外交部]今天发表声明")  # one word: the first


def test_the_web_views_snippet_marks_a_chinese_and_a_latin_word(news: Path) -> None:
    response = web_get(news, "/search?q=北京+trade")
    assert response.status_code == 200
    assert "<mark>北京</mark>" in response.text and "<mark>trade</mark>" in response.text
