"""What a reader's command pays for at start-up: not the parser it never runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Says, as the process ends, whether anything it ran imported the parser.
_REPORT_PARSER = (
    "import atexit, sys; "
    "atexit.register(lambda: print('parser imported' if 'aggregator.parser' in sys.modules "
    "else 'parser not imported', file=sys.stderr)); "
    "from app.cli import main; main()"
)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _REPORT_PARSER, *args],
        capture_output=True, text=True, timeout=120, cwd=REPO, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_search_on_a_store_does_not_import_the_parser(tmp_path: Path) -> None:
    # Catching the parser's and the record reader's errors in every command imported both
    # (a third of a second of patterns compiled) for commands that read no page.
    db = str(tmp_path / "news.db")
    migrated = _cli("--db", db, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    result = _cli("--db", db, "search", "summit")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "parser not imported"


def test_an_ingest_error_is_still_one_line(tmp_path: Path) -> None:
    result = _cli("--db", str(tmp_path / "news.db"), "ingest", str(tmp_path / "missing.jsonl"))
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: ") and "missing.jsonl" in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_dedup_policy_does_not_import_the_parser() -> None:
    # Dedup compares credits by the agencies' names; that table is core data
    # (aggregator/agencies.py), so the readers that show a story's origin (app/render.py)
    # import dedup's policy at the top without importing the parser with it.
    probe = (
        "import sys, aggregator.dedup.policy, app.render; "
        "print(sorted(m for m in sys.modules if m.startswith('aggregator.parser')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True, text=True, timeout=120, cwd=REPO, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
