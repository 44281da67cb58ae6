"""Reaching Redis: one line per failed attempt, then a growing wait before the next.

Redis at ``maxmemory`` is waited out the same way: the writer frees memory as it stores.

redis-py reconnects by itself on the next command after a lost connection;
what it does not do is wait between attempts or say what is wrong. Every
cluster process (worker, writer, coordinator) goes through here for that.
"""

from __future__ import annotations

import logging
import threading

import redis

from app.errors import ClusterUnavailable
from storage.stream import REDIS_ERRORS, describe_error, describe_url, out_of_memory

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
    """Log that Redis is out of reach or full (one line); how long to wait before retrying."""
    wait = backoff.next()
    logger.warning(
        "%s: %s (%s); retrying in %gs", who, redis_trouble(url, exc), describe_error(exc), wait
    )
    return wait


def redis_trouble(url: str, exc: BaseException) -> str:
    """What a :data:`REDIS_ERRORS` error means, in a few words naming the server."""
    if out_of_memory(exc):
        return f"Redis at {describe_url(url)} is out of memory (maxmemory)"
    return f"cannot reach Redis at {describe_url(url)}"


def refused_for_good(exc: BaseException) -> bool:
    """Redis answered, and will answer the same to every retry: a wrong password, a user
    without the right, a database number the server does not have."""
    return isinstance(exc, (redis.AuthenticationError, redis.ResponseError)) and not (
        out_of_memory(exc)
    )


def refusal(url: str, exc: BaseException) -> str:
    """One line saying that Redis refuses this process for good (:func:`refused_for_good`)."""
    return (
        f"Redis at {describe_url(url)} refuses this connection: {describe_error(exc)} "
        "(check cluster.redis_url: its password, user and /database)"
    )


def wait_for_redis(
    client: redis.Redis, url: str, who: str, logger: logging.Logger, stop: threading.Event
) -> bool:
    """Ping until Redis answers (True) or ``stop`` is set (False).

    Raises ClusterUnavailable when Redis refuses for good: retrying would never end.
    """
    backoff = Backoff()
    while not stop.is_set():
        try:
            client.ping()
            return True
        except (*REDIS_ERRORS, redis.ResponseError) as exc:
            if refused_for_good(exc):
                raise ClusterUnavailable(refusal(url, exc)) from None
            stop.wait(unreachable(logger, who, url, exc, backoff))
    return False
