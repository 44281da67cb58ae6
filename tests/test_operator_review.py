"""Round 14, the operator review: what an operator and a reader met, hands-on.

Each test drives the public interfaces (``aggregator`` in a child process, a
real SQLite file, pages served on 127.0.0.1). Each failed before its fix, except
three that pin behaviour that already held: a crawl without failures prints no
failure line, a query with a word among its syntax still searches, and extract
still parses a cp1252 file. What
changed is written where each command is documented: README.md,
docs/readers.md, docs/operations.md, docs/crawling.md, docs/configuration.md
and docs/parser.md ("aggregator extract").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli
from faultserver import FaultServer
from test_crawl_faults import crawl, feed

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def fs() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


# --- a crawl whose every request failed looked like a good one ----------------------------


def test_a_crawl_whose_requests_failed_says_what_failed(fs: FaultServer, tmp_path: Path) -> None:
    # The source's only listing page answers 500: the crawl ends normally ("finished",
    # exit 0, status ok), so its summary and `status` are all the operator sees.
    done = crawl(fs, tmp_path, start_pages=["/status/500/review-1"])
    assert done.returncode == 0, done.output
    assert "faulty: finished; 0 article pages fetched" in done.output
    assert "faulty: failed: http_5xx 1" in done.output.splitlines()
    config = tmp_path / "config.yaml"
    status = run_cli("--config", str(config), "status")
    assert status.returncode == 0, status.stderr
    line = next(x for x in status.stdout.splitlines() if x.startswith("faulty "))
    assert " ok, 1 error " in line, status.stdout
    data = json.loads(run_cli("--config", str(config), "status", "--json").stdout)
    assert data["sources"][0]["last_run"]["errors"] == {"http_5xx": 1}


def test_a_crawl_without_failures_prints_no_failure_line(fs: FaultServer, tmp_path: Path) -> None:
    done = crawl(fs, tmp_path, feeds=[feed(fs, "/article/review-2")])
    assert done.returncode == 0, done.output
    assert "failed:" not in done.output
    status = run_cli("--config", str(tmp_path / "config.yaml"), "status")
    line = next(x for x in status.stdout.splitlines() if x.startswith("faulty "))
    assert " ok " in line and "error" not in line, status.stdout


# --- an export that fails half way left half a file ----------------------------------------


def _records(n: int) -> str:
    """``n`` distinct articles as ingest's JSON lines."""
    return "".join(
        json.dumps(
            {
                "url": f"https://review.example/{i}",
                "site": "Review Daily",
                "headline": f"Review headline number {i} of {n}",
                "body": f"Story {i} opens with its own words, {i * 7} of them counted.\n\n"
                f"A second paragraph for story {i}, about matter {i * 13} alone.",
                "published": "2026-01-02T03:04:05Z",
            }
        )
        + "\n"
        for i in range(n)
    )


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("filled")
    lines = home / "in.jsonl"
    lines.write_text(_records(200), encoding="utf-8")
    db = home / "news.db"
    stored = run_cli("--db", str(db), "ingest", str(lines))
    assert stored.returncode == 0, stored.stderr
    return db


def test_an_export_that_fails_half_way_leaves_the_old_file(filled_db: Path, tmp_path: Path) -> None:
    # A file-size limit makes the write fail half way (as a full disk would); CPython
    # ignores SIGXFSZ, so the write raises EFBIG instead of killing the process.
    import resource
    import subprocess
    import sys

    from conftest import REPO

    # Above the database's shared-memory file (32 KiB), below the export.
    LIMIT = 65536  # noqa: N806
    out = tmp_path / "stories.jsonl"
    out.write_text("the previous export\n", encoding="utf-8")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))

    failed = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(filled_db), "export", "--articles", "-o", out],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        preexec_fn=limit,
    )
    assert failed.returncode == 1, failed.stderr
    assert failed.stderr.startswith(f"error: cannot write {out}: File too large"), failed.stderr
    assert "Traceback" not in failed.stderr
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stories.jsonl"]  # no scratch left
    done = run_cli("--db", str(filled_db), "export", "--articles", "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 200
    assert out.stat().st_size > LIMIT


def test_a_bad_since_or_until_names_its_option(filled_db: Path) -> None:
    for args, option in (
        (("stories", "--until", "yesterday"), "--until"),
        (("export", "--since", "bogus"), "--since"),
        (("search", "review", "--since", "2026-13-01"), "--since"),
    ):
        result = run_cli("--db", str(filled_db), *args)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith(f"error: Invalid value for {option}: '"), result.stderr
        assert result.stderr.count("\n") == 1, result.stderr


# --- extract of a saved file that is no page printed an empty article -----------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "empty file, no page to parse"),
        (b"  \n\n\t ", "empty file, no page to parse"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "not an HTML page (binary content)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not an HTML page (binary content)"),
    ],
)
def test_extract_refuses_a_file_that_is_no_page(tmp_path: Path, content: bytes, says: str) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(content)
    result = run_cli("extract", str(page), "--url", "https://example.com/a")
    assert result.returncode == 1, result.stdout
    assert result.stdout == ""
    assert result.stderr == f"error: {page}: {says}\n"


def test_extract_still_parses_a_cp1252_file(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    body = "The caf\xe9 opened on Monday, its owner said, after a year of building work."
    page.write_bytes(
        f"<html><head><title>Caf\xe9 opens</title></head><body><article><h1>Caf\xe9 opens"
        f"</h1><p>{body}</p></article></body></html>".encode("cp1252")
    )
    result = run_cli("extract", str(page), "--url", "https://example.com/a")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["headline"] == "Caf\xe9 opens"


# --- a search with no word in it printed nothing and exited 0, like "no story matched" ------


@pytest.mark.parametrize("query", ["", "-", "*", '""', "( )", "   "])
def test_a_query_without_a_word_is_a_usage_error(filled_db: Path, query: str) -> None:
    result = run_cli("--db", str(filled_db), "search", query)
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    # "(search takes plain words)" went with round 37's syntax (tests/test_search_syntax.py)
    assert result.stderr == (
        f"error: Invalid value for QUERY: '{query}' holds no word to search for "
        "(see 'aggregator search --help')\n"
    )


def test_a_query_with_a_word_among_syntax_still_searches(filled_db: Path) -> None:
    result = run_cli("--db", str(filled_db), "search", '"headline* 17')
    assert result.returncode == 0, result.stderr
    assert "Review headline number 17 of 200" in result.stdout


# --- ingest dropped a published time it could not read without a word ----------------------


def test_ingest_says_which_given_fields_it_could_not_keep(tmp_path: Path) -> None:
    body = "A body long enough to be stored as one article of its own, line {}."
    lines = [
        {"url": "https://r.example/1", "headline": "One", "body": body.format(1),
         "published": "2026-02-30"},
        {"url": "https://r.example/2", "headline": "", "body": body.format(2),
         "published": 12345},
        {"url": "https://r.example/3", "headline": "Three", "body": body.format(3),
         "published": "2026-01-02T03:04:05Z"},
    ]  # fmt: skip
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    db = tmp_path / "news.db"
    result = run_cli("--db", str(db), "ingest", str(path))
    assert result.returncode == 0, result.stderr  # stored, so not a skip: the exit stays 0
    assert result.stdout == f"{path}: 3 new, 0 updated, 0 unchanged, 0 skipped\n"
    assert result.stderr.splitlines() == [
        f"warning: {path}:1: field 'published' = '2026-02-30' is not a date: "
        "stored without a published time",
        f"warning: {path}:2: field 'published' = 12345 is not a date: "
        "stored without a published time",
        f"warning: {path}:2: field 'headline' is empty: stored without a headline",
    ]


# --- show printed some times without saying they are UTC -----------------------------------


def test_show_says_every_time_it_prints_is_utc(tmp_path: Path) -> None:
    import re

    record = {
        "url": "https://r.example/utc",
        "site": "Review Daily",
        "headline": "A story given a time without an offset",
        "body": "Its only paragraph, long enough to be stored as an article of its own.",
        "published": "2026-01-02 03:04",
    }
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "news.db"
    assert run_cli("--db", str(db), "ingest", str(path)).returncode == 0
    shown = run_cli("--db", str(db), "show", "1")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert re.fullmatch(
        r"Origin: Review Daily   published 2026-01-02 03:04 UTC   "
        r"first seen \d{4}-\d\d-\d\d \d\d:\d\d UTC",
        lines[1],
    ), lines[1]
    assert "  [1] Review Daily — 2026-01-02 03:04 UTC" in lines


# --- demo --port N crawled the shipped config's ports, fetched nothing, and said nothing ----


def test_demo_on_a_port_its_config_does_not_crawl_says_so(
    demo_network,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    from conftest import demo_config_text

    # The session's network runs on `port`, so the demo starts none; the first config
    # names another address (the shipped one names 8801), the second the network's.
    port = demo_network.base_port
    elsewhere = tmp_path / "elsewhere.yaml"
    elsewhere.write_text(
        f"database: {tmp_path / 'a.db'}\n"
        "sources: [{name: local, feeds: ['http://127.0.0.1:9/feed.xml']}]\n",
        encoding="utf-8",
    )
    result = run_cli("--config", str(elsewhere), "demo", "--port", str(port))
    warning = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warning == [
        f"warning: no enabled source of {elsewhere} is on the demo network at "
        f"127.0.0.1:{port}-{port + 4}; 'aggregator demo --port {port} --print-config' "
        "prints a config that crawls it"
    ], result.stderr[-2000:]
    config = tmp_path / "config.yaml"
    config.write_text(demo_config_text(port, tmp_path / "news.db"), encoding="utf-8")
    same = run_cli("--config", str(config), "demo", "--port", str(port))
    assert same.returncode == 0, same.stderr[-2000:]
    assert "warning: no enabled source" not in same.stderr


# --- a relative database path is the current directory's: the error did not say which -------


def test_a_missing_relative_database_names_the_file_looked_for(tmp_path: Path) -> None:
    import subprocess
    import sys

    config = tmp_path / "config.yaml"
    config.write_text(
        "database: data/news.db\nsources: [{name: a, feeds: ['http://127.0.0.1:9/f.xml']}]\n",
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "app", "--config", str(config), "stories"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=elsewhere,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"error: no database at data/news.db ({elsewhere}/data/news.db)\n"
    assert not (elsewhere / "data").exists()


# --- Ctrl-C during an ingest said "aborted", not what was kept ------------------------------


def stored_count(db: Path) -> int:
    """How many articles ``db`` holds, as another process sees it (0 before its schema)."""
    import sqlite3

    if not db.exists():
        return 0
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
        try:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError:  # not migrated yet
            return 0


def interrupted_ingest(tmp_path: Path, lines: str, signum: int) -> tuple[int, str, str, Path, Path]:
    """An ``ingest`` of ``lines`` sent ``signum`` once its first batch is stored: its exit
    status, stdout, stderr, the FIFO it read and its database.

    Through a FIFO the ingest waits for more lines after the first batch (256 lines, one
    transaction) is stored: it is interrupted there, at a known point. The batch is seen
    stored once committed, and a signal waits while a batch is committed and counted.
    """
    import os
    import subprocess
    import sys

    from conftest import REPO, ctrl_c_delivered, wait_for

    fifo = tmp_path / "lines.jsonl"
    os.mkfifo(fifo)
    db = tmp_path / "news.db"
    child = subprocess.Popen(
        [sys.executable, "-m", "app", "--db", str(db), "ingest", str(fifo)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        preexec_fn=ctrl_c_delivered,
    )
    with fifo.open("w", encoding="utf-8") as writer:
        writer.write(lines)
        writer.flush()
        wait_for(lambda: stored_count(db) == 256, timeout=60, what="the first batch stored")
        child.send_signal(signum)
        out, err = child.communicate(timeout=60)
    return child.returncode, out, err, fifo, db


def test_an_interrupted_ingest_says_what_it_kept(tmp_path: Path) -> None:
    import signal

    # The count said is the 300 stored: the 256 seen stored, and the 44 read after them,
    # stored before the exit (a FIFO, as a pipe, cannot be read again for them).
    status, out, err, fifo, db = interrupted_ingest(tmp_path, _records(300), signal.SIGINT)
    assert status == 130, err
    assert out == ""
    assert err == f"error: {fifo}: interrupted after 300 lines (stored or skipped; kept)\n"
    assert stored_count(db) == 300


# --- a cut column looked like the whole text ------------------------------------------------


def test_stories_marks_an_origin_it_cuts(tmp_path: Path) -> None:
    record = {
        "url": "https://long.example/1",
        "site": "The Extraordinarily Long Named County Gazette",
        "headline": "A headline",
        "body": "Its only paragraph, long enough to be stored as an article of its own.",
    }
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "news.db"
    assert run_cli("--db", str(db), "ingest", str(path)).returncode == 0
    (line,) = run_cli("--db", str(db), "stories").stdout.splitlines()
    assert "  The Extraordinarily…  A headline" in line, line


# --- a story's times in JSON were written with a space, its copies' with a "T" --------------


def test_every_time_in_json_and_csv_is_iso_8601(filled_db: Path) -> None:
    import csv
    import io
    import re

    iso = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00")
    shown = json.loads(run_cli("--db", str(filled_db), "show", "1", "--json").stdout)
    times = [shown["first_seen_at"], shown["first_published_at"]]
    times += [c[k] for c in shown["copies"] for k in ("first_seen_at", "published_at")]
    listed = json.loads(run_cli("--db", str(filled_db), "stories", "--json").stdout)
    times += [s["first_seen_at"] for s in listed]
    exported = run_cli("--db", str(filled_db), "export").stdout.splitlines()
    times += [json.loads(line)["first_seen_at"] for line in exported]
    table = csv.DictReader(
        io.StringIO(run_cli("--db", str(filled_db), "export", "--format", "csv").stdout)
    )
    times += [row["first_published_at"] for row in table]
    assert len(times) > 400
    assert [t for t in times if not iso.fullmatch(t)] == []


# --- a mistyped --source printed nothing and exited 0, like a quiet source ------------------


@pytest.mark.parametrize(
    "args",
    [("stories",), ("stories", "--events"), ("search", "review"), ("export",)],
)
def test_a_source_with_no_stored_article_gets_a_note(
    filled_db: Path, args: tuple[str, ...]
) -> None:
    typo = run_cli("--db", str(filled_db), *args, "--source", "Review Dail")
    assert typo.returncode == 0, typo.stderr
    assert typo.stdout.strip() in ("", "[]")
    assert typo.stderr == (
        "note: no stored article is from source 'Review Dail' (stored: Review Daily)\n"
    )
    right = run_cli("--db", str(filled_db), *args, "--source", "Review Daily")
    assert right.returncode == 0 and right.stderr == "" and right.stdout, right.stderr


# --- a config whose database is a folder: "disk I/O error (disk full …?)" ------------------


@pytest.mark.parametrize("args", [("stories",), ("status",), ("crawl", "a"), ("migrate",)])
def test_a_database_that_is_a_folder_is_named_as_one(tmp_path: Path, args: tuple[str, ...]) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {folder}\nsources: [{{name: a, feeds: ['http://127.0.0.1:9/f.xml']}}]\n",
        encoding="utf-8",
    )
    result = run_cli("--config", str(config), *args)
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"error: database {folder} is a directory; name a file in it\n"
    assert list(folder.iterdir()) == []
