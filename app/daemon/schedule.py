"""Schedules as APScheduler triggers, and the arithmetic of back-off (pure functions).

Nothing here touches the clock: every function takes ``now``. That keeps the
daemon's decisions testable, and lets ``aggregator status`` compute the next
run from the same rules the daemon applies.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from aggregator.config import Schedule
from app.daemon.ledger import consecutive_failures
from storage.runs import RunRow

MAX_BACKOFF = timedelta(hours=24)
MIN_MISFIRE_GRACE = 1  # seconds
MAX_MISFIRE_GRACE = 3600


class CatchUpTrigger(BaseTrigger):
    """A trigger that never enumerates missed fire times one by one.

    APScheduler computes every fire time between a job's ``next_run_time`` and
    now before coalescing them (apscheduler#526, #1066: a clock set ten years
    ahead means a million iterations on a 5-minute interval). When the fire
    time after ``previous`` is already due as well, runs were missed: this
    returns ``now`` instead, so the scheduler sees two due times, coalesces them
    into one run now, and the next fire time is computed from there.

    It also keeps a cron time inside autumn's repeated hour to one run.
    """

    def __init__(self, base: BaseTrigger) -> None:
        self.base = base

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        nxt = self.base.get_next_fire_time(previous_fire_time, now)
        if (
            previous_fire_time is not None
            and nxt is not None
            and nxt.timestamp() <= previous_fire_time.timestamp()
        ):
            # APScheduler 3.11's CronTrigger can return the previous instant
            # itself inside a DST fold; a trigger must move forward.
            nxt = self.base.get_next_fire_time(None, previous_fire_time + timedelta(seconds=1))
        if (
            isinstance(self.base, CronTrigger)
            and previous_fire_time is not None
            and nxt is not None
            and _same_wall_time(previous_fire_time, nxt)
        ):
            # Autumn's repeated hour: APScheduler 3.11 fires "30 2 * * *" at
            # 02:30 CEST and again at 02:30 CET; cron means once a day.
            nxt = self.base.get_next_fire_time(nxt, nxt)
        if (
            previous_fire_time is not None
            and nxt is not None
            and nxt <= now
            and now > previous_fire_time
        ):
            return now
        return nxt

    def __str__(self) -> str:
        return str(self.base)

    def __repr__(self) -> str:
        return f"CatchUpTrigger({self.base!r})"


def _same_wall_time(earlier: datetime, later: datetime) -> bool:
    """Both instants read the same on a wall clock of ``later``'s zone (a DST fold)."""
    local = earlier.astimezone(later.tzinfo)
    return (
        local.replace(tzinfo=None) == later.replace(tzinfo=None)
        and local.timestamp() != later.timestamp()
    )


def base_trigger(schedule: Schedule, *, start: datetime | None = None) -> BaseTrigger:
    """The plain APScheduler trigger for a schedule (interval grid anchored at ``start``)."""
    tz = ZoneInfo(schedule.timezone)
    jitter = int(schedule.jitter.total_seconds()) or None
    if schedule.every is not None:
        return IntervalTrigger(
            seconds=schedule.every.total_seconds(), start_date=start, timezone=tz, jitter=jitter
        )
    assert schedule.cron is not None  # Schedule validates exactly one of every/cron
    trigger = CronTrigger.from_crontab(schedule.cron, timezone=tz)
    trigger.jitter = jitter
    return trigger


def build_trigger(schedule: Schedule, *, start: datetime | None = None) -> CatchUpTrigger:
    """The trigger the daemon schedules a source with."""
    return CatchUpTrigger(base_trigger(schedule, start=start))


def period(schedule: Schedule, now: datetime) -> timedelta:
    """Nominal time between two runs: the interval, or the gap between the next two cron fires."""
    if schedule.every is not None:
        return schedule.every
    trigger = base_trigger(schedule.model_copy(update={"jitter": timedelta(0)}))
    first = trigger.get_next_fire_time(None, now)
    second = trigger.get_next_fire_time(first, first) if first else None
    if first is None or second is None:
        return MAX_BACKOFF
    return second - first


def misfire_grace_seconds(schedule: Schedule, now: datetime) -> int:
    """How late a run may start before it counts as missed: half the period, 1 s to 1 h.

    Late by more than half a period, the next regular run is nearer than the
    late one, so skipping it (with a WARNING) loses less than running twice.
    """
    half = period(schedule, now).total_seconds() / 2
    return int(max(MIN_MISFIRE_GRACE, min(half, MAX_MISFIRE_GRACE)))  # APScheduler wants an int


def backoff_delay(base: timedelta, failures: int, threshold: int) -> timedelta | None:
    """The wait before the next run of a source that failed ``failures`` times in a row.

    None below ``threshold``. From there the period doubles per failure
    (threshold → 2×, threshold+1 → 4×, …), capped at 24 h; a period already
    longer than the cap is left alone.
    """
    if failures < threshold:
        return None
    exponent = min(failures - threshold + 1, 20)  # 2**20 periods exceed any cap
    delay = base * (2**exponent)
    return max(base, min(delay, MAX_BACKOFF))


def first_run(
    schedule: Schedule,
    now: datetime,
    *,
    last_started: datetime | None = None,
    last_ended: datetime | None = None,
    failures: int = 0,
    threshold: int = 3,
) -> datetime:
    """When a source should run next, given its last run (used at start-up and by ``status``).

    An interval source runs one period after its last start, or at once when
    that moment has passed (or it never ran): a restart neither loses a run nor
    adds one. A cron source runs at its next fire time. A backed-off source
    waits at least its back-off delay after its last run ended.
    """
    not_before = now
    delay = backoff_delay(period(schedule, now), failures, threshold)
    last = last_ended or last_started
    if delay is not None and last is not None:
        not_before = max(now, last + delay)
    if schedule.every is not None:
        due = last_started + schedule.every if last_started else now
        return max(due, not_before)
    # cron: the first fire time at or after the back-off, so runs stay on the cron grid
    return base_trigger(schedule).get_next_fire_time(None, not_before) or not_before


def next_run_from_history(
    schedule: Schedule, now: datetime, runs: list[RunRow], *, threshold: int
) -> datetime:
    """:func:`first_run` from a source's recorded runs (newest first): the start-up and
    ``status`` reading of the same history, so the two never disagree."""
    latest = runs[0] if runs else None
    return first_run(
        schedule,
        now,
        last_started=latest.started_at if latest else None,
        last_ended=latest.ended_at if latest else None,
        failures=consecutive_failures(runs),
        threshold=threshold,
    )
