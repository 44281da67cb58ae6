"""The whole pipeline on the demo network: crawl → parse → dedup → SQLite → readers.

`aggregator demo` runs once per test session (fixture ``demo_run``) in a child
process against the session's demo network, into a fresh database.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from pathlib import Path

from click.testing import CliRunner
from conftest import REPO, SEED_TEXT, run_cli

from app.cli import cli
from app.demo import ground_truth


def _stored(db: Path) -> dict[str, tuple[int, int]]:
    """path → (article id, story id) of every stored article."""
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT url, id, story_id FROM articles").fetchall()
    conn.close()
    return {"/" + url.split("/", 3)[3]: (aid, sid) for url, aid, sid in rows}


def test_demo_stores_every_article_once(demo_run) -> None:  # type: ignore[no-untyped-def]
    stored = _stored(demo_run.db)
    expected = {a.path for a in ground_truth()}
    assert set(stored) == expected


def test_demo_crawl_meets_no_error(demo_run) -> None:  # type: ignore[no-untyped-def]
    """Every `aggregator demo` warned "plainpost: the listing page …/privacy/ answered
    HTTP 404" and `status` said "ok, 3 errors": its pages linked /about/, /contact/ and
    /privacy/, which the network did not serve (QA 2026-12-06, item 11)."""
    assert demo_run.stderr == ""
    status = run_cli("--config", str(demo_run.config), "status", "--json")
    assert status.returncode == 0, status.stderr
    runs = {s["source"]: s["last_run"] for s in json.loads(status.stdout)["sources"]}
    assert set(runs) == {a.outlet for a in ground_truth()}
    assert {name: (run["status"], run["errors"]) for name, run in runs.items()} == {
        name: ("ok", {}) for name in runs
    }


def test_stories_match_the_ground_truth_partition(demo_run) -> None:  # type: ignore[no-untyped-def]
    """Copies of one text share a story; independent reports of one event do not."""
    stored = _stored(demo_run.db)
    by_story_key: dict[str, set[int]] = defaultdict(set)
    for article in ground_truth():
        by_story_key[article.story_key].add(stored[article.path][1])
    for key, story_ids in by_story_key.items():
        assert len(story_ids) == 1, f"copies of {key} split over stories {story_ids}"
    owners: dict[int, str] = {}
    for key, story_ids in by_story_key.items():
        (story_id,) = story_ids
        assert story_id not in owners, f"{key} merged with {owners.get(story_id)}"
        owners[story_id] = key


def test_seed_copy_is_merged_with_its_original_and_kept_apart_from_the_independent_report(
    demo_run,
) -> None:  # type: ignore[no-untyped-def]
    truth = ground_truth()
    seed_copy = next(
        a for a in truth if "Monika Walker" in a.authors and a.story_key.startswith("bbc-")
    )
    stored = _stored(demo_run.db)
    copies = [a for a in truth if a.story_key == seed_copy.story_key]
    independent = [
        a
        for a in truth
        if a.event_key == seed_copy.event_key and a.story_key != seed_copy.story_key
    ]
    assert len(copies) >= 3 and independent
    seed_story = stored[seed_copy.path][1]
    assert {stored[a.path][1] for a in copies} == {seed_story}
    assert all(stored[a.path][1] != seed_story for a in independent)


def test_seed_copy_is_parsed_right(demo_run) -> None:  # type: ignore[no-untyped-def]
    seed_lines = [
        line.strip() for line in SEED_TEXT.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    body_start = seed_lines.index("Updated") + 1
    body_end = seed_lines.index("Author Profile")
    conn = sqlite3.connect(demo_run.db)
    row = conn.execute(
        "SELECT headline, authors, published_at, updated_at, body, related FROM articles "
        "WHERE headline = ?",
        [seed_lines[0]],
    ).fetchone()
    conn.close()
    assert row is not None
    headline, authors, published_at, updated_at, body, related = row
    assert json.loads(authors) == ["Monika Walker"]
    assert published_at is None and updated_at is None
    assert json.loads(body) == seed_lines[body_start:body_end]
    assert len(json.loads(related)) == 3


def _readme_demo_counts() -> list[str]:
    """The demo's count lines README.md shows: the first run's, then the second's."""
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    lines = re.findall(r"Demo crawl of 5 outlets: \d+ pages fetched \(\d+ article pages\)", readme)
    return sorted(set(lines), key=lambda line: "(0 article" in line)


def _count_line(stdout: str) -> str:
    found = re.search(r"Demo crawl of 5 outlets: \d+ pages fetched \(\d+ article pages\)", stdout)
    assert found, stdout[:500]
    return found.group(0)


def test_demo_summary_lists_the_merged_copies(demo_run) -> None:  # type: ignore[no-untyped-def]
    out = demo_run.stdout
    # The counts README.md quotes are the ones a run prints (a crawl change once moved
    # them unnoticed: 49 pages became 48).
    assert _count_line(out) == _readme_demo_counts()[0]
    assert "Trump-Kim to hold a second summit next month" in out
    assert "Monika Walker" in out


def test_second_demo_run_fetches_no_article_and_duplicates_nothing(demo_run, demo_network) -> None:  # type: ignore[no-untyped-def]
    before = _stored(demo_run.db)
    port = str(demo_network.base_port)
    result = run_cli("--config", str(demo_run.config), "demo", "--port", port)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "(0 article pages), 0 new articles" in result.stdout
    assert _count_line(result.stdout) == _readme_demo_counts()[1]
    assert _stored(demo_run.db) == before


def test_reader_commands(demo_run) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    base = ["--config", str(demo_run.config)]
    listed = json.loads(runner.invoke(cli, base + ["stories", "--json", "--limit", "100"]).output)
    assert len(listed) == len({a.story_key for a in ground_truth()})
    multi = [s for s in listed if s["copies"] > 1]
    story_id = next(s["story_id"] for s in multi if "summit" in s["headline"].lower())

    shown = runner.invoke(cli, base + ["show", str(story_id), "--json"])
    assert shown.exit_code == 0, shown.output
    detail = json.loads(shown.output)
    assert len(detail["copies"]) >= 3
    assert {"url", "headline", "authors", "published_at", "first_seen_at"} <= set(
        detail["copies"][0]
    )

    text = runner.invoke(cli, base + ["show", str(story_id)])
    assert "Copies:" in text.output and "Monika Walker" in text.output

    hits = json.loads(runner.invoke(cli, base + ["search", "Kim Yong-chol", "--json"]).output)
    assert hits and hits[0]["story_id"] in {s["story_id"] for s in listed}
    assert "[" in hits[0]["snippet"]

    missing = runner.invoke(cli, base + ["show", "999999"])
    assert missing.exit_code == 1 and "no story 999999" in missing.output


def test_export_articles_jsonl_has_url_and_story_id(demo_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "articles.jsonl"
    result = CliRunner().invoke(
        cli, ["--config", str(demo_run.config), "export", "--articles", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(ground_truth())
    assert all(line["url"] and line["story_id"] for line in lines)


def test_seed_copy_byline_is_flagged_against_the_bbc_origin(demo_run) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(demo_run.db)
    flag, origin, evidence = conn.execute(
        "SELECT a.byline_flag, s.origin, s.origin_evidence "
        "FROM articles a JOIN stories s ON s.id = a.story_id "
        "WHERE a.headline = 'Trump-Kim to hold a second summit next month'"
    ).fetchone()
    conn.close()
    assert origin == "BBC"
    assert "BBC News" in evidence
    assert flag and "Monika Walker" in flag and "BBC" in flag


def test_copies_record_what_they_add_and_cut(demo_run) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(demo_run.db)
    rows = conn.execute(
        "SELECT a.paragraph_diff, a.id = s.canonical_article_id "
        "FROM articles a JOIN stories s ON s.id = a.story_id "
        "WHERE s.copies > 1"
    ).fetchall()
    conn.close()
    diffs = [(json.loads(diff), is_canonical) for diff, is_canonical in rows]
    assert all(d["shared"] > 0 for d, _ in diffs)
    assert all(not d["added"] and not d["cut"] for d, canonical in diffs if canonical)
    assert any(d["cut"] for d, canonical in diffs if not canonical)
    assert any(d["added"] for d, canonical in diffs if not canonical)


def test_scrapy_crawl_from_the_repository_root(demo_network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`scrapy crawl news -a source=NAME` works as well as `aggregator crawl NAME`."""
    import subprocess
    import sys

    from conftest import REPO, demo_config_text

    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(demo_config_text(demo_network.base_port, db), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "news",
            "-a",
            "source=wirewire",
            "-s",
            f"AGGREGATOR_CONFIG={config}",
            "-s",
            "LOG_LEVEL=WARNING",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    expected = {a.path for a in ground_truth() if a.outlet == "wirewire"}
    assert set(_stored(db)) == expected


def test_crawl_one_source_with_two_processes(demo_network, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from conftest import demo_config_text

    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(demo_config_text(demo_network.base_port, db), encoding="utf-8")
    result = run_cli("--config", str(config), "crawl", "islandpulse", "--processes", "2")
    assert result.returncode == 0, result.stderr[-2000:]
    expected = {a.path for a in ground_truth() if a.outlet == "islandpulse"}
    assert set(_stored(db)) == expected
    conn = sqlite3.connect(db)
    runs = conn.execute("SELECT status FROM crawl_runs").fetchall()
    conn.close()
    assert runs == [("ok",), ("ok",)]


def test_an_older_config_naming_demo_base_port_is_served_there(tmp_path: Path) -> None:
    """QA pass 42, item 5: an old demo config (`demo: {base_port: N}` and `demo_outlet`
    sources) had its sources pointed at port N on load, but `aggregator demo` served the
    network on 8801 and every fetch was refused; the demo_outlet notice came once per source."""
    from app.demo import DemoNetwork

    with DemoNetwork(base_port=0).start() as probe:  # five free ports in a row, let go
        base = probe.base_port
    db = tmp_path / "news.db"
    config = tmp_path / "old.yaml"
    config.write_text(
        f"database: {db}\n"
        f"demo: {{base_port: {base}}}\n"
        "sources:\n"
        "  - {name: wire, demo_outlet: wirewire}\n"
        "  - {name: metro, demo_outlet: metroherald}\n",
        encoding="utf-8",
    )
    result = run_cli("--config", str(config), "demo")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.splitlines() == [
        f"warning: {config}: 'demo:' is deprecated (the demo network is an ordinary config "
        f"now); until 0.3 'aggregator demo' serves the network on its base_port {base}: "
        f"write 'aggregator demo --port {base}' instead",
        f"warning: {config}: demo_outlet is deprecated (sources[0], sources[1]): list each "
        "outlet's URLs instead (`aggregator demo --print-config` prints them)",
    ]
    with sqlite3.connect(db) as conn:
        stored = dict(conn.execute("SELECT source, count(*) FROM articles GROUP BY source"))
    assert set(stored) == {"wire", "metro"} and all(stored.values())
