"""``aggregator sources --check``: the config file checked alone (no network, no database),
every warning printed, exit status 2 when an entry is set aside; ``sources --json`` shows
each source as its crawls use it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from app.cli import cli

CONFIG = """\
database: {db}
sources:
  - name: aa
    feeds: ['http://127.0.0.1:9/aa.xml']
    user_agent: "Mozilla/5.0 qa-aa"
    headers: {{Cookie: "consent=yes", X-Qa: aa}}
    selectors: {{headline: h1.custom-head, remove: div.ad}}
    link_rules: {{allow: ['/news/']}}
  - name: bb
    feeds: ['http://127.0.0.1:9/bb.xml']
{bad}"""

BAD = """\
  - name: cc
    feeds: ['http://127.0.0.1:9/cc.xml']
    politeness: {download_dealy: 3}
"""


def _run(tmp_path: Path, bad: str, *args: str) -> tuple[int, str, str]:
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG.format(db=tmp_path / "news.db", bad=bad), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(path), "sources", *args])
    return result.exit_code, result.stdout, result.stderr


def test_check_exits_2_naming_each_set_aside_entry_and_touches_no_database(
    tmp_path: Path,
) -> None:
    code, out, err = _run(tmp_path, BAD, "--check")
    assert code == 2, (out, err)
    assert "sources[2].politeness.download_dealy (source 'cc')" in err
    assert out.strip().endswith(": 2 sources load, 1 set aside")
    assert not (tmp_path / "news.db").exists()


def test_check_of_a_good_file_exits_0(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, "", "--check")
    assert (code, err) == (0, ""), (out, err)
    assert out.strip().endswith(": 2 sources load, 0 set aside")


def test_check_sets_aside_a_parser_that_does_not_load(tmp_path: Path) -> None:
    bad = "  - {name: dd, feeds: ['http://127.0.0.1:9/d.xml'], parser: 'app.demo.parsers:Nope'}\n"
    code, _out, err = _run(tmp_path, bad, "--check")
    assert code == 2 and "source 'dd'" in err and "has no Nope" in err


def test_json_shows_the_source_as_its_crawls_use_it_with_header_values_masked(
    tmp_path: Path,
) -> None:
    code, out, _err = _run(tmp_path, "", "--json")
    assert code == 0
    aa = json.loads(out)[0]
    assert aa["user_agent"] == "Mozilla/5.0 qa-aa"
    assert aa["headers"] == {"Cookie": "***", "X-Qa": "***"}
    assert aa["selectors"] == {"headline": "h1.custom-head", "remove": ["div.ad"]}
    assert aa["link_rules"]["allow"] == ["/news/"] and aa["parser"] is None
    bb = json.loads(out)[1]
    assert bb["user_agent"].startswith("newsagg") and bb["headers"] == {}
