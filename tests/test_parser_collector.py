"""extract() pauses Python's cycle collector for one page and leaves it as it found it.

The pause is only sound because a parse leaves no reference cycles behind: what
reference counting frees is all there is. Both are checked on the seed page.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.parser import extract

PAGE = (Path(__file__).parent / "golden" / "seed" / "seed_copy.html").read_text("utf8")
URL = "https://caribbeandailyherald.example/2019/01/trump-kim-to-hold-a-second-summit/"
FETCHED = datetime(2019, 1, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def collector_state() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    gc.set_debug(0)
    gc.garbage.clear()
    (gc.enable if was_enabled else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False], ids=["on", "off"])
def test_the_collector_is_as_it_was_after_a_page(enabled: bool, collector_state: None) -> None:
    (gc.enable if enabled else gc.disable)()
    article = extract(PAGE, URL, fetched_at=FETCHED)
    assert article.headline and article.body
    assert gc.isenabled() is enabled


def test_the_collector_is_back_on_after_input_that_is_no_page(collector_state: None) -> None:
    gc.enable()
    for junk in ("", b"\xff\xfe\x00", "<" * 5000, "<div>" * 3000):
        extract(junk, URL, fetched_at=FETCHED)
        assert gc.isenabled()


def test_a_parse_leaves_nothing_for_the_cycle_collector(collector_state: None) -> None:
    first = extract(PAGE, URL, fetched_at=FETCHED)  # first-use imports and caches
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    again = [extract(PAGE, URL, fetched_at=FETCHED) for _ in range(3)]
    gc.collect()
    assert [type(obj).__name__ for obj in gc.garbage] == []
    assert all(a.body == first.body and a.authors == first.authors for a in again)
