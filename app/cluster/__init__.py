"""Crawling on several hosts through Redis: a coordinator, workers and one writer.

* ``coordinator.py`` – the daemon's cluster mode: a due source becomes a job.
* ``jobs.py`` – the job queue (a Redis stream read by the ``workers`` group).
* ``leases.py`` – per-site leases, so two workers never fetch one site at once.
* ``worker.py`` – ``aggregator worker``: takes a job, leases the source's sites,
  runs the ordinary crawl child, which pushes its articles to the article stream.
* ``writer.py`` – ``aggregator writer``: the one process that writes the database.
* ``presence.py`` – heartbeats of workers and the writer; ``status.py`` – what
  ``aggregator status`` shows of all that.

The article stream itself (its format and the crawl's side) is
``storage.stream``; docs/scaling.md describes the whole and its failures.
``ClusterUnavailable``, the one error the roles raise for Redis out of reach, is
``app.errors``'s (every command catches it); it is still importable from here.
"""

from __future__ import annotations

from app.errors import ClusterUnavailable

__all__ = ["ClusterUnavailable"]
