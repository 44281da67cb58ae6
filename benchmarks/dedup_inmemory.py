"""Run wire-story dedup over the development set in arrival order, next to two baselines.

    /tmp/venv/bin/python benchmarks/dedup_inmemory.py [--data PATH] [--limit N]

Articles are processed in arrival order (published date, then id; undated first), each
assigned through :class:`aggregator.dedup.assign.MemoryLookup` exactly as storage does it.
The scorer (``score.py`` next to the data) is imported and applied to our story ids and to
two baselines computed in the same run: MinHash LSH at Jaccard >= 0.5, and containment >= 0.5
(datasketch LSH Ensemble, union of matches).

``dedup_stories(articles)`` is also usable as ``score.py --module benchmarks/dedup_inmemory.py:dedup_stories``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aggregator.config import DedupSettings  # noqa: E402
from aggregator.dedup import params_from_settings  # noqa: E402
from aggregator.dedup.assign import MemoryLookup  # noqa: E402
from aggregator.dedup.fingerprint import (  # noqa: E402
    build_profile,
    shingle_hashes,
    split_paragraphs,
    token_hash,
    tokenize,
)

DEFAULT_DATA = Path("/work/shared/data/dedup/dev.jsonl")


def arrival_order(articles: list[dict]) -> list[int]:
    return sorted(
        range(len(articles)),
        key=lambda i: (articles[i].get("published") or "", str(articles[i]["id"])),
    )


def dedup_stories(
    articles: list[dict], settings: DedupSettings | None = None, stats: dict | None = None
) -> list[str]:
    """Story id per article (input order), assigning in arrival order.

    ``stats``, if given, receives per-article assignment times (ms, profile building
    excluded) and candidate counts.
    """
    settings = settings or DedupSettings()
    params = params_from_settings(settings)
    lookup = MemoryLookup(settings)
    times, counts = [], []
    for i in arrival_order(articles):
        a = articles[i]
        profile = build_profile(a["body"], params)
        t0 = time.perf_counter()
        decision = lookup.ingest(a["id"], profile, a.get("headline") or "")
        times.append(1000 * (time.perf_counter() - t0))
        counts.append(decision.evidence.get("candidates", 0))
    if stats is not None:
        stats.update(assign_ms=times, candidates=counts)
    return [str(lookup.story_of(a["id"])) for a in articles]


def _union_find(n: int, pairs) -> list[int]:
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


def _shingle_sets(articles: list[dict]) -> list[set[bytes]]:
    out = []
    for a in articles:
        toks = [token_hash(t) for p in split_paragraphs(a["body"]) for t in tokenize(p)]
        out.append({h.to_bytes(8, "little") for h in shingle_hashes(toks, 5)})
    return out


def baseline_minhash_lsh(articles: list[dict], threshold: float = 0.5) -> list[int]:
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


def baseline_containment(articles: list[dict], threshold: float = 0.5) -> list[int]:
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


def _load_scorer(data: Path):
    spec = importlib.util.spec_from_file_location("dedup_score", data.parent / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


PUBLIC = ("id", "url", "site", "headline", "byline", "body", "published")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--no-baselines", action="store_true")
    args = ap.parse_args()
    scorer = _load_scorer(args.data)
    gold = scorer.load_jsonl(str(args.data))
    if args.limit:
        gold = gold[: args.limit]
    public = [{k: a.get(k) for k in PUBLIC} for a in gold]

    stats: dict = {}
    runs = [("aggregator.dedup (MemoryLookup)", lambda: dedup_stories(public, stats=stats))]
    if not args.no_baselines:
        runs += [
            ("MinHash LSH, Jaccard >= 0.5", lambda: baseline_minhash_lsh(public)),
            ("containment >= 0.5 (LSH Ensemble)", lambda: baseline_containment(public)),
        ]
    header = (
        f"{'method':36s} | {'all P':>6s} {'R':>6s} {'F1':>6s} | {'METER F1':>8s} | "
        f"{'synth F1':>8s} | {'hard-neg merged':>15s} | {'ms/article':>10s}"
    )
    lines = [header, "-" * len(header)]
    for name, fn in runs:
        t0 = time.process_time()
        pred = fn()
        ms = 1000 * (time.process_time() - t0) / max(1, len(public))
        rep = scorer.evaluate(gold, pred)
        a, m, w = rep["all"], rep["meter_real"], rep["synthetic_web"]
        lines.append(
            f"{name:36s} | {a['pairwise']['precision']:6.3f} {a['pairwise']['recall']:6.3f} "
            f"{a['pairwise']['f1']:6.3f} | {m['pairwise']['f1'] if m else 0:8.3f} | "
            f"{w['pairwise']['f1'] if w else 0:8.3f} | "
            f"{a['hard_negative_merged']:>6d} / {a['hard_negative_pairs']:<6d} | {ms:10.2f}"
        )
        if name.startswith("aggregator"):
            ours = rep
    print("\n".join(lines))
    ms = sorted(stats["assign_ms"])
    cands = sorted(stats["candidates"])
    pick = lambda xs, q: xs[min(len(xs) - 1, int(q * len(xs)))]  # noqa: E731
    print(
        f"assign only (wall): p50 {pick(ms, 0.5):.2f} ms, p99 {pick(ms, 0.99):.2f} ms, max {ms[-1]:.2f} ms; "
        f"candidates p50 {pick(cands, 0.5)}, p99 {pick(cands, 0.99)}, max {cands[-1]}"
    )
    print("our recall by tier:", json.dumps(ours["recall_by_tier"]))
    print("our copy->original recall:", json.dumps(ours["copy_to_original_recall"]))
    print(
        f"independent articles wrongly merged: {ours['independent_articles_wrongly_merged']}"
        f"/{ours['independent_articles']}; partial merged with their story: "
        f"{ours['partial_merged_with_story']}/{ours['partial_articles']}"
    )


if __name__ == "__main__":
    main()
