"""Stories of wire copies as the agency tests write them (tests/test_agency_spellings.py,
tests/test_agency_keys.py): a case's copies ingested as JSON Lines records into a real SQLite
file through the CLI, read back through ``export``, with the checks every case shares."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.cli_store import ingest, invoke


def _text(seed: int) -> str:
    """Five paragraphs of made-up words, the same for every copy of one case."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ne", "pu", "ra", "si", "to", "vu", "ze", "qua", "dre"]
    words = sorted({"".join(rng.choices(syllables, k=4)) for _ in range(2000)})
    return "\n\n".join(" ".join(rng.choices(words, k=45)) + "." for _ in range(5))


@dataclass(frozen=True)
class Copy:
    site: str
    url: str
    byline: str
    hour: int


@dataclass(frozen=True)
class Case:
    name: str
    copies: tuple[Copy, ...]
    origin: str
    kind: str
    origin_site: str  # whose copy is the origin's
    flags: dict[str, str]  # site -> byline flag; every other copy has none
    votes: int = 0  # copies crediting the agency (its evidence), when it is one


def records(case: Case, seed: int) -> list[dict[str, object]]:
    """The case's copies as ``aggregator ingest`` reads them: one text, each its own byline."""
    body = _text(seed)
    return [
        {
            "url": copy.url,
            "site": copy.site,
            "headline": f"{case.name} {copy.site}",
            "byline": copy.byline,
            "body": body,
            "published": f"2026-12-01T{copy.hour:02d}:00:00+00:00",
        }
        for copy in case.copies
    ]


@dataclass(frozen=True)
class Stored:
    story: dict[str, Any]  # the one story, as ``export`` prints it
    articles: dict[str, dict[str, Any]]  # site -> its article, as ``export --articles``
    origin_sites: set[str]  # the site whose copy the origin evidence names


def stored_story(tmp_path: Path, case: Case, seed: int) -> Stored:
    """Ingest the case and check what every case holds: all copies joined one story, whose
    origin and its kind are the case's, with the case's votes when it is an agency, and the
    case's byline flags and no other."""
    ingest(tmp_path, *records(case, seed))
    [story] = [json.loads(line) for line in invoke(tmp_path, "export").splitlines()]
    articles = {
        a["site_name"]: a
        for a in map(json.loads, invoke(tmp_path, "export", "--articles").splitlines())
    }
    assert len(articles) == len(case.copies)  # every copy joined the one story
    assert (story["origin"], story["origin_evidence"]["kind"]) == (case.origin, case.kind)
    if case.kind == "agency":
        assert len(story["origin_evidence"]["evidence"]) == case.votes
    assert {s: a["byline_flag"] for s, a in articles.items() if a["byline_flag"]} == case.flags
    origin_copy = story["origin_evidence"]["article_id"]
    origin_sites = {s for s, a in articles.items() if a["article_id"] == origin_copy}
    return Stored(story, articles, origin_sites)
