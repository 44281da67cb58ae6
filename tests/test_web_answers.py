"""What the web view answers to what a reader may type into its addresses (stop 45): a
table view's ``?_sort=`` by a column it cannot sort by is a 400 and one line (it was
Datasette's 500), and the rest of the view answers as before.

In process, through Datasette's own ASGI client (the plugin's wrapper and hooks included),
over a store of ingested articles.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_web_view import Web

from app.cli import cli
from app.config_loader import load_app_config


def _ingest(db: Path, folder: Path, count: int) -> None:
    """``count`` articles, each a story of its own, all holding the word "harbour"."""
    records = folder / "records.jsonl"
    records.write_text(
        "".join(
            json.dumps(
                {
                    "url": f"https://example.org/news/story-{n}",
                    "headline": f"Harbour story number {n} of {count}",
                    "site": "Example Times",
                    "body": f"The harbour item {n} tells of case {n * 7919} alone. "
                    + " ".join(f"w{n}x{k}" for k in range(40)),
                }
            )
            + "\n"
            for n in range(count)
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(records)])
    assert result.exit_code == 0, result.output


def _web(tmp_path: Path, config_text: str = "", count: int = 3) -> Web:
    db, config = tmp_path / "news.db", tmp_path / "config.yaml"
    _ingest(db, tmp_path, count)
    config.write_text(f"database: {db}\n{config_text}", encoding="utf-8")
    return Web(load_app_config(config, db), db)


@pytest.mark.parametrize("parameter", ["_sort", "_sort_desc"])
def test_a_sort_by_a_column_the_table_lacks_is_a_400_in_one_line(
    tmp_path: Path, parameter: str
) -> None:
    web = _web(tmp_path)
    page = web.get(f"/news/articles?{parameter}=no_such_column")
    assert page.status_code == 400
    assert page.text == (
        "Cannot sort by 'no_such_column': articles has no such column to sort by "
        "(?_sort= and ?_sort_desc= take one of its columns).\n"
    )
    answer = web.get(f"/news/articles.json?{parameter}=no_such_column")
    assert answer.status_code == 400
    assert answer.json() == {
        "ok": False,
        "error": "Cannot sort by 'no_such_column': articles has no such column to sort by "
        "(?_sort= and ?_sort_desc= take one of its columns).",
        "status": 400,
    }
    # The rest of the view is as it was: a column it has sorts, another table answers.
    rows = web.get(f"/news/articles.json?{parameter}=id&_shape=array&_col=id").json()
    ids = [row["id"] for row in rows]
    assert ids == sorted(ids, reverse=parameter == "_sort_desc") and len(ids) == 3
    assert web.get("/news/stories.json").status_code == 200
    assert web.get("/").status_code == 200


def test_sort_and_sort_desc_together_is_a_400_saying_to_give_one(tmp_path: Path) -> None:
    web = _web(tmp_path)
    page = web.get("/news/articles?_sort=id&_sort_desc=id")
    assert page.status_code == 400
    assert page.text == "Cannot sort by _sort and _sort_desc at once: give one of them.\n"


def test_the_dates_filter_offers_first_seen_only(tmp_path: Path) -> None:
    web = _web(tmp_path)
    for path in ("/", "/search?q=harbour"):
        form = web.get(path).text
        assert '<option value="first-seen">first seen only</option>' in form
        assert '<option value="seen" selected>first seen or changed</option>' in form
    chosen = web.get("/search?q=harbour&by=first-seen").text
    assert '<option value="first-seen" selected>first seen only</option>' in chosen
    assert "is not a time" not in chosen
    assert "Harbour story number 2 of 3" in chosen


CUT = (
    "More than 5 articles match; only the newest 5 were looked at, so these may not be all "
    "the stories that match: more words or a “phrase” narrow the search."
)


def test_the_search_page_says_when_the_scan_bound_cut_the_results(tmp_path: Path) -> None:
    web = _web(tmp_path, "web: {search_scan: 5}\n", count=12)
    page = web.get("/search?q=harbour")
    assert page.status_code == 200
    assert f'<p class="notice">{CUT}</p>' in page.text
    assert page.text.count('<li class="card') == 5
    # Words that match fewer articles than the bound: all of them, and no note.
    narrow = web.get("/search?q=harbour+w3x0").text
    assert "were looked at" not in narrow
    assert narrow.count('<li class="card') == 1


@pytest.mark.parametrize(("setting", "cards"), [("", 12), ("web: {search_scan: 0}\n", 12)])
def test_without_a_cut_the_search_page_says_nothing_of_it(
    tmp_path: Path, setting: str, cards: int
) -> None:
    web = _web(tmp_path, setting, count=12)
    page = web.get("/search?q=harbour").text
    assert "were looked at" not in page
    assert page.count('<li class="card') == cards
