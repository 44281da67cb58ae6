"""A name a source or an alert may not have is explained in words, not shown as the regular
expression it must match: real config files, ``aggregator`` run as an
operator runs it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        (
            "sources:\n  - name: Alpha News\n    feeds: [https://alpha.example/feed]\n",
            "sources[0].name (source 'Alpha News') = 'Alpha News': expected a name of 1 to "
            "64 lowercase letters a-z, digits, '-' and '_', starting with a letter or digit "
            "(such as 'alpha-news'); source not loaded",
        ),
        (
            "sources: []\nalerts:\n  - name: x\n    query: fire\n    target: atom\n"
            "    secret_env: 9KEY\n",
            "alerts[0].secret_env = '9KEY': expected an environment variable's name: "
            "letters, digits and '_', not starting with a digit",
        ),
    ],
)
def test_a_name_that_does_not_fit_is_explained_in_words(
    tmp_path: Path, entry: str, says: str
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(entry, encoding="utf-8")
    result = run_cli("--config", str(config), "sources", timeout=60)
    (line,) = [line for line in result.stderr.splitlines() if "name" in line]
    assert says in line
    assert "^[" not in line  # no regular expression
