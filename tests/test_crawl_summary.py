"""What `aggregator crawl` prints for a source is what its crawl_runs row records: the
summary reads the crawl's stats under the keys the pipeline counts under (spiders/stats.py),
the row the pipeline's own counts."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from conftest import demo_config_text, run_cli

SUMMARY = re.compile(
    r"^(?P<source>\w+): \w+; \d+ article pages fetched, (?P<new>\d+) new, "
    r"(?P<updated>\d+) updated, (?P<unchanged>\d+) unchanged",
    re.MULTILINE,
)


def _printed_and_recorded(config: Path, db: Path) -> tuple[dict[str, tuple[int, ...]], ...]:
    result = run_cli("--config", str(config), "crawl", "wirewire", "metroherald")
    assert result.returncode == 0, result.stderr[-2000:]
    printed = {
        m["source"]: (int(m["new"]), int(m["updated"]), int(m["unchanged"]))
        for m in SUMMARY.finditer(result.stdout)
    }
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT source, articles_new, articles_updated, articles_unchanged FROM crawl_runs "
            "WHERE id IN (SELECT max(id) FROM crawl_runs GROUP BY source)"
        ).fetchall()
    return printed, {source: tuple(counts) for source, *counts in rows}


def test_the_summary_line_is_the_recorded_run(demo_network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, config = tmp_path / "news.db", tmp_path / "config.yaml"
    config.write_text(demo_config_text(demo_network.base_port, db), encoding="utf-8")
    printed, recorded = _printed_and_recorded(config, db)  # everything new
    assert printed == recorded and set(printed) == {"wirewire", "metroherald"}
    assert all(new > 0 for new, _, _ in printed.values())
    printed, recorded = _printed_and_recorded(config, db)  # nothing new
    assert printed == recorded
    assert all(new == 0 and unchanged > 0 for new, _, unchanged in printed.values())
