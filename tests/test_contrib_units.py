"""The systemd recipe of docs/operations.md creates what contrib's units run (QA pass D,
stop 45): the venv of every ``ExecStart``, the user, its home as working folder, and the
config file. Followed before, the unit failed at its start (203/EXEC: no venv).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
UNITS = sorted((REPO / "contrib").glob("*.service"))


def _recipe() -> list[str]:
    """The commands of operations.md's "Running under systemd" block, comments cut."""
    text = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    section = text.split("\n## Running under systemd\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"\n```\n(.*?)\n```\n", section, re.S)
    assert block is not None, "no command block under 'Running under systemd'"
    return [line.split("  #")[0].strip() for line in block.group(1).splitlines()]


def _settings(unit: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in unit.read_text().splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs if not key.startswith("#")}


def test_there_are_units() -> None:
    assert [u.name for u in UNITS] == [
        "newsagg-worker@.service",
        "newsagg-writer.service",
        "newsagg.service",
    ]


@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_the_recipe_creates_what_the_unit_runs(unit: Path) -> None:
    recipe = _recipe()
    settings = _settings(unit)
    command = shlex.split(settings["ExecStart"])
    program = Path(command[0])
    assert program.name == "aggregator" and program.parent.name == "bin"
    venv = program.parent.parent
    assert f"sudo python3 -m venv {venv}" in recipe
    assert any(line.startswith(f"sudo {venv}/bin/pip install .") for line in recipe)

    user, home = settings["User"], settings["WorkingDirectory"]
    assert f"sudo useradd --system --home {home} --create-home {user}" in recipe
    assert settings["ReadWritePaths"] == home
    config = command[command.index("--config") + 1]
    assert any(line.endswith(f"sudo cp config.yaml {config}") for line in recipe)
    text = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    assert f"# set database: {home}/news.db" in text  # the database where it may write


def test_the_daemons_unit_waits_out_its_longest_stop() -> None:
    """Review 52b F5: a stop lets crawls finish for the grace, terminates them (SIGTERM,
    SIGKILL a few seconds later), then waits for a run's row to be written behind another
    program's write lock (``JOB_WRITES_SECONDS``): 100 s with the default grace, over the
    unit's ``TimeoutStopSec=60``, so systemd killed a daemon still stopping."""
    from aggregator.config import DaemonSettings
    from app.daemon.runner import SIGKILL_AFTER_SECONDS
    from app.daemon.service import JOB_WRITES_SECONDS

    grace = DaemonSettings().grace_period.total_seconds()
    longest = grace + min(grace, SIGKILL_AFTER_SECONDS) + JOB_WRITES_SECONDS
    waits = _settings(REPO / "contrib" / "newsagg.service")["TimeoutStopSec"]
    assert int(waits) > longest
    text = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    assert f"`TimeoutStopSec={waits}` in the unit leaves" in text
