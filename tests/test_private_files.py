"""Files that hold what config.yaml holds are their owner's only (QA pass S, F3): the daemon's
config snapshots (source headers such as Authorization and Cookie, webhook URLs whose path is
the credential) are 0600 in a 0700 folder, whatever the umask. Lock files and the daemon's
folder are never reached through a symbolic link (F6)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli, wait_for

from app.daemon.state import state_dir

pytestmark = pytest.mark.timeout(60)


def test_the_daemons_config_snapshots_are_the_owners_only_under_umask_022(
    tmp_path: Path,
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {db}\n"
        "sources:\n"
        "  - name: paywalled\n"
        "    feeds: [http://127.0.0.1:9/feed.xml]\n"
        "    schedule: {every: 1h}\n"
        "    headers: {Authorization: Bearer PAYWALL-TOKEN-xyz}\n",
        encoding="utf-8",
    )
    config.chmod(0o600)
    folder = state_dir(db)
    folder.mkdir(mode=0o755)  # left by an earlier version
    folder.chmod(0o755)
    daemon = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "--config",
            str(config),
            "daemon",
            "--crawl-command",
            f"{sys.executable} -c pass",
        ],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        umask=0o022,
    )
    try:
        snapshot = folder / "config-1.json"
        wait_for(snapshot.exists, 30, "the daemon's first snapshot")
        assert "PAYWALL-TOKEN-xyz" in snapshot.read_text(encoding="utf-8")  # what it guards
        assert stat.S_IMODE(snapshot.stat().st_mode) == 0o600
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        daemon.kill()
        daemon.wait()
    assert not [p for p in os.listdir(folder) if p.endswith(".part")]


def _one_source_config(tmp_path: Path) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {tmp_path / 'news.db'}\n"
        "sources:\n  - {name: a, feeds: ['http://127.0.0.1:9/feed.xml'], schedule: {every: 1h}}\n",
        encoding="utf-8",
    )
    return config


def test_a_lock_file_placed_as_a_symbolic_link_is_refused_and_its_target_kept(
    tmp_path: Path,
) -> None:
    # QA pass S, F6: with the database in a shared folder, anyone could place the link.
    config = _one_source_config(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / "news.db.locks").mkdir()
    (tmp_path / "news.db.locks" / "a.lock").symlink_to(victim)
    result = run_cli("--config", str(config), "crawl", "a", timeout=60)  # never a reactor here
    assert result.returncode != 0
    (line,) = result.stderr.strip().splitlines()
    assert "news.db.locks/a.lock is a symbolic link: refused" in line, line
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_a_daemon_folder_that_is_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    config = _one_source_config(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    state_dir(tmp_path / "news.db").symlink_to(elsewhere)
    daemon = subprocess.run(
        [sys.executable, "-m", "app", "--config", str(config), "daemon"],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert daemon.returncode != 0
    assert "is not a folder of this user's" in daemon.stderr, daemon.stderr[-2000:]
    assert list(elsewhere.iterdir()) == []
