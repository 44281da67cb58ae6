"""Docs as tests: the schema, the database, the CLI and the config say what their docs say."""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel
from sqlite_utils import Database

from aggregator.config import Config, DedupSettings, Limits, Schedule, Selectors, Source
from aggregator.schema import Article
from app.cli import cli

REPO = Path(__file__).resolve().parent.parent


def _doc(name: str) -> str:
    return (REPO / name).read_text(encoding="utf-8")


def test_every_article_field_is_a_column(fresh_db: Database) -> None:
    db = fresh_db
    columns = set(db["articles"].columns_dict)
    fields = {f.name for f in dataclasses.fields(Article)}
    assert fields - columns == set()
    assert {"content_hash", "body_text"} <= columns


def test_every_column_is_documented(fresh_db: Database) -> None:
    db = fresh_db
    doc = _doc("docs/database.md")
    for table in db.table_names():
        # the full-text indexes' own tables (FTS5's); articles_cjk_fts and
        # articles_fold_fts have a section
        if table.startswith(("_", "articles_fts", "articles_cjk_fts_", "articles_fold_fts_")):
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


def _config_models(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """``model`` and every model nested in its fields (lists and optionals included); not
    those of fields the loader sets (excluded from the document: no key of the file)."""
    yield model
    for info in model.model_fields.values():
        if info.exclude:
            continue
        for arg in (info.annotation, *typing.get_args(info.annotation)):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                yield from _config_models(arg)


# The dedup thresholds are explained where the decision is: docs/dedup.md.
CONFIG_DOCS = {DedupSettings: "docs/dedup.md"}


def test_every_config_key_is_documented() -> None:
    models = list(dict.fromkeys(_config_models(Config)))
    assert {Source, Schedule, Limits, Selectors, DedupSettings} <= set(models)
    for model in models:
        where = CONFIG_DOCS.get(model, "docs/configuration.md")
        doc = _doc(where)
        for name, info in model.model_fields.items():
            if info.exclude:  # set by the loader, not by the file
                continue
            assert f"`{name}`" in doc, f"{model.__name__}.{name} is not in {where}"
