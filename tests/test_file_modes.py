"""Files that hold what config.yaml holds are their owner's only (QA pass S, F3): the daemon's
config snapshots (source headers such as Authorization and Cookie, webhook URLs whose path is
the credential) are 0600 in a 0700 folder, whatever the umask."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import wait_for

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
