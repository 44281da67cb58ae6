"""``ingest`` from a pipe: ``-`` is standard input, what is read reaches the store while
the producer pauses and when a signal stops the ingest; a JSON document is said once.

Through a real pipe from a producer process, which writes its lines and then waits
until the test lets it go: the store is polled through the database, bounded.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REPO, ctrl_c_delivered, run_cli, wait_for
from test_operator_review import stored_count

CLI = [sys.executable, "-m", "app"]
# Writes the file named by argv[1] to stdout, then waits until its stdin is closed.
PRODUCER = (
    "import sys; sys.stdout.buffer.write(open(sys.argv[1], 'rb').read()); "
    "sys.stdout.flush(); sys.stdin.read()"
)


def _records(n: int) -> list[dict[str, str]]:
    return [
        {
            "url": f"https://pipe.example/{i}",
            "site": "Pipe Daily",
            "headline": f"Pipe headline number {i} of {n}",
            "body": f"Story {i} opens with its own words, {i * 7} of them counted.\n\n"
            f"A second paragraph for story {i}, about matter {i * 13} alone.",
            "published": "2026-01-02T03:04:05Z",
        }
        for i in range(n)
    ]


def _lines(n: int) -> str:
    return "".join(json.dumps(record) + "\n" for record in _records(n))


@contextmanager
def ingest_from_producer(
    tmp_path: Path, lines: str, target: str = "/dev/stdin"
) -> Iterator[tuple[subprocess.Popen[str], subprocess.Popen[bytes], Path]]:
    """An ``ingest TARGET`` reading a pipe from a producer that writes ``lines`` and then
    waits: (the ingest, the producer, the database). The producer is let go on leaving."""
    source = tmp_path / "lines.jsonl"
    source.write_text(lines, encoding="utf-8")
    db = tmp_path / "news.db"
    producer = subprocess.Popen(
        [sys.executable, "-c", PRODUCER, str(source)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert producer.stdout is not None and producer.stdin is not None
    ingest = subprocess.Popen(
        [*CLI, "--db", str(db), "ingest", target],
        cwd=REPO,
        stdin=producer.stdout,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_delivered,
    )
    producer.stdout.close()  # the ingest's now
    try:
        yield ingest, producer, db
    finally:
        producer.stdin.close()
        producer.wait(timeout=60)
        if ingest.poll() is None:
            ingest.kill()
            ingest.communicate(timeout=60)


def test_lines_read_are_stored_while_the_producer_pauses(tmp_path: Path) -> None:
    # 40 lines, far from a batch of 256: they were held until the producer ended.
    with ingest_from_producer(tmp_path, _lines(40)) as (ingest, producer, db):
        wait_for(lambda: stored_count(db) == 40, timeout=60, what="the 40 lines stored")
        assert ingest.poll() is None  # still reading: the producer has not ended
        assert producer.stdin is not None
        producer.stdin.close()  # the producer ends, and with it the input
        out, err = ingest.communicate(timeout=60)
    assert ingest.returncode == 0, err
    assert out == "/dev/stdin: 40 new, 0 updated, 0 unchanged, 0 skipped\n"
    assert err == ""


def test_sigterm_stores_every_line_read_from_a_pipe(tmp_path: Path) -> None:
    # 300 lines: a batch of 256 is stored, the 44 read after it were dropped on SIGTERM.
    with ingest_from_producer(tmp_path, _lines(300)) as (ingest, _producer, db):
        wait_for(lambda: stored_count(db) >= 256, timeout=60, what="the first batch stored")
        ingest.send_signal(signal.SIGTERM)
        _out, err = ingest.communicate(timeout=60)
    assert ingest.returncode == 143, err
    assert err == "error: /dev/stdin: interrupted after 300 lines (stored or skipped; kept)\n"
    assert stored_count(db) == 300


def test_a_dash_reads_standard_input(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    done = subprocess.run(
        [*CLI, "--db", str(db), "ingest", "-"],
        cwd=REPO,
        input=_lines(3),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "<stdin>: 3 new, 0 updated, 0 unchanged, 0 skipped\n"
    assert done.stderr == ""
    assert stored_count(db) == 3


def test_a_dash_is_json_lines_and_given_once(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    twice = run_cli("--db", db, "ingest", "-", "-")
    assert twice.returncode == 2
    assert twice.stderr.splitlines() == [
        "error: Invalid value for FILE: '-' (standard input) given twice "
        "(see 'aggregator ingest --help')"
    ]
    warc = run_cli("--db", db, "ingest", "--format", "warc", "-")
    assert warc.returncode == 2
    assert "'-' (standard input) is read as JSON lines, not warc" in warc.stderr
    assert len(warc.stderr.splitlines()) == 1


def test_extract_reads_a_page_from_standard_input(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    paragraphs = "".join(
        f"<p>Paragraph {i} of the piped story, with enough words in it to be body text.</p>"
        for i in range(6)
    )
    page.write_text(
        "<html><head><title>Piped story</title></head><body><article>"
        f"<h1>Piped story</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    url = "https://example.com/news/1"
    from_file = run_cli("extract", str(page), "--url", url)
    assert from_file.returncode == 0, from_file.stderr
    piped = subprocess.run(
        [*CLI, "extract", "-", "--url", url],
        cwd=REPO,
        input=page.read_bytes(),
        capture_output=True,
        timeout=120,
    )
    assert piped.returncode == 0, piped.stderr
    article, expected = json.loads(piped.stdout), json.loads(from_file.stdout)
    article.pop("fetched_at"), expected.pop("fetched_at")  # each its own moment
    assert article == expected
    assert article["headline"] == "Piped story"
    no_url = subprocess.run(
        [*CLI, "extract", "-"], cwd=REPO, input=b"<html></html>", capture_output=True, timeout=120
    )
    assert no_url.returncode == 2
    assert b"give --url URL" in no_url.stderr


@pytest.mark.parametrize(
    "command", [["ingest", "-"], ["extract", "-", "--url", "https://x.example/a"]]
)
def test_standard_input_closed_is_one_line(tmp_path: Path, command: list[str]) -> None:
    """Review 49d F4: ``<&-`` leaves Python no sys.stdin: one line, exit 1, no traceback."""
    done = subprocess.run(
        ["sh", "-c", 'exec "$@" <&-', "sh", *CLI, "--db", str(tmp_path / "news.db"), *command],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["error: <stdin>: cannot read (standard input is closed)"]


# --- a JSON document, not JSON lines: said once ------------------------------------------


def test_a_json_array_file_is_said_once(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    for name, text in {
        "pretty.json": json.dumps(_records(20), indent=2),
        "one-line.json": json.dumps(_records(20)),
        "element-a-line.json": "[" + ",\n".join(json.dumps(r) for r in _records(20)) + "]",
        # Its first brace on the opening line (review 49d): "[{" is no JSON line either.
        "brace-first.json": json.dumps(_records(20), indent=2).replace("[\n  {", "[{", 1),
    }.items():
        path = tmp_path / name
        path.write_text(text + "\n", encoding="utf-8")
        done = run_cli("--db", str(db), "ingest", str(path))
        assert done.returncode == 1
        assert done.stdout == ""
        assert done.stderr == (
            f"error: {path} is one JSON document, not JSON lines (one object a line): "
            f"jq -c '.[]' {path} | aggregator ingest -\n"
        )
    assert stored_count(db) == 0


def test_a_pretty_printed_object_is_said_once(tmp_path: Path) -> None:
    path = tmp_path / "article.json"
    path.write_text(json.dumps(_records(1)[0], indent=4) + "\n", encoding="utf-8")
    done = run_cli("--db", str(tmp_path / "news.db"), "ingest", str(path))
    assert done.returncode == 1
    assert done.stderr == (
        f"error: {path} is one JSON document, not JSON lines (one object a line): "
        f"jq -c . {path} | aggregator ingest -\n"
    )


def test_a_json_array_on_standard_input_is_said_once(tmp_path: Path) -> None:
    done = subprocess.run(
        [*CLI, "--db", str(tmp_path / "news.db"), "ingest", "-"],
        cwd=REPO,
        input=json.dumps(_records(5), indent=2),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr == (
        "error: <stdin> is one JSON document, not JSON lines (one object a line): "
        "pipe it through jq -c '.[]' | aggregator ingest -\n"
    )


# --- a writer creating a database at a relative path says so -----------------------------


def _run_in(cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=240
    )


def test_a_writer_creating_a_database_at_a_relative_path_says_so(tmp_path: Path) -> None:
    # As a cron job run from the home directory with the config's `database: data/news.db`.
    config = tmp_path / "etc" / "config.yaml"
    config.parent.mkdir()
    config.write_text(
        "database: data/news.db\nsources: [{name: a, feeds: ['http://127.0.0.1:9/f.xml']}]\n",
        encoding="utf-8",
    )
    home = tmp_path / "home"
    home.mkdir()
    first = _run_in(home, "--config", str(config), "ingest", "-", stdin=_lines(2))
    assert first.returncode == 0, first.stderr
    assert first.stderr == (
        f"note: created a new database at {home}/data/news.db "
        "(data/news.db is relative to the current directory)\n"
    )
    again = _run_in(home, "--config", str(config), "ingest", "-", stdin=_lines(2))
    assert again.returncode == 0, again.stderr
    assert again.stderr == ""  # said once, when created
    # A crawl says it before its first request (this one's feed is refused at once).
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    crawl = _run_in(elsewhere, "--config", str(config), "crawl", "a")
    assert crawl.stderr.splitlines()[0] == (
        f"note: created a new database at {elsewhere}/data/news.db "
        "(data/news.db is relative to the current directory)"
    )
    # An absolute path is the same file from anywhere: nothing to say.
    named = _run_in(elsewhere, "--db", str(tmp_path / "abs.db"), "ingest", "-", stdin=_lines(1))
    assert named.returncode == 0, named.stderr
    assert named.stderr == ""
