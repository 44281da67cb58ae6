"""Both dedup tiers in memory at 10k, 100k and 1M stored articles: ms per new article.

    .venv/bin/python benchmarks/dedup_inmemory_scale.py [--sizes 10000,100000,1000000]
        [--probes 100]

How the store is filled (the in-memory counterpart of benchmarks/dedup_scale.py):

* the **core** — the development set (``NEWSAGG_DATA``) less the probe articles — goes
  through ``MemoryDedup.ingest`` in arrival order, as any article would;
* the rest are **replicas** of the core, each a disjoint copy of its story and event
  structure: replica articles share the core's profiles (the verification work on them is
  the same), but lookup keys and event terms are made unreachable by a per-replica salt,
  except the *hot* ones — story keys found in two or more core stories, event keys posted
  by two or more core stories, document-frequency rows counted two or more times — which
  are copied verbatim, so that their posting lists and counts grow with the store as
  common keys and words do. Salted keys are not materialised (no probe can reach them; in
  SQLite they would deepen the B-trees, which is what benchmarks/dedup_scale.py measures).
  Replica event profiles are one profile of random terms per replica: reachable through
  hot keys, compared at full cost, never similar.

At each size ``--probes`` new articles are timed (CPU time, steadier than wall time on a
shared machine) through ``MemoryDedup.ingest`` (both
tiers, their writes included, profile building excluded): half new stories (development
articles held out of the core, a fresh set per size), half edited copies (first paragraph
dropped) of random core articles.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import gc
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedup_data import DataMissing, dev_path, load_rows  # noqa: E402
from dedup_inmemory import arrival_order, as_ingested  # noqa: E402

from aggregator.config import DedupSettings  # noqa: E402
from aggregator.dedup.events import EventProfile  # noqa: E402
from aggregator.dedup.fingerprint import build_profile, split_paragraphs  # noqa: E402
from aggregator.dedup.memory import MemoryDedup  # noqa: E402


class Replicator:
    """Grows a MemoryDedup built from the core by salted replicas of the core."""

    def __init__(self, dedup: MemoryDedup, seed: int = 1) -> None:
        self.dedup = dedup
        self.rng = random.Random(seed)
        stories, events = dedup.stories, dedup.events
        self.core_articles = list(stories._copies)
        self.story_of = dict(stories._story_of)
        story_keys: dict[int, set] = collections.defaultdict(set)
        for key, ids in stories._postings.items():
            for article in ids:
                story_keys[key].add(self.story_of[article])
        self.hot_story_keys = {
            article: [
                k for k in set(stories._copies[article].profile.band_keys) if len(story_keys[k]) > 1
            ]
            for article in self.core_articles
        }
        self.founders = {story: list(f) for story, f in events._founders.items()}
        self.event_of = dict(events._event)
        self.hot_event_keys = {
            founder: [k for k in events._profiles[founder].keys if len(events._postings[k]) > 1]
            for fs in self.founders.values()
            for founder in fs
        }
        self.df = dict(events._df)
        self.replicas = 0

    def grow_to(self, size: int) -> None:
        while len(self.dedup.stories) + len(self.core_articles) <= size:
            self.replicas += 1
            self._replica(self.replicas)

    def _replica(self, r: int) -> None:
        stories, events = self.dedup.stories, self.dedup.events
        base = r * 10_000_000
        ids = {a: base + i for i, a in enumerate(self.core_articles)}
        for article in self.core_articles:
            new_id, story = ids[article], f"r{r}:{self.story_of[article]}"
            stories._copies[new_id] = dataclasses.replace(
                stories._copies[article], article_id=new_id, story_id=story
            )
            stories._story_of[new_id] = story
            stories._members[story].append(new_id)
            for key in self.hot_story_keys[article]:
                stories._postings[key].append(new_id)
        mask = self.dedup.settings.event_df_buckets - 1
        dummy = EventProfile(
            terms=tuple(sorted(self.rng.getrandbits(40) for _ in range(256))),
            weights=(1 / 16,) * 256,
            keys=(),
            day=None,
        )
        for story, founders in self.founders.items():
            new_story, event = f"r{r}:{story}", f"r{r}:{self.event_of[story]}"
            events._founders[new_story] = [ids[f] for f in founders]
            events._event[new_story] = event
            events._members[event].add(new_story)
            for founder in founders:
                new_f = ids[founder]
                events._profiles[new_f] = dummy
                events._seq[new_f] = len(events._seq)
                for key in self.hot_event_keys[founder]:
                    events._postings[key].append(new_f)
            events._stories += 1
        salt = self.rng.getrandbits(32) & mask
        for bucket, n in self.df.items():
            target = bucket if n > 1 else bucket ^ salt
            events._df[target] = events._df.get(target, 0) + n


def probe(dedup: MemoryDedup, probes: list[tuple[str, object, dict]]) -> dict[str, list[float]]:
    """ms per probe article through both tiers (profile building excluded), by kind."""
    timings: dict[str, list[float]] = {"new": [], "copy": []}
    gc.collect()
    gc.disable()  # a collection over a million objects is not the algorithm's cost
    for article_id, body, row in probes:
        profile = build_profile(body)  # type: ignore[arg-type]
        credit, published = as_ingested(row)
        started = time.process_time()
        dedup.ingest(article_id, profile, "", published, row.get("site"), credit)
        kind = "new" if article_id.startswith("p") else "copy"
        timings[kind].append(1000 * (time.process_time() - started))
    gc.enable()
    return timings


def _pick(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--probes", type=int, default=100)
    args = ap.parse_args()
    try:
        rows = load_rows(dev_path())
    except DataMissing as exc:
        sys.exit(str(exc))
    sizes = [int(s) for s in args.sizes.split(",")]
    half = args.probes // 2
    rng = random.Random(7)
    held = rng.sample(range(len(rows)), half * len(sizes))  # new stories, never stored
    core = [rows[i] for i in arrival_order(rows) if i not in set(held)]
    dedup = MemoryDedup(DedupSettings.defaults())
    for row in core:
        profile = build_profile(row["body"])
        headline, site = row.get("headline") or "", row.get("site")
        credit, published = as_ingested(row)
        dedup.ingest(row["id"], profile, headline, published, site, credit)
    replicator = Replicator(dedup)
    print(f"core: {len(core)} articles; probes per size: {args.probes}")
    print(
        f"{'stored':>10s} | {'build s':>7s} | {'RSS MiB':>7s} | "
        "both tiers CPU ms/article: p50 p90  p99 mean | new stories p50 | copies p50"
    )
    for k, size in enumerate(sizes):
        started = time.perf_counter()
        replicator.grow_to(size)
        built = time.perf_counter() - started
        new = [rows[i] for i in held[k * half : (k + 1) * half]]
        copies = [r for r in rng.sample(core, half)]
        probes: list[tuple[str, object, dict]] = [(f"p{k}-{r['id']}", r["body"], r) for r in new]
        probes += [
            (f"c{k}-{r['id']}", split_paragraphs(r["body"])[1:] or [r["body"]], r) for r in copies
        ]
        timings = probe(dedup, probes)
        every = timings["new"] + timings["copy"]
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{len(dedup.stories):>10,d} | {built:7.1f} | {rss:7.0f} | "
            f"{_pick(every, 0.5):27.2f} {_pick(every, 0.9):5.2f} {_pick(every, 0.99):5.2f} "
            f"{sum(every) / len(every):5.2f} | {_pick(timings['new'], 0.5):15.2f} | "
            f"{_pick(timings['copy'], 0.5):10.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
