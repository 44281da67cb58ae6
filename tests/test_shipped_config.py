"""The shipped config.yaml is what `aggregator demo --print-config` prints, byte for byte,
and states only what differs from the built-in defaults.

QA stop 46 (newcomer, finding 3): config.yaml sent `newsagg/0.1` while the package is
0.2.0 (the built-in user agent carries the installed version), repeated nine built-in
defaults (a changed built-in did not reach it), and `--print-config`, described as "what
config.yaml ships", printed another file: no defaults block, so no `max_age: 7d`.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from aggregator.config import Config, load_config
from aggregator.config.model import default_user_agent
from app.cli import cli

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "config.yaml"


def test_the_shipped_config_is_what_print_config_prints() -> None:
    result = CliRunner().invoke(cli, ["demo", "--print-config"], prog_name="aggregator")
    assert result.exit_code == 0, result.output
    assert result.stdout == SHIPPED.read_text(encoding="utf-8")


def test_the_shipped_config_sends_the_built_in_user_agent() -> None:
    config = load_config(SHIPPED)
    assert "user_agent" not in yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    assert config.user_agent == default_user_agent()


def test_the_shipped_defaults_state_only_what_differs_from_the_built_ins() -> None:
    raw = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))["defaults"]
    shipped, built_in = load_config(SHIPPED).defaults, Config().defaults
    stated = {(block, key) for block, keys in raw.items() for key in keys}
    for block, key in stated:
        assert getattr(getattr(shipped, block), key) != getattr(getattr(built_in, block), key), (
            f"config.yaml's defaults.{block}.{key} repeats the built-in default"
        )
    # A schedule that gives only its jitter keeps the built-in interval (config-47, F6).
    assert "every" not in raw["schedule"]
    assert shipped.schedule.every == built_in.schedule.every
