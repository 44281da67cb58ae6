"""A story that holds the origin agency's own copy shows that copy (its headline and text),
not a longer compilation of it with another agency's report, nor a copy with local
paragraphs appended: QA pass mldedup's records (tests/fixtures/dedup/agency_canonical/),
ingested through the CLI into a real SQLite file and read back through ``export``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_store import invoke

FIXTURES = Path(__file__).parent / "fixtures" / "dedup" / "agency_canonical"


@pytest.mark.parametrize(
    ("records", "agency_url", "origin"),
    [
        ("fr_mix.jsonl", "https://afp.example/fr/nucleaire-loi", "AFP"),
        ("de_local_tail.jsonl", "https://dpa.example/de/windkraft-gesetz", "dpa"),
    ],
)
def test_the_agency_own_copy_is_the_story_text(
    records: str, agency_url: str, origin: str, tmp_path: Path
) -> None:
    invoke(tmp_path, "ingest", str(FIXTURES / records))
    articles = [json.loads(line) for line in invoke(tmp_path, "export", "--articles").splitlines()]
    own = next(a for a in articles if a["url"] == agency_url)
    stories = {s["story_id"]: s for s in map(json.loads, invoke(tmp_path, "export").splitlines())}
    story = stories[own["story_id"]]
    assert story["origin"] == origin
    assert story["canonical_article_id"] == own["article_id"]
    assert own["is_canonical"]
    assert story["headline"] == own["headline"]
    # The longer copies are still in the story: only what it shows changed.
    assert sum(a["story_id"] == own["story_id"] for a in articles) >= 2


def test_the_agency_own_stub_is_not_the_story_text(tmp_path: Path) -> None:
    # Review 48a F2: AP's own page still holds its two-paragraph first take, while two
    # papers run all eight paragraphs; the story shows a complete copy, the earliest.
    invoke(tmp_path, "ingest", str(FIXTURES / "en_stub.jsonl"))
    articles = {
        a["url"]: a for a in map(json.loads, invoke(tmp_path, "export", "--articles").splitlines())
    }
    (story,) = map(json.loads, invoke(tmp_path, "export").splitlines())
    full = articles["https://riverside.example/grantville-evacuation"]
    assert story["origin"] == "AP"
    assert story["canonical_article_id"] == full["article_id"]
    assert story["headline"] == full["headline"]
    assert not articles["https://apnews.example/flood-levee-grantville"]["is_canonical"]
