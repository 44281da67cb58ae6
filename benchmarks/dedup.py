"""Both dedup tiers through the public interface, beside the baselines, per part of the split.

Each part of the development set (tuning, validation: benchmarks/dedup_split.json, split by
event) goes on its own, in arrival order, through `aggregator ingest` (the same dedup and
storage path a crawl uses, into a fresh SQLite file) and comes back out through
`aggregator export --format jsonl --articles`, which gives each article's `story_id` and
`event_id`. Then:

* **story tier**: the data set's own scorer, beside MinHash LSH (Jaccard >= 0.5) and
  containment >= 0.5 (LSH Ensemble), computed in the same run;
* **event tier**: pairwise P / R / F1 over the articles with an `event_id` (and the METER
  ones alone), "proxy P" (links between unlabelled stories counted as errors), beside TF-IDF
  cosine over all pairs at several thresholds (the threshold best on the tuning part starred);
* with `--memory`, the same algorithm in memory (benchmarks/dedup_inmemory.py), so that a
  difference between the ingest path and the in-memory figures shows.

    python benchmarks/dedup.py [--parts tuning,validation] [--memory] [--no-baselines]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedup_data import DataMissing, dev_path, load_split, public  # noqa: E402
from dedup_inmemory import (  # noqa: E402
    _event_line,
    _load_scorer,
    _story_line,
    arrival_order,
    baseline_containment,
    baseline_minhash_lsh,
    event_scores,
    partial_placement,
    run_tiers,
    tfidf_pair_scores,
)

TFIDF_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3)


def through_cli(
    articles: list[dict], home: Path
) -> tuple[list[str], list[str], tuple[float, float]]:
    """Story and event id per article (input order) after ingest -> SQLite -> export, and the
    seconds the ingest took (wall time, CPU time of the ingest process)."""
    feed = home / "arrivals.jsonl"
    with feed.open("w", encoding="utf-8") as handle:
        for i in arrival_order(articles):
            handle.write(json.dumps(articles[i], ensure_ascii=False) + "\n")
    cli = [
        sys.executable,
        "-m",
        "app",
        "--config",
        str(ROOT / "config.yaml"),
        "--db",
        str(home / "dedup.db"),
    ]
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(cli + ["ingest", str(feed)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    seconds = (time.perf_counter() - started, _children_cpu() - cpu)
    exported = home / "articles.jsonl"
    subprocess.run(
        cli + ["export", "--format", "jsonl", "--articles", "-o", str(exported)],
        check=True,
        cwd=ROOT,
    )
    ids = {}
    for line in exported.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        ids[row["url"]] = (str(row["story_id"]), str(row["event_id"]))
    return [ids[a["url"]][0] for a in articles], [ids[a["url"]][1] for a in articles], seconds


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def report_part(
    name: str, rows: list[dict], scorer: Any, args: argparse.Namespace, chosen: float | None
) -> dict[float, Any]:
    """Print one part's figures; return the TF-IDF figures by threshold."""
    articles = public(rows)
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp:
        stories, events, seconds = through_cli(articles, Path(tmp))
    ms, cpu_ms = (1000 * value / len(rows) for value in seconds)
    story_report = scorer.evaluate(rows, stories)
    print(f"\n== {name}: {len(rows)} articles")
    print(
        f"  {'story tier':34s} | all P    R      F1     | METER P R     F1    | synth F1 "
        f"| hard-neg   | indep.  | ms/art"
    )
    print(_story_line("newsagg (ingest -> SQLite -> export)", story_report, cpu_ms))
    memory = None
    if args.memory:
        started = time.process_time()
        memory = run_tiers(articles)
        memory_ms = 1000 * (time.process_time() - started) / len(rows)
        print(
            _story_line(
                "same, in memory (MemoryDedup)", scorer.evaluate(rows, memory[0]), memory_ms
            )
        )
    if not args.no_baselines:
        for label, baseline in (
            ("MinHash LSH, Jaccard >= 0.5", baseline_minhash_lsh),
            ("containment >= 0.5 (LSH Ensemble)", baseline_containment),
        ):
            started = time.process_time()
            predicted = baseline(articles)
            baseline_ms = 1000 * (time.process_time() - started) / len(rows)
            print(_story_line(label, scorer.evaluate(rows, predicted), baseline_ms))
    print(f"  {'event tier':34s} | labelled P R   F1    | METER P R     F1    | proxy P")
    print(_event_line("newsagg (ingest -> SQLite -> export)", event_scores(rows, events)))
    if memory is not None:
        print(_event_line("same, in memory (MemoryDedup)", event_scores(rows, memory[1])))
    tfidf: dict[float, Any] = {}
    if not args.no_baselines:
        tfidf = tfidf_pair_scores(rows, TFIDF_THRESHOLDS)
        for t in TFIDF_THRESHOLDS:
            star = "*" if t == chosen else " "
            print(_event_line(f"TF-IDF cosine >= {t} (all pairs){star}", tfidf[t]))
    print("  " + partial_placement(rows, stories, events))
    print(
        "  copy -> original recall: "
        + json.dumps({k: round(v, 3) for k, v in story_report["copy_to_original_recall"].items()})
    )
    print(
        f"  ingest: {cpu_ms:.1f} ms/article CPU, {ms:.1f} wall (the whole command: start-up, "
        "reading, profiles, both tiers, store); ms/art above is CPU time"
    )
    return tfidf


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--parts", default="tuning,validation")
    ap.add_argument("--memory", action="store_true", help="also run the tiers in memory")
    ap.add_argument("--no-baselines", action="store_true")
    args = ap.parse_args()
    try:
        data = dev_path()
    except DataMissing as exc:
        sys.exit(str(exc))
    scorer = _load_scorer(data)
    parts = load_split(data)
    chosen: float | None = None  # the TF-IDF threshold best on the tuning part (METER F1)
    for name in args.parts.split(","):
        if name not in parts:
            sys.exit(f"error: no part {name!r}: the parts are {', '.join(parts)}")
        tfidf = report_part(name, parts[name], scorer, args, chosen)
        if name == "tuning" and tfidf:
            chosen = max(tfidf, key=lambda t: tfidf[t]["meter"]["F1"])
            print(f"  * TF-IDF threshold best on tuning (METER F1): {chosen}")


if __name__ == "__main__":
    main()
