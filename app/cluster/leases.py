"""Site leases: while a worker crawls a source, no other worker fetches its sites.

A source's sites are the ``host[:port]`` of each discovery URL (what robots.txt
and Scrapy's per-site delays apply to) and each ``allowed_domains`` entry that
is not already one of those hosts. Each site is a Redis key
``newsagg:lease:site:<site>`` set with ``SET NX PX``, its value naming the
holder; the worker renews them every third of a lease while its crawl runs and
deletes them when it ends. A worker that dies stops renewing: its leases expire
one lease later, and only then may another worker take the sites.

The one writer holds ``newsagg:lease:writer`` the same way.

A lease is taken by a script flagged ``allow-oom`` (Redis 7): with Redis at
``maxmemory`` (``noeviction``) a plain ``SET`` is refused, and the writer, the
one process that frees memory (it deletes what it stored), could then never
start. A lease is a few bytes.
"""

from __future__ import annotations

import redis

SITE_LEASE = "newsagg:lease:site:"
WRITER_LEASE = "newsagg:lease:writer"


# KEYS[1] the lease; ARGV[1] holder, ARGV[2] milliseconds. The flag lets it run at maxmemory.
_TAKE = """#!lua flags=allow-oom
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
"""
_RENEW = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
"""


class Lease:
    """One named lease (``SET NX PX``), held under ``holder`` for ``seconds``."""

    def __init__(self, client: redis.Redis, name: str, holder: str, seconds: float) -> None:
        self.name = name
        self.holder = holder
        self._args: list[str | int] = [holder, int(seconds * 1000)]
        self._take = client.register_script(_TAKE)
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)

    def take(self) -> bool:
        return bool(self._take(keys=[self.name], args=self._args))

    def renew(self) -> bool:
        """Extend to a full lease from now; False if it expired and is not ours any more."""
        return bool(self._renew(keys=[self.name], args=self._args))

    def release(self) -> None:
        # Expired already (and maybe taken since): nothing of ours to delete.
        self._release(keys=[self.name], args=[self.holder])


class SiteLeases:
    """The leases of one source's sites, taken all or none."""

    def __init__(self, client: redis.Redis, sites: list[str], holder: str, seconds: float) -> None:
        self.client = client
        self.leases = [Lease(client, SITE_LEASE + site, holder, seconds) for site in sites]
        self.held: list[Lease] = []

    def take(self) -> str | None:
        """Take every site's lease; None, or the first site someone else holds (none taken)."""
        for lease in self.leases:  # sorted: two workers contend for the first site first
            if not lease.take():
                self.release()
                return lease.name.removeprefix(SITE_LEASE)
            self.held.append(lease)
        return None

    def renew(self) -> bool:
        """Renew all; False if any was lost (its crawl must stop: another may take the site)."""
        return all([lease.renew() for lease in self.held])

    def release(self) -> None:
        for lease in self.held:
            lease.release()
        self.held = []
