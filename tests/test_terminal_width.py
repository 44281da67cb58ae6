"""Text output measures terminal columns, not characters (QA readers 52, finding 7).

A Chinese or Japanese outlet name shifted the headline column of ``stories`` by its
character count, and ``show`` printed a Japanese paragraph (no spaces) as one line 110
columns wide at the wrap width of 88. A real database filled through ``aggregator
ingest``, read through the CLI.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import cli

JAPANESE = "東京都は新しい競技場の建設計画を発表した。完成は三年後の予定である。"
RECORDS = [
    {
        "url": "https://toto.example/stadium",
        "site": "東都新聞",
        "headline": "東京都、新しい競技場の建設を発表",
        "body": [JAPANESE * 3],
    },
    {
        "url": "https://huanqiu.example/talks",
        "site": "环球新闻网环球新闻网环球新闻网",  # wider than the column: cut
        "headline": "外交部发言人就气候谈判答记者问",
        "body": ["外交部发言人今天就气候谈判回答了记者的提问，表示中方愿与各方加强合作。"],
    },
    {
        "url": "https://herald.example/ferry",
        "site": "Zürcher Tagblatt",
        "headline": "Harbour ferry returns after dredging",
        "body": ["The harbour ferry returned to service after the channel was dredged."],
    },
]


def _columns(text: str) -> int:
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("widths")
    records = folder / "in.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(folder / "news.db"), "ingest", str(records)])
    assert result.exit_code == 0, result.output
    return folder / "news.db"


def _run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_headline_column_starts_at_one_place_whatever_the_origins_script(db: Path) -> None:
    lines = _run(db, "stories").splitlines()
    assert len(lines) == len(RECORDS)
    starts = set()
    for line, record in zip(lines, reversed(RECORDS), strict=True):
        at = line.index(str(record["headline"]))
        starts.add(_columns(line[:at]))
    assert len(starts) == 1, lines
    assert "环球新闻网环球新闻… " in lines[1]  # cut to its 20 columns, and said so


def test_a_paragraph_without_spaces_is_wrapped_to_the_width(db: Path) -> None:
    shown = _run(db, "show", "1")
    body = [line for line in shown.splitlines() if line.startswith("  ") and "。" in line]
    assert len(body) > 1 and "".join(line.strip() for line in body) == JAPANESE * 3
    assert max(_columns(line) for line in body) <= 88


# A Latin paragraph holding one wide character (a CJK name), and its twin with two narrow
# characters in its place: as wide, so "as before" is the twin's wrapping.
HYPHENATED = (
    "Late on Friday the Kobe-based operator WIDE said the state-of-the-art ferry, a long-awaited "
    "replacement for the weather-beaten vessel, would enter service in mid-March after "
    "well-publicised delays at the Osaka-built yard; its cross-bay route is co-funded "
    "by the city-owned port and the prefecture's state-run development bank."
)


def _body_lines(folder: Path, wide: str) -> list[str]:
    paragraph = HYPHENATED.replace("WIDE", wide)
    record = {
        "url": "https://kobe.example/ferry",
        "site": "Kobe Harbour News",
        "headline": "New ferry enters service",
        "body": [paragraph],
    }
    folder.mkdir()
    (folder / "in.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = folder / "news.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(folder / "in.jsonl")])
    assert result.exit_code == 0, result.output
    lines = _run(db, "show", "1").splitlines()
    return [line for line in lines if line.startswith("  ") and line.strip() in paragraph]


def test_a_latin_paragraph_with_one_wide_character_wraps_as_before(tmp_path: Path) -> None:
    """Review 52b F8: one wide character sent the whole paragraph to the wrapping by
    columns, which broke only at spaces: no longer after a hyphen, as textwrap does."""
    narrow = _body_lines(tmp_path / "narrow", "XX")
    assert any(line.endswith("-") for line in narrow), narrow  # a break after a hyphen
    assert _body_lines(tmp_path / "wide", "神") == [line.replace("XX", "神") for line in narrow]
