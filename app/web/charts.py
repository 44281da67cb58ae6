"""The pictures of the web view as geometry: a story's timeline and a source's sparkline.

Pure functions from values to coordinates in an SVG user space; the templates
draw them inline (no script, no external asset) and escape every label.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

TIMELINE_WIDTH = 480
ROW_HEIGHT = 34
AXIS_HEIGHT = 30
MARGIN = 14
#: An axis over one instant still needs a span: this much either side.
MIN_HALF_SPAN = timedelta(minutes=30)


@dataclass(frozen=True)
class TimelinePoint:
    """One copy as the timeline needs it."""

    when: datetime
    label: str  # the outlet
    css: str  # the outlet's colour class
    hollow: bool  # only a first-seen time is known, no published time
    origin: bool
    title: str  # what a pointer over the mark says
    revisions: tuple[datetime, ...] = ()  # when a newer text replaced an earlier one


@dataclass(frozen=True)
class TimelineMark:
    x: float
    y: float  # the row's axis line
    label_y: float
    point: TimelinePoint
    revisions: tuple[float, ...]  # x of each revision on the same row


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    left: float
    right: float
    axis_y: float
    marks: tuple[TimelineMark, ...]
    ticks: tuple[Tick, ...]


def timeline(
    points: Sequence[TimelinePoint], label: Callable[[datetime, timedelta], str]
) -> Timeline:
    """One row per point, in the order given (the origin first), on a shared time axis.

    ``label(moment, span)`` writes a tick's text (the caller knows the reader's
    time zone; the span says whether dates or times are worth showing).
    """
    moments = [p.when for p in points] + [r for p in points for r in p.revisions]
    start, end = (min(moments), max(moments)) if moments else (datetime.min, datetime.min)
    if end - start < 2 * MIN_HALF_SPAN:
        middle = start + (end - start) / 2
        start, end = middle - MIN_HALF_SPAN, middle + MIN_HALF_SPAN
    left, right = MARGIN, TIMELINE_WIDTH - MARGIN
    span = end - start

    def x_of(moment: datetime) -> float:
        return round(left + (right - left) * ((moment - start) / span), 1)

    marks = []
    for row, point in enumerate(points):
        top = row * ROW_HEIGHT
        marks.append(
            TimelineMark(
                x_of(point.when),
                top + 24,
                top + 12,
                point,
                tuple(x_of(r) for r in point.revisions),
            )
        )
    axis_y = len(points) * ROW_HEIGHT + 6
    ticks = tuple(
        Tick(x_of(moment), label(moment, span)) for moment in (start, start + span / 2, end)
    )
    return Timeline(
        TIMELINE_WIDTH, int(axis_y + AXIS_HEIGHT), left, right, axis_y, tuple(marks), ticks
    )


SPARK_BAR = 8
SPARK_HEIGHT = 28


@dataclass(frozen=True)
class Bar:
    x: int
    y: float
    width: int
    height: float
    title: str


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    bars: tuple[Bar, ...]


def sparkline(values: Sequence[tuple[str, int]]) -> Sparkline:
    """Bars for (label, count) pairs, scaled to the largest count; an empty day is a 1 px stub."""
    top = max((count for _, count in values), default=0) or 1
    bars = []
    for index, (label, count) in enumerate(values):
        height = max(1.0, round((SPARK_HEIGHT - 2) * count / top, 1))
        bars.append(
            Bar(
                index * SPARK_BAR, SPARK_HEIGHT - height, SPARK_BAR - 2, height, f"{label}: {count}"
            )
        )
    return Sparkline(len(values) * SPARK_BAR, SPARK_HEIGHT, tuple(bars))
