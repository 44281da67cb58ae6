"""Schedules as triggers, back-off arithmetic and run-status decisions (pure functions)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from aggregator.config import Schedule
from app.daemon.ledger import consecutive_failures
from app.daemon.runner import decide_status
from app.daemon.schedule import (
    MAX_BACKOFF,
    backoff_delay,
    build_trigger,
    first_run,
    misfire_grace_seconds,
    period,
)
from storage.runs import RunRow

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
FIVE = timedelta(minutes=5)


def test_backoff_starts_at_threshold_doubles_and_caps() -> None:
    assert backoff_delay(FIVE, 2, 3) is None
    assert backoff_delay(FIVE, 3, 3) == 2 * FIVE
    assert backoff_delay(FIVE, 4, 3) == 4 * FIVE
    assert backoff_delay(FIVE, 1000, 3) == MAX_BACKOFF
    assert backoff_delay(timedelta(days=2), 5, 3) == timedelta(
        days=2
    )  # never shorter than the period


def test_first_run_of_interval_follows_last_start() -> None:
    every = Schedule(every=FIVE)
    assert first_run(every, T0) == T0  # never ran: at once
    assert first_run(every, T0, last_started=T0 - timedelta(minutes=2)) == T0 + timedelta(minutes=3)
    assert (
        first_run(every, T0, last_started=T0 - timedelta(hours=3)) == T0
    )  # overdue: at once, once
    backed = first_run(every, T0, last_started=T0, last_ended=T0, failures=3, threshold=3)
    assert backed == T0 + 2 * FIVE


def test_first_run_of_cron_stays_on_the_grid_when_backed_off() -> None:
    cron = Schedule(cron="0 * * * *", timezone="Europe/Berlin")
    assert first_run(cron, T0 + timedelta(minutes=1)) == T0 + timedelta(hours=1)
    # hourly, 3 failures at threshold 3: wait 2 h, then the next full hour
    backed = first_run(
        cron,
        T0 + timedelta(minutes=1),
        last_ended=T0 + timedelta(minutes=1),
        failures=3,
        threshold=3,
    )
    assert backed == T0 + timedelta(hours=3)
    assert period(cron, T0) == timedelta(hours=1)


def test_misfire_grace_is_half_a_period_within_bounds() -> None:
    assert misfire_grace_seconds(Schedule(every=FIVE), T0) == 150
    assert misfire_grace_seconds(Schedule(every=timedelta(seconds=1)), T0) == 1
    assert misfire_grace_seconds(Schedule(every=timedelta(days=1)), T0) == 3600


def test_catch_up_trigger_does_not_enumerate_years_of_missed_runs() -> None:
    trigger = build_trigger(Schedule(every=FIVE), start=T0)
    now = T0 + timedelta(days=3650)
    began = time.monotonic()
    times = []
    t: datetime | None = T0
    while t is not None and t <= now:  # what APScheduler's Job._get_run_times does
        times.append(t)
        t = trigger.get_next_fire_time(t, now)
    assert time.monotonic() - began < 0.5
    assert times == [T0, now]
    assert trigger.get_next_fire_time(now, now) == now + FIVE


def test_catch_up_trigger_is_plain_when_on_time() -> None:
    trigger = build_trigger(Schedule(every=FIVE), start=T0)
    assert trigger.get_next_fire_time(T0, T0) == T0 + FIVE
    assert trigger.get_next_fire_time(None, T0 + timedelta(minutes=1)) == T0 + FIVE


def test_decide_status() -> None:
    assert decide_status("running", 0, timed_out=False, interrupted=False) == "ok"
    assert decide_status("ok", 0, timed_out=False, interrupted=False) == "ok"
    assert (
        decide_status("closespider_timeout", 1, timed_out=False, interrupted=False)
        == "closespider_timeout"
    )
    assert decide_status("running", 1, timed_out=False, interrupted=False) == "failed"
    assert decide_status("ok", 3, timed_out=False, interrupted=False) == "failed"
    assert decide_status("running", -11, timed_out=False, interrupted=False) == "crashed"
    assert decide_status("shutdown", -9, timed_out=True, interrupted=False) == "timeout"
    assert decide_status("shutdown", 0, timed_out=False, interrupted=True) == "interrupted"


def _row(status: str) -> RunRow:
    return RunRow(
        id=1, source="s", started_at=T0, ended_at=T0, status=status, exit_code=0, pid=None
    )


def test_consecutive_failures_skip_stops_from_outside() -> None:
    runs = [_row(s) for s in ("timeout", "interrupted", "crashed", "failed", "ok", "failed")]
    assert consecutive_failures(runs) == 3
    assert consecutive_failures([_row("ok"), _row("failed")]) == 0


def test_cron_in_the_autumn_fold_moves_forward_once_a_day() -> None:
    trigger = build_trigger(Schedule(cron="30 2 * * *", timezone="Europe/Berlin"))
    first = trigger.get_next_fire_time(None, datetime(2026, 10, 24, 23, 0, tzinfo=UTC))
    assert first is not None
    for now in (first, first + timedelta(minutes=1), first + timedelta(hours=2)):
        nxt = trigger.get_next_fire_time(first, now)
        assert nxt is not None and nxt.astimezone(UTC) == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)
