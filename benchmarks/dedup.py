"""Wire-story dedup through the public interface, next to the baselines, in one run.

The development set goes in arrival order through `aggregator ingest` (the same
dedup and storage path a crawl uses, into a fresh SQLite file), comes back out
through `aggregator export --format jsonl --articles`, and is scored by the
data set's own scorer; the MinHash-LSH and containment baselines are computed
in the same run (from benchmarks/dedup_inmemory.py).

    python benchmarks/dedup.py [--data $NEWSAGG_DATA/dedup/dev.jsonl]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedup_inmemory import (  # noqa: E402
    PUBLIC,
    _load_scorer,
    arrival_order,
    baseline_containment,
    baseline_minhash_lsh,
)
from devdata import dataset  # noqa: E402

DEFAULT_DATA = dataset("dedup/dev.jsonl")  # NEWSAGG_DATA (benchmarks/devdata.py)


def through_cli(public: list[dict], home: Path) -> tuple[list[str], float]:
    """Story id per article (input order) after ingest → SQLite → export; and seconds taken."""
    feed = home / "arrivals.jsonl"
    with feed.open("w", encoding="utf-8") as handle:
        for i in arrival_order(public):
            handle.write(json.dumps(public[i], ensure_ascii=False) + "\n")
    db = home / "dedup.db"
    cli = [
        sys.executable,
        "-m",
        "app",
        "--config",
        str(ROOT / "config.yaml"),
        "--db",
        str(db),
    ]
    started = time.perf_counter()
    subprocess.run(cli + ["ingest", str(feed)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    exported = home / "articles.jsonl"
    subprocess.run(
        cli + ["export", "--format", "jsonl", "--articles", "-o", str(exported)],
        check=True,
        cwd=ROOT,
    )
    story_of = {}
    for line in exported.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        story_of[row["url"]] = str(row["story_id"])
    return [story_of[a["url"]] for a in public], seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args()
    if not args.data.exists():
        raise SystemExit(f"error: {args.data} not found: set NEWSAGG_DATA (benchmarks/devdata.py)")
    scorer = _load_scorer(args.data)
    gold = scorer.load_jsonl(str(args.data))
    public = [{k: a.get(k) for k in PUBLIC} for a in gold]
    with tempfile.TemporaryDirectory() as tmp:
        ours, seconds = through_cli(public, Path(tmp))
    runs = [
        ("newsagg (ingest -> SQLite -> export)", ours, seconds),
        ("MinHash LSH, Jaccard >= 0.5", None, None),
        ("containment >= 0.5 (LSH Ensemble)", None, None),
    ]
    print(
        "| method | all P | all R | all F1 | METER F1 | synthetic F1 | hard negatives merged "
        "| ms/article |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, pred, secs in runs:
        if pred is None:
            started = time.perf_counter()
            pred = (
                baseline_minhash_lsh(public)
                if name.startswith("MinHash")
                else baseline_containment(public)
            )
            secs = time.perf_counter() - started
        report = scorer.evaluate(gold, pred)
        a, m, w = report["all"], report["meter_real"], report["synthetic_web"]
        print(
            f"| {name} | {a['pairwise']['precision']:.3f} | {a['pairwise']['recall']:.3f} | "
            f"{a['pairwise']['f1']:.3f} | {m['pairwise']['f1']:.3f} | {w['pairwise']['f1']:.3f} | "
            f"{a['hard_negative_merged']} / {a['hard_negative_pairs']} | "
            f"{1000 * secs / len(public):.1f} |"
        )
        if pred is ours:
            detail = report
    print()
    print("ours, copy->original recall:", json.dumps(detail["copy_to_original_recall"]))
    print(
        "ours, independent articles wrongly merged: "
        f"{detail['independent_articles_wrongly_merged']}"
        f"/{detail['independent_articles']}; partial merged with their story: "
        f"{detail['partial_merged_with_story']}/{detail['partial_articles']}"
    )


if __name__ == "__main__":
    main()
