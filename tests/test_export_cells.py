"""CSV exports of crawled text a spreadsheet would run as a formula (CSV injection, OWASP):
such a cell is written with a ' before it, unless ``--raw-cells`` asks for it as stored."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from app.cli import cli

FORMULAS = {
    "https://inj.example.com/1": (
        '=HYPERLINK("http://evil.example","Click")',
        "=cmd|' /C calc'!A0",
    ),
    "https://inj.example.com/2": ("+SUM(A1:A9) of the harbour fees", "@Harbour Daily"),
    "https://inj.example.com/3": ("-2+3 is what the ferry council voted", "Plain Post"),
}


def _store(tmp_path: Path) -> Path:
    records = tmp_path / "csvinj.jsonl"
    records.write_text(
        "".join(
            json.dumps(
                {
                    "url": url,
                    "headline": headline,
                    "site": site,
                    "body": f"Body text about {url.rsplit('/', 1)[1]} and the markets today.",
                }
            )
            + "\n"
            for url, (headline, site) in FORMULAS.items()
        ),
        encoding="utf-8",
    )
    db = tmp_path / "news.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(records)])
    assert result.exit_code == 0, result.output
    return db


def _export(db: Path, *args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "csv", *args])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_a_cell_a_spreadsheet_would_run_starts_with_a_quote(tmp_path: Path) -> None:
    db = _store(tmp_path)
    articles = {row["url"]: row for row in _export(db, "--articles")}
    assert set(articles) == set(FORMULAS)
    for url, (headline, site) in FORMULAS.items():
        assert articles[url]["headline"] == "'" + headline
        assert articles[url]["site_name"] == (site if site[0].isalpha() else "'" + site)
    stories = _export(db)
    assert sorted(row["headline"] for row in stories) == sorted(
        "'" + headline for headline, _ in FORMULAS.values()
    )
    for row in [*articles.values(), *stories]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_raw_cells_writes_them_as_stored(tmp_path: Path) -> None:
    db = _store(tmp_path)
    articles = {row["url"]: row for row in _export(db, "--articles", "--raw-cells")}
    for url, (headline, site) in FORMULAS.items():
        assert articles[url]["headline"] == headline
        assert articles[url]["site_name"] == site
    refused = CliRunner().invoke(cli, ["--db", str(db), "export", "--raw-cells"])
    assert refused.exit_code == 2 and "--raw-cells is for --format csv" in refused.output
