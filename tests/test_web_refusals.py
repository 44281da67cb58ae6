"""The web view's refusals say what is really wrong (review of stop 45): a Host header with a
character no host name has is refused whole, never cleaned by ``urlsplit`` into a known
name, and a ``?_sort=`` by a column the table has but will not sort by says so, not "no such
column". In process, through Datasette's own ASGI client (the plugin's wrapper and hooks
included), over a store of ingested articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_web_answers import _web

from app.web.plugin import request_host


@pytest.mark.parametrize(
    "host", ["local\thost", "localhost\n", "[::1]x", "localhost:abc", "local host", "l+h"]
)
def test_a_host_with_a_character_no_host_name_has_is_a_400(tmp_path: Path, host: str) -> None:
    scope = {"headers": [(b"host", host.encode("latin-1"))]}
    assert request_host(scope) == host  # kept whole: no known name
    web = _web(tmp_path, count=1)
    page = web.get("/news/articles.json", headers={"Host": host})
    assert page.status_code == 400
    assert page.text.startswith(f"Unknown host {host!r}: ")
    assert "Harbour story" not in page.text
    # The names it knows still answer, with a port and around spaces or tabs.
    for known in ("localhost", "localhost:8001", " \tlocalhost ", "[::1]:8001", "127.0.0.1"):
        assert web.get("/news/articles.json", headers={"Host": known}).status_code == 200


@pytest.mark.parametrize("parameter", ["_sort", "_sort_desc"])
def test_a_column_it_has_but_cannot_sort_by_is_named_so(tmp_path: Path, parameter: str) -> None:
    web = _web(tmp_path)
    # articles has an integer primary key (id): SQLite's rowid is that column, and Datasette
    # sorts a table with a primary key by its columns only.
    page = web.get(f"/news/articles?{parameter}=rowid")
    assert page.status_code == 400
    assert page.text == (
        "Cannot sort by 'rowid': articles cannot be sorted by that column "
        "(?_sort= and ?_sort_desc= take one of its sortable columns, such as id).\n"
    )
    answer = web.get(f"/news/articles.json?{parameter}=rowid")
    assert (answer.status_code, answer.json()["error"]) == (400, page.text.rstrip("\n"))
    missing = web.get(f"/news/articles?{parameter}=no_such_column")
    assert missing.status_code == 400
    assert "articles has no such column to sort by" in missing.text
