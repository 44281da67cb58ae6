"""Who is at work: the heartbeats of workers and of the writer, for ``aggregator status``.

* ``newsagg:workers``, a hash: worker id (``host:pid``) → its :class:`WorkerBeat`
  as JSON, written every third of a lease. A worker that stops cleanly removes
  its field; one that died keeps it, with a heartbeat that grows old, until a
  starting worker prunes it.
* ``newsagg:writer``: the writer's :class:`WriterBeat` as JSON.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
from dataclasses import dataclass
from typing import Any, TypeVar

import redis

WORKERS = "newsagg:workers"
WRITER = "newsagg:writer"

B = TypeVar("B", "WorkerBeat", "WriterBeat")


def process_id() -> str:
    """This process as the cluster names it: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class WorkerBeat:
    """A worker's last heartbeat (times in epoch seconds) and the job it holds."""

    worker: str
    started_at: float
    beat_at: float
    crawls: int = 0
    job_id: str | None = None
    source: str | None = None
    job_since: float | None = None


@dataclass(frozen=True)
class WriterBeat:
    """The writer's last heartbeat and what it has stored since it started.

    ``latency_p50`` and ``latency_p95`` are seconds from push to commit over the
    last articles stored; ``redelivered`` the entries it found pending at start
    (read before a crash or a lost connection, not yet acknowledged).
    """

    writer: str
    started_at: float
    beat_at: float
    stored: int = 0
    batches: int = 0
    last_commit_at: float | None = None
    latency_p50: float | None = None
    latency_p95: float | None = None
    redelivered: int = 0
    set_aside: int = 0


def beat_worker(client: redis.Redis, beat: WorkerBeat) -> bool:
    """Write the heartbeat; False when Redis refused it for ``maxmemory``.

    A heartbeat only informs ``status``: a role at work must not stop for one.
    """
    try:
        client.hset(WORKERS, beat.worker, _dumps(beat))
    except redis.exceptions.OutOfMemoryError:
        return False
    return True


def forget_worker(client: redis.Redis, worker: str) -> None:
    client.hdel(WORKERS, worker)


def worker_beats(client: redis.Redis) -> list[WorkerBeat]:
    """Every worker's last heartbeat, oldest worker first."""
    raw: Any = client.hgetall(WORKERS)
    beats = [_loads(WorkerBeat, text) for text in raw.values()]
    return sorted((b for b in beats if b is not None), key=lambda b: b.started_at)


def beat_writer(client: redis.Redis, beat: WriterBeat) -> bool:
    """Write the heartbeat; False when Redis refused it for ``maxmemory``."""
    try:
        client.set(WRITER, _dumps(beat))
    except redis.exceptions.OutOfMemoryError:
        return False
    return True


def writer_beat(client: redis.Redis) -> WriterBeat | None:
    text: Any = client.get(WRITER)
    return _loads(WriterBeat, text) if text else None


def _dumps(beat: WorkerBeat | WriterBeat) -> str:
    return json.dumps(dataclasses.asdict(beat), separators=(",", ":"))


def _loads(kind: type[B], text: str) -> B | None:
    """A heartbeat back; None for one this version cannot read (another version's)."""
    try:
        return kind(**json.loads(text))
    except (ValueError, TypeError):
        return None
