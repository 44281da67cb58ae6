"""One rule for how often leases are renewed (``ClusterSettings.renew_every``): the config
check on ``writer_wait`` and the worker's and the writer's cadence all read it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from aggregator.config import ClusterSettings

URL = "redis://127.0.0.1:6379/0"


def test_renew_every_is_a_third_of_the_lease() -> None:
    settings = ClusterSettings(redis_url=URL, lease=timedelta(seconds=30))
    assert settings.renew_every == timedelta(seconds=10)


@pytest.mark.parametrize("lease", [timedelta(seconds=3), timedelta(seconds=30)])
def test_writer_wait_is_bounded_by_renew_every(lease: timedelta) -> None:
    bound = ClusterSettings(redis_url=URL, lease=lease).renew_every
    under = bound - timedelta(milliseconds=1)
    assert ClusterSettings(redis_url=URL, lease=lease, writer_wait=under).writer_wait == under
    with pytest.raises(ValidationError, match="writer_wait"):
        ClusterSettings(redis_url=URL, lease=lease, writer_wait=bound)
