"""A prune that trims an article's earlier versions under a smaller
``retention.versions_per_article`` numbers the article again, so a reader syncing by
``export --articles --changed-after`` learns its new ``versions_dropped`` (docs/readers.md,
"Syncing"; QA stop 49 F2: the number stayed, and every reader's copy named a text no
longer stored). Records ingested through the CLI into a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli_store import ingest, invoke

BODY = [
    "The council approved the harbour plan on Monday after a long debate.",
    "Work starts in spring.",
]


def _bound(tmp_path: Path, versions: int) -> None:
    (tmp_path / "config.yaml").write_text(
        f"sources: []\nretention:\n  keep: 30d\n  versions_per_article: {versions}\n",
        encoding="utf-8",
    )


def _changed_after(tmp_path: Path, seq: int) -> list[dict[str, Any]]:
    out = invoke(tmp_path, "export", "--articles", "--changed-after", str(seq))
    return [json.loads(line) for line in out.splitlines()]


def test_a_prune_trimming_earlier_versions_numbers_the_article_for_a_syncing_reader(
    tmp_path: Path,
) -> None:
    _bound(tmp_path, 3)
    for update in range(4):  # stored, then edited three times: versions 1-3 kept
        ingest(
            tmp_path,
            {
                "url": "https://example.org/harbour-plan",
                "site": "example.org",
                "headline": "Harbour plan approved",
                "published": "2026-12-01T10:00:00Z",
                "body": "\n\n".join(
                    [*BODY, f"Update {update}: the cost estimate is now {100 + update} million."]
                ),
            },
        )
    (synced,) = _changed_after(tmp_path, 0)
    assert (synced["versions"], synced["versions_dropped"]) == (4, 0)
    _bound(tmp_path, 2)
    assert "1 earlier versions beyond retention.versions_per_article" in invoke(tmp_path, "prune")
    (trimmed,) = _changed_after(tmp_path, synced["change_seq"])
    assert (trimmed["article_id"], trimmed["versions"]) == (synced["article_id"], 4)
    assert trimmed["versions_dropped"] == 1  # versions 1, 3 and 4 are stored
    assert _changed_after(tmp_path, trimmed["change_seq"]) == []


def _stories_changed_after(tmp_path: Path, seq: int) -> list[dict[str, Any]]:
    out = invoke(tmp_path, "export", "--changed-after", str(seq))
    return [json.loads(line) for line in out.splitlines()]


def test_a_prune_trimming_earlier_versions_numbers_the_story_too(tmp_path: Path) -> None:
    """Review 49c F6: the trim numbered the article but not its story, whose `show --json`
    gives each copy's versions_dropped: a reader syncing stories kept the stale figure."""
    _bound(tmp_path, 3)
    for update in range(4):
        ingest(
            tmp_path,
            {
                "url": "https://example.org/harbour-plan",
                "site": "example.org",
                "headline": "Harbour plan approved",
                "published": "2026-12-01T10:00:00Z",
                "body": "\n\n".join(
                    [*BODY, f"Update {update}: the cost estimate is now {100 + update} million."]
                ),
            },
        )
    (story,) = _stories_changed_after(tmp_path, 0)
    _bound(tmp_path, 2)
    invoke(tmp_path, "prune")
    (renumbered,) = _stories_changed_after(tmp_path, story["change_seq"])
    assert renumbered["story_id"] == story["story_id"]
    shown = json.loads(invoke(tmp_path, "show", "--json", str(story["story_id"])))
    assert [copy["versions_dropped"] for copy in shown["copies"]] == [1]
