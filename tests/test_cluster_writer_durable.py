"""The cluster's writer (``aggregator writer``) opens its database durable: Redis is told
a batch is stored once it commits, and the entries are then deleted, so the commit must
outlive a power cut (``PRAGMA synchronous=FULL``, the WAL synced at each commit). Its
start line says the level its own connection reads, which an operator checks too. A real
writer process on a real redis-server and SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

from clusterkit import Cluster
from conftest import wait_for


def test_the_writer_says_its_database_syncs_each_commit(redis_url: str, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        json.dumps(
            {
                "database": str(tmp_path / "news.db"),
                "sources": [],
                "cluster": {"redis_url": redis_url},
            }
        )
    )
    cluster = Cluster(config, tmp_path)
    writer = cluster.start("writer")
    try:
        wait_for(lambda: "writer started" in writer.output(), 60, "the writer to start")
    finally:
        assert cluster.stop() == {"writer0": 0}, cluster.logs()
    (started,) = [line for line in writer.output().splitlines() if "writer started" in line]
    assert started.endswith(" synchronous=FULL"), started
