"""How the figures move when a threshold moves: each decision threshold of both tiers at
-10 % and +10 % of its default, on the tuning and validation parts; and arrival orders.

    .venv/bin/python benchmarks/dedup_robustness.py [--parts tuning,validation] [--orders]

A threshold that carries sits in a flat region: moving it by a tenth should not change
whether independent reports are merged, and should move F1 little. One line per setting:
story tier (all-pairs P / R / F1, METER F1, independent articles merged), event tier
(labelled-event F1, METER-event F1). ``--orders`` also runs each part in reversed and in
shuffled arrival order (seeded), which a system assigning incrementally must survive.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedup_data import public, scorer_and_parts  # noqa: E402
from dedup_inmemory import arrival_order, event_scores, run_tiers  # noqa: E402

from aggregator.config import DedupSettings  # noqa: E402

# The thresholds that decide (not the cost caps): story tier, then event tier.
THRESHOLDS = (
    "accept_overlap",
    "min_copy_share",
    "min_copy_raw_share",
    "min_lead_share",
    "min_in_order_share",
    "min_aligned_share",
    "min_long_run_share",
    "min_rewrite_lead_share",
    "dense_aligned_share",
    "min_contained_names",
    "bridge_min_share",
    "event_min_similarity",
    "event_related_similarity",
    "event_window_days",
)


def settings_around(name: str, factor: float) -> DedupSettings:
    """The defaults with one threshold scaled (a whole number moved by at least one)."""
    default = DedupSettings.model_fields[name].default
    if isinstance(default, int):
        value: float = max(round(default * factor), default + 1 if factor > 1 else 0)
        value = value if factor > 1 else min(value, default - 1)
    else:
        value = min(1.0, default * factor)
    return DedupSettings(**{name: value})


def line(
    label: str,
    rows: list[dict],
    scorer: Any,
    settings: DedupSettings,
    order: list[int] | None = None,
) -> str:
    stories, events, _ = run_tiers(public(rows), settings, order)
    rep = scorer.evaluate(rows, stories)
    pw, meter = rep["all"]["pairwise"], rep["meter_real"]["pairwise"]
    ev = event_scores(rows, events)
    return (
        f"  {label:34s} | {pw['precision']:.4f} {pw['recall']:.4f} {pw['f1']:.4f} | "
        f"{meter['f1']:.3f} | {rep['independent_articles_wrongly_merged']:>3d} | "
        f"{ev['labelled']['F1']:.3f} {ev['meter']['F1']:.3f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parts", default="tuning,validation")
    ap.add_argument("--orders", action="store_true", help="also reversed and shuffled arrivals")
    args = ap.parse_args()
    scorer, parts = scorer_and_parts()
    for part in args.parts.split(","):
        rows = parts[part]
        print(f"\n== {part}: {len(rows)} articles")
        print(
            f"  {'setting':34s} | story P  R      F1     | METER | ind | event F1 (labelled, METER)"
        )
        print(line("defaults", rows, scorer, DedupSettings.defaults(), None))
        for name in THRESHOLDS:
            for factor in (0.9, 1.1):
                settings = settings_around(name, factor)
                value = getattr(settings, name)
                print(line(f"{name} = {value:g}", rows, scorer, settings, None))
        if args.orders:
            arrival = arrival_order(rows)
            shuffled = list(arrival)
            random.Random(1).shuffle(shuffled)
            defaults = DedupSettings.defaults()
            print(line("reversed arrival", rows, scorer, defaults, arrival[::-1]))
            print(line("shuffled arrival (seed 1)", rows, scorer, defaults, shuffled))


if __name__ == "__main__":
    main()
