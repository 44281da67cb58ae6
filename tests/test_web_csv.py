"""The web view's CSV download (Datasette's .csv, the link on every table page) guards
formula cells as ``aggregator export --format csv`` does (QA pass S, F5): a served
``aggregator serve`` on 127.0.0.1, a database filled by ``aggregator ingest``."""

from __future__ import annotations

import csv
import io
import urllib.request
from pathlib import Path

import pytest
from conftest import serving
from test_export_cells import FORMULAS, _store

from app.web.csv_cells import guard_csv

pytestmark = pytest.mark.timeout(90)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_numbers_stay_numbers_and_the_header_row_as_it_is() -> None:
    assert guard_csv("id,score,text\r\n1,-3,-2+3\r\n2,1.5e3,=A1\r\n") == (
        "id,score,text\r\n1,-3,'-2+3\r\n2,1.5e3,'=A1\r\n"
    )


def test_the_web_views_csv_has_no_cell_a_spreadsheet_would_run(tmp_path: Path) -> None:
    db = _store(tmp_path)
    config = tmp_path / "config.yaml"
    config.write_text(f"database: {db}\n", encoding="utf-8")
    with serving(config, db) as (base, _process):
        for path in (f"/{db.stem}/articles.csv", f"/{db.stem}/articles.csv?_dl=1"):
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200
                text = response.read().decode("utf-8")
            rows = {row["url"]: row for row in csv.DictReader(io.StringIO(text))}
            assert set(rows) == set(FORMULAS)
            for url, (headline, _site) in FORMULAS.items():
                assert rows[url]["headline"] == "'" + headline
            for row in rows.values():
                assert not any(cell.startswith(FORMULA_STARTS) for cell in row.values()), row
