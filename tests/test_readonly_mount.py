"""A database on a read-only mount (QA pass 41, operations item 6).

A reader of a WAL database needs its ``-shm`` beside it; on a read-only mount
SQLite cannot create it and says "unable to open database file". The mount is
made in a user and mount namespace of its own (``unshare``), so no root is needed;
the test skips where the kernel or the container allows none.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _in_read_only_mount(
    tmp_path: Path, source: Path, *command: str
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` (``{db}``: the copy of ``source``) in a namespace where the copy
    lies on a tmpfs mounted read-only."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("no unshare")
    mount = tmp_path / "mnt"
    mount.mkdir()
    db = mount / "news.db"
    script = (
        f"mount -t tmpfs tmpfs {mount} && cp {source} {db} && mount -o remount,ro {mount} "
        "|| exit 99; exec " + " ".join(part.replace("{db}", str(db)) for part in command)
    )
    result = subprocess.run(
        [unshare, "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        check=False,
    )
    if result.returncode == 99 or "unshare:" in result.stderr:
        pytest.skip(f"cannot mount a tmpfs in a namespace here: {result.stderr.strip()}")
    return result


def test_a_reader_on_a_read_only_mount_is_told_why(tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    made = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(source), "migrate"],
        capture_output=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0
    result = _in_read_only_mount(
        tmp_path, source, sys.executable, "-m", "app", "--db", "{db}", "stories"
    )
    db = tmp_path / "mnt" / "news.db"
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f"error: database {db}: its folder is on a read-only mount, and SQLite keeps "
        "news.db-wal and news.db-shm beside it (a reader needs them too, unless a writer "
        "has the database open): copy the database to a writable folder, or mount it "
        "read-write\n"
    )
