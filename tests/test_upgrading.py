"""What docs/operations.md, "Upgrading", tells an operator, run as written (QA pass 42).

The shape of ``status --json`` (a list until 2026-12-03, an object since) is read from
the documented ``jq`` line and compared with the command's output; the recipe that
rebuilds the CJK side index after an old writer stored articles is read from its code
block and run on a real SQLite file, then searched through the CLI.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from app.cli import cli

OPERATIONS = REPO / "docs" / "operations.md"


def upgrading_section() -> str:
    text = OPERATIONS.read_text(encoding="utf-8")
    return text.split("\n## Upgrading\n", 1)[1].split("\n## ", 1)[0]


def invoke(tmp_path: Path, *args: str) -> str:
    config = tmp_path / "config.yaml"
    if not config.exists():
        config.write_text(
            "sources:\n  - {name: alpha, feeds: ['http://127.0.0.1:9/feed.xml']}\n",
            encoding="utf-8",
        )
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(tmp_path / "news.db"), *args]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_status_json_has_the_top_level_keys_the_upgrading_note_documents(tmp_path: Path) -> None:
    """QA pass 42, item 4: the list became an object with no note; scripts broke."""
    documented = re.search(
        r"\$ aggregator status --json \| jq -c keys_unsorted\n(\[.*\])\n", upgrading_section()
    )
    assert documented, "docs/operations.md, Upgrading: the documented top-level keys"
    invoke(tmp_path, "migrate")
    out = json.loads(invoke(tmp_path, "status", "--json"))
    assert isinstance(out, dict)
    assert list(out) == json.loads(documented.group(1))
    # What `jq '.sources'` gives a script that read the list: one entry per source.
    assert [entry["source"] for entry in out["sources"]] == ["alpha"]


# One side index each: the first article as ingested, the second as an older writer
# adds it after the upgrade, a word only the side index finds in each, the index's table
# and migration (their rebuild recipe is read from the docs by the table's name).
SIDE_INDEXES = {
    "cjk": (
        {"url": "https://ja.example/news/1", "site": "ja",
         "headline": "東京オリンピックの準備が進む",
         "body": ["東京都は新しい競技場の建設を発表しました。", "工事は来年に終わる。"]},
        ("北海道で初雪", "札幌で今年初めての雪が観測されました。"),
        ("初雪", "東京"),
        ("articles_cjk_fts", "m014_cjk_search"),
    ),
    "folded": (
        {"url": "https://pl.example/news/1", "site": "pl",
         "headline": "Nowy tramwaj w Łodzi",
         "body": ["Łódź kupiła dwadzieścia nowych tramwajów.", "Pierwsze jadą w maju."]},
        ("Mróz w Białymstoku", "W Białymstoku zanotowano minus dwadzieścia stopni."),
        ("Bialymstoku", "Lodz"),
        ("articles_fold_fts", "m016_folded_search"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("side", sorted(SIDE_INDEXES))
def test_the_documented_side_index_rebuild_indexes_what_an_old_writer_stored(
    tmp_path: Path, side: str
) -> None:
    """QA pass 42, item 2: m014 and m016 add no insert trigger, so an article an old
    writer stores after the upgrade is not in articles_cjk_fts (a CJK search) nor in
    articles_fold_fts (``Lodz`` for ``Łódź``); the Upgrading recipe puts it there."""
    record, (headline, body), words, (table, migration) = SIDE_INDEXES[side]
    old_writers_word, first_word = words
    records = tmp_path / "in.jsonl"
    records.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    invoke(tmp_path, "ingest", str(records))
    db = tmp_path / "news.db"
    with sqlite3.connect(db) as conn:  # a row as an older writer adds it: its own INSERT
        conn.execute("CREATE TEMP TABLE old_writer AS SELECT * FROM articles")
        url = record["url"].replace("/1", "/2")
        conn.execute(
            "UPDATE old_writer SET id = NULL, url = ?, canonical_url = ?, headline = ?, "
            "body_text = ?, search_index_deferred = NULL",
            (url, url, headline, body),
        )
        conn.execute("INSERT INTO articles SELECT * FROM old_writer")

    def found(query: str) -> list[int]:
        """The stories found: the old writer's row is a copy in the first one's story."""
        return [hit["story_id"] for hit in json.loads(invoke(tmp_path, "search", "--json", query))]

    assert found(old_writers_word) == [] and found(first_word) == [1]
    recipe = re.search(rf'sqlite3 news\.db "(DROP TRIGGER {table}_delete;.*?)"\n',
                       upgrading_section(), re.DOTALL)  # fmt: skip
    assert recipe, f"docs/operations.md, Upgrading: the {table} rebuild"
    with sqlite3.connect(db) as conn:
        conn.executescript(recipe.group(1))
    assert f"applied {migration}" in invoke(tmp_path, "migrate")
    assert found(old_writers_word) == [1] and found(first_word) == [1]
