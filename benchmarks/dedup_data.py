"""The wire-reuse development set: where it lives, and its split by event (tuning, validation).

One setting finds the data: the environment variable ``NEWSAGG_DATA``, a folder holding
``extraction/``, ``extraction2/`` and ``dedup/``; by default ``<repo>/../shared/data``.

The development half is split **by event** (``event_id``; a row without one by its
``story_id``, the copies of one text), so that no event has articles on both sides: the
validation part then stands in for the held-back half, whose events are all unseen. Within
each stratum (groups with an event label, groups without) the groups are ranked by a SHA-256
of their name and every third goes to validation: deterministic, about a third of each
stratum, and independent of anything in the texts. The split is committed as data
(``benchmarks/dedup_split.json``) with the digest of the file it was made from;
``load_split`` refuses a data file whose digest differs.

    python benchmarks/dedup_data.py --write     # (re)make the split file
    python benchmarks/dedup_data.py             # check it against the data, print its sizes
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import sys
from pathlib import Path

from devdata import dataset

SPLIT_FILE = Path(__file__).resolve().parent / "dedup_split.json"
SALT = "newsagg-dedup-split-1:"
# What a system may look at; the rest of a row is labels.
PUBLIC = ("id", "url", "site", "headline", "byline", "body", "published")


class DataMissing(Exception):
    """The development set is not where NEWSAGG_DATA (or its default) says."""


def dev_path() -> Path:
    path = dataset("dedup/dev.jsonl")
    if not path.is_file():
        raise DataMissing(f"no dedup development set at {path} (set NEWSAGG_DATA)")
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_rows(path: Path | None = None) -> list[dict]:
    path = path or dev_path()
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def group_of(row: dict) -> str:
    """The unit of the split: the event, or for a row without one its story."""
    return f"e:{row['event_id']}" if row.get("event_id") else f"s:{row['story_id']}"


def make_split(rows: list[dict]) -> dict[str, list[str]]:
    """Groups of each part: every third group of each stratum, ranked by a salted hash."""
    strata: dict[str, set[str]] = collections.defaultdict(set)
    for row in rows:
        group = group_of(row)
        strata[group[0]].add(group)
    parts: dict[str, list[str]] = {"tuning": [], "validation": []}
    for groups in strata.values():
        ranked = sorted(groups, key=lambda g: hashlib.sha256((SALT + g).encode()).hexdigest())
        for rank, group in enumerate(ranked):
            parts["validation" if rank % 3 == 2 else "tuning"].append(group)
    return {name: sorted(groups) for name, groups in parts.items()}


def load_split(path: Path | None = None) -> dict[str, list[dict]]:
    """The development rows of each part (``tuning``, ``validation``), in file order."""
    path = path or dev_path()
    spec = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    digest = sha256_of(path)
    if digest != spec["source_sha256"]:
        raise SystemExit(
            f"{path} has digest {digest[:12]}…, the split was made from "
            f"{spec['source_sha256'][:12]}…: remake it with --write"
        )
    rows = load_rows(path)
    part_of = {g: name for name in ("tuning", "validation") for g in spec[name]}
    out: dict[str, list[dict]] = {"tuning": [], "validation": []}
    for row in rows:
        out[part_of[group_of(row)]].append(row)
    return out


def public(rows: list[dict]) -> list[dict]:
    return [{k: r.get(k) for k in PUBLIC} for r in rows]


def describe(rows: list[dict]) -> str:
    kinds = collections.Counter(r["kind"] for r in rows)
    events = {r["event_id"] for r in rows if r.get("event_id")}
    meter = sum(r["source"].startswith("meter") for r in rows)
    return f"{len(rows)} articles, {len(events)} events, {meter} METER rows; " + ", ".join(
        f"{k} {v}" for k, v in sorted(kinds.items())
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="make the split file from the data")
    args = ap.parse_args()
    try:
        path = dev_path()
    except DataMissing as exc:
        sys.exit(str(exc))
    if args.write:
        rows = load_rows(path)
        spec = {
            "source": "dedup/dev.jsonl",
            "source_sha256": sha256_of(path),
            "rule": (
                "group = 'e:'+event_id, else 's:'+story_id; per stratum (first letter), groups "
                f"ranked by sha256('{SALT}'+group); rank % 3 == 2 -> validation"
            ),
            **make_split(rows),
        }
        SPLIT_FILE.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    for name, rows in load_split(path).items():
        print(f"{name:10s}: {describe(rows)}")


if __name__ == "__main__":
    main()
