"""Deterministic synthetic wire stories and their copies, as ingest records.

Used by the scale, reader and reliability benchmarks (and their short test
variants): texts are made of pseudo-words with a Zipf-like frequency, so
shingles behave like real prose; about a third of the stories are republished
one to three times with the edits real copies have (dateline, cut tail,
inserted paragraph, edited headline).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "te",
    "su",
    "no",
    "vi",
    "de",
    "pa",
    "ri",
    "to",
    "ma",
    "ne",
    "lu",
    "sa",
    "ko",
    "be",
    "di",
    "fa",
    "ge",
    "ha",
    "ji",
    "ku",
    "le",
    "mo",
    "nu",
    "po",
    "qu",
    "si",
]
SITES = [f"outlet{i:02d}" for i in range(40)]


class Words:
    def __init__(self, rng: random.Random, size: int = 6000):
        words = set()
        while len(words) < size:
            words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))))
        self.words = sorted(words)
        self.weights = [1.0 / (rank + 1) for rank in range(size)]
        self.rng = rng

    def sentence(self) -> str:
        words = self.rng.choices(self.words, weights=self.weights, k=self.rng.randint(9, 24))
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))


def synthetic_articles(count: int, *, seed: int = 7) -> Iterator[dict[str, Any]]:
    """``count`` ingest records (url, site, headline, byline, body, published, story)."""
    rng = random.Random(seed)
    words = Words(rng)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made = 0
    story = 0
    while made < count:
        story += 1
        paragraphs = [words.paragraph() for _ in range(rng.randint(6, 12))]
        headline = words.sentence()[:-1]
        published = start + timedelta(minutes=7 * story)
        origin = rng.choice(SITES)
        yield _record(origin, story, 0, headline, paragraphs, "Wire Staff", published)
        made += 1
        copies = rng.choice([0, 0, 0, 1, 2, 3])
        for n in range(1, copies + 1):
            if made >= count:
                break
            edited = list(paragraphs)
            edit = rng.randrange(4)
            if edit == 0:
                edited[0] = "LONDON (Wire) - " + edited[0]
            elif edit == 1:
                edited = edited[: max(3, len(edited) - rng.randint(1, 3))]
            elif edit == 2:
                edited.insert(rng.randrange(1, len(edited)), words.paragraph())
            title = headline if rng.random() < 0.5 else words.sentence()[:-1]
            site = rng.choice([s for s in SITES if s != origin])
            yield _record(
                site,
                story,
                n,
                title,
                edited,
                rng.choice(["Jane Doe", "John Roe", None]),
                published + timedelta(hours=n),
            )
            made += 1


def _record(
    site: str,
    story: int,
    copy: int,
    headline: str,
    paragraphs: list[str],
    byline: str | None,
    published: datetime,
) -> dict[str, Any]:
    return {
        "url": f"https://{site}.example/news/{story}-{copy}",
        "site": site,
        "headline": headline,
        "byline": byline,
        "body": "\n\n".join(paragraphs),
        "published": published.isoformat(),
        "story": story,
    }
