"""A new operator's walkthrough (2026-12-05): the rough edges met following the docs.

Each test failed before its fix: the command list's summaries cut mid-phrase,
options without a word of help, a reader that met an SQLite file without
newsagg's tables ("no such table: stories"), readers silent on an empty
database, and a crawl stopped by Ctrl-C that ended like a failure (exit 1, no
word of what was kept). docs/operations.md, "Operator walkthrough
(2026-12-05)", lists what was tried and what was left.
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from app.cli import cli

pytestmark = pytest.mark.timeout(120)


def _invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), prog_name="aggregator")


def _commands(group: click.Group, path: str = "aggregator") -> list[tuple[str, click.Command]]:
    """Every command under ``group``, with its path, subgroups' own commands included."""
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        if command.hidden:
            continue
        found.append((f"{path} {name}", command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, f"{path} {name}"))
    return found


# --- --help --------------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["", "alerts"])
def test_help_lists_each_command_with_its_whole_summary(group: str) -> None:
    """`aggregator --help` cut 14 of 16 summaries at the line's end ("Crawl SOURCES (names
    from the config) once and store what they..."); each is its first sentence, whole."""
    result = _invoke(*([group] if group else []), "--help")
    assert result.exit_code == 0
    listing = result.output.split("Commands:\n", 1)[1]
    assert "..." not in listing
    words = " ".join(listing.split())
    whole = {
        "": "crawl Crawl SOURCES (names from the config) once and store what they publish.",
        "alerts": "as the daemon does every alert_delivery.every.",
    }
    assert whole[group] in words


def test_every_option_says_what_it_does() -> None:
    """`export --format` and the daemon's, worker's and writer's --log-level had no help."""
    silent = [
        f"{path} {option.opts[0]}"
        for path, command in _commands(cli)
        for option in command.params
        if isinstance(option, click.Option) and not option.hidden and not option.help
    ]
    assert silent == []


@pytest.mark.parametrize("command", ["stories", "search", "export", "crawl", "extract", "ingest"])
def test_the_main_commands_help_shows_an_example(command: str) -> None:
    result = _invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"    aggregator {command} " in result.output
