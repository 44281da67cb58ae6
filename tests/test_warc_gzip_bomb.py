"""``aggregator ingest`` of a gzipped WARC whose first record inflates to 200 MB from
190 KB (a gzip bomb): telling a gzip member a record from a file gzipped whole inflates
a bounded step at a time, so the child process's peak memory stays near an import's,
whatever the record's size. Measured as the kernel reports it for the child's own
program (``conftest.app_measuring_peak``), not ``wait4``'s maxrss, which counts pytest's."""

from __future__ import annotations

import subprocess
import zlib
from pathlib import Path

import pytest
from conftest import REPO, app_measuring_peak, peak_kb

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
    peak = tmp_path / "peak"
    args = ["--db", str(tmp_path / "news.db"), "ingest", str(warc)]
    child = subprocess.run(
        app_measuring_peak(peak, *args),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        cwd=REPO,
        timeout=200,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout == f"{warc}: 0 new, 0 updated, 0 unchanged, 1 skipped (1 not a response)\n"
    assert peak_kb(peak) < PEAK_KB
