"""``aggregator reparse`` and ``export --format warc`` as review 49a found them wanting: a
re-reading stored in place in every field (not as an edit, no second page, the ETag
kept), the source's crawl lock held per batch only, the WARC written through the safe
output, unknown feed hints from newer workers, and the smaller points. Real crawls of
pages served on 127.0.0.1 into a real SQLite file (the helpers of test_page_archive)."""

from __future__ import annotations

import dataclasses
import gzip
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_store import crawl_source, sql_rows
from conftest import run_cli
from event_recount import event_index, event_recount
from pageserver import PageServer
from test_page_archive import (
    STORIES,
    _before_m027,
    _config,
    _kept,
    _page,
    _reparse,
)

pytestmark = pytest.mark.timeout(300)

# What the crawl of a source holding this selector reads as each headline: the byline.
BYLINE_HEADLINE = {"headline": "css:p.byline"}


@pytest.fixture
def server() -> Iterator[PageServer]:
    with PageServer() as running:
        for path in STORIES:
            running.put(path, _page(path), headers={"ETag": f'"{path.rsplit("/", 1)[1]}"'})
        yield running


def _state(db: Path) -> dict[str, Any]:
    """What a re-reading must leave as it was: versions, earlier texts, kept pages."""
    return {
        "versions": sql_rows(db, "SELECT url, version FROM articles ORDER BY url"),
        "earlier": sql_rows(db, "SELECT * FROM article_versions ORDER BY article_id, version"),
        "kept": _kept(db),
    }


def test_a_reparse_stores_a_new_headline_in_place_and_keeps_the_edit_history(
    server: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    crawl_source(_config(tmp_path, server, keep=True), "tribune")
    # The publisher edits one story: its version 2, version 1 kept with its page.
    server.put("/news/chess-final", _page("/news/chess-final").replace("Saturday", "Sunday"))
    crawl_source(_config(tmp_path, server, keep=True, changed=True), "tribune")
    before = _state(db)
    assert [v for _, v in before["versions"]] == [2, 1, 1]
    assert len(before["earlier"]) == 1
    seqs = dict(sql_rows(db, "SELECT url, change_seq FROM articles"))
    story_seqs = dict(sql_rows(db, "SELECT id, change_seq FROM stories"))

    # Only the headline reads otherwise now: the dry run and the run both see it.
    config = _config(tmp_path, server, keep=True, selectors=BYLINE_HEADLINE)
    code, out, _ = _reparse(config, "--dry-run")
    assert (code, out.split(":")[1]) == (0, " 3 pages read")
    assert out.startswith("reparse: 3 pages read: 3 would change, 0 unchanged")
    code, out, err = _reparse(config)
    assert (code, err) == (0, "")
    assert out.startswith("reparse: 3 pages read: 3 changed, 0 unchanged")
    assert sql_rows(db, "SELECT DISTINCT headline FROM articles") == [("By Tom Reyes",)]
    # Search, syncing readers and feeds see it: the index, and each row's and story's number.
    assert sql_rows(
        db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'headline:reyes'"
    ) == [(3,)]
    after = dict(sql_rows(db, "SELECT url, change_seq FROM articles"))
    assert all(after[url] > seqs[url] for url in seqs)
    assert all(
        seq > story_seqs[sid] for sid, seq in sql_rows(db, "SELECT id, change_seq FROM stories")
    )
    # No publisher's edit: no version, no earlier text dropped, no second copy of a page.
    assert _state(db) == before

    # Read again: nothing reads otherwise.
    assert _reparse(config)[1].startswith("reparse: 3 pages read: 0 changed, 3 unchanged")


def test_a_founder_re_read_in_its_story_is_counted_by_its_new_text_then_and_after_a_move(
    server: PageServer, tmp_path: Path
) -> None:
    """Review 49d F1: the reading stored over the text a story was counted with counts the
    story again from the new text; a later move takes off what was counted."""
    db = tmp_path / "news.db"
    crawl_source(_config(tmp_path, server, keep=True), "tribune")
    bridge = "SELECT id, story_id FROM articles WHERE url LIKE '%/harbor-bridge'"
    ((article_id, story_id),) = sql_rows(db, bridge)
    assert sql_rows(db, f"SELECT count(*) FROM event_profiles WHERE article_id = {article_id}") == [
        (1,)
    ]
    config = _config(tmp_path, server, keep=True, selectors={"remove": "p.aside"})
    assert _reparse(config)[1].startswith("reparse: 3 pages read: 1 changed")
    assert sql_rows(db, bridge) == [(article_id, story_id)]  # in place, in its story
    assert event_index(db) == event_recount(db)

    # The publisher's page now carries the chess report: the article moves to its story.
    server.put("/news/harbor-bridge", _page("/news/chess-final"))
    crawl_source(
        _config(tmp_path, server, keep=True, changed=True, selectors={"remove": "p.aside"}),
        "tribune",
    )
    chess = sql_rows(db, "SELECT story_id FROM articles WHERE url LIKE '%/chess-final'")
    assert sql_rows(db, bridge) == [(article_id, chess[0][0])]
    assert event_index(db) == event_recount(db)


def test_a_reparse_moves_the_feed_updated_and_the_since_lists(
    server: PageServer, tmp_path: Path
) -> None:
    """Review 49d F2: a feed reader going by <updated>, and a --since list, see a
    re-reading (articles.reread_at, m028) as they see an edit."""
    import xml.etree.ElementTree as ET
    from datetime import UTC, datetime

    atom = "{http://www.w3.org/2005/Atom}"

    def feed(config: Path) -> tuple[str, list[tuple[str, str]]]:
        """The feed's <updated>, and each entry's title and <updated>."""
        result = run_cli("--config", str(config), "export", "--format", "atom")
        assert result.returncode == 0, result.stderr
        root = ET.fromstring(result.stdout)
        entries = [
            (e.findtext(f"{atom}title") or "", e.findtext(f"{atom}updated") or "")
            for e in root.findall(f"{atom}entry")
        ]
        return root.findtext(f"{atom}updated") or "", entries

    config = _config(tmp_path, server, keep=True)
    crawl_source(config, "tribune")
    # As if that crawl were an hour ago (a feed's times are to the second).
    with sqlite3.connect(tmp_path / "news.db") as conn:
        for table in ("articles", "stories"):
            conn.execute(
                f"UPDATE {table} SET first_seen_at = "
                "strftime('%Y-%m-%dT%H:%M:%f+00:00', first_seen_at, '-1 hour')"
            )
    stamp, entries = feed(config)
    between = datetime.now(UTC)
    assert all(updated < f"{between:%Y-%m-%dT%H:%M:%S}Z" for _, updated in entries)
    since = run_cli("--config", str(config), "export", "--since", between.isoformat())
    assert (since.returncode, since.stdout) == (0, "")

    config = _config(tmp_path, server, keep=True, selectors=BYLINE_HEADLINE)
    assert _reparse(config)[1].startswith("reparse: 3 pages read: 3 changed")
    new_stamp, new_entries = feed(config)
    assert [title for title, _ in new_entries] == ["By Tom Reyes"] * 3
    assert new_stamp > stamp
    assert all(updated >= f"{between:%Y-%m-%dT%H:%M:%S}Z" for _, updated in new_entries)
    since = run_cli("--config", str(config), "export", "--since", between.isoformat())
    assert since.returncode == 0, since.stderr
    assert len(since.stdout.splitlines()) == 3
    # The publisher's versions stay as they were: a re-reading is no edit.
    assert sql_rows(tmp_path / "news.db", "SELECT count(*) FROM article_versions") == [(0,)]


def test_a_reparse_keeps_the_etag_so_the_next_crawl_asks_conditionally(
    server: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    crawl_source(_config(tmp_path, server, keep=True), "tribune")
    code, out, _ = _reparse(_config(tmp_path, server, keep=True, selectors={"remove": "p.aside"}))
    assert out.startswith("reparse: 3 pages read: 1 changed")
    assert sql_rows(db, "SELECT etag FROM articles WHERE url LIKE '%/harbor-bridge'") == [
        ('"harbor-bridge"',)
    ]
    server.requests.clear()
    crawl_source(_config(tmp_path, server, keep=True, changed=True), "tribune")
    asked = {
        path: {name.lower(): value for name, value in headers.items()}
        for path, headers in server.requests
        if path in STORIES
    }
    assert set(asked) == set(STORIES)
    for path, headers in asked.items():
        assert headers.get("if-none-match") == f'"{path.rsplit("/", 1)[1]}"', path


def test_a_reparse_holds_the_crawl_lock_for_a_batch_at_a_time_and_a_dry_run_none(
    server: PageServer, tmp_path: Path
) -> None:
    from aggregator.config import load_config
    from app.reparse import ReparseCounts, reparse_batches
    from storage.db import open_db
    from storage.locks import HeldLock, try_lock

    db_path = tmp_path / "news.db"
    crawl_source(_config(tmp_path, server, keep=True), "tribune")
    config_path = _config(tmp_path, server, keep=True, selectors=BYLINE_HEADLINE)
    config = load_config(config_path)
    warnings: list[str] = []
    counts = ReparseCounts()
    db = open_db(config.database)
    try:
        batches = reparse_batches(db, config, counts=counts, warn=warnings.append, batch=1)
        assert next(batches) is counts and counts.changed == 1
        # Between two batches the lock is free: a crawl of the source takes it now.
        crawl = try_lock(db_path, "tribune")
        assert isinstance(crawl, HeldLock)
        try:
            # A dry run stores nothing and takes no lock: not refused.
            code, out, err = _reparse(config_path, "--dry-run")
            assert (code, err) == (0, "")
            assert out.startswith("reparse: 3 pages read: 2 would change, 1 unchanged")
            # The reparse's next batch finds the crawl: the rest is left for later.
            assert list(batches) == []
        finally:
            crawl.release()
    finally:
        db.close()
    assert (counts.changed, counts.busy) == (1, 1)
    (warning,) = warnings
    assert warning.startswith("source 'tribune': a crawl of it is running (pid ")
    assert "(after article " in warning
    code, out, _ = _reparse(config_path)
    assert (code, out.split(";")[0]) == (
        0,
        "reparse: 3 pages read: 2 changed, 1 unchanged, 0 rejected, 0 failed",
    )


def test_export_warc_writes_through_a_symlink_as_every_export(
    server: PageServer, tmp_path: Path
) -> None:
    from warcio.archiveiterator import ArchiveIterator

    config = _config(tmp_path, server, keep=True)
    crawl_source(config, "tribune")
    target = tmp_path / "archive" / "pages.warc.gz"
    target.parent.mkdir()
    target.write_bytes(b"an older export")
    link = tmp_path / "latest.warc.gz"
    link.symlink_to(target)
    result = run_cli("--config", str(config), "export", "--format", "warc", "-o", str(link))
    assert (result.returncode, result.stderr) == (0, "")
    assert link.is_symlink() and link.resolve() == target
    with target.open("rb") as handle:
        kinds = [record.rec_type for record in ArchiveIterator(handle)]
    assert kinds == ["warcinfo"] + ["response"] * 3
    assert [p.name for p in target.parent.iterdir()] == ["pages.warc.gz"]  # no scratch left


@pytest.mark.parametrize("where", ["missing folder", "full disk"])
def test_export_warc_to_a_path_it_cannot_write_says_so_in_one_line(
    server: PageServer, tmp_path: Path, where: str
) -> None:
    """Review 49d F3: the jsonl export's error and exit, not a traceback."""
    config = _config(tmp_path, server, keep=True)
    crawl_source(config, "tribune")
    target = tmp_path / "nowhere" / "pages.warc.gz"
    if where == "full disk":
        target = Path("/dev/full")
        if not target.is_char_device():
            pytest.skip("no /dev/full character device here")
    result = run_cli("--config", str(config), "export", "--format", "warc", "-o", str(target))
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: cannot write {target}: ")
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_export_warc_of_a_store_not_yet_migrated_says_no_page_is_kept(
    server: PageServer, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    crawl_source(_config(tmp_path, server, keep=True), "tribune")
    _before_m027(db)
    out = tmp_path / "pages.warc.gz"
    result = run_cli("--db", str(db), "export", "--format", "warc", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("note: no kept page to export")
    with gzip.open(out) as handle:  # the warcinfo record alone
        assert handle.read().startswith(b"WARC/1.1\r\nWARC-Type: warcinfo")
    by = run_cli("--db", str(db), "export", "--format", "warc", "--by", "published")
    assert by.returncode == 2
    assert "--format warc takes --source and --output only" in by.stderr


def test_export_warc_of_a_mistyped_source_names_the_source_not_keep_pages(
    server: PageServer, tmp_path: Path
) -> None:
    """QA archive (stop 50) nit: an unknown --source was told to turn keep_pages on."""
    config = _config(tmp_path, server, keep=True)
    crawl_source(config, "tribune")
    out = tmp_path / "pages.warc.gz"
    args = ("--config", str(config), "export", "--format", "warc", "-o", str(out))
    result = run_cli(*args, "--source", "nosuch")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("note: no stored article is from source 'nosuch' (stored: ")
    assert "keep_pages" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr


def test_feed_hints_a_later_version_adds_are_left_out_on_the_wire() -> None:
    from clusterkit import golden_write

    from aggregator.schema import FeedHints, FetchedPage, KeptPage
    from storage.wire import decode_write, encode_write

    write = golden_write("wirewire", "gws-trump-kim-summit")
    page = FetchedPage(
        write.article.url,
        "wirewire",
        b"<html><p>one</p></html>",
        write.article.fetched_at,
        hints=FeedHints(title="T", language="en"),
    )
    kept = dataclasses.replace(write, page=KeptPage.of(page))
    data = json.loads(encode_write(kept))
    data["page"]["hints"]["subtitle"] = "a hint of a later version"
    assert decode_write(json.dumps(data)) == kept
