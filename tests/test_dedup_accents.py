"""Quotation marks of other languages and words without their accents (stop 48, QA mldedup
F1 and F3), and migration m026, which rebuilds the profiles stored before them.

Guillemets quote: «…» (French, Spanish, Italian, Portuguese, Swiss), »…« (German book
style, Danish), »…» (Swedish), with ‹…› or ›…‹ inside; a French « … » spaced with a
no-break space too. Words are compared without their Latin accents, as the search index
reads them (aggregator.fold.fold_accents): an accent-stripped copy is the text it was
copied from, and the paragraph diff does not count an accent as an edit. A database
stored before (tests/fixtures/dedup_accents/, made by main's code) is migrated: its
listed profiles are rebuilt, a new accent-stripped copy joins the agency's story, a
paper quoting the agency's «…» statement stays apart, and its keys are those of a store
that stored the same articles now. The pairs themselves are in
tests/dedup_negative_cases.py.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from dedup_tier_cases import load
from test_dedup_cjk import lookup_rows, placement

from aggregator.config import DedupSettings
from aggregator.dedup import VERBATIM, build_profile, compare
from aggregator.dedup.fingerprint import PROFILE_VERSION, clean_paragraphs, quoted_runs, tokenize
from aggregator.dedup.policy import CopyInfo, paragraph_diff
from aggregator.schema import Article
from app.cli import cli
from storage import open_db
from storage.writes import store_article

SETTINGS = DedupSettings()
DAY = datetime(2026, 12, 3, tzinfo=UTC)
FIXTURE = Path(__file__).parent / "fixtures" / "dedup_accents" / "stored_before_m026.sqlite"
WIRE = load("negatives/fr_afp_accents.txt")
ASCII_COPY = load("negatives/fr_copy_without_accents.txt")


def quoted_words(text: str) -> list[str]:
    return [word for words, inside in quoted_runs(text) for word in words if inside]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("«Es una medida necesaria», dijo el ministro.", "es una medida necesaria"),
        (
            "« Nous ne pouvons plus attendre », a déclaré Mme Beaumont.",
            "nous ne pouvons plus attendre",
        ),
        (
            "«\u00a0Nous ne pouvons plus attendre\u00a0», a-t-elle dit.",
            "nous ne pouvons plus attendre",
        ),
        (
            "«\u202fNous ne pouvons plus attendre\u202f», a-t-elle dit.",
            "nous ne pouvons plus attendre",
        ),
        ("»Wir warten nicht länger«, sagte die Ministerin.", "wir warten nicht langer"),
        ("»Vi väntar inte längre», sade ministern.", "vi vantar inte langre"),
        ("Sie sagte: ‹Wir warten nicht länger›, und ging.", "wir warten nicht langer"),
        ("Sie sagte: ›Wir warten nicht länger‹, und ging.", "wir warten nicht langer"),
        ("He said: ‟We will not wait”, and left.", "we will not wait"),
        ("東京都の知事は「対策を急ぐ」と述べた。", "対策 策を を急 急ぐ"),
    ],
)
def test_guillemets_and_other_marks_open_and_close_a_quotation(text: str, quoted: str) -> None:
    paragraph = clean_paragraphs([text])[0]
    assert " ".join(quoted_words(paragraph)) == quoted


def test_a_quote_inside_a_guillemet_quote_nests() -> None:
    # German »…›…‹…«: the inner quote stays inside the outer one, and so does what follows it.
    text = clean_paragraphs(["»Das war ›außergewöhnlich gute‹ Arbeit«, sagte Jacobs."])[0]
    assert quoted_words(text) == tokenize("Das war außergewöhnlich gute Arbeit")
    # French « … “…” … » and the spaced « … ‹ … › … »: the same.
    text = clean_paragraphs(["« Un travail ‹ remarquable › des enquêteurs », a-t-il dit."])[0]
    assert quoted_words(text) == tokenize("Un travail remarquable des enquêteurs")


def test_a_breadcrumb_of_guillemets_is_still_furniture() -> None:
    assert clean_paragraphs(["Home » News » Politics", "The council met."]) == ["The council met."]


def test_a_profile_of_a_guillemet_quote_holds_its_span() -> None:
    # QA F1: build_profile(['«Es una medida», dijo.']) had no quoted span.
    assert build_profile(["«Es una medida», dijo."]).quoted == ((0, 3),)


@pytest.mark.parametrize(
    ("accented", "plain"),
    [
        ("Élise Beaumont a présenté le projet", "Elise Beaumont a presente le projet"),
        ("Peñalver, Íñigo y la señora Muñoz", "Penalver, Inigo y la senora Munoz"),
        ("São Paulo e Brasília", "Sao Paulo e Brasilia"),
        ("Müller sagte, die Straße", "Muller sagte, die Strasse"),  # casefold: ß is ss
        ("Łódź i Kraków", "Lodz i Krakow"),  # ł as the search index folds it
        ("le nouvel an à Hanoï", "le nouvel an a Hanoi"),
        ("cafe\u0301", "cafe"),  # a combining accent NFKC could not compose
    ],
)
def test_words_are_compared_without_their_accents(accented: str, plain: str) -> None:
    assert tokenize(accented) == tokenize(plain)
    assert build_profile([accented]).tokens == build_profile([plain]).tokens
    assert build_profile([f"Hier {accented}."]).caps == build_profile([f"Hier {plain}."]).caps


@pytest.mark.parametrize(
    ("letter", "other"),
    [
        ("Søren", "Soren"),  # ø, æ, đ do not decompose: the search index keeps them too
        ("æble", "aeble"),
        ("Đorđe", "Dorde"),
        ("がっこう", "かっこう"),  # a Japanese voicing mark is a letter of its own
        ("й", "и"),  # as is the Cyrillic breve
    ],
)
def test_letters_that_are_not_an_accented_latin_letter_stay(letter: str, other: str) -> None:
    assert tokenize(letter) != tokenize(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Nguyễn Văn Thành", "Nguyễn Văn Thạnh"),  # two names
        ("Tôi có một cô giáo", "Tôi cố một cơ giáo"),  # have/try, aunt/muscle
        ("Hà Nội", "Ha Noi"),  # a Vietnamese copy without its marks is another text
    ],
)
def test_vietnamese_words_keep_their_tones(one: str, other: str) -> None:
    # Review 48b F3: tones are part of a Vietnamese word; folding them made different
    # words (and names) one.
    assert tokenize(one) != tokenize(other)


def test_vietnamese_names_that_differ_by_a_tone_are_two_texts() -> None:
    text = (
        "Ông {} được bầu làm chủ tịch ủy ban nhân dân tỉnh Quảng Nam "
        "trong phiên họp sáng nay, với sự đồng thuận của các đại biểu."
    )
    one = build_profile([text.format("Nguyễn Văn Thành")])
    other = build_profile([text.format("Nguyễn Văn Thạnh")])
    assert one.tokens != other.tokens and one.caps != other.caps
    assert compare(one, other).similarity < 1.0
    # French keeps its folding: an accent-stripped copy is the same text.
    assert tokenize("Élise a présenté") == tokenize("Elise a presente")


def test_cjk_runs_are_still_read_as_character_pairs() -> None:
    assert tokenize("한국은행이") == ["한국", "국은", "은행", "행이"]
    assert build_profile(["中国经济增长5.2%。"]).cjk


@pytest.mark.parametrize("paragraphs", [8, 5, 4, 3])
def test_a_copy_without_accents_is_the_text_word_for_word(paragraphs: int) -> None:
    # QA F3: the whole text matched only at rewrite level, its first 3-5 paragraphs not at all.
    match = compare(build_profile(WIRE), build_profile(ASCII_COPY[:paragraphs]))
    assert match.is_copy and match.level == VERBATIM


def test_the_paragraph_diff_does_not_count_an_accent_as_an_edit() -> None:
    wire = CopyInfo("wire", "afp", "https://afp.example/", "", tuple(WIRE))
    copy = CopyInfo("copy", "radio", "https://radio.example/", "", tuple(ASCII_COPY))
    diff = paragraph_diff(copy, wire)
    assert diff.shared == tuple((i, i) for i in range(5))
    assert diff.added == () and diff.edited == ()
    assert diff.cut == (5, 6, 7)


# --- migration m026 -----------------------------------------------------------------


def stored_before_m026(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    shutil.copyfile(FIXTURE, path)
    return path


def profiles(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        rows = dict(conn.execute("SELECT headline, profile FROM articles"))
    conn.close()
    return rows


def article(site: str, slug: str, body: list[str], when: datetime) -> Article:
    url = f"https://{site}.example/{slug}"
    return Article(
        url=url,
        canonical_url=url,
        source=site,
        site_name=site,
        headline=slug,
        body=body,
        fetched_at=when,
        published_at=when,
    )


def test_migrate_rebuilds_the_accented_profiles_and_new_copies_are_read_by_them(
    tmp_path: Path,
) -> None:
    path = stored_before_m026(tmp_path)
    before = profiles(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "migrate"])
    assert result.exit_code == 0, result.output
    assert "m026_accent_folded_profiles" in result.output
    assert "profiles of 3 articles rebuilt" in result.output
    after = profiles(path)
    assert after["english"] == before["english"]  # curly quotes only: the same profile
    for headline in ("fr_afp_accents", "fr_afp_guillemets", "de_dpa_guillemets"):
        assert json.loads(before[headline])["v"] == 3
        assert json.loads(after[headline])["v"] == PROFILE_VERSION
    db = open_db(path)
    stored = dict(db.execute("SELECT headline, id FROM articles").fetchall())
    copy = store_article(
        db, article("radio", "copy", ASCII_COPY, DAY.replace(hour=14)), SETTINGS
    ).article_id
    fr_paper = store_article(
        db,
        article(
            "progres", "report", load("negatives/fr_local_guillemets.txt"), DAY.replace(hour=15)
        ),
        SETTINGS,
    ).article_id
    de_paper = store_article(
        db,
        article(
            "abendblatt", "report", load("negatives/de_local_guillemets.txt"), DAY.replace(hour=16)
        ),
        SETTINGS,
    ).article_id
    assert placement(db, copy) == placement(db, stored["fr_afp_accents"])
    assert placement(db, fr_paper)[0] != placement(db, stored["fr_afp_guillemets"])[0]
    assert placement(db, de_paper)[0] != placement(db, stored["de_dpa_guillemets"])[0]
    db.close()


def test_a_writer_rebuilds_the_listed_profiles_before_it_stores(tmp_path: Path) -> None:
    # Nobody ran 'aggregator migrate': the writer opening the database migrates it and
    # rebuilds the listed profiles before it compares the copy with them.
    path = stored_before_m026(tmp_path)
    records = tmp_path / "copy.jsonl"
    record = {
        "url": "https://radio.example/copy",
        "site": "radio",
        "headline": "copy",
        "body": ASCII_COPY,
        "published": DAY.replace(hour=14).isoformat(),
    }
    records.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(path), "ingest", str(records)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(path) as conn:
        story = dict(conn.execute("SELECT headline, story_id FROM articles"))
        assert conn.execute("SELECT count(*) FROM stale_profiles").fetchone() == (0,)
    conn.close()
    assert story["copy"] == story["fr_afp_accents"]


def test_a_rebuilt_store_has_the_keys_of_one_that_stored_its_articles_now(
    tmp_path: Path,
) -> None:
    rebuilt = stored_before_m026(tmp_path)
    result = CliRunner().invoke(cli, ["--db", str(rebuilt), "migrate"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(rebuilt) as conn:
        stored = conn.execute(
            "SELECT source, headline, body, published_at FROM articles ORDER BY id"
        ).fetchall()
    conn.close()
    fresh = tmp_path / "fresh.db"
    db = open_db(fresh)
    for site, headline, body, published in stored:
        when = datetime.fromisoformat(published)
        store_article(db, article(site, headline, json.loads(body), when), SETTINGS)
    db.close()
    # Lookup keys and counted terms; not the event keys, which a founder takes by the
    # rarity of its terms in the store when its profile is built (the fresh store held
    # only the articles before it, the rebuilt one all of them), as m015's rebuild does.
    expected = lookup_rows(fresh)
    got = lookup_rows(rebuilt)
    for table in ("dedup_keys", "event_df"):
        assert expected[table]
        assert got[table] == expected[table]


# --- a store of more than one rebuild batch, nobody migrating it by hand (review 48b F1)

MANY = FIXTURE.parent / "many_before_m026.sqlite.gz"


def many_before_m026(tmp_path: Path) -> Path:
    """260 French articles stored before m026, first seen 18 minutes apart: the newest
    241 within three days (the default event window) of the last."""
    path = tmp_path / "news.db"
    with gzip.open(MANY) as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return path


def ingest_edited_copy(path: Path, tmp_path: Path, headline: str) -> dict[str, int]:
    """Ingest another site's edited copy of the stored article ``headline`` (a word
    changed, a sentence added, accents kept) into a store nobody migrated; the story of
    each article by headline afterwards."""
    with sqlite3.connect(path) as conn:
        (body,) = conn.execute(
            "SELECT body FROM articles WHERE headline = ?", [headline]
        ).fetchone()
    conn.close()
    (paragraph,) = json.loads(body)
    record = {
        "url": "https://autre.example/fr/copie",
        "site": "Autre Journal",
        "headline": "copie",
        "body": [paragraph.replace(" personnes.", " habitants.") + " La préfecture a confirmé."],
        "published": "2026-12-03T19:00:00+00:00",
    }
    records = tmp_path / "copy.jsonl"
    records.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(path), "ingest", str(records)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(path) as conn:
        stories = dict(conn.execute("SELECT headline, story_id FROM articles"))
    conn.close()
    return stories


def test_a_copy_of_the_newest_article_joins_its_story_before_anyone_migrates(
    tmp_path: Path,
) -> None:
    # The rebuild went oldest first, 200 per store: the newest articles, the likeliest
    # to be copied, were compared with their stale profiles and the copy filed apart.
    stories = ingest_edited_copy(many_before_m026(tmp_path), tmp_path, "Article 259")
    assert stories["copie"] == stories["Article 259"]


def test_the_first_store_rebuilds_every_listed_article_of_the_event_window(
    tmp_path: Path,
) -> None:
    # Article 30 is the 230th newest: past one batch of 200, within three days.
    path = many_before_m026(tmp_path)
    stories = ingest_edited_copy(path, tmp_path, "Article 30")
    assert stories["copie"] == stories["Article 30"]
    with sqlite3.connect(path) as conn:
        left = [
            headline
            for (headline,) in conn.execute(
                "SELECT a.headline FROM stale_profiles s JOIN articles a ON a.id = s.article_id "
                "ORDER BY a.id"
            )
        ]
    conn.close()
    # The others are rebuilt a batch per store, as before.
    assert left == [f"Article {i}" for i in range(19)]
