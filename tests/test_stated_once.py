"""A number or a help text the CLI shows is stated once, and the README's copy checked.

QA stop 46 (newcomer, finding 8): the Atom feed's 500 stories (``ATOM_STORIES``) was
written again in export's help and in the README, and ``--source`` read "Only stories
that this source ran." on the readers but "Only this source." on export.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from app.cli import cli
from app.cli.root import SOURCE_HELP
from app.export import ATOM_STORIES

REPO = Path(__file__).resolve().parent.parent


def _help(command: str) -> str:
    result = CliRunner().invoke(
        cli, [command, "--help"], prog_name="aggregator", terminal_width=400
    )
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_the_atom_feeds_size_is_the_constant_in_help_and_readme() -> None:
    assert f"an Atom feed of the latest {ATOM_STORIES} stories" in _help("export")
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    stated = re.findall(r"the latest (\d+) stories", readme)
    assert stated and {int(n) for n in stated} == {ATOM_STORIES}


def test_source_says_the_same_on_every_command_reading_stories() -> None:
    for command in ("stories", "search", "export"):
        assert f"--source TEXT {SOURCE_HELP}" in _help(command), command
