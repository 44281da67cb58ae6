"""The story tier's missed copies on one part of the development set, classified by cause.

    .venv/bin/python benchmarks/dedup_misses.py [--part tuning] [--list]

Runs the part in arrival order through :class:`aggregator.dedup.memory.MemoryDedup` (the
same partitions as ``aggregator ingest``), then looks at every labelled copy cluster the
story tier split. The cluster's *main* piece is the predicted story holding its original
text (the agency text or the article the web copies were made from), else its largest;
every other piece is one *miss*, and the pairs it loses (with the main piece and with the
pieces after it) are counted to it, so the pairs add up to the scorer's false negatives.

A miss is put under one cause, from the pairs between its articles and the main piece:

* **lookup** — no article of the main piece was ever a candidate of one of its articles,
  or the reverse: ``no shared key`` (their lookup keys do not meet at all) or ``ranked
  out`` (keys shared, but not among the ``max_candidates`` best, or only boilerplate keys);
* **verification** — the best verdict of ``verify.compare`` over those pairs: ``rewrite,
  no provenance`` (a rewrite-level match that ``assign.provenance`` refuses: neither side,
  or both, credit an agency, or the wire text is dated after), ``verbatim, not joined``
  (a copy verdict that the assignment did not act on: per-story verification cap or a
  story settled elsewhere), or ``rejected`` with what failed: ``lead not shared``
  (under ``min_rewrite_lead_share``), ``names of its own`` (derived rule's conditions but
  a name or number not in the other text), ``too little aligned`` (the rest).

Only the part's labels and aggregate counts are printed unless ``--list`` is given;
``--list`` prints one line per miss with the figures (for the tuning part: the split's
rule is that validation pairs are not looked at one by one).
"""

from __future__ import annotations

import argparse
import collections
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedup_data import public, scorer_and_parts  # noqa: E402
from dedup_inmemory import arrival_order, as_ingested  # noqa: E402

from aggregator.config import DedupSettings  # noqa: E402
from aggregator.dedup import params_from_settings  # noqa: E402
from aggregator.dedup.assign import MemoryLookup, StoredCopy, provenance  # noqa: E402
from aggregator.dedup.events import MemoryEventIndex  # noqa: E402
from aggregator.dedup.fingerprint import TextProfile, build_profile  # noqa: E402
from aggregator.dedup.memory import MemoryDedup  # noqa: E402
from aggregator.dedup.verify import REWRITE, VERBATIM, Match, compare  # noqa: E402


class RecordingLookup(MemoryLookup):
    """The in-memory lookup, remembering which stored articles each new one was shown."""

    def __init__(self, settings: DedupSettings) -> None:
        super().__init__(settings)
        self.shown: list[set[int | str]] = []

    def candidates(self, band_keys: Sequence[int]) -> list[StoredCopy]:
        found = super().candidates(band_keys)
        self.shown.append({c.article_id for c in found})
        return found


@dataclass
class Run:
    stories: dict[str, int | str]
    events: dict[str, int | str]
    shown: dict[str, set[int | str]]  # article id -> ids it was shown as candidates
    copies: dict[str, StoredCopy]  # article id -> what the store holds of it


def run_part(rows: Sequence[dict[str, Any]], settings: DedupSettings) -> Run:
    params = params_from_settings(settings)
    dedup = MemoryDedup(settings)
    lookup = RecordingLookup(settings)
    dedup.stories = lookup
    dedup.events = MemoryEventIndex(lookup.story_of, settings)
    shown: dict[str, set[int | str]] = {}
    copies: dict[str, StoredCopy] = {}
    for i in arrival_order(rows):
        a = rows[i]
        profile = build_profile(a["body"], params)
        credit, published = as_ingested(a)
        dedup.ingest(a["id"], profile, a.get("headline") or "", published, a.get("site"), credit)
        shown[a["id"]] = lookup.shown[-1]
        copies[a["id"]] = StoredCopy(
            a["id"], "", profile, a.get("headline") or "", published, a.get("site"), credit
        )
    return Run(
        {a["id"]: dedup.story_of(a["id"]) for a in rows},
        {a["id"]: dedup.event_of(a["id"]) for a in rows},
        shown,
        copies,
    )


def _shares_key(a: TextProfile, b: TextProfile) -> bool:
    return bool(set(a.band_keys) & set(b.band_keys))


def _verdict_cause(match: Match, x: StoredCopy, y: StoredCopy, settings: DedupSettings) -> str:
    if match.level == VERBATIM:
        return "verbatim, not joined"
    ev = match.evidence
    if match.level == REWRITE:
        ok = provenance(
            x.credit,
            x.published_at,
            y.credit,
            y.published_at,
            rule=ev.get("rule"),
            names_kept=ev.get("names_contained", 1.0) >= settings.min_update_names_kept,
        )
        if ok:
            return "rewrite with provenance, not joined"
        if x.credit is None and y.credit is None:
            return "rewrite, no provenance (neither credited)"
        if x.credit is not None and y.credit is not None:
            return "rewrite, no provenance (both credited)"
        return "rewrite, no provenance (wire dated after)"
    if ev.get("lead_shared", 0.0) < settings.min_rewrite_lead_share:
        return "rejected: lead not shared"
    if (
        ev.get("aligned", 0.0) >= settings.min_aligned_share
        and ev.get("runs", 0) >= settings.dense_min_runs
        and ev.get("lead_shared", 0.0) >= settings.min_lead_share
        and ev.get("names_contained", 1.0) < 1.0
    ):
        return "rejected: names of its own"
    return "rejected: too little aligned"


# Verdicts from the one that would merge to the one furthest from it.
_CAUSE_RANK = (
    "verbatim, not joined",
    "rewrite with provenance, not joined",
    "rewrite, no provenance (wire dated after)",
    "rewrite, no provenance (both credited)",
    "rewrite, no provenance (neither credited)",
    "rejected: names of its own",
    "rejected: too little aligned",
    "rejected: lead not shared",
)


def classify_miss(
    piece: list[str], main: list[str], run: Run, settings: DedupSettings
) -> tuple[str, dict[str, Any]]:
    """Cause of one piece's missing from the main piece, and the deciding pair's figures.

    The verdict is the best over every pair of the piece and the main piece (one that
    would merge first), so a piece refused against the wire text but matching one of its
    copies is shown as what that copy's verdict is.
    """
    shown = any(y in run.shown[x] or x in run.shown[y] for x in piece for y in main)
    best: tuple[tuple[int, float], str, Match, str, str] | None = None
    for x in piece:
        for y in main:
            match = compare(run.copies[x].profile, run.copies[y].profile, settings)
            cause = _verdict_cause(match, run.copies[x], run.copies[y], settings)
            key = (-_CAUSE_RANK.index(cause), match.similarity)
            if best is None or key > best[0]:
                best = (key, cause, match, x, y)
    assert best is not None
    _, verdict, match, x, y = best
    figures = {k: match.evidence.get(k) for k in FIGURES} | {"pair": (x, y)}
    if shown:
        return verdict, figures
    keyed = any(
        _shares_key(run.copies[a].profile, run.copies[b].profile) for a in piece for b in main
    )
    where = "lookup: ranked out" if keyed else "lookup: no shared key"
    would = "would merge" if _CAUSE_RANK.index(verdict) < 2 else "refused anyway"
    return f"{where}; verified: {would}", figures


FIGURES = (
    "rule",
    "aligned",
    "narrative_aligned",
    "in_order_share",
    "lead_shared",
    "lead_shared_weaker",
    "names_contained",
    "names_short",
    "runs",
    "long_runs",
    "len_short",
    "len_long",
)


def _kind(row: dict[str, Any]) -> str:
    if row["source"] == "meter_newspaper":
        return f"METER newspaper {row.get('derivation')}"
    if row["source"] == "meter_pa":
        return "METER PA"
    return f"{row['source']} {row.get('tier')}"


def misses(
    rows: Sequence[dict[str, Any]], run: Run, settings: DedupSettings
) -> list[dict[str, Any]]:
    by_cluster: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for r in rows:
        by_cluster[r["cluster_id"]].append(r)
    out = []
    for members in by_cluster.values():
        pieces: dict[int | str, list[dict[str, Any]]] = collections.defaultdict(list)
        for r in members:
            pieces[run.stories[r["id"]]].append(r)
        if len(pieces) < 2:
            continue
        ordered = sorted(
            pieces.values(),
            key=lambda p: (not any(r.get("tier") == "original" for r in p), -len(p)),
        )
        main = [r["id"] for r in ordered[0]]
        remaining = len(members) - len(ordered[0])
        for piece in ordered[1:]:
            remaining -= len(piece)
            cause, figures = classify_miss([r["id"] for r in piece], main, run, settings)
            out.append(
                {
                    "cause": cause,
                    "articles": len(piece),
                    "pairs": len(piece) * (len(ordered[0]) + remaining),
                    "event": piece[0].get("event_id") or piece[0]["story_id"],
                    "outlets": {r["site"] for r in piece},
                    # The design's fallback: a copy the story tier refuses is still linked
                    # to its wire story as one event.
                    "in_event": run.events[piece[0]["id"]] == run.events[main[0]],
                    "kinds": sorted({_kind(r) for r in piece}),
                    "figures": figures,
                }
            )
    return out


def report(found: list[dict[str, Any]], listing: bool) -> None:
    total = sum(m["pairs"] for m in found)
    print(f"missed pairs {total}, pieces split off {len(found)}")
    print(f"  {'cause':52s} pieces articles pairs events outlets in-event  kinds")
    by_cause: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for m in found:
        by_cause[m["cause"]].append(m)
    for cause, group in sorted(by_cause.items(), key=lambda kv: -sum(m["pairs"] for m in kv[1])):
        kinds = collections.Counter(k for m in group for k in m["kinds"])
        print(
            f"  {cause:52s} {len(group):6d} {sum(m['articles'] for m in group):8d} "
            f"{sum(m['pairs'] for m in group):5d} {len({m['event'] for m in group}):6d} "
            f"{len(set().union(*(m['outlets'] for m in group))):7d} "
            f"{sum(m['in_event'] for m in group):8d}  "
            + ", ".join(f"{k} {n}" for k, n in kinds.most_common())
        )
    if listing:
        for m in sorted(found, key=lambda m: (m["cause"], -m["pairs"])):
            f = m["figures"]
            print(
                f"{m['cause']:52s} {m['event']:>10s} pairs {m['pairs']:3d} "
                f"{'/'.join(m['kinds'])} {sorted(m['outlets'])} "
                + " ".join(f"{k}={f[k]}" for k in FIGURES)
                + f" pair={f['pair']}"
            )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--part", default="tuning", choices=("tuning", "validation"))
    ap.add_argument("--list", action="store_true", help="one line per miss (tuning only)")
    args = ap.parse_args()
    if args.list and args.part != "tuning":
        sys.exit("--list is for the tuning part: validation pairs are read in aggregate only")
    scorer, parts = scorer_and_parts()
    rows = parts[args.part]
    settings = DedupSettings.defaults()
    run = run_part(public(rows), settings)
    rep = scorer.evaluate(rows, [run.stories[r["id"]] for r in rows])
    print(f"== {args.part}: {len(rows)} articles, scorer's false negatives {rep['all']['fn']}")
    report(misses(rows, run, settings), args.list)


if __name__ == "__main__":
    main()
