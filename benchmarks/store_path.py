"""The writer's store path alone: CPU per article of ``store_articles``, and where it goes.

    .venv/bin/python benchmarks/store_path.py [--articles 5000] [--batch 256] [--repeat 3] \\
        [--profile] [--parts] [--sql] [--digest] [--shipped] [--pragma NAME=VALUE ...]

The same synthetic writes the cluster benchmark's writer saturation stores
(``benchmarks/synth.py``, seed ``SEED + 1``: 300–1,400 words, about
half of them wire copies), stored with ``store_articles`` in batches into a
fresh SQLite file per round, in this process (no Redis). Prints the CPU ms per
article of each round and their median. ``--profile`` adds one round under
cProfile and the shares of the profiled time by part of the store path.
``--parts`` adds one round with the main parts timed by wrappers (CPU time,
no profiler: the profiler inflates the Python-heavy parts). ``--digest``
prints a hash of every story and copy column dedup writes (the clock's
timestamps left out), so two versions of the code can be shown to store the
same thing. ``--shipped`` gives each article the fingerprint a cluster
worker builds and ships with it (built before the clock starts), as the
cluster's writer receives them. ``--pragma mmap_size=268435456`` (repeatable)
sets a pragma on the writer's connection after ``open_db`` has set its own:
how another setting would change the store path's CPU.

``--cjk`` times instead the cost of the CJK search index (migration m014):
the same writes, and the same writes turned into Chinese text (each pseudo-
syllable a Han character, no spaces, Chinese punctuation), each stored with
the index written and with ``storage.writes._index_cjk`` switched off (the
store path as it was before m014), rounds interleaved; then the index's size
(SQLite's ``dbstat``) per 1,000 Chinese articles, the search latency of a few
CJK queries on the Chinese database, and m014's backfill run again on it.

    .venv/bin/python benchmarks/store_path.py --cjk --articles 3000 --repeat 5
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from cluster import SEED, store_path_cpu, synthetic_writes  # noqa: E402

# Parts of the store path, by the functions whose cumulative time they are.
PARTS = (
    ("story refresh", ("stories.py", "refresh_story")),
    ("event tier (new stories)", ("event_index.py", "place_story")),
    ("fingerprints", ("fingerprint.py", "build_profile")),
    ("candidate lookup + verify", ("dedup_index.py", "assign")),
    ("dedup keys inserted", ("dedup_index.py", "insert_keys")),
    ("learning boilerplate", ("boilerplate.py", "learn_blocks")),
    ("search index", ("writes.py", "_index_for_search")),
)


def digest(db_path: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(db_path)
    hashed = hashlib.sha256()
    for query in (
        "SELECT id, story_id, byline_flag, similarity, paragraph_diff FROM articles ORDER BY id",
        "SELECT id, headline, canonical_article_id, origin, origin_evidence, "
        "first_published_at, copies, outlets, event_id FROM stories ORDER BY id",
    ):
        for row in conn.execute(query):
            hashed.update(repr(row).encode())
    conn.close()
    return hashed.hexdigest()[:16]


def profile_shares(writes: list[Any], db_path: Path, batch: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    store_path_cpu(writes, db_path, batch)
    profiler.disable()
    stats = pstats.Stats(profiler)
    entries: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = max(
        cum for (file, _, name), (_, _, _, cum, _) in entries.items() if name == "store_articles"
    )
    print(f"profiled store_articles: {total:.2f} s")
    for label, (file_end, function) in PARTS:
        cumulative = sum(
            cum
            for (file, _, name), (_, _, _, cum, _) in entries.items()
            if name == function and file.endswith(file_end)
        )
        print(f"  {label:28s} {100 * cumulative / total:5.1f} %")
    sql = sum(
        tottime
        for (file, _, name), (_, _, tottime, _, _) in entries.items()
        if "sqlite3.Connection" in name or "sqlite3.Cursor" in name
    )
    print(f"  {'SQL (sqlite3 calls, self)':28s} {100 * sql / total:5.1f} %")


def timed_parts(writes: list[Any], db_path: Path, batch: int) -> None:

    import storage.dedup_index as dedup_index
    import storage.event_index as event_index
    import storage.writes as store

    spent: dict[str, float] = {}

    def timed(label: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - began

        return wrapper

    parts = {
        "story refresh": (store, "refresh_story"),
        "event tier (new stories)": (event_index, "place_story"),
        "candidate lookup + verify": (dedup_index, "assign"),
        "learning boilerplate": (store, "learn_blocks"),
        "dedup keys inserted": (dedup_index, "insert_keys"),
        "event keys and frequencies": (event_index, "index_story"),
        "article and story rows": (store, "insert_row"),
        "article columns (JSON)": (store, "_article_columns"),
        "search index": (store, "_index_for_search"),
        "boilerplate re-strip": (store, "_strip_newly_learned"),
    }
    originals = {label: getattr(module, name) for label, (module, name) in parts.items()}
    for label, (module, name) in parts.items():
        setattr(module, name, timed(label, originals[label]))
    try:
        total = store_path_cpu(writes, db_path, batch)
    finally:
        for label, (module, name) in parts.items():
            setattr(module, name, originals[label])
    print(f"timed round: {1000 * total / len(writes):.2f} ms CPU per article")
    for label, seconds in spent.items():
        print(
            f"  {label:28s} {1000 * seconds / len(writes):5.2f} ms ({100 * seconds / total:.0f} %)"
        )


class _TimedConnection:
    """The store path's connection, with the CPU time inside SQLite summed per statement kind."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self.spent: dict[str, float] = {}

    def _timed(self, sql: str, run: Any) -> Any:
        began = time.process_time()
        result = run()
        kind = " ".join(sql.split()[:3])[:40]
        self.spent[kind] = self.spent.get(kind, 0.0) + time.process_time() - began
        return result

    def execute(self, sql: str, params: Any = ()) -> Any:
        def run() -> _Rows:
            cursor = self._conn.execute(sql, params)
            return _Rows(cursor.fetchall(), cursor.lastrowid)

        return self._timed(sql, run)

    def executemany(self, sql: str, rows: Any) -> Any:
        listed = list(rows)
        return self._timed(sql, lambda: self._conn.executemany(sql, listed))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


class _Rows:
    """A statement's rows, all fetched, as the store path reads a cursor."""

    def __init__(self, rows: list[Any], lastrowid: int | None) -> None:
        self.rows, self.lastrowid = rows, lastrowid

    def fetchall(self) -> list[Any]:
        return self.rows

    def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None

    def __iter__(self) -> Any:
        return iter(self.rows)


def sql_time(writes: list[Any], db_path: Path, batch: int) -> None:
    from aggregator.config import BoilerplateSettings, DedupSettings
    from storage.db import open_db
    from storage.writes import store_articles

    db = open_db(db_path)
    timed = _TimedConnection(db.conn)
    db.conn = timed  # type: ignore[assignment]
    began = time.process_time()
    for start_at in range(0, len(writes), batch):
        store_articles(
            db, writes[start_at : start_at + batch], DedupSettings(), BoilerplateSettings()
        )
    total = time.process_time() - began
    db.conn = timed._conn
    db.close()
    inside = sum(timed.spent.values())
    print(
        f"sql round: {1000 * total / len(writes):.2f} ms CPU per article, "
        f"{1000 * inside / len(writes):.2f} of it inside SQLite"
    )
    for kind, seconds in sorted(timed.spent.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {kind:42s} {1000 * seconds / len(writes):.3f} ms")


# Han characters for the synthetic syllables, by the syllable's place in synth's list.
_HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同"
_SENTENCE_END = str.maketrans({".": "。", ",": "，", "?": "？", "!": "！"})


def chinese_writes(count: int, seed: int) -> list[Any]:
    """The synthetic articles (as :func:`synthetic_writes` builds them) in Chinese."""
    import re

    from synth import _SYLLABLES, synthetic_articles

    from aggregator.records import article_from_record
    from aggregator.schema import ArticleWrite

    syllable = re.compile("|".join(sorted(_SYLLABLES, key=len, reverse=True)))

    def han(text: str) -> str:
        words = syllable.sub(lambda m: _HAN[_SYLLABLES.index(m.group())], text.lower())
        # no spaces between words, as Chinese is written; paragraphs stay apart
        return re.sub(r"(?<=\S) (?=\S)", "", words.translate(_SENTENCE_END))

    fetched = datetime.now(UTC)
    writes = []
    for record in synthetic_articles(count, seed=seed):
        record = {**record, "headline": han(record["headline"]), "body": han(record["body"])}
        writes.append(ArticleWrite(article_from_record(record, source=None, fetched_at=fetched)))
    return writes


def cjk_cost(args: argparse.Namespace, home: Path) -> None:
    """Store cost per article with and without the CJK index, its size, search latency."""
    import sqlite3

    import storage.writes as store
    from storage import open_db, queries
    from storage.db import apply_migrations

    kinds = {
        "Chinese": chinese_writes(args.articles, seed=SEED + 1),
        "Latin": synthetic_writes(args.articles, seed=SEED + 1),
    }
    indexing = store._index_cjk
    inside: dict[str, float] = {}  # CPU seconds inside _index_cjk, by kind

    def timed_indexing(kind: str) -> Any:
        def index(db: Any, rows: Any) -> None:
            began = time.process_time()
            indexing(db, rows)
            inside[kind] = inside.get(kind, 0.0) + time.process_time() - began

        return index

    spent: dict[tuple[str, str], list[float]] = {}
    for n in range(args.repeat):
        modes = ("without", "with") if n % 2 == 0 else ("with", "without")
        for kind, writes in kinds.items():
            for mode in modes:
                store._index_cjk = timed_indexing(kind) if mode == "with" else lambda db, rows: None
                db_path = home / f"{kind}-{mode}-{n}.db"
                try:
                    cpu = store_path_cpu(writes, db_path, args.batch)
                finally:
                    store._index_cjk = indexing
                spent.setdefault((kind, mode), []).append(1000 * cpu / len(writes))
    print(f"store CPU ms per article, median of {args.repeat} rounds of {args.articles}:")
    for kind in kinds:
        without = statistics.median(spent[(kind, "without")])
        with_index = statistics.median(spent[(kind, "with")])
        own = 1000 * inside[kind] / (args.repeat * len(kinds[kind]))
        print(
            f"  {kind:8s} without {without:.2f}  with {with_index:.2f}  "
            f"(inside _index_cjk: {own:.3f})"
        )
    chinese = home / "Chinese-with-0.db"
    conn = sqlite3.connect(chinese)
    size = conn.execute(
        "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'articles_cjk_fts%'"
    ).fetchone()[0]
    main_index = conn.execute(
        "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'articles_fts%'"
    ).fetchone()[0]
    content = conn.execute(
        "SELECT sum(pgsize) FROM dbstat WHERE name = 'articles_cjk_fts_content'"
    ).fetchone()[0]
    rows = conn.execute("SELECT count(*) FROM articles_cjk_fts").fetchone()[0]
    whole = conn.execute("SELECT sum(pgsize) FROM dbstat").fetchone()[0]
    chars = conn.execute("SELECT sum(length(body_text) + length(headline)) FROM articles")
    text = chars.fetchone()[0]
    conn.close()
    print(
        f"articles_cjk_fts: {rows} rows, {size / 2**20:.1f} MiB "
        f"({content / 2**20:.1f} of it the stored pair text), "
        f"{size / 2**20 * 1000 / rows:.2f} MiB per 1,000 Chinese articles of "
        f"{text / rows:.0f} characters on average "
        f"(articles_fts on the same articles: {main_index / 2**20:.1f} MiB; "
        f"the whole database {whole / 2**20:.1f} MiB)"
    )
    db = open_db(chinese)
    sample = kinds["Chinese"][len(kinds["Chinese"]) // 2].article.body[0]
    words = {
        "2 characters": sample[2:4],
        "4 characters": sample[2:6],
        "1 character": sample[3],
        "a phrase of 8": f'"{sample[1:9]}"',
        "2 words": f"{sample[2:4]} {sample[6:8]}",
        "absent": "京都",
    }
    print(f"search on {args.articles} Chinese articles, median ms of 15 calls:")
    for label, query in words.items():
        took = []
        for _ in range(15):
            began = time.perf_counter()
            hits = queries.search(db, query)
            took.append(1000 * (time.perf_counter() - began))
        print(f"  {label:14s} {query!r:14s} {statistics.median(took):7.2f}  ({len(hits)} hits)")
    db.execute("DROP TRIGGER articles_cjk_fts_delete")
    db.execute("DROP TRIGGER articles_cjk_fts_update")
    db.execute("DROP TABLE articles_cjk_fts")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm014_cjk_search'")
    db.conn.commit()
    began = time.perf_counter()
    apply_migrations(db)
    print(f"m014 backfill of {args.articles} articles: {time.perf_counter() - began:.2f} s")
    db.close()


def with_pragmas(pragmas: list[str]) -> None:
    """Have every database the store path opens set ``pragmas`` (``NAME=VALUE``) after
    ``open_db``'s own."""
    import storage.db

    opened = storage.db.open_db

    def open_db(*args: Any, **kwargs: Any) -> Any:
        db = opened(*args, **kwargs)
        for pragma in pragmas:
            name, value = pragma.split("=", 1)
            db.execute(f"PRAGMA {name} = {value}")
        return db

    storage.db.open_db = open_db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--parts", action="store_true")
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--digest", action="store_true")
    parser.add_argument("--shipped", action="store_true")
    parser.add_argument("--cjk", action="store_true")
    parser.add_argument("--pragma", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()
    if args.pragma:
        with_pragmas(args.pragma)
    if args.cjk:
        with tempfile.TemporaryDirectory(prefix="store-path-") as home:
            cjk_cost(args, Path(home))
        return
    writes = synthetic_writes(args.articles, seed=SEED + 1, shipped=args.shipped)  # the writer's
    with tempfile.TemporaryDirectory(prefix="store-path-") as home:
        rounds = []
        for n in range(args.repeat):
            db_path = Path(home) / f"round-{n}.db"
            rounds.append(1000 * store_path_cpu(writes, db_path, args.batch) / len(writes))
            print(f"round {n + 1}: {rounds[-1]:.2f} ms CPU per article")
        print(f"median: {statistics.median(rounds):.2f} ms CPU per article")
        if args.digest:
            print(f"stored digest: {digest(Path(home) / 'round-0.db')}")
        if args.parts:
            timed_parts(writes, Path(home) / "timed.db", args.batch)
        if args.sql:
            sql_time(writes, Path(home) / "sql.db", args.batch)
        if args.profile:
            profile_shares(writes, Path(home) / "profiled.db", args.batch)


if __name__ == "__main__":
    main()
