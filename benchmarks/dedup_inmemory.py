"""Both dedup tiers over the development set's tuning and validation parts, beside baselines.

    .venv/bin/python benchmarks/dedup_inmemory.py [--parts tuning,validation] [--no-baselines]

The data is found through ``NEWSAGG_DATA`` (benchmarks/dedup_data.py); the development set
is split by event into a tuning and a validation part (benchmarks/dedup_split.json) and
each part is run on its own, as the held-back half will be: arrival order (published date,
then id; undated first), each article assigned once against what came before through
:class:`aggregator.dedup.memory.MemoryDedup`, exactly as storage does it.

* **Story tier** — scored by the set's own ``score.py``, beside MinHash LSH at Jaccard >= 0.5
  and containment >= 0.5 (datasketch LSH Ensemble, union of matches), computed in the same
  run.
* **Event tier** — pairwise precision / recall / F1 over the articles with an ``event_id``
  (and over the METER ones alone), beside TF-IDF cosine over all pairs (log tf x idf over
  words, one threshold, no transitive closure: the orientation figure of the data's README).
  "proxy P" also counts links between articles without a label, taking each unlabelled story
  for an event of its own: a lower bound, since some of those stories are follow-ups.
* **Cost** — milliseconds per article for the story and event decisions and their writes
  (profile building excluded), p50 / p99 / mean.

``dedup_stories(articles)`` and ``dedup_events(articles)`` also serve
``score.py --module benchmarks/dedup_inmemory.py:dedup_stories``.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import math
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedup_data import PUBLIC, public, scorer_and_parts  # noqa: E402

from aggregator.config import DedupSettings  # noqa: E402
from aggregator.dedup import params_from_settings  # noqa: E402
from aggregator.dedup.fingerprint import (  # noqa: E402
    STOPWORDS,
    build_profile,
    shingle_hashes,
    split_paragraphs,
    token_hash,
    tokenize,
)
from aggregator.dedup.memory import MemoryDedup  # noqa: E402
from aggregator.dedup.policy import article_credit  # noqa: E402
from aggregator.records import article_from_record  # noqa: E402

__all__ = [
    "PUBLIC",
    "arrival_order",
    "as_ingested",
    "baseline_containment",
    "baseline_minhash_lsh",
    "dedup_events",
    "dedup_stories",
    "run_tiers",
]


def arrival_order(articles: Sequence[dict]) -> list[int]:
    return sorted(
        range(len(articles)),
        key=lambda i: (articles[i].get("published") or "", str(articles[i]["id"])),
    )


_INGESTED = datetime(2026, 1, 1, tzinfo=UTC)  # fetched_at of the records (not used by dedup)


def as_ingested(article: dict) -> tuple[str | None, datetime | None]:
    """The agency an article credits and its publication time, read from what a system sees
    exactly as `aggregator ingest` reads them (the byline split into authors and credits;
    a date refused as ingest refuses it: before 1900, in the future, the Unix epoch), so
    that this benchmark and the ingest path (benchmarks/dedup.py) decide on the same
    inputs."""
    read = article_from_record(article, source=None, fetched_at=_INGESTED)
    return article_credit(read), read.published_at


def run_tiers(
    articles: Sequence[dict],
    settings: DedupSettings | None = None,
    order: Sequence[int] | None = None,
) -> tuple[list[str], list[str], list[float]]:
    """Story id and event id per article (input order), and CPU ms per article (both tiers).

    CPU time: steadier than wall time on a shared machine.

    ``order``: the arrival order (indices into ``articles``), by default ``arrival_order``.
    """
    settings = settings or DedupSettings.defaults()
    params = params_from_settings(settings)
    dedup = MemoryDedup(settings)
    times = []
    for i in arrival_order(articles) if order is None else order:
        a = articles[i]
        profile = build_profile(a["body"], params)
        credit, published = as_ingested(a)
        started = time.process_time()
        dedup.ingest(a["id"], profile, a.get("headline") or "", published, a.get("site"), credit)
        times.append(1000 * (time.process_time() - started))
    stories = [str(dedup.story_of(a["id"])) for a in articles]
    events = [str(dedup.event_of(a["id"])) for a in articles]
    return stories, events, times


def dedup_stories(articles: list[dict]) -> list[str]:
    """Story id per article (``score.py --module`` entry point)."""
    return run_tiers(articles)[0]


def dedup_events(articles: list[dict]) -> list[str]:
    """Event id per article."""
    return run_tiers(articles)[1]


# --- story baselines -----------------------------------------------------------------------


def _union_find(n: int, pairs: Sequence[tuple[int, int]]) -> list[int]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


def _shingle_sets(articles: Sequence[dict]) -> list[set[bytes]]:
    out = []
    for a in articles:
        toks = [token_hash(t) for p in split_paragraphs(a["body"]) for t in tokenize(p)]
        out.append({h.to_bytes(8, "little") for h in shingle_hashes(toks, 5)})
    return out


def baseline_minhash_lsh(articles: Sequence[dict], threshold: float = 0.5) -> list[int]:
    from datasketch import MinHash, MinHashLSH

    sets = _shingle_sets(articles)
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    pairs = []
    for i, s in enumerate(sets):
        mh = MinHash(num_perm=128, seed=1)
        mh.update_batch(list(s))
        pairs.extend((i, j) for j in lsh.query(mh))
        lsh.insert(i, mh)
    return _union_find(len(articles), pairs)


def baseline_containment(articles: Sequence[dict], threshold: float = 0.5) -> list[int]:
    from datasketch import MinHash, MinHashLSHEnsemble

    sets = _shingle_sets(articles)
    sigs = []
    for s in sets:
        mh = MinHash(num_perm=128, seed=1)
        mh.update_batch(list(s))
        sigs.append(mh)
    ens = MinHashLSHEnsemble(threshold=threshold, num_perm=128, num_part=16)
    ens.index((i, sigs[i], max(1, len(sets[i]))) for i in range(len(sets)))
    pairs = []
    for i in range(len(sets)):
        if not sets[i]:
            continue
        for j in ens.query(sigs[i], len(sets[i])):
            # LSH Ensemble only proposes; keep pairs whose true containment passes.
            if j != i and len(sets[i] & sets[j]) >= threshold * len(sets[i]):
                pairs.append((i, j))
    return _union_find(len(articles), pairs)


# --- event scoring and baseline -----------------------------------------------------------


def _c2(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(gold: Sequence[Any], pred: Sequence[Any]) -> dict[str, float]:
    """Pairwise precision / recall / F1 of a partition against gold labels."""
    tp = sum(_c2(v) for v in collections.Counter(zip(gold, pred, strict=True)).values())
    predicted = sum(_c2(v) for v in collections.Counter(pred).values())
    positive = sum(_c2(v) for v in collections.Counter(gold).values())
    p = tp / predicted if predicted else 1.0
    r = tp / positive if positive else 1.0
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0}


def event_scores(rows: Sequence[dict], events: Sequence[str]) -> dict[str, dict[str, float]]:
    labelled = [(r["event_id"], e) for r, e in zip(rows, events, strict=True) if r.get("event_id")]
    meter = [
        (r["event_id"], e)
        for r, e in zip(rows, events, strict=True)
        if r.get("event_id") and r["source"].startswith("meter")
    ]
    proxy_gold = [r.get("event_id") or f"u:{r['story_id']}" for r in rows]
    return {
        "labelled": pairwise([g for g, _ in labelled], [e for _, e in labelled]),
        "meter": pairwise([g for g, _ in meter], [e for _, e in meter]),
        "proxy": pairwise(proxy_gold, list(events)),
    }


def tfidf_pair_scores(
    rows: Sequence[dict], thresholds: Sequence[float]
) -> dict[float, dict[str, dict[str, float]]]:
    """TF-IDF cosine over all pairs of labelled articles, one threshold, no closure."""
    import numpy as np

    docs = [collections.Counter(t for t in tokenize(r["body"]) if t not in STOPWORDS) for r in rows]
    df = collections.Counter(t for d in docs for t in d)
    vocab = {t: k for k, t in enumerate(df)}
    n = len(rows)
    labelled = [i for i, r in enumerate(rows) if r.get("event_id")]
    matrix = np.zeros((len(labelled), len(vocab)), dtype=np.float32)
    for row, i in enumerate(labelled):
        for t, c in docs[i].items():
            matrix[row, vocab[t]] = (1 + math.log(c)) * math.log(n / df[t])
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    sims = matrix @ matrix.T
    gold = [rows[i]["event_id"] for i in labelled]
    meter = [rows[i]["source"].startswith("meter") for i in labelled]
    out: dict[float, dict[str, dict[str, float]]] = {}
    for t in thresholds:
        counts = {"labelled": [0, 0, 0], "meter": [0, 0, 0]}  # tp, predicted, positive
        for a, b in itertools.combinations(range(len(labelled)), 2):
            same, linked = gold[a] == gold[b], sims[a, b] >= t
            for key in ("labelled", "meter") if meter[a] and meter[b] else ("labelled",):
                counts[key][0] += same and linked
                counts[key][1] += linked
                counts[key][2] += same
        out[t] = {}
        for key, (tp, predicted, positive) in counts.items():
            p = tp / predicted if predicted else 1.0
            r = tp / positive if positive else 1.0
            out[t][key] = {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0}
    return out


def partial_placement(rows: Sequence[dict], stories: Sequence[str], events: Sequence[str]) -> str:
    """Where the partially derived (PD) newspaper articles went, relative to their PA story."""
    pa = {
        r["story_id"]: (s, e)
        for r, s, e in zip(rows, stories, events, strict=True)
        if r["source"] == "meter_pa"
    }
    merged = linked = total = 0
    for r, s, e in zip(rows, stories, events, strict=True):
        if r.get("kind") != "partial" or r["story_id"] not in pa:
            continue
        total += 1
        merged += s == pa[r["story_id"]][0]
        linked += e == pa[r["story_id"]][1]
    return (
        f"partially derived (PD) articles: {merged}/{total} merged into their PA story, "
        f"{linked}/{total} in its event"
    )


# --- report -------------------------------------------------------------------------------


def _story_line(name: str, rep: dict, ms: float | None) -> str:
    a, m, w = rep["all"], rep["meter_real"], rep["synthetic_web"]
    pw = a["pairwise"]
    return (
        f"  {name:34s} | {pw['precision']:.4f} {pw['recall']:.4f} {pw['f1']:.4f} | "
        f"{m['pairwise']['precision']:.3f} {m['pairwise']['recall']:.3f} "
        f"{m['pairwise']['f1']:.3f} | {w['pairwise']['f1']:.4f} | "
        f"{a['hard_negative_merged']:>4d}/{a['hard_negative_pairs']:<5d} | "
        f"{rep['independent_articles_wrongly_merged']:>3d}/{rep['independent_articles']:<4d}| "
        + (f"{ms:7.2f}" if ms is not None else "      -")
    )


def _event_line(name: str, s: dict[str, dict[str, float]]) -> str:
    lab, met = s["labelled"], s["meter"]
    proxy = s.get("proxy", {}).get("P")
    return (
        f"  {name:34s} | {lab['P']:.3f} {lab['R']:.3f} {lab['F1']:.3f} | "
        f"{met['P']:.3f} {met['R']:.3f} {met['F1']:.3f} | "
        + (f"{proxy:.3f}" if proxy is not None else "    -")
    )


def _pick(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report_part(
    name: str, rows: list[dict], scorer: Any, baselines: bool, chosen: float | None = None
) -> dict[float, Any]:
    """Print both tiers of one part beside the baselines; return the TF-IDF figures.

    ``chosen``: the TF-IDF threshold best on the tuning part, marked with a star.
    """
    articles = public(rows)
    started = time.process_time()
    stories, events, times = run_tiers(articles)
    total_ms = 1000 * (time.process_time() - started) / max(1, len(rows))
    print(f"\n== {name}: {len(rows)} articles")
    print(
        f"  {'story tier':34s} | all P    R      F1     | METER P R     F1    | synth F1 "
        f"| hard-neg   | indep.  | ms/art"
    )
    print(_story_line("aggregator.dedup (MemoryDedup)", scorer.evaluate(rows, stories), total_ms))
    if baselines:
        for label, fn in (
            ("MinHash LSH, Jaccard >= 0.5", baseline_minhash_lsh),
            ("containment >= 0.5 (LSH Ensemble)", baseline_containment),
        ):
            started = time.process_time()
            pred = fn(articles)
            ms = 1000 * (time.process_time() - started) / max(1, len(rows))
            print(_story_line(label, scorer.evaluate(rows, pred), ms))
    print(f"  {'event tier':34s} | labelled P R   F1    | METER P R     F1    | proxy P")
    print(_event_line("aggregator.dedup (incremental)", event_scores(rows, events)))
    print("  " + partial_placement(rows, stories, events))
    tfidf: dict[float, Any] = {}
    if baselines:
        thresholds = (0.1, 0.15, 0.2, 0.25, 0.3)
        tfidf = tfidf_pair_scores(rows, thresholds)
        for t in thresholds:
            star = "*" if t == chosen else " "
            print(_event_line(f"TF-IDF cosine >= {t} (all pairs){star}", tfidf[t]))
    print(
        f"  both tiers, CPU ms/article (profile building excluded): p50 {_pick(times, 0.5):.2f}"
        f", p99 {_pick(times, 0.99):.2f}, mean {sum(times) / len(times):.2f}"
    )
    return tfidf


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--parts", default="tuning,validation")
    ap.add_argument("--no-baselines", action="store_true")
    args = ap.parse_args()
    scorer, parts = scorer_and_parts()
    chosen: float | None = None  # TF-IDF threshold best on the tuning part (METER F1)
    for name in args.parts.split(","):
        tfidf = report_part(name, parts[name], scorer, not args.no_baselines, chosen)
        if name == "tuning" and tfidf:
            chosen = max(tfidf, key=lambda t: tfidf[t]["meter"]["F1"])
            print(f"  * TF-IDF threshold best on tuning (METER F1): {chosen}")


if __name__ == "__main__":
    main()
