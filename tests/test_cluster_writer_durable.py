"""The cluster's writer (``aggregator writer``) opens its database durable: Redis is told
a batch is stored once it commits, and the entries are then deleted, so the commit must
outlive a power cut (``PRAGMA synchronous=FULL``, the WAL synced at each commit). Its
start line says the level its own connection reads, which an operator checks too; so does
the line of its daily prune, whose own connection tells Redis the URLs it pruned. A real
writer process on a real redis-server and SQLite file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clusterkit import Cluster
from conftest import wait_for


def _writer_line(redis_url: str, tmp_path: Path, said: str, **settings: Any) -> str:
    """The line of a writer's log that contains ``said``, once it is there; the writer
    stopped (exit 0)."""
    config = tmp_path / "config.yaml"
    config.write_text(
        json.dumps(
            {
                "database": str(tmp_path / "news.db"),
                "sources": [],
                "cluster": {"redis_url": redis_url},
                **settings,
            }
        )
    )
    cluster = Cluster(config, tmp_path)
    writer = cluster.start("writer")
    try:
        wait_for(lambda: said in writer.output(), 60, f"the writer to log {said!r}")
    finally:
        assert cluster.stop() == {"writer0": 0}, cluster.logs()
    (line,) = [line for line in writer.output().splitlines() if said in line]
    return line


def test_the_writer_says_its_database_syncs_each_commit(redis_url: str, tmp_path: Path) -> None:
    started = _writer_line(redis_url, tmp_path, "writer started")
    assert started.endswith(" synchronous=FULL"), started


def test_the_writers_prune_syncs_each_commit_too(redis_url: str, tmp_path: Path) -> None:
    """The daily prune, on its own connection, sets the pruned URLs in the known-pages
    mirror after each commit: that commit must outlive a power cut as a batch's does."""
    pruned = _writer_line(redis_url, tmp_path, "prune cutoff=", retention={"keep": "30d"})
    assert pruned.endswith(" synchronous=FULL"), pruned
