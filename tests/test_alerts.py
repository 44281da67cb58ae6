"""Alerts end to end: saved searches against a real database, delivered to a loopback receiver.

The receiver (a thread serving 127.0.0.1) checks every request's HMAC-SHA256
signature and records what it acknowledged. Stories come from a real crawl of
the demo network or from `aggregator ingest`; deliveries run through
`aggregator alerts deliver` or the daemon, as child processes. Every wait
polls an observable condition with a deadline.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, demo_config_text, wait_for

from aggregator.config import Alert, ConfigError, parse_config
from app.alerts.firing import NEW, OUTLETS, trigger_for

pytestmark = pytest.mark.timeout(240)

SECRET = "s3cret-for-tests"
SECRET_ENV = "NEWSAGG_TEST_HOOK_SECRET"


@dataclass
class Received:
    delivery: str
    alert: str
    body: dict[str, Any]
    raw: bytes
    signed: bool  # the signature header matched the body
    answered: int  # the status the receiver answered (0: it never answered)


@dataclass
class Receiver:
    """A webhook receiver on 127.0.0.1 that checks signatures and records every request."""

    answer: Callable[[int], int] = lambda index: 200  # request index -> status (0: hold it)
    requests: list[Received] = field(default_factory=list)
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
                signed = hmac.compare_digest(
                    expected, self.headers.get("X-Newsagg-Signature-256", "")
                )
                record = Received(
                    self.headers.get("X-Newsagg-Delivery", ""),
                    self.headers.get("X-Newsagg-Alert", ""),
                    json.loads(raw),
                    raw,
                    signed,
                    0,
                )
                index = len(receiver.requests)
                receiver.requests.append(record)
                status = receiver.answer(index) if signed else 401
                if status == 0:  # hold the request: the sender is "mid-delivery"
                    receiver.holding.set()
                    receiver.release.wait(60)
                    return
                record.answered = status
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def acknowledged(self) -> list[Received]:
        return [r for r in self.requests if 200 <= r.answered < 300]

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.close()


def cli(config: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--config", str(config), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        env={**os.environ, SECRET_ENV: SECRET},
    )


def deliveries(db: Path, alert: str | None = None) -> list[dict[str, Any]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        sql = "SELECT * FROM alert_deliveries" + (" WHERE alert = ?" if alert else "")
        return [dict(r) for r in conn.execute(sql + " ORDER BY id", [alert] if alert else [])]
    finally:
        conn.close()


def alert_yaml(
    receiver_url: str,
    *,
    trusted: bool = True,
    extra_alerts: str = "",
    delivery: str = "",
    timeout: str = "3s",
) -> str:
    hosts = "[127.0.0.1]" if trusted else "[]"
    return (
        "alerts:\n"
        "  - name: government\n"
        "    query: government\n"
        f"    target: {receiver_url}\n"
        f"    secret_env: {SECRET_ENV}\n"
        f"{extra_alerts}"
        "alert_delivery:\n"
        f"  trusted_hosts: {hosts}\n"
        "  retry_delay: 100ms\n"
        f"  timeout: {timeout}\n"
        f"{delivery}"
    )


def ingest(config: Path, tmp_path: Path, records: list[dict[str, Any]]) -> None:
    path = tmp_path / f"batch-{time.monotonic_ns()}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = cli(config, "ingest", str(path))
    assert result.returncode == 0, result.stderr


GOVERNMENT = {
    "url": "https://example.org/news/government-budget",
    "site": "Example Times",
    "headline": "The government agrees a budget for the coming year",
    "byline": "By Ann Writer",
    "body": "The government agreed its budget on Tuesday after a long night of talks.\n\n"
    "Ministers said the deal protects schools and hospitals from cuts.\n\n"
    "The opposition called the plan too timid and promised to vote against it.",
}


# --- when an alert fires ----------------------------------------------------------------


def test_trigger_rules() -> None:
    plain = Alert(name="a", query="x", target="atom", min_outlets=3)
    early = Alert(name="b", query="x", target="atom", min_outlets=3, early=True)
    assert trigger_for(plain, 1, {}) is None  # below the bar: wait for more outlets
    assert trigger_for(plain, 3, {}) == NEW
    assert trigger_for(plain, 5, {NEW: 3}) is None  # more copies: never again
    assert trigger_for(early, 1, {}) == NEW
    assert trigger_for(early, 2, {NEW: 1}) is None
    assert trigger_for(early, 3, {NEW: 1}) == OUTLETS  # once more, at the bar
    assert trigger_for(early, 4, {NEW: 1, OUTLETS: 3}) is None
    assert trigger_for(early, 4, {NEW: 4}) is None  # fired at or above the bar already


def test_one_delivery_per_story_across_a_crawl_that_brings_several_copies(
    demo_network,  # type: ignore[no-untyped-def]
    receiver: Receiver,
    tmp_path: Path,
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    wide = (
        "  - name: wide\n    query: government\n    target: atom\n    min_outlets: 3\n"
        "  - name: wide-early\n    query: government\n    target: atom\n    min_outlets: 3\n"
        "    early: true\n"
    )
    config.write_text(
        demo_config_text(demo_network.base_port, db, alert_yaml(receiver.url, extra_alerts=wide)),
        encoding="utf-8",
    )
    started = cli(config, "alerts", "deliver")  # the alerts start watching an empty database
    assert started.returncode == 0, started.stderr
    assert "government: 0 fired" in started.stdout
    # The wire's own stories first; the outlets' copies of them arrive in a second crawl.
    first = cli(config, "crawl", "wirewire")
    assert first.returncode == 0, first.stderr
    assert cli(config, "alerts", "deliver").returncode == 0
    after_wire = {r.body["story"]["id"] for r in receiver.acknowledged()}
    assert after_wire
    second = cli(config, "crawl", "--all")
    assert second.returncode == 0, second.stderr
    result = cli(config, "alerts", "deliver")
    assert result.returncode == 0, result.stderr

    search = cli(config, "search", "government", "--json", "--limit", "100")
    matching = {hit["story_id"]: hit["outlets"] for hit in json.loads(search.stdout)}
    acknowledged = receiver.acknowledged()
    stories = [r.body["story"]["id"] for r in acknowledged]
    assert sorted(stories) == sorted(matching), "one delivery per matching story"
    assert len(receiver.requests) == len(acknowledged) == len(matching)
    assert all(r.signed and r.alert == "government" for r in receiver.requests)
    assert len({r.delivery for r in acknowledged}) == len(acknowledged)
    assert any(outlets >= 3 for outlets in matching.values()), "a story with several copies"
    # a story the wire ran first gained copies in the second crawl and did not fire again
    assert any(matching[s] > 1 for s in after_wire)
    rows = deliveries(db, "government")
    assert [(r["status"], r["attempts"]) for r in rows] == [("delivered", 1)] * len(matching)
    # min_outlets: only the stories that reached 3 outlets, once each ...
    many = sorted(s for s, n in matching.items() if n >= 3)
    assert sorted(r["story_id"] for r in deliveries(db, "wide")) == many
    # ... and an early alert fired at first sight, then once more when they reached 3 outlets
    early = [(r["story_id"], r["trigger"]) for r in deliveries(db, "wide-early")]
    assert sorted(s for s, t in early if t == NEW) == sorted(matching)
    assert sorted(s for s, t in early if t == OUTLETS) == sorted(set(many) & after_wire)
    # nothing more to say on a later pass
    again = cli(config, "alerts", "deliver")
    assert again.returncode == 0 and "government: 0 fired" in again.stdout
    assert len(receiver.requests) == len(matching)


def test_a_webhooks_copy_links_the_reader_url_as_every_other_output(
    receiver: Receiver, tmp_path: Path
) -> None:
    """QA api-51: a copy's ``url`` was the fetched URL (an AMP copy, a ``?utm_source``
    variant), where show, Atom and the web view give its canonical."""
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(f"database: {db}\n" + alert_yaml(receiver.url), encoding="utf-8")
    amp = {
        **GOVERNMENT,
        "url": "https://amp.example.org/news/government-budget?utm_source=feed",
        "canonical_url": GOVERNMENT["url"],
    }
    assert cli(config, "alerts", "deliver").returncode == 0  # the alert starts looking
    ingest(config, tmp_path, [amp])
    assert cli(config, "alerts", "deliver", "--wait", "60s").returncode == 0
    [received] = receiver.acknowledged()
    assert [copy["url"] for copy in received.body["copies"]] == [GOVERNMENT["url"]]


def test_a_receiver_failing_twice_gets_exactly_one_successful_delivery(
    receiver: Receiver, tmp_path: Path
) -> None:
    receiver.answer = lambda index: 503 if index < 2 else 200
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(f"database: {db}\n" + alert_yaml(receiver.url), encoding="utf-8")
    assert cli(config, "alerts", "deliver").returncode == 0
    ingest(config, tmp_path, [GOVERNMENT])
    result = cli(config, "alerts", "deliver", "--wait", "60s")
    assert result.returncode == 0, result.stderr
    assert "deliveries: 1 delivered" in result.stdout
    assert [r.answered for r in receiver.requests] == [503, 503, 200]
    assert len(receiver.acknowledged()) == 1
    # every attempt is the same delivery: same id, same signed bytes
    assert len({(r.delivery, r.raw) for r in receiver.requests}) == 1
    assert all(r.signed for r in receiver.requests)
    [row] = deliveries(db)
    assert (row["status"], row["attempts"], row["last_error"]) == ("delivered", 3, None)
    assert cli(config, "alerts", "deliver").returncode == 0
    assert len(receiver.requests) == 3


def test_the_daemon_killed_mid_delivery_and_restarted_delivers_exactly_once(
    receiver: Receiver, tmp_path: Path
) -> None:
    receiver.answer = lambda index: 0 if index == 0 else 200  # hold the first request
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {db}\n" + alert_yaml(receiver.url, delivery="  every: 1s\n", timeout="1s"),
        encoding="utf-8",
    )
    assert cli(config, "alerts", "deliver").returncode == 0
    ingest(config, tmp_path, [GOVERNMENT])

    def daemon() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "app", "--config", str(config), "daemon"],
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, SECRET_ENV: SECRET},
        )

    first = daemon()
    try:
        assert receiver.holding.wait(60), "the daemon never sent the delivery"
        first.kill()  # SIGKILL while the receiver holds the request
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    receiver.release.set()
    [row] = deliveries(db)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    second = daemon()
    try:
        wait_for(lambda: deliveries(db)[0]["status"] == "delivered", 30, "the delivery")
        second.terminate()
        assert second.wait(30) == 0
    finally:
        if second.poll() is None:
            second.kill()
    assert cli(config, "alerts", "deliver").returncode == 0  # nothing left to send
    acknowledged = receiver.acknowledged()
    assert len(acknowledged) == 1, "delivered exactly once"
    assert len(receiver.requests) == 2
    assert {r.delivery for r in receiver.requests} == {str(row["id"])}
    assert deliveries(db)[0]["attempts"] == 2


# --- the address guard, secrets, config -----------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_webhook_on_a_loopback_address_is_refused_unless_trusted(
    receiver: Receiver, tmp_path: Path, host: str
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    url = receiver.url.replace("127.0.0.1", host)
    config.write_text(
        f"database: {db}\n" + alert_yaml(url, trusted=False, delivery="  max_attempts: 2\n"),
        encoding="utf-8",
    )
    assert cli(config, "alerts", "deliver").returncode == 0
    ingest(config, tmp_path, [GOVERNMENT])
    result = cli(config, "alerts", "deliver", "--wait", "30s")
    assert result.returncode == 1
    assert "1 given up" in result.stdout
    assert receiver.requests == [], "the guard let a request through"
    [row] = deliveries(db)
    assert row["status"] == "failed" and row["attempts"] == 2
    assert "non-public address" in row["last_error"] and "trusted_hosts" in row["last_error"]


def test_a_missing_secret_is_one_line_and_the_delivery_waits(
    receiver: Receiver, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {db}\n" + alert_yaml(receiver.url).replace(SECRET_ENV, "NEWSAGG_UNSET_VAR"),
        encoding="utf-8",
    )
    assert cli(config, "alerts", "deliver").returncode == 1  # nothing to deliver, but say so
    ingest(config, tmp_path, [GOVERNMENT])
    result = cli(config, "alerts", "deliver")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: alert 'government': environment variable NEWSAGG_UNSET_VAR is not set; "
        "its deliveries wait"
    ]
    assert receiver.requests == []
    assert [r["status"] for r in deliveries(db)] == ["pending"]


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("{name: a, query: x, target: 'https://h.example/'}", "exactly one of 'secret'"),
        ("{name: a, query: '...', target: atom}", "at least one word"),
        ("{name: a, query: x, target: 'ftp://h/'}", "expected 'atom' or an http(s) webhook URL"),
        ("{name: a, query: x, target: atom, secret: k}", "for webhook targets only"),
        ("{name: a, query: x, target: atom, early: true}", "'early' needs min_outlets above 1"),
        ("{name: A!, query: x, target: atom}", "alerts[0].name"),
    ],
)
def test_bad_alert_config_is_one_line(snippet: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(f"alerts:\n  - {snippet}\n")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_an_alert_naming_an_unknown_source_is_refused() -> None:
    with pytest.raises(ConfigError, match="alert 'a' names unknown source 'nope'"):
        parse_config("alerts:\n  - {name: a, query: x, target: atom, sources: [nope]}\n")


def test_a_config_without_alerts_says_so_in_list_and_deliver(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from app.cli import cli

    config = tmp_path / "config.yaml"
    config.write_text("sources: [{name: a, feeds: ['http://127.0.0.1:9/f.xml']}]\n")
    for command in ("list", "deliver"):
        result = CliRunner().invoke(cli, ["--config", str(config), "alerts", command])
        assert result.exit_code == 0, result.output
        assert result.stdout == f"{config}: no alerts configured\n", command
    assert not (tmp_path / "data").exists()  # nothing created for a config without alerts


def test_deliver_counts_an_atom_alerts_firings_as_delivered(tmp_path: Path) -> None:
    """QA pass 41: an Atom alert fired and `deliver` said "0 delivered" (it counted the
    webhooks' deliveries only; a feed's entry is delivered when it is stored)."""
    db, config = tmp_path / "news.db", tmp_path / "config.yaml"
    config.write_text(
        f"database: {db}\nalerts:\n  - {{name: feed, query: government, target: atom}}\n",
        encoding="utf-8",
    )
    assert cli(config, "alerts", "deliver").returncode == 0
    ingest(config, tmp_path, [GOVERNMENT])
    result = cli(config, "alerts", "deliver")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "feed: 1 fired",
        "deliveries: 1 delivered (1 to Atom feeds), 0 to retry, 0 given up",
    ]
    assert [(r["status"], r["trigger"]) for r in deliveries(db, "feed")] == [("delivered", "new")]
