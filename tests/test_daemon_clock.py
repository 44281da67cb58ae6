"""Clock jumps, faked the way APScheduler's own tests do it.

``datetime`` is replaced in ``apscheduler.schedulers.base`` and
``apscheduler.executors.base`` by a class whose ``now()`` reads a settable
clock, and ``scheduler._process_jobs()`` is called by hand; the system clock is
never touched. Runs are real (a child that exits 0), executed inline.
"""

from __future__ import annotations

import logging
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler

from aggregator.config import parse_config
from app.daemon.service import Daemon

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)

pytestmark = pytest.mark.timeout(60)


class ManualScheduler(BackgroundScheduler):
    """A BackgroundScheduler without its thread: the caller runs ``_process_jobs()``.

    For tests that fake the clock, as APScheduler's own tests do.
    """

    def start(self, paused: bool = False) -> None:
        from threading import Event

        self._event = Event()
        BaseScheduler.start(self, paused)

    def shutdown(self, wait: bool = True) -> None:
        BaseScheduler.shutdown(self, wait)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self, tz=None) -> datetime:  # type: ignore[no-untyped-def]
        return self.current.astimezone(tz) if tz else self.current.replace(tzinfo=None)

    def utc(self) -> datetime:
        return self.current


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock(T0)

    class FakeDatetime(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            return fake.now(tz)

    monkeypatch.setattr("apscheduler.schedulers.base.datetime", FakeDatetime)
    monkeypatch.setattr("apscheduler.executors.base.datetime", FakeDatetime)
    return fake


def make_daemon(tmp_path: Path, clock: Clock, schedule: str = "{every: 5m}") -> Daemon:
    config = parse_config(
        f"""
daemon: {{backoff_after_failures: 3}}
sources:
  - name: alpha
    feeds: [http://127.0.0.1:9/feed.xml]
    schedule: {schedule}
"""
    )
    daemon = Daemon(
        config,
        tmp_path / "news.db",
        command=lambda source, run_id: [sys.executable, "-c", "pass"],
        scheduler=ManualScheduler(timezone=UTC),
        executor=DebugExecutor(),
        clock=clock.utc,
        watch_clock=False,
    )
    daemon.start()
    return daemon


def step(daemon: Daemon) -> int:
    """One scheduler pass; returns how many runs it made."""
    before = daemon.runs_finished
    daemon.scheduler._process_jobs()
    return daemon.runs_finished - before


def test_on_time_runs_once_per_interval(tmp_path: Path, clock: Clock) -> None:
    daemon = make_daemon(tmp_path, clock)
    assert step(daemon) == 1  # never ran: at once
    clock.current = T0 + 4 * MINUTE
    assert step(daemon) == 0
    clock.current = T0 + 5 * MINUTE
    assert step(daemon) == 1
    daemon.stop(1)


def test_forward_jump_of_two_intervals_runs_once(tmp_path: Path, clock: Clock) -> None:
    daemon = make_daemon(tmp_path, clock)
    assert step(daemon) == 1
    clock.current = T0 + 10 * MINUTE
    assert step(daemon) == 1  # coalesced: 1 run, not 2
    assert step(daemon) == 0
    assert daemon.next_run("alpha") == T0 + 15 * MINUTE
    daemon.stop(1)


def test_forward_jump_of_ten_years_is_fast_and_runs_once(tmp_path: Path, clock: Clock) -> None:
    daemon = make_daemon(tmp_path, clock)
    assert step(daemon) == 1
    clock.current = T0 + timedelta(days=3653)
    began = time.monotonic()
    assert step(daemon) == 1
    assert time.monotonic() - began < 2.0  # no enumeration of a million missed fire times
    assert daemon.next_run("alpha") == clock.current + 5 * MINUTE
    daemon.stop(1)


def test_backward_jump_still_runs_within_one_interval(tmp_path: Path, clock: Clock) -> None:
    daemon = make_daemon(tmp_path, clock)
    assert step(daemon) == 1
    clock.current = T0 - timedelta(hours=1)  # clock set back an hour
    assert step(daemon) == 0
    daemon.on_clock_jump(-3600)  # what the clock watch thread calls
    clock.current = T0 - timedelta(hours=1) + 5 * MINUTE
    assert step(daemon) == 1  # one interval after the jump, not an hour and five minutes
    daemon.stop(1)


def test_a_missed_run_is_logged_with_the_source(
    tmp_path: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    daemon = make_daemon(tmp_path, clock)
    assert step(daemon) == 1
    # due at +5 min; the scheduler only gets to run at +8 min: later than the
    # grace (half the interval), and the next regular run is nearer
    clock.current = T0 + 8 * MINUTE
    with caplog.at_level(logging.WARNING, logger="app.daemon"):
        assert step(daemon) == 0
    missed = [r for r in caplog.records if r.name == "app.daemon" and "missed" in r.getMessage()]
    assert missed and "source=alpha" in missed[0].getMessage()
    assert missed[0].levelno == logging.WARNING
    clock.current = T0 + 10 * MINUTE
    assert step(daemon) == 1
    daemon.stop(1)


def test_cron_across_dst_fall_back_runs_once(tmp_path: Path, clock: Clock) -> None:
    # 2026-10-25 02:30 happens twice in Europe/Berlin (clocks go back at 03:00 CEST)
    start = datetime(2026, 10, 24, 23, 0, tzinfo=UTC)  # 01:00 CEST
    clock.current = start
    daemon = make_daemon(tmp_path, clock, schedule='{cron: "30 2 * * *", timezone: Europe/Berlin}')
    runs = 0
    t = start
    while t < start + timedelta(hours=5):
        clock.current = t
        runs += step(daemon)
        t += MINUTE
    assert runs == 1
    daemon.stop(1)
