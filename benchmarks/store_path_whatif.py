"""What two of the writer's unbuilt changes could save at most, measured without building them.

    .venv/bin/python benchmarks/store_path_whatif.py [--rounds 5]

``inserts``: the last batch of the store path's 5,000 articles (``store_path.py``'s
writes, fingerprints shipped) has its dedup keys, event keys and event frequencies
inserted again into copies of the store holding the articles before it, per article as
``store_articles`` does and in one sorted statement per table for the whole batch (the
event frequencies merged per bucket), alternating; CPU ms per article of the batch,
commit included. The copies are opened as the writer opens the store (its cache size,
WAL, foreign keys), with the three tables' pages read into the cache first. The gap
bounds what an overlay making a batch's pending rows visible to its later articles
could save.

``database-free``: the per-article work of the store path that needs no database,
timed alone on 1,000 of the articles: what workers could compute and ship beside the
fingerprint they already ship (timed too, for scale).
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from cluster import SEED, store_path_cpu, synthetic_writes  # noqa: E402

BATCH = 256


def _last_batch_rows(db_path: Path, writes: list[Any]) -> tuple[list[int], dict[str, Any]]:
    """The last batch's article ids and the rows each added; those rows are deleted."""
    from aggregator.config import DedupSettings
    from aggregator.dedup import build_profile, params_from_settings
    from aggregator.dedup.events import _term_arrays, df_bucket

    settings = DedupSettings()
    params = params_from_settings(settings)
    conn = sqlite3.connect(db_path)
    ids = [
        row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id DESC LIMIT ?", [BATCH])
    ]
    ids.reverse()
    rows: dict[str, Any] = {"dedup": {}, "event": {}, "df": {}}
    for table, key in (("dedup", "dedup_keys"), ("event", "event_keys")):
        for article_id in ids:
            rows[table][article_id] = [
                r[0]
                for r in conn.execute(
                    f"SELECT key FROM {key} WHERE article_id = ? ORDER BY key", [article_id]
                )
            ]
        conn.execute(f"DELETE FROM {key} WHERE article_id >= ?", [ids[0]])
    founders = {
        r[0]
        for r in conn.execute(
            "SELECT article_id FROM event_profiles WHERE article_id >= ?", [ids[0]]
        )
    }
    body_of = {w.article.canonical_url: w.article.body for w in writes}
    for article_id, url in conn.execute(
        "SELECT id, canonical_url FROM articles WHERE id >= ?", [ids[0]]
    ):
        if article_id in founders:
            terms, _ = _term_arrays(build_profile(body_of[url], params))
            rows["df"][article_id] = np.unique(df_bucket(terms, settings)).tolist()
    conn.commit()
    conn.close()
    return ids, rows


def _insert_round(base: Path, ids: list[int], rows: dict[str, Any], batched: bool) -> float:
    from storage.db import open_db

    copy = base.with_name("round.db")
    shutil.copy(base, copy)
    db = open_db(copy, migrate=False)  # the writer's settings: its cache, WAL, foreign keys
    conn = db.conn
    for table in ("dedup_keys", "event_keys", "event_df"):  # its pages cached, as in a writer
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    began = time.process_time()
    conn.execute("BEGIN IMMEDIATE")
    keys = "INSERT OR IGNORE INTO {} (key, article_id) VALUES (?, ?)"
    upsert = (
        "INSERT INTO event_df (bucket, n) VALUES (?, ?) "
        "ON CONFLICT(bucket) DO UPDATE SET n = n + excluded.n"
    )
    if batched:
        for table, name in (("dedup", "dedup_keys"), ("event", "event_keys")):
            conn.executemany(keys.format(name), sorted((k, a) for a in ids for k in rows[table][a]))
        counts = collections.Counter(b for buckets in rows["df"].values() for b in (*buckets, -1))
        conn.executemany(upsert, sorted(counts.items()))
    else:
        for a in ids:
            conn.executemany(keys.format("dedup_keys"), [(k, a) for k in rows["dedup"][a]])
            conn.executemany(keys.format("event_keys"), [(k, a) for k in rows["event"][a]])
            if a in rows["df"]:
                conn.executemany(upsert, [(b, 1) for b in (*rows["df"][a], -1)])
    conn.execute("COMMIT")
    spent = time.process_time() - began
    db.close()
    return 1000 * spent / len(ids)


def inserts(rounds: int) -> None:
    writes = synthetic_writes(5000, seed=SEED + 1, shipped=True)
    with tempfile.TemporaryDirectory(prefix="whatif-") as home:
        base = Path(home) / "base.db"
        store_path_cpu(writes, base, BATCH)
        ids, rows = _last_batch_rows(base, writes)
        spent: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(rounds):
            for batched in (False, True):
                spent[batched].append(_insert_round(base, ids, rows, batched))
    print(f"inserts of the last {len(ids)} articles, {len(rows['df'])} of them new stories:")
    for batched, label in ((False, "per article (as now)"), (True, "one statement per table")):
        figures = ", ".join(f"{x:.3f}" for x in spent[batched])
        median = statistics.median(spent[batched])
        print(f"  {label:26s} median {median:.3f} ms per article ({figures})")


def database_free(rounds: int) -> None:
    from aggregator.config import DedupSettings
    from aggregator.dedup import build_profile, params_from_settings
    from aggregator.dedup.events import _term_arrays
    from aggregator.dedup.fingerprint import clean_paragraphs, tokenize
    from aggregator.dedup.policy import _grams
    from storage.writes import _article_columns

    params = params_from_settings(DedupSettings())
    articles = [w.article for w in synthetic_writes(1000, seed=SEED + 1, shipped=False)]
    profiles = [build_profile(a.body, params) for a in articles]
    parts: dict[str, Callable[[], object]] = {
        "article columns (JSON)": lambda: [
            _article_columns(a, p.body_hash) for a, p in zip(articles, profiles, strict=True)
        ],
        "event tier's term arrays": lambda: [_term_arrays(p) for p in profiles],
        "cleaned paragraphs, word count": lambda: [
            sum(len(tokenize(x)) for x in clean_paragraphs(a.body)) for a in articles
        ],
        "own paragraphs' 3-gram sets": lambda: [
            [_grams(x) for x in clean_paragraphs(a.body)] for a in articles
        ],
        "fingerprint (already shipped)": lambda: [build_profile(a.body, params) for a in articles],
    }
    print("database-free work, timed alone:")
    for label, run in parts.items():
        spent = []
        for _ in range(rounds):
            _grams.cache_clear()
            began = time.process_time()
            run()
            spent.append(1000 * (time.process_time() - began) / len(articles))
        print(f"  {label:32s} {statistics.median(spent):.3f} ms per article")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    inserts(args.rounds)
    database_free(args.rounds)


if __name__ == "__main__":
    main()
