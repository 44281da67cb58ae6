"""Which webhook hosts may be on loopback or private addresses: those
``alert_delivery.trusted_hosts`` lists, exactly; the subdomains of a host only through a
``*.host`` entry (stop 45; before, a listed host trusted every subdomain of it, as the crawl's
named hosts did before stop 44).

The tests cannot change DNS: the child process that delivers maps ``hook.localhost`` to
127.0.0.1 in its own resolver (``socket.getaddrinfo``, the one lookup a delivery makes) before
the command runs, so the name reaches the loopback receiver as a subdomain on an intranet would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from test_alerts import GOVERNMENT, SECRET, SECRET_ENV, Receiver, deliveries

from aggregator.config import ConfigError, parse_config
from app.alerts.webhook import is_trusted

pytestmark = pytest.mark.timeout(120)

RUN_WITH_NAME = """
import runpy, socket, sys
looked_up = socket.getaddrinfo
def named(host, *args, **kwargs):
    return looked_up("127.0.0.1" if host == "hook.localhost" else host, *args, **kwargs)
socket.getaddrinfo = named
sys.argv = ["aggregator", *sys.argv[1:]]
runpy.run_module("app", run_name="__main__")
"""


def _run(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_WITH_NAME, "--config", str(config), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=100,
        stdin=subprocess.DEVNULL,
        env={**os.environ, SECRET_ENV: SECRET},
    )


def _deliver_to_subdomain(tmp_path: Path, receiver: Receiver, trusted: list[str]) -> dict[str, Any]:
    """One story delivered (or not) to the receiver through the name hook.localhost."""
    db, config = tmp_path / "news.db", tmp_path / "config.yaml"
    url = receiver.url.replace("127.0.0.1", "hook.localhost")
    config.write_text(
        f"database: {db}\n"
        "alerts:\n"
        f"  - {{name: government, query: government, target: '{url}', secret_env: {SECRET_ENV}}}\n"
        f"alert_delivery: {{trusted_hosts: {trusted}, max_attempts: 1, timeout: 3s}}\n",
        encoding="utf-8",
    )
    assert _run(config, "alerts", "deliver").returncode == 0  # the alert starts looking
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps(GOVERNMENT) + "\n", encoding="utf-8")
    assert _run(config, "ingest", str(batch)).returncode == 0
    _run(config, "alerts", "deliver")
    [row] = deliveries(db)
    return row


def test_a_listed_host_does_not_trust_its_subdomains(tmp_path: Path) -> None:
    receiver = Receiver()
    try:
        row = _deliver_to_subdomain(tmp_path, receiver, ["localhost"])
        assert receiver.requests == [], "a subdomain of a listed host was trusted"
    finally:
        receiver.close()
    assert row["status"] == "failed"
    assert row["last_error"] == (
        "refused hook.localhost: it resolves to non-public address 127.0.0.1 "
        "(alert_delivery.trusted_hosts lists localhost, which trusts that host exactly: "
        "list hook.localhost to allow it, or *.localhost for every subdomain of localhost)"
    )


@pytest.mark.parametrize("trusted", [["hook.localhost"], ["*.localhost"]])
def test_a_subdomain_is_trusted_when_listed_or_under_a_wildcard(
    tmp_path: Path, trusted: list[str]
) -> None:
    receiver = Receiver()
    try:
        row = _deliver_to_subdomain(tmp_path, receiver, trusted)
        assert len(receiver.acknowledged()) == 1
    finally:
        receiver.close()
    assert row["status"] == "delivered"


def test_a_wildcard_entry_trusts_the_subdomains_only() -> None:
    trusted = parse_config(
        "alert_delivery: {trusted_hosts: [' *.Hooks.Example.org ', 10.0.0.5]}\n"
    ).alert_delivery.trusted_hosts
    assert trusted == ["*.hooks.example.org", "10.0.0.5"]
    assert is_trusted("a.hooks.example.org", trusted)
    assert is_trusted("b.a.hooks.example.org", trusted)
    assert not is_trusted("hooks.example.org", trusted)
    assert not is_trusted("evilhooks.example.org", trusted)
    assert is_trusted("10.0.0.5", trusted) and not is_trusted("10.0.0.50", trusted)


@pytest.mark.parametrize("entry", ["*", "*example.org", "hooks.*.org", "*.*.example.org", ""])
def test_a_wildcard_elsewhere_is_one_line_naming_the_key(entry: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f"alert_delivery: {{trusted_hosts: ['{entry}']}}\n")
    message = str(caught.value)
    assert "\n" not in message
    assert "alert_delivery.trusted_hosts" in message
    assert "*.example.org: its subdomains" in message
