"""A daemon has a crawl queue exactly when its config has ``cluster:`` (review of stop
46, finding 7): a library caller's Daemon for a cluster config no longer builds its own
coordinator, and is told so before anything is opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aggregator.config import Config
from app.daemon.service import Daemon


def _config_doc(tmp_path: Path, cluster: bool) -> Config:
    document: dict[str, Any] = {
        "database": str(tmp_path / "news.db"),
        "sources": [{"name": "one", "feeds": ["http://127.0.0.1:9/feed.xml"]}],
    }
    if cluster:
        document["cluster"] = {"redis_url": "redis://127.0.0.1:9/0"}
    return Config.model_validate(document)


def test_a_cluster_daemon_without_a_crawl_queue_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="crawl queue if and only if"):
        Daemon(_config_doc(tmp_path, cluster=True), tmp_path / "news.db")
    assert not (tmp_path / "news.db").exists()  # refused before anything is opened


def test_a_daemon_without_cluster_given_a_crawl_queue_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="crawl queue if and only if"):
        Daemon(
            _config_doc(tmp_path, cluster=False),
            tmp_path / "news.db",
            crawl_queue=lambda ledger: pytest.fail("no queue is built"),
        )
    assert not (tmp_path / "news.db").exists()
