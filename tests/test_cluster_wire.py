"""What crosses between a worker's crawl and the writer: articles and run reports as text,
and a store that a second delivery of the same article leaves unchanged."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from clusterkit import golden_write
from sqlite_utils import Database

from aggregator.config import BoilerplateSettings, DedupSettings
from aggregator.dedup import build_profile, params_from_settings, prebuilt_profile, shipped_profile
from aggregator.schema import ArticleWrite, PrebuiltProfile
from storage.runs import RunCounts, RunReport
from storage.wire import WireError, decode_report, decode_write, encode_report, encode_write
from storage.writes import StoreStatus, store_articles


def test_an_article_comes_back_from_its_text_equal_in_every_field() -> None:
    write = golden_write("wirewire", "gws-trump-kim-summit")
    article = write.article
    assert article.related and article.published_at and article.authors and article.credits
    again = decode_write(encode_write(write))
    assert again == write
    assert again.article.content_hash == write.article.content_hash
    assert again.article.published_at.tzinfo is not None  # type: ignore[union-attr]


def test_a_permanent_redirect_to_the_page_comes_back_from_its_text() -> None:
    """A worker's write says the redirect that led to its page was permanent, so the writer
    moves the stored article there (a temporary one moves nothing: review2 stop 51)."""
    golden = golden_write("wirewire", "gws-trump-kim-summit")
    write = dataclasses.replace(
        golden, aliases=("https://wire.example/old-address",), moved_permanently=True
    )
    assert decode_write(encode_write(write)) == write
    assert decode_write(encode_write(golden)).moved_permanently is False


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("not json", "invalid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"v": 2, "article": {}}', "wire version 2"),
        ('{"v": 1, "article": {"url": "http://a/"}}', "'canonical_url' is missing"),
    ],
)
def test_text_that_is_no_article_is_refused_with_a_reason(text: str, named: str) -> None:
    with pytest.raises(WireError, match=named):
        decode_write(text)


def test_a_field_of_the_wrong_type_is_named() -> None:
    data = json.loads(encode_write(golden_write("metroherald", "metro-trump-kim-summit")))
    data["article"]["body"] = "one string, not paragraphs"
    with pytest.raises(WireError, match="'body'"):
        decode_write(json.dumps(data))
    data["article"]["body"] = ["text"]
    data["article"]["surprise"] = 1
    with pytest.raises(WireError, match="unknown article field 'surprise'"):
        decode_write(json.dumps(data))


def test_a_run_report_comes_back_from_its_text() -> None:
    report = RunReport(
        source="wirewire",
        started_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
        ended_at=datetime(2026, 1, 2, 3, 5, 0, tzinfo=UTC),
        status="ok",
        counts=RunCounts(pages_fetched=9, articles_failed=1, errors={"http_4xx": 1}),
        exit_code=0,
        stats={"downloader/response_count": 9, "start_time": "2026-01-02 03:04:05"},
        worker="host-a:123",
    )
    assert decode_report(encode_report(report)) == report
    with pytest.raises(WireError, match="not a run report"):
        decode_report('{"v": 1, "source": "x"}')


def _dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    tables = [t for t in db.table_names() if not t.startswith(("articles_fts", "_"))]
    return {t: sorted(map(tuple, db.execute(f"SELECT * FROM [{t}]").fetchall()), key=repr)
            for t in tables}  # fmt: skip


def test_a_redelivered_batch_changes_nothing_in_the_database(fresh_db: Database) -> None:
    """The writer may store a batch twice (it stopped between commit and acknowledgement)."""
    writes = [
        decode_write(encode_write(golden_write(outlet, name)))
        for outlet, name in [
            ("wirewire", "gws-trump-kim-summit"),
            ("metroherald", "metro-trump-kim-summit"),
            ("islandpulse", "island-trump-kim-summit"),
            ("valleygazette", "valley-chile-quake"),
        ]
    ]
    settings, rules = DedupSettings(), BoilerplateSettings()
    first = store_articles(fresh_db, writes, settings, rules)
    assert [o.result.status for o in first] == [StoreStatus.NEW] * 4  # type: ignore[union-attr]
    before = _dump(fresh_db)
    again = store_articles(
        fresh_db, [decode_write(encode_write(w)) for w in writes], settings, rules
    )
    assert [o.result.status for o in again] == [StoreStatus.UNCHANGED] * 4  # type: ignore[union-attr]
    assert [o.result.article_id for o in again] == [o.result.article_id for o in first]  # type: ignore[union-attr]
    assert _dump(fresh_db) == before
    count = fresh_db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Kim'")
    assert count.fetchone()[0] == 3


def test_a_changed_article_redelivered_after_its_edit_is_a_version_not_a_copy(
    tmp_path: Path,
) -> None:
    """Control: the store does notice a different text under the same URL."""
    from storage.db import open_db

    db = open_db(tmp_path / "news.db")
    write = golden_write("wirewire", "gws-trump-kim-summit")
    edited = dataclasses.replace(
        write, article=dataclasses.replace(write.article, body=[*write.article.body, "Update."])
    )
    (stored,) = store_articles(db, [write], DedupSettings())
    (changed,) = store_articles(db, [edited], DedupSettings())
    assert changed.result.status is StoreStatus.UPDATED  # type: ignore[union-attr]
    assert changed.result.article_id == stored.result.article_id  # type: ignore[union-attr]
    db.close()
    rows = sqlite3.connect(tmp_path / "news.db").execute("SELECT count(*) FROM articles").fetchone()
    assert rows == (1,)


# --- fingerprints built by the worker ----------------------------------------------------

_SUMMIT = [
    ("wirewire", "gws-trump-kim-summit"),
    ("metroherald", "metro-trump-kim-summit"),
    ("islandpulse", "island-trump-kim-summit"),
    ("valleygazette", "valley-chile-quake"),
]


def _what_dedup_stored(db: Database) -> dict[str, list[Any]]:
    return {
        "articles": db.execute(
            "SELECT id, story_id, content_hash, profile, similarity, dedup_evidence, "
            "paragraph_diff, byline_flag FROM articles ORDER BY id"
        ).fetchall(),
        "stories": db.execute(
            "SELECT id, canonical_article_id, origin, copies, outlets, event_id "
            "FROM stories ORDER BY id"
        ).fetchall(),
        "keys": db.execute("SELECT key, article_id FROM dedup_keys ORDER BY 1, 2").fetchall(),
    }


def _shipped(write: ArticleWrite, profile: PrebuiltProfile) -> ArticleWrite:
    """The write as the writer reads it off the stream, with ``profile`` shipped."""
    return decode_write(encode_write(dataclasses.replace(write, profile=profile)))


def test_a_shipped_profile_is_the_one_the_writer_would_build_and_stores_the_same(
    tmp_path: Path,
) -> None:
    from storage.db import open_db

    settings = DedupSettings()
    params = params_from_settings(settings)
    writes = [golden_write(outlet, name) for outlet, name in _SUMMIT]
    shipped = [_shipped(w, prebuilt_profile(w.article.body, params)) for w in writes]
    for write, received in zip(writes, shipped, strict=True):
        assert received.profile is not None
        profile = shipped_profile(received.profile, received.article.content_hash, params)
        assert profile == build_profile(write.article.body, params)
    stored = {}
    for name, batch in (("built", writes), ("shipped", shipped)):
        db = open_db(tmp_path / f"{name}.db")
        outcomes = store_articles(db, batch, settings, BoilerplateSettings())
        assert [o.result.status for o in outcomes] == [StoreStatus.NEW] * 4  # type: ignore[union-attr]
        stored[name] = _what_dedup_stored(db)
        db.close()
    assert stored["shipped"] == stored["built"]
    assert len({row[1] for row in stored["built"]["articles"]}) < 4  # copies filed together


@pytest.mark.parametrize("stale", ["other settings", "other version", "other body", "garbled"])
def test_a_profile_built_otherwise_is_not_used_the_writer_builds_its_own(
    fresh_db: Database, stale: str
) -> None:
    settings = DedupSettings()
    params = params_from_settings(settings)
    write = golden_write("wirewire", "gws-trump-kim-summit")
    other = golden_write("valleygazette", "valley-chile-quake").article.body
    own = prebuilt_profile(write.article.body, params)
    profile = {
        "other settings": prebuilt_profile(
            write.article.body, dataclasses.replace(params, shingle_size=4)
        ),
        "other version": dataclasses.replace(
            prebuilt_profile(other, params), built_with="1" + own.built_with[1:]
        ),
        # Built alike, but of another text than the article's: its body hash tells.
        "other body": prebuilt_profile(other, params),
        "garbled": dataclasses.replace(own, text='{"v": 2}'),
    }[stale]
    assert profile.built_with != own.built_with or stale in ("other body", "garbled")
    received = _shipped(write, profile)
    assert shipped_profile(received.profile, received.article.content_hash, params) is None  # type: ignore[arg-type]
    (outcome,) = store_articles(fresh_db, [received], settings)
    assert outcome.result is not None and outcome.result.status is StoreStatus.NEW
    stored = fresh_db.execute("SELECT profile, content_hash FROM articles").fetchone()
    built = build_profile(write.article.body, params)
    assert stored == (built.to_json(), write.article.content_hash)


def test_a_profile_member_of_the_wrong_type_is_named() -> None:
    data = json.loads(encode_write(golden_write("wirewire", "gws-trump-kim-summit")))
    assert "profile" not in data  # one host, or a worker that could not build it
    data["profile"] = {"built_with": 2, "text": "{}"}
    with pytest.raises(WireError, match="profile.built_with"):
        decode_write(json.dumps(data))


def test_a_kept_page_comes_back_from_its_text_with_its_later_pages() -> None:
    from aggregator.schema import FeedHints, FetchedPage, KeptPage

    write = golden_write("wirewire", "gws-trump-kim-summit")
    fetched = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    page = FetchedPage(
        write.article.url,
        "wirewire",
        b"<html><p>one</p></html>",
        fetched,
        encoding="iso-8859-1",
        hints=FeedHints(title="T", published_at=fetched, authors=("A B",)),
        later_pages=(FetchedPage(write.article.url + "?page=2", "wirewire", b"<p>2</p>", fetched),),
    )
    kept = dataclasses.replace(write, page=KeptPage.of(page))
    again = decode_write(encode_write(kept))
    assert again == kept
    assert again.page is not None and again.page.fetched("wirewire") == page
    data = json.loads(encode_write(kept))
    data["page"]["content"] = "not base64!"
    with pytest.raises(WireError, match="not an article"):
        decode_write(json.dumps(data))
