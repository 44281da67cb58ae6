"""What migration m015 and the CJK profile rebuild cost (storage.profile_rebuild).

    .venv/bin/python benchmarks/cjk_profiles.py [--articles 2000] [--batch 256]

Stores the store path benchmark's synthetic writes (``cluster.synthetic_writes``),
once in English and once turned into Chinese (``store_path.chinese_writes``), each
into a fresh SQLite file, and prints the CPU ms per article of ``store_articles`` for
each. Then, on each file: m015 run again (its table dropped and its row taken out of
``_sqlite_migrations``) — seconds and articles listed; and on the Chinese file every
article listed and rebuilt (``rebuild_stale_profiles``) — ms per article. Last, the mean
size of a stored event profile in each language.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from cluster import SEED, store_path_cpu, synthetic_writes  # noqa: E402
from store_path import chinese_writes  # noqa: E402


def migrate_again(db_path: Path) -> tuple[float, int]:
    """m015 run again on a stored database: wall seconds and articles listed."""
    from storage.db import open_db, write_transaction
    from storage.migrations import m015_cjk_dedup_profiles

    db = open_db(db_path)
    db.execute("DROP TABLE stale_profiles")
    began = time.perf_counter()
    with write_transaction(db):
        m015_cjk_dedup_profiles(db)
    spent = time.perf_counter() - began
    listed = db.execute("SELECT count(*) FROM stale_profiles").fetchone()[0]
    db.close()
    return spent, listed


def rebuild_all(db_path: Path) -> tuple[float, int]:
    """Every article listed and rebuilt: CPU seconds and articles rebuilt."""
    from aggregator.config import DedupSettings
    from storage.db import open_db
    from storage.profile_rebuild import rebuild_stale_profiles

    db = open_db(db_path)
    db.execute("INSERT OR IGNORE INTO stale_profiles SELECT id FROM articles")
    began = time.process_time()
    done = list(rebuild_stale_profiles(db, DedupSettings()))[-1]  # the running counts
    spent = time.process_time() - began
    db.close()
    return spent, done


def event_profile_bytes(db_path: Path) -> float:
    from storage.db import open_db

    db = open_db(db_path)
    mean = db.execute("SELECT avg(length(profile)) FROM event_profiles").fetchone()[0]
    db.close()
    return float(mean)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=256)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="cjk-profiles-"))
    kinds = {
        "English": synthetic_writes(args.articles, seed=SEED + 1),
        "Chinese": chinese_writes(args.articles, seed=SEED + 1),
    }
    for name, writes in kinds.items():
        db_path = home / f"{name}.db"
        cpu = store_path_cpu(writes, db_path, args.batch)
        print(f"{name}: store_articles {cpu * 1000 / len(writes):.2f} ms CPU per article")
        seconds, listed = migrate_again(db_path)
        print(f"{name}: m015 {seconds:.3f} s for {len(writes)} articles, {listed} listed")
        print(f"{name}: event profile {event_profile_bytes(db_path):.0f} bytes on average")
    spent, done = rebuild_all(home / "Chinese.db")
    print(f"Chinese: rebuild {spent * 1000 / done:.2f} ms CPU per article ({done} articles)")


if __name__ == "__main__":
    main()
