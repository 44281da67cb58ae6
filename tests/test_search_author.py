"""``--author`` finds a name whatever its case and accents, and says when no article is
by it (stop 46, QA finding 6): it compared the whole name exactly, case-insensitive
for ASCII only, and a miss was silent where an unknown ``--source`` is noted. A real
database filled through ``aggregator ingest``; the CLI's ``stories`` and ``search``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli

BYLINES = {
    "Harbour fees rise": ["Íñigo Peña"],
    "Ferry strike ends": ["Élodie Dupré", "Tomás Herrera"],
    "Harbour dredging starts": ["Ayşe Yılmaz"],
    "Harbour lights restored": ["Monika Walker"],
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("authors")
    config, db = folder / "config.yaml", folder / "news.db"
    config.write_text("sources: []\n", encoding="utf-8")
    records = folder / "in.jsonl"
    records.write_text(
        "".join(
            json.dumps(
                {
                    "url": f"https://news{n}.example/{n}",
                    "site": f"news{n}",
                    "headline": headline,
                    "body": f"{headline}: the harbour board met on Tuesday, {n} said.",
                    "authors": authors,
                },
                ensure_ascii=False,
            )
            + "\n"
            for n, (headline, authors) in enumerate(BYLINES.items())
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["--config", str(config), "--db", str(db), "ingest", str(records)]
    )
    assert result.exit_code == 0, result.output
    return config, db


def _listed(store: tuple[Path, Path], *args: str) -> tuple[set[str], str]:
    config, db = store
    result = CliRunner().invoke(cli, ["--config", str(config), "--db", str(db), *args, "--json"])
    assert result.exit_code == 0, result.output
    return {row["headline"] for row in json.loads(result.stdout)}, result.stderr


@pytest.mark.parametrize(
    ("author", "headline"),
    [
        ("Íñigo Peña", "Harbour fees rise"),
        ("íñigo peña", "Harbour fees rise"),
        ("Inigo Pena", "Harbour fees rise"),
        ("ÉLODIE DUPRÉ", "Ferry strike ends"),
        ("tomas herrera", "Ferry strike ends"),
        ("AYŞE YILMAZ", "Harbour dredging starts"),
        ("ayse yilmaz", "Harbour dredging starts"),
        ("monika  walker", "Harbour lights restored"),
    ],
)
@pytest.mark.parametrize("command", [("stories",), ("search", "harbour OR ferry")])
def test_an_author_is_found_whatever_its_case_and_accents(
    store: tuple[Path, Path], command: tuple[str, ...], author: str, headline: str
) -> None:
    found, noted = _listed(store, *command, "--author", author)
    assert found == {headline} and "note:" not in noted


@pytest.mark.parametrize("command", [("stories",), ("search", "harbour")])
def test_no_article_by_an_author_is_noted(
    store: tuple[Path, Path], command: tuple[str, ...]
) -> None:
    found, noted = _listed(store, *command, "--author", "Herrera")
    assert found == set()
    assert "note: no stored article is by author 'Herrera'" in noted
