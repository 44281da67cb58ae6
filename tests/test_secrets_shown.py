"""Secrets the operator writes in config.yaml are never shown (QA pass S, F2): a Redis
password, whether before the host (``redis://:pw@host``) or in the query (``?password=``,
redis-py's place for a unix socket's), is masked wherever ``cluster.redis_url`` is printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import free_port

from app.cli import cli
from storage.stream import describe_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://127.0.0.1:6399/0?password=hunter3", "redis://127.0.0.1:6399/0?password=***"),
        ("unix:///run/r.sock?db=0&password=hunter2", "unix:///run/r.sock?db=0&password=***"),
        ("redis://:hunter4@127.0.0.1/0", "redis://:***@127.0.0.1/0"),
        ("redis://u:hunter5@h/0?PASSWORD=hunter6", "redis://u:***@h/0?PASSWORD=***"),
        ("unix:///run/r.sock?db=2", "unix:///run/r.sock?db=2"),
    ],
)
def test_a_redis_password_is_masked_before_the_host_and_in_the_query(url: str, shown: str) -> None:
    assert describe_url(url) == shown


def test_status_does_not_print_a_password_from_the_query(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    port = free_port()  # nothing listens there
    config.write_text(
        "sources:\n  - {name: a, feeds: ['http://127.0.0.1:9/rss.xml']}\n"
        f"cluster: {{redis_url: 'redis://127.0.0.1:{port}/0?password=hunter3'}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert result.exit_code == 1
    assert f"cannot reach Redis at redis://127.0.0.1:{port}/0?password=***" in result.stderr
    assert "hunter3" not in result.output + result.stderr
