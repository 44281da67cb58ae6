"""``aggregator alerts list`` shows a webhook's receiver but not its token (stop 45): the path
and query values a receiver puts its token in, and a password or lone user name before the
host, are printed as ``***``, as ``status`` prints a Redis password."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from aggregator.masking import describe_webhook
from app.cli import cli


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://hooks.slack.com/services/T0AB/B0CD/Xy9token", "https://hooks.slack.com/***"),
        (
            "https://h.example/hook?token=abc&channel=news",
            "https://h.example/***?token=***&channel=***",
        ),
        ("https://h.example:8443/?s3cr3t", "https://h.example:8443/?***"),
        ("https://TOKEN@h.example/", "https://***@h.example/"),
        ("https://bot:pw@h.example/", "https://bot:***@h.example/"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/"),
        ("https://h.example/a#frag", "https://h.example/***#***"),
    ],
)
def test_a_webhook_url_is_shown_without_what_holds_a_token(url: str, shown: str) -> None:
    assert describe_webhook(url) == shown


def test_alerts_list_masks_the_webhook_tokens(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: {tmp_path / 'news.db'}\n"
        "alerts:\n"
        "  - name: slack\n"
        "    query: harbour\n"
        "    target: https://hooks.slack.com/services/T0AB/B0CD/Xy9token\n"
        "    secret: k\n"
        "  - name: chat\n"
        "    query: summit\n"
        "    target: https://chat.example.org/hook?key=q1w2e3&room=7\n"
        "    secret: k\n"
        "  - {name: feed, query: summit, target: atom}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--config", str(config), "alerts", "list"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "slack: 'harbour' -> https://hooks.slack.com/***: nothing yet",
        "chat: 'summit' -> https://chat.example.org/***?key=***&room=***: nothing yet",
        "feed: 'summit' -> atom feed /alerts/feed.atom: nothing yet",
    ]
    for secret in ("Xy9token", "T0AB", "q1w2e3"):
        assert secret not in result.output
