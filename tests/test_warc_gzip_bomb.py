"""``aggregator ingest`` of a gzipped WARC whose first record inflates to 200 MB from
190 KB (a gzip bomb): telling a gzip member a record from a file gzipped whole inflates
a bounded step at a time, so the child process's peak memory stays near an import's,
whatever the record's size. Measured as the kernel reports it (``wait4``'s maxrss)."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.timeout(240)

RECORD = 200_000_000  # bytes the first record's block inflates to
# A run of `ingest` peaks near 150 MB here (the interpreter, the app and warcio's own
# buffer); inflating the first member in 64 KB reads unbounded peaked near 330 MB.
PEAK_KB = 250_000


def _bomb(path: Path) -> Path:
    """A WARC of one ``resource`` record (no page), gzipped as a member a record."""
    head = (
        b"WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:bomb>\r\n"
        b"WARC-Target-URI: http://bomb.example/\r\nWARC-Date: 2026-01-01T00:00:00Z\r\n"
        b"Content-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n" % RECORD
    )
    deflate = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    with path.open("wb") as handle:
        handle.write(deflate.compress(head))
        for _ in range(RECORD // len(block)):
            handle.write(deflate.compress(block))
        handle.write(deflate.compress(bytes(RECORD % len(block)) + b"\r\n\r\n"))
        handle.write(deflate.flush())
    return path


def test_a_gzip_bomb_as_first_record_is_read_in_flat_memory(tmp_path: Path) -> None:
    warc = _bomb(tmp_path / "bomb.warc.gz")
    assert warc.stat().st_size < 1_000_000
    out, err = tmp_path / "out", tmp_path / "err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "app", "--db", str(tmp_path / "news.db"), "ingest", str(warc)],
            stdout=stdout,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            cwd=REPO,
        )
    # Reaped here, for its own usage (Popen.wait would reap it without): the test's
    # timeout (pytest-timeout) bounds it.
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.returncode == 0, err.read_text()
    assert (
        out.read_text() == f"{warc}: 0 new, 0 updated, 0 unchanged, 1 skipped (1 not a response)\n"
    )
    assert usage.ru_maxrss < PEAK_KB, usage.ru_maxrss
