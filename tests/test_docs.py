"""Docs as tests: the schema, the database, the CLI and the config say the same thing as their docs."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from app.cli import cli
from aggregator.config import Config, Source
from aggregator.schema import Article
from storage import open_db

REPO = Path(__file__).resolve().parent.parent


def _doc(name: str) -> str:
    return (REPO / name).read_text(encoding="utf-8")


def test_every_article_field_is_a_column(tmp_path: Path) -> None:
    db = open_db(tmp_path / "news.db")
    columns = set(db["articles"].columns_dict)
    fields = {f.name for f in dataclasses.fields(Article)}
    assert fields - columns == set()
    assert {"content_hash", "body_text"} <= columns


def test_every_column_is_documented(tmp_path: Path) -> None:
    db = open_db(tmp_path / "news.db")
    doc = _doc("docs/database.md")
    for table in db.table_names():
        if table.startswith("_") or table.startswith("articles_fts"):
            continue
        assert f"## {table}" in doc, f"table {table} has no section in docs/database.md"
        for column in db[table].columns_dict:
            assert f"`{column}`" in doc, f"{table}.{column} is not in docs/database.md"


def test_every_migration_is_listed(tmp_path: Path) -> None:
    from storage.migrations import migrations

    doc = _doc("docs/database.md")
    for migration in migrations._migrations:
        assert f"`{migration.name}`" in doc


def test_every_cli_command_is_in_the_readme() -> None:
    readme = _doc("README.md")
    for name in cli.commands:
        assert re.search(rf"aggregator {name}\b", readme), (
            f"'aggregator {name}' is not in README.md"
        )


def test_every_config_key_is_documented() -> None:
    doc = _doc("docs/configuration.md")
    for model in (Config, Source):
        for name in model.model_fields:
            if name == "path":
                continue
            assert f"`{name}`" in doc, f"{model.__name__}.{name} is not in docs/configuration.md"
