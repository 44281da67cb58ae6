"""Reaching Redis: one line per failed attempt, then a growing wait before the next.

redis-py reconnects by itself on the next command after a lost connection;
what it does not do is wait between attempts or say what is wrong. Every
cluster process (worker, writer, coordinator) goes through here for that.
"""

from __future__ import annotations

import logging
import threading

import redis

from storage.stream import REDIS_ERRORS, describe_error, describe_url

FIRST_WAIT = 1.0
LONGEST_WAIT = 30.0


class Backoff:
    """Waits of 1, 2, 4 … seconds, at most 30; back to 1 after a success."""

    def __init__(self, first: float = FIRST_WAIT, longest: float = LONGEST_WAIT) -> None:
        self.first = first
        self.longest = longest
        self._next = first

    def next(self) -> float:
        wait = self._next
        self._next = min(self._next * 2, self.longest)
        return wait

    def reset(self) -> None:
        self._next = self.first


def unreachable(
    logger: logging.Logger, who: str, url: str, exc: BaseException, backoff: Backoff
) -> float:
    """Log that Redis is out of reach (one line) and return how long to wait before retrying."""
    wait = backoff.next()
    logger.warning(
        "%s: cannot reach Redis at %s (%s); retrying in %gs",
        who,
        describe_url(url),
        describe_error(exc),
        wait,
    )
    return wait


def wait_for_redis(
    client: redis.Redis, url: str, who: str, logger: logging.Logger, stop: threading.Event
) -> bool:
    """Ping until Redis answers (True) or ``stop`` is set (False)."""
    backoff = Backoff()
    while not stop.is_set():
        try:
            client.ping()
            return True
        except REDIS_ERRORS as exc:
            stop.wait(unreachable(logger, who, url, exc, backoff))
    return False
