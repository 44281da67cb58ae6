"""The test servers started on a picked port start whatever else runs on the machine.

A port is picked free (conftest.free_port), then bound by redis-server or aggregator
serve a moment later: another program (a second test run, a CI job beside) may take it
in between. The session's Redis, and with it every cluster test, or a web test then
failed to start; a Redis of another program on the port was taken for the test's own.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import conftest
import pytest
from clusterkit import RedisServer

pytestmark = pytest.mark.timeout(60)
needs_redis = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed"
)


def _pid_answering(server: RedisServer) -> int:
    import redis

    client = redis.Redis(port=server.port, socket_connect_timeout=2, socket_timeout=2)
    try:
        return int(client.info("server")["process_id"])
    finally:
        client.close()


@needs_redis
def test_a_picked_port_taken_before_redis_binds_it_is_replaced_by_another(tmp_path: Path) -> None:
    server = RedisServer(tmp_path / "redis")
    taken = server.port
    with socket.socket() as other:  # another program binds the port first
        other.bind(("127.0.0.1", taken))
        server.start()
    try:
        assert server.port != taken
        assert server.process is not None and _pid_answering(server) == server.process.pid
    finally:
        server.stop()


@needs_redis
def test_another_redis_on_the_picked_port_is_never_taken_for_this_one(tmp_path: Path) -> None:
    other = RedisServer(tmp_path / "other").start()
    server = RedisServer(tmp_path / "redis")
    server.port = other.port  # picked free, then taken by another program's Redis
    try:
        server.start()
        assert server.port != other.port
        assert server.process is not None and _pid_answering(server) == server.process.pid
    finally:
        server.stop()
        other.stop()


@needs_redis
def test_a_port_given_and_taken_is_an_error_naming_the_cause(tmp_path: Path) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        server = RedisServer(tmp_path / "redis", port=other.getsockname()[1])
        with pytest.raises(AssertionError, match="Address already in use"):
            server.start()


@needs_redis
def test_a_restart_on_a_taken_port_never_moves_to_another(tmp_path: Path) -> None:
    # the cluster's URL names the first port: a restart elsewhere would be lost to it
    server = RedisServer(tmp_path / "redis").start()
    port = server.port
    server.kill()
    with socket.socket() as other:  # another program takes the port meanwhile
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        other.bind(("127.0.0.1", port))
        other.listen()
        with pytest.raises(AssertionError, match="Address already in use"):
            server.start()
    assert server.port == port


@needs_redis
def test_a_server_counts_as_started_once_its_data_is_loaded(tmp_path: Path) -> None:
    # Redis answers INFO while it loads its append-only file and refuses every command
    # then (BusyLoadingError): a test's first command right after a restart met it.
    # A start on an append-only file written beforehand (the single-file form Redis 7
    # still reads) loads as a restart does, for long enough to see.
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    keys = 500_000
    folder = tmp_path / "redis"
    folder.mkdir()
    (folder / "appendonly.aof").write_bytes(
        b"".join(
            b"*3\r\n$3\r\nSET\r\n$%d\r\nk%d\r\n$1\r\nx\r\n" % (len(str(i)) + 1, i)
            for i in range(keys)
        )
    )
    server = RedisServer(folder).start()
    # no retries: redis-py's own (BusyLoadingError is a ConnectionError) hide a short load
    client = redis.Redis(port=server.port, retry=Retry(NoBackoff(), 0))
    try:
        assert client.dbsize() == keys
    finally:
        client.close()
        server.stop()


def test_serve_on_a_picked_port_taken_meanwhile_starts_on_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage.db import open_db

    config = tmp_path / "config.yaml"
    config.write_text(f"database: {tmp_path / 'news.db'}\n", encoding="utf-8")
    open_db(tmp_path / "news.db").close()
    with socket.socket() as other:  # another program binds the first port picked
        other.bind(("127.0.0.1", 0))
        taken = other.getsockname()[1]
        picks = iter([taken])
        pick = conftest.free_port
        monkeypatch.setattr(conftest, "free_port", lambda: next(picks, None) or pick())
        with conftest.serving(config, tmp_path / "news.db") as (base, process):
            assert not base.endswith(f":{taken}") and process.poll() is None
