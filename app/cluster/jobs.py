"""The job queue: "crawl source S", from the coordinator to the workers.

Keys:

* ``newsagg:jobs``, a stream read through the consumer group ``workers``. An
  entry (``source``, ``enqueued_at``, ``by``, ``digest``: :func:`source_digest`
  of the source as the coordinator's config defines it) is delivered to one worker and
  stays in that worker's pending list while it crawls; the worker renews its
  claim every third of a lease, so a job whose worker died is idle for a lease
  and then taken over by the next worker that asks (``XAUTOCLAIM``). A job is
  deleted from the stream when its crawl is done: the stream holds the jobs
  queued or running.
* ``newsagg:job:<source>``: the id of the source's open job. The coordinator
  enqueues a source only when it has none, so a crawl that is still queued or
  running is not queued twice.
* ``newsagg:stats:jobs_reclaimed``: jobs taken over from a worker that stopped.

Each step that reads and then writes runs as one Lua script, so it is atomic.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from dataclasses import dataclass
from typing import Any

import redis

from aggregator.config import Config, Source

JOBS = "newsagg:jobs"
WORKERS_GROUP = "workers"
RECLAIMED = "newsagg:stats:jobs_reclaimed"


def open_job_key(source: str) -> str:
    return f"newsagg:job:{source}"


@dataclass(frozen=True)
class CrawlJob:
    """One queued crawl of a source."""

    id: str
    source: str
    enqueued_at: float
    by: str
    reclaimed: bool = False
    digest: str = ""  # empty: queued by an older coordinator, run unchecked

    @classmethod
    def from_entry(cls, entry_id: str, fields: dict[str, str], reclaimed: bool = False) -> CrawlJob:
        """The job an entry holds. A field that is not what we write (an entry from
        another program) reads as absent, so neither a worker nor ``status`` stops on it."""
        try:
            enqueued_at = float(fields.get("enqueued_at") or 0)
        except ValueError:
            enqueued_at = 0.0
        # Seconds since the epoch, and not in the future ("nan", "inf", milliseconds: none).
        if not (math.isfinite(enqueued_at) and 0 <= enqueued_at <= time.time() + 86400):
            enqueued_at = 0.0
        return cls(
            entry_id,
            fields.get("source", ""),
            enqueued_at,
            fields.get("by", ""),
            reclaimed,
            fields.get("digest", ""),
        )


def source_digest(config: Config, source: Source) -> str:
    """What a crawl of ``source`` depends on in the config, as a short hash: the source's
    definition (feeds, sitemaps, rules, schedule) and its politeness and limits as its
    crawls use them, merged over ``defaults`` (a worker whose defaults give another
    delay would crawl the site otherwise than planned).

    The coordinator puts it in each job; a worker whose config defines the source
    otherwise refuses the job rather than crawl another feed under its name. Dedup
    settings are not in it: the writer rebuilds a shipped fingerprint built with
    settings other than its own.
    """
    defined = {
        "source": source.model_dump(mode="json"),
        "politeness": config.politeness_for(source).model_dump(mode="json"),
        "limits": config.limits_for(source).model_dump(mode="json"),
    }
    text = json.dumps(defined, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def ensure_group(client: redis.Redis, stream: str, group: str) -> None:
    """Create the consumer group (and the stream) unless it exists.

    From the stream's start (id 0), not from now: entries added before the
    first reader came are delivered too.
    """
    try:
        client.xgroup_create(stream, group, id="0", mkstream=True)
    except redis.exceptions.OutOfMemoryError:
        # Refused at maxmemory even when there is nothing to create: fine if there is not.
        if not _has_group(client, stream, group):
            raise
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


def stream_gone(exc: redis.ResponseError) -> bool:
    """Whether Redis refused a read because the stream or its group is gone: Redis came back
    without its data (NOGROUP), or the key was deleted under a blocked read (FLUSHALL:
    UNBLOCKED)."""
    text = str(exc)
    return "NOGROUP" in text or text.startswith("UNBLOCKED")


def _has_group(client: redis.Redis, stream: str, group: str) -> bool:
    try:
        groups: Any = client.xinfo_groups(stream)
    except redis.ResponseError:  # no such stream
        return False
    return any(g["name"] == group for g in groups)


# KEYS[1] jobs stream, KEYS[2] the source's open-job key; ARGV source, enqueued_at, by, digest.
_ENQUEUE = """
local open = redis.call('GET', KEYS[2])
if open and #redis.call('XRANGE', KEYS[1], open, open) > 0 then return false end
local id = redis.call('XADD', KEYS[1], '*',
    'source', ARGV[1], 'enqueued_at', ARGV[2], 'by', ARGV[3], 'digest', ARGV[4])
redis.call('SET', KEYS[2], id)
return id
"""

# Every script below acts only on a job that is in the calling worker's pending list:
# a job taken over by another worker is that worker's now.
# KEYS[1] jobs stream, KEYS[2] open-job key; ARGV[1] group, ARGV[2] consumer, ARGV[3] job id.
_MINE = """
local mine = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1, ARGV[2])
if #mine == 0 then return 0 end
"""
_RENEW = (
    _MINE
    + """
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
return 1
"""
)
_DONE = (
    _MINE
    + """
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
redis.call('XDEL', KEYS[1], ARGV[3])
if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
return 1
"""
)
# ARGV[4..7]: the copy's source, enqueued_at, by, digest.
_REQUEUE = (
    _MINE
    + """
local id = redis.call('XADD', KEYS[1], '*',
    'source', ARGV[4], 'enqueued_at', ARGV[5], 'by', ARGV[6], 'digest', ARGV[7])
if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('SET', KEYS[2], id) end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[3])
redis.call('XDEL', KEYS[1], ARGV[3])
return id
"""
)


def enqueue(client: redis.Redis, source: str, by: str, digest: str = "") -> str | None:
    """Queue a crawl of ``source``; the job's id, or None when the source has an open job.

    ``digest``: :func:`source_digest` of the source in the queuing config.
    """
    script = client.register_script(_ENQUEUE)
    result = script(
        keys=[JOBS, open_job_key(source)], args=[source, f"{time.time():.3f}", by, digest]
    )
    return str(result) if result else None


class JobQueue:
    """A worker's side of the queue: take a job, keep it, finish it or put it back."""

    def __init__(self, client: redis.Redis, consumer: str, lease_seconds: float) -> None:
        self.client = client
        self.consumer = consumer
        self.lease_ms = int(lease_seconds * 1000)
        self._renew = client.register_script(_RENEW)
        self._done = client.register_script(_DONE)
        self._requeue = client.register_script(_REQUEUE)

    def take(self, block_seconds: float) -> CrawlJob | None:
        """The next job: first one a stopped worker left (idle for a lease), else a new one.

        Waits up to ``block_seconds`` for a new job; None if none came.
        """
        reclaimed: Any = self.client.xautoclaim(
            JOBS, WORKERS_GROUP, self.consumer, self.lease_ms, start_id="0-0", count=1
        )
        for entry_id, fields in reclaimed[1]:
            if fields:
                self.client.incr(RECLAIMED)
                return CrawlJob.from_entry(entry_id, fields, reclaimed=True)
        got: Any = self.client.xreadgroup(
            WORKERS_GROUP,
            self.consumer,
            {JOBS: ">"},
            count=1,
            block=max(1, int(block_seconds * 1000)),
        )
        for _stream, entries in got or []:
            for entry_id, fields in entries:
                return CrawlJob.from_entry(entry_id, fields or {})
        return None

    def renew(self, job: CrawlJob) -> bool:
        """Reset the job's idle time; False when it is no longer this worker's."""
        return bool(self._renew(keys=self._keys(job), args=self._args(job)))

    def done(self, job: CrawlJob) -> bool:
        """The crawl is over (however it ended): delete the job; False if it was not ours."""
        return bool(self._done(keys=self._keys(job), args=self._args(job)))

    def requeue(self, job: CrawlJob) -> str | None:
        """Put the job back at the queue's end (its sites are busy); the copy's id."""
        copy = [job.source, f"{job.enqueued_at:.3f}", job.by, job.digest]
        result = self._requeue(keys=self._keys(job), args=[*self._args(job), *copy])
        return str(result) if result else None

    def _keys(self, job: CrawlJob) -> list[str]:
        return [JOBS, open_job_key(job.source)]

    def _args(self, job: CrawlJob) -> list[str]:
        return [WORKERS_GROUP, self.consumer, job.id]
