"""The cluster part of ``aggregator status``: workers, queues, and how far behind the writer is.

Read from Redis only (the status command may run on any host). Because a
job and an article are deleted from their streams once done with, a stream's
length is what is still to do, and its first entry is the oldest waiting:
the age of the article stream's first entry is how far the writer is behind.
The same stream tells what each source's open job is doing: an entry not
delivered is queued, one in a worker's pending list is that worker's.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from typing import Any

import redis

from aggregator.config import ClusterSettings
from aggregator.schema import HostBackoff
from app.cluster.jobs import JOBS, RECLAIMED, WORKERS_GROUP, CrawlJob
from app.cluster.presence import WorkerBeat, WriterBeat, worker_beats, writer_beat
from app.cluster.writer import SET_ASIDE
from app.errors import ClusterUnavailable
from storage.stream import (
    ARTICLES,
    REDIS_ERRORS,
    SOCKET_TIMEOUT,
    WRITER_GROUP,
    connect,
    describe_error,
    describe_url,
    entry_time,
    read_backoffs,
)


@dataclass(frozen=True)
class StreamDepth:
    """Entries of a stream still to do: not delivered yet, and delivered but not done."""

    waiting: int
    in_hand: int
    oldest_age: float | None  # seconds since Redis added the oldest entry still there


@dataclass(frozen=True)
class SourceJob:
    """A source's open crawl job, from the job stream, for its row in ``aggregator status``.

    ``state``: ``queued`` (no worker has it yet), ``running`` (a worker holds it
    and renews its claim) or ``stalled`` (held by a worker that stopped renewing
    it for a lease: the next worker that asks takes it over). ``since``, in epoch
    seconds: when it was queued, when its crawl started (the worker's heartbeat
    names the job), or when the worker last claimed it.
    """

    job_id: str
    state: str
    worker: str | None
    since: float


@dataclass(frozen=True)
class ClusterStatus:
    redis: str
    now: float
    lease: float
    workers: list[WorkerBeat]
    jobs: StreamDepth
    jobs_reclaimed: int
    articles: StreamDepth
    set_aside: int
    writer: WriterBeat | None
    source_jobs: dict[str, SourceJob]  # source name -> its open job
    # Hosts the workers' crawls were asked (Retry-After) not to request yet (newsagg:backoffs).
    hosts_backed_off: list[HostBackoff] = dataclasses.field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            **dataclasses.asdict(self),
            "hosts_backed_off": [b.to_json() for b in self.hosts_backed_off],
        }


def read_cluster_status(
    settings: ClusterSettings, timeout: float = SOCKET_TIMEOUT
) -> ClusterStatus:
    """The cluster's status read from its Redis, or :class:`ClusterUnavailable` saying why not.

    The one reading behind ``aggregator status`` and the web view's Sources page;
    ``timeout``: seconds each Redis call may take.
    """
    url = settings.redis_url
    client = connect(url, timeout)
    try:
        return cluster_status(client, url, settings.lease.total_seconds())
    except REDIS_ERRORS as exc:
        raise ClusterUnavailable(
            f"cannot reach Redis at {describe_url(url)}: {describe_error(exc)}"
        ) from None
    except redis.RedisError as exc:  # reached, but refused a read (a permission, a wrong type)
        raise ClusterUnavailable(
            f"Redis at {describe_url(url)} refused a read: {describe_error(exc)}"
        ) from None
    finally:
        client.close()


def cluster_status(client: redis.Redis, url: str, lease: float) -> ClusterStatus:
    now = time.time()
    workers = worker_beats(client)
    return ClusterStatus(
        redis=describe_url(url),
        now=now,
        lease=lease,
        workers=workers,
        jobs=_depth(client, JOBS, WORKERS_GROUP, now),
        jobs_reclaimed=int(client.get(RECLAIMED) or 0),
        articles=_depth(client, ARTICLES, WRITER_GROUP, now),
        set_aside=int(client.xlen(SET_ASIDE)),
        writer=writer_beat(client),
        source_jobs=_source_jobs(client, workers, lease, now),
        hosts_backed_off=[
            b
            for b in read_backoffs(client).values()
            if b is not None and b.not_before.timestamp() > now
        ],
    )


def _source_jobs(
    client: redis.Redis, workers: list[WorkerBeat], lease: float, now: float
) -> dict[str, SourceJob]:
    """Each source's open job: the stream holds only queued and running jobs, one per source."""
    entries: Any = client.xrange(JOBS)
    if not entries:
        return {}
    try:
        held: Any = client.xpending_range(JOBS, WORKERS_GROUP, "-", "+", len(entries))
    except redis.ResponseError as exc:  # no worker has created the group yet
        if "NOGROUP" not in str(exc):
            raise
        held = []
    holders = {h["message_id"]: h for h in held}
    crawling = {b.job_id: b for b in workers if b.job_id is not None}
    jobs = {}
    for entry_id, fields in entries:
        job = CrawlJob.from_entry(entry_id, fields or {})
        holder = holders.get(entry_id)
        if holder is None:
            jobs[job.source] = SourceJob(job.id, "queued", None, job.enqueued_at)
            continue
        idle = holder["time_since_delivered"] / 1000
        beat = crawling.get(entry_id)
        started = beat.job_since if beat is not None and beat.job_since else now - idle
        state = "stalled" if idle > lease else "running"
        jobs[job.source] = SourceJob(job.id, state, str(holder["consumer"]), started)
    return jobs


def _holds(status: ClusterStatus, beat: WorkerBeat) -> bool:
    """Whether the job a worker's heartbeat names is still in that worker's hands."""
    job = status.source_jobs.get(beat.source or "")
    return job is not None and job.job_id == beat.job_id and job.worker == beat.worker


def _depth(client: redis.Redis, stream: str, group: str, now: float) -> StreamDepth:
    length = int(client.xlen(stream))
    in_hand = 0
    if length:
        groups: Any = client.xinfo_groups(stream)
        in_hand = sum(int(g["pending"]) for g in groups if g["name"] == group)
    first: Any = client.xrange(stream, count=1)
    oldest = now - entry_time(first[0][0]) if first else None
    return StreamDepth(max(0, length - in_hand), in_hand, oldest)


def status_lines(status: ClusterStatus) -> list[str]:
    """The cluster block of ``aggregator status``, as text lines."""
    now = status.now
    lines = [f"cluster (Redis {status.redis})"]
    if not status.workers:
        lines.append("  workers    none")
    for beat in status.workers:
        age = now - beat.beat_at
        state = "STALE " if age > status.lease else ""
        doing = (
            f"crawling {beat.source} (job {beat.job_id}) for {ago(now - (beat.job_since or now))}"
            if beat.source
            else "idle"
        )
        if state and beat.source and not _holds(status, beat):
            # Its last heartbeat names a job another worker took over (or finished) since.
            doing = f"stopped; its job {beat.job_id} ({beat.source}) was taken over"
        lines.append(
            f"  worker     {beat.worker:<28} {state}heartbeat {ago(age)} ago, {doing}, "
            f"{beat.crawls} crawls"
        )
    jobs, articles = status.jobs, status.articles
    lines.append(
        f"  jobs       {jobs.waiting} queued, {jobs.in_hand} running, "
        f"{status.jobs_reclaimed} taken over from stopped workers"
    )
    lines.append(
        f"  articles   {articles.waiting} waiting for the writer, {articles.in_hand} being "
        f"stored, {status.set_aside} set aside; writer lag "
        f"{ago(articles.oldest_age) if articles.oldest_age is not None else 'none'}"
    )
    writer = status.writer
    if writer is None:
        lines.append("  writer     none has started")
        return lines
    age = now - writer.beat_at
    latency = (
        f", push to commit p50 {writer.latency_p50:.2f}s p95 {writer.latency_p95:.2f}s"
        if writer.latency_p95 is not None and writer.latency_p50 is not None
        else ""
    )
    last = f"{ago(now - writer.last_commit_at)} ago" if writer.last_commit_at else "never"
    lines.append(
        f"  writer     {writer.writer:<28} {'STALE ' if age > status.lease else ''}heartbeat "
        f"{ago(age)} ago, last commit {last}, {writer.stored} stored, "
        f"{writer.redelivered} redelivered{latency}"
    )
    return lines


def ago(seconds: float) -> str:
    """A duration as status prints it: 4.2s, 12m, 3.5h."""
    seconds = max(0.0, seconds)
    if seconds < 90:
        return f"{seconds:.1f}s"
    if seconds < 5400:
        return f"{seconds / 60:.0f}m"
    return f"{seconds / 3600:.1f}h"
