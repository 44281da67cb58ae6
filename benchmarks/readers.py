"""Reader query speed on a large database (figures for docs/benchmarks.md, "Readers").

Builds a database of N synthetic wire stories and copies through the real
ingest path (`aggregator ingest`: parse of the record, dedup, store), then
times each reader query, each page of the web view (what its view builds from
the database, without the HTML) and each canned query of Datasette's views.

With ``--hostile N`` it then stores, through the same path, N articles that
repeat one common word 60,000 times, one that alternates it with another
word, and one of 5 MB repeating it (issue 18, item 11), and times a set of
searches "whatever the query" (common and rare words, many words, FTS syntax,
filters): the median and the 95th percentile of each, and of all together.
``--compare DIR`` times the same searches once each with the search code of
another checkout (``DIR/storage/queries/``, in a child process cut after
``--compare-timeout`` seconds), side by side.

With ``--published`` it times the ``--by published`` queries without the indexes
of migration m013 (dropped first), then with them (the migration run again, on
that database, and timed), side by side, with each query's plan. It changes the
database: use a copy.

With ``--table-views`` it times Datasette's table views of ``articles`` and
``stories`` (facets included) through the web view's own Datasette, with
``--compare DIR`` beside that checkout's, each in a child process, and any other
page of the web view given with ``--path`` (``'/search?q=wind+-rail'``).

With ``--folded N`` it stores, through the same path, N articles in Russian,
Turkish, Polish, Arabic and Hindi, whose letters and combining marks go to the
folded index (``articles_fold_fts``, migration m016), and times searches of a
Latin word and of words found through that index (median and 95th percentile).

With ``--filters`` it times searches under ``--source`` and ``--author`` (the
stories filters of storage/queries/rows.py) and with an excluded word
(``--exclude``; ``--word`` may be a query, ``'wind OR solar'``), and with
``--compare DIR`` the same searches with the other checkout's code, each the
median of ``--repeat`` runs.

    python benchmarks/readers.py --articles 100000 --db /tmp/readers-100k.db
    python benchmarks/readers.py --db /tmp/readers-100k.db --reuse --hostile 5 --compare DIR
    python benchmarks/readers.py --db /tmp/readers-24k.db --reuse --published
    python benchmarks/readers.py --db /tmp/readers-5k.db --reuse --folded 2000
    python benchmarks/readers.py --db /tmp/qa-big.db --reuse --filters --word wind --compare DIR
    python benchmarks/readers.py --db /tmp/qa-big.db --reuse --filters --word wind --exclude rail
    python benchmarks/readers.py --db /tmp/qa-big.db --reuse --table-views --compare DIR
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from synth import synthetic_articles  # noqa: E402

from app.config_loader import load_app_config  # noqa: E402
from app.web import pages  # noqa: E402
from app.web.metadata import QUERIES  # noqa: E402
from storage import open_db, queries  # noqa: E402
from storage.db import apply_migrations  # noqa: E402
from storage.queries import fulltext  # noqa: E402


def build(db_path: Path, count: int) -> float:
    """Ingest ``count`` synthetic articles; returns the seconds it took."""
    return ingest(db_path, synthetic_articles(count, seed=11))


def ingest(db_path: Path, records: Iterable[dict[str, Any]]) -> float:
    """Store ``records`` with ``aggregator ingest``; returns the seconds it took."""
    source = db_path.with_suffix(".jsonl")
    with source.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--config",
            str(REPO / "config.yaml"),
            "--db",
            str(db_path),
            "ingest",
            str(source),
        ],
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    source.unlink()
    return time.perf_counter() - started


def timings_ms(func, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return times


def median_ms(func, repeat: int = 15) -> float:  # type: ignore[no-untyped-def]
    return statistics.median(timings_ms(func, repeat))


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


HOSTILE_SITE = "hostile.example"
REPEATS = 60_000


def add_hostile(db_path: Path, word: str, other: str, count: int) -> None:
    """Store the hostile articles, once: ``count`` repeating ``word``, one alternating
    ``word`` and ``other``, one of 5 MB."""
    db = open_db(db_path, read_only=True)
    present = db.execute(
        "SELECT count(*) FROM articles WHERE site_name = ?", [HOSTILE_SITE]
    ).fetchone()[0]
    db.close()
    if present:
        return
    bodies = [" ".join([word] * REPEATS)] * count
    bodies.append(" ".join([word, other] * (REPEATS // 2)))
    bodies.append(" ".join([word] * (5_000_000 // (len(word) + 1))))
    seconds = ingest(
        db_path,
        (
            {
                "url": f"https://{HOSTILE_SITE}/page-{i}",
                "site": HOSTILE_SITE,
                "headline": f"Hostile page {i}",
                "body": body,
            }
            for i, body in enumerate(bodies)
        ),
    )
    print(f"stored {len(bodies)} hostile articles in {seconds:.0f} s")


FOLDED_SITE = "folded.example"
# Words of each script with a letter or mark the word index misreads (and some without),
# for --folded: a body is FOLDED_WORDS of them, one script an article.
FOLDED_VOCABULARY = (
    "Матч перенесён неделю погоды Москва ещё всё её объём звёзды полёт счёт новый город",
    "Kadıköy ilçesindeki yangın çıktı Iğdır kış sıcaklık yılı Türkiye halkı kadın bir",
    "Łódź Łodzi odbędzie się festiwal głos miał była łatwo wyłącznie sprawa polski",
    "قال محمّد أحمد الإسكندرية إلى مدينة القمة المقبلة الرياض الوزارة ناجحة آخر",
    "दिल्ली में भारी बारिश के बाद सड़कों पर पानी मुंबई क्रिकेट मैच भारत",
)
FOLDED_WORDS = 120


def add_folded(db_path: Path, count: int) -> None:
    """Store ``count`` articles of FOLDED_VOCABULARY, once."""
    db = open_db(db_path, read_only=True)
    present = db.execute(
        "SELECT count(*) FROM articles WHERE site_name = ?", [FOLDED_SITE]
    ).fetchone()[0]
    db.close()
    if present:
        return
    rng = random.Random(42)

    def body(vocabulary: str) -> str:
        words = vocabulary.split()
        return " ".join(rng.choice(words) for _ in range(FOLDED_WORDS))

    seconds = ingest(
        db_path,
        (
            {
                "url": f"https://{FOLDED_SITE}/page-{i}",
                "site": FOLDED_SITE,
                "headline": body(FOLDED_VOCABULARY[i % len(FOLDED_VOCABULARY)])[:60],
                "body": body(FOLDED_VOCABULARY[i % len(FOLDED_VOCABULARY)]),
            }
            for i in range(count)
        ),
    )
    print(f"stored {count} articles with folded letters in {seconds:.0f} s")


def report_folded(db: Any, word: str, repeat: int) -> None:
    """Searches of a Latin word and of words the folded index finds, each timed with
    and without that index (its lookups switched off: the search as before m016, but
    for the query reader), the two interleaved run by run: medians and p95."""
    cases = {
        f"'{word}' (Latin)": word,
        f"'{word} -{word}x' (Latin, an exclusion)": f"{word} -{word}x",
        "'no such words here'": "zzzq xxyq",
        "'Kadikoy' (ı)": "Kadikoy",
        "'перенесен' (ё)": "перенесен",
        "'Lodzi' (ł)": "Lodzi",
        "'محمد' (shadda)": "محمد",
        "'दिल्ली' (vowel signs)": "दिल्ली",
        "'बारिश -दिल्ली'": "बारिश -दिल्ली",
    }
    built = fulltext._built_indexes

    def without_folded(db: Any) -> set[str]:
        return built(db) - {"articles_fold_fts"}

    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in cases}
    for _ in range(repeat):
        for name, query in cases.items():
            for side, lookup in zip(times[name], (built, without_folded), strict=True):
                fulltext._built_indexes = lookup
                side.extend(timings_ms(lambda q=query: queries.search(db, q), 1))
    fulltext._built_indexes = built
    print("\n| search | hits | with the folded index: median, p95 ms | without: median, p95 ms |")
    print("|---|---|---|---|")
    for name, (ours, before) in times.items():
        hits = len(queries.search(db, cases[name]))
        print(
            f"| {name} | {hits} | {statistics.median(ours):.1f}, {p95(ours):.1f} | "
            f"{statistics.median(before):.1f}, {p95(before):.1f} |"
        )
    latin = [name for name in cases if "Latin" in name or "no such" in name]
    for label, names in (("the Latin searches", latin), ("every search", list(cases))):
        ours = [t for name in names for t in times[name][0]]
        before = [t for name in names for t in times[name][1]]
        print(
            f"| {label}, {len(ours)} runs each | | {statistics.median(ours):.1f}, "
            f"{p95(ours):.1f} | {statistics.median(before):.1f}, {p95(before):.1f} |"
        )


_TIME_ONE = """
import json, sys, time
sys.path.insert(0, sys.argv[1])  # that checkout's packages, all of them
from storage import open_db, queries
db = open_db(sys.argv[2], read_only=True)
started = time.perf_counter()
queries.search(db, **json.loads(sys.argv[3]))
print((time.perf_counter() - started) * 1000)
"""


def time_in_tree(tree: Path, db_path: Path, kwargs: dict[str, Any], timeout: float) -> float | None:
    """One search with the code of another checkout, in a child process (a runaway
    snippet() cannot be interrupted); its milliseconds, or None past ``timeout`` s."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", _TIME_ONE, str(tree), str(db_path), json.dumps(kwargs)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return float(result.stdout.strip().splitlines()[-1])


def hostile_searches(db: Any, word: str, other: str, source: str) -> dict[str, dict[str, Any]]:
    """Searches "whatever the query": name → keyword arguments of ``queries.search``."""
    sample = Counter(
        w.lower()
        for (text,) in db.execute("SELECT body_text FROM articles ORDER BY id LIMIT 500")
        for w in text.split()
        if w.isalpha()
    )
    common = [w for w, _ in sample.most_common(40)]
    rare = next(w for w, n in reversed(sample.most_common()) if n == 1)
    return {
        f"'{word}' (60,000 times in each hostile article; in 43 % of all)": {"query": word},
        f"'{word}' --min-outlets 2": {"query": word, "min_outlets": 2},
        f"'{word}' --source X": {"query": word, "source": source},
        f"'{word} {other}'": {"query": f"{word} {other}"},
        f"'{other}'": {"query": other},
        "a rare word": {"query": rare},
        "the 2 commonest words": {"query": " ".join(common[:2])},
        "5 common words": {"query": " ".join(common[:5])},
        "12 common words": {"query": " ".join(common[:12])},
        "40 common words (12 searched)": {"query": " ".join(common)},
        "FTS syntax": {"query": f'title:{word} OR {other}* NEAR({word} x) "open -{rare} ^a'},
        "no match": {"query": "zzzq xxyq"},
    }


def time_searches(
    module: Any, db: Any, cases: dict[str, dict[str, Any]], repeat: int
) -> dict[str, list[float]]:
    return {
        name: timings_ms(lambda kw=kwargs: module.search(db, **kw), repeat)
        for name, kwargs in cases.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/newsagg-readers.db"))
    parser.add_argument("--reuse", action="store_true", help="Use an existing database as it is.")
    parser.add_argument(
        "--hostile", type=int, default=0, help="Add N hostile articles; time the search set."
    )
    parser.add_argument("--repeat", type=int, default=7, help="Runs of each hostile search.")
    parser.add_argument("--compare", type=Path, help="Another checkout's search, side by side.")
    parser.add_argument(
        "--compare-timeout", type=float, default=300, help="Seconds one compared search may take."
    )
    parser.add_argument(
        "--published",
        action="store_true",
        help="Time the --by published queries without and with m013's indexes (changes the db).",
    )
    parser.add_argument(
        "--folded", type=int, default=0, help="Add N articles for the folded index; time searches."
    )
    parser.add_argument(
        "--filters", action="store_true", help="Time searches under --source and --author."
    )
    parser.add_argument("--word", help="The word searched (default: one of a headline).")
    parser.add_argument(
        "--exclude", default="zzzq", help="The word --filters' searches exclude (default: none)."
    )
    parser.add_argument(
        "--table-views", action="store_true", help="Time Datasette's table views (facets)."
    )
    parser.add_argument(
        "--path",
        action="append",
        default=[],
        help="Another page of the web view --table-views times (repeatable).",
    )
    args = parser.parse_args()
    build_seconds = None
    if not (args.reuse and args.db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
        build_seconds = build(args.db, args.articles)
    db = open_db(args.db, read_only=True)
    word = (
        args.word
        or db.execute("SELECT headline FROM articles LIMIT 1 OFFSET 500").fetchone()[0].split()[1]
    )
    if args.published:
        db.close()
        report_published(args.db, word)
        return
    if args.filters:
        report_filters(db, word, args)
        return
    if args.folded:
        db.close()
        add_folded(args.db, args.folded)
        db = open_db(args.db, read_only=True)
        report_folded(db, word, args.repeat)
        return
    if args.table_views:
        db.close()
        report_table_views(args.db, args)
        return
    if args.hostile:
        other = db.execute("SELECT headline FROM articles LIMIT 1 OFFSET 900").fetchone()[0]
        db.close()
        add_hostile(args.db, word, other.split()[2], args.hostile)
        db = open_db(args.db, read_only=True)
    total = queries.totals(db)
    busy = db.execute("SELECT id FROM stories ORDER BY copies DESC LIMIT 1").fetchone()[0]
    source = db.execute("SELECT source FROM articles LIMIT 1").fetchone()[0]
    week_ago = datetime.now(UTC) - timedelta(days=7)
    rows = {
        "stories (latest 20)": lambda: queries.stories(db, limit=20),
        "stories --min-outlets 3": lambda: queries.stories(db, limit=20, min_outlets=3),
        "stories --source X": lambda: queries.stories(db, limit=20, source=source),
        "stories --since 7d": lambda: queries.stories(db, limit=20, since=week_ago),
        "show (story + copies)": lambda: (queries.story(db, busy), queries.copies(db, busy)),
        f"search '{word}'": lambda: queries.search(db, word),
        f"search '{word}' --min-outlets 2": lambda: queries.search(db, word, min_outlets=2),
        "search 'no such words here'": lambda: queries.search(db, "zzzq xxyq"),
        "export --articles (every row)": lambda: sum(1 for _ in queries.articles(db)),
    }
    config = load_app_config(REPO / "config.yaml", args.db)
    clock = pages.Clock(ZoneInfo("UTC"))
    everything = pages.read_filters({})
    now = datetime.now(UTC)
    rows |= {
        "page: home": lambda: pages.home_page(db, config, everything, clock),
        "page: home, one source": lambda: pages.home_page(
            db, config, pages.read_filters({"source": source}), clock
        ),
        "page: story (timeline, reuse map, copies)": lambda: pages.story_page(db, busy, clock),
        f"page: search '{word}'": lambda: pages.search_page(db, config, word, everything, clock),
        "page: sources": lambda: pages.sources_page(db, config, now, clock),
    }
    params = {"story_id": busy, "source": source}
    for name, spec in QUERIES.items():
        sql = spec["sql"]
        rows[f"canned: {name}"] = lambda sql=sql: db.execute(sql, params).fetchall()
    print(
        f"database: {args.db} ({args.db.stat().st_size / 1e6:.0f} MB), "
        f"{total.articles} articles, {total.stories} stories"
        + (f", built in {build_seconds:.0f} s through ingest" if build_seconds else "")
    )
    print("| query | median ms |")
    print("|---|---|")
    for name, func in rows.items():
        print(f"| {name} | {median_ms(func):.2f} |")
    if args.hostile:
        report_searches(db, word, source, args)


def report_searches(db: Any, word: str, source: str, args: argparse.Namespace) -> None:
    other = db.execute("SELECT headline FROM articles LIMIT 1 OFFSET 900").fetchone()[0]
    cases = hostile_searches(db, word, other.split()[2], source)
    ours = time_searches(queries, db, cases, args.repeat)
    theirs: dict[str, float | None] = {}
    if args.compare:
        theirs = {
            name: time_in_tree(args.compare, args.db, kwargs, args.compare_timeout)
            for name, kwargs in cases.items()
        }

    def shown(ms: float | None) -> str:
        return f"> {args.compare_timeout * 1000:.0f}" if ms is None else f"{ms:.0f}"

    head = "| search | median ms | p95 ms |" + (" compared (one run) ms |" if theirs else "")
    print("\n" + head)
    print("|---|---|---|" + ("---|" if theirs else ""))
    for name, times in ours.items():
        row = f"| {name} | {statistics.median(times):.1f} | {p95(times):.1f} |"
        print(row + (f" {shown(theirs[name])} |" if theirs else ""))
    every = [t for times in ours.values() for t in times]
    print(
        f"| **every search above, {len(every)} runs** | {statistics.median(every):.1f} | "
        f"**{p95(every):.1f}** |"
    )


# The median milliseconds of each Datasette table view (argv[3:]) through the web view's
# own Datasette (app.web.server.build) of the checkout argv[1], over the database argv[2].
_TIME_TABLE_VIEWS = """
import asyncio, json, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from app.config_loader import load_app_config
from app.web.server import build
db = Path(sys.argv[2])
datasette = build(load_app_config(Path(sys.argv[1]) / "config.yaml", db), db)
async def main():
    await datasette.invoke_startup()
    medians = {}
    for path in sys.argv[3:]:
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            answer = await datasette.client.get(path)
            runs.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, (path, answer.status_code)
        medians[path] = statistics.median(runs)
    print(json.dumps(medians))
asyncio.run(main())
"""


def report_table_views(db_path: Path, args: argparse.Namespace) -> None:
    """Datasette's table views (their facets) with this checkout, beside ``--compare``'s."""
    name = db_path.stem
    paths = [
        f"/{name}/articles",
        f"/{name}/articles?_search={args.word or 'wind'}",
        f"/{name}/articles?_nofacet=1",
        f"/{name}/stories",
        *args.path,
    ]
    trees = {"this checkout": REPO, **({"compared": args.compare} if args.compare else {})}
    medians = {
        label: json.loads(
            subprocess.run(
                [sys.executable, "-c", _TIME_TABLE_VIEWS, str(tree), str(db_path), *paths],
                capture_output=True,
                text=True,
                check=True,
                timeout=args.compare_timeout,
            ).stdout
        )
        for label, tree in trees.items()
    }
    print("| table view | " + " | ".join(f"{label}, median ms" for label in medians) + " |")
    print("|---|" + "---|" * len(medians))
    for path in paths:
        print(f"| {path} | " + " | ".join(f"{m[path]:.0f}" for m in medians.values()) + " |")


def report_filters(db: Any, word: str, args: argparse.Namespace) -> None:
    """Searches under each story filter by a copy's field, ours beside ``--compare``'s."""
    source = db.execute("SELECT source FROM articles LIMIT 1").fetchone()[0]
    author = db.execute("SELECT j.value FROM articles, json_each(authors) j LIMIT 1").fetchone()[0]
    cases: dict[str, dict[str, Any]] = {
        f"'{word}'": {"query": word},
        f"'{word}' --source X": {"query": word, "source": source},
        f"'{word}' --author X": {"query": word, "author": author},
        f"'{word} -{args.exclude}' --source X": {
            "query": f"{word} -{args.exclude}",
            "source": source,
        },
        f"'{word} -{args.exclude}'": {"query": f"{word} -{args.exclude}"},
    }
    ours = time_searches(queries, db, cases, args.repeat)
    print("| search | median ms |" + (" compared, median ms |" if args.compare else ""))
    print("|---|---|" + ("---|" if args.compare else ""))
    for name, kwargs in cases.items():
        row = f"| {name} | {statistics.median(ours[name]):.1f} |"
        if args.compare:
            runs = [
                time_in_tree(args.compare, args.db, kwargs, args.compare_timeout)
                for _ in range(args.repeat)
            ]
            done = [ms for ms in runs if ms is not None]
            row += f" {statistics.median(done):.1f} |" if len(done) == len(runs) else " timeout |"
        print(row)
    every = [t for times in ours.values() for t in times]
    print(f"| every search above, {len(every)} runs, 95th percentile | {p95(every):.1f} |")


M013_INDEXES = ("stories_first_published", "articles_published")


def published_queries(db: Any, word: str) -> dict[str, Any]:
    """The ``--by published`` reader queries: name → a call. The window is one week in
    the middle of the stories' published times."""
    low, high = db.execute(
        "SELECT min(first_published_at), max(first_published_at) FROM stories"
    ).fetchone()
    middle = (
        datetime.fromisoformat(low)
        + (datetime.fromisoformat(high) - datetime.fromisoformat(low)) / 2
    )
    week = {"since": middle, "until": middle + timedelta(days=7), "by": "published"}
    return {
        "stories (latest 20, by first seen)": lambda: queries.stories(db, limit=20),
        "stories --by published (latest 20)": lambda: queries.stories(db, limit=20, by="published"),
        "stories --by published, one week (20)": lambda: queries.stories(db, limit=20, **week),
        "stories --by published, one week, --min-outlets 3": lambda: queries.stories(
            db, limit=20, min_outlets=3, **week
        ),
        f"search '{word}' --by published, one week": lambda: queries.search(db, word, **week),
        "export --by published, one week (every story)": lambda: len(
            queries.stories(db, limit=10**9, **week)
        ),
        "export --articles --by published, one week": lambda: sum(
            1 for _ in queries.articles(db, **week)
        ),
    }


def plans(db: Any, call: Any) -> list[str]:
    """The query plan of each statement ``call`` runs (its detail lines, joined)."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    call()
    db.conn.set_trace_callback(None)
    found = [
        "; ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql))
        for sql in statements
        if sql.lstrip().upper().startswith("SELECT") and "published_at" in sql
    ]
    return list(dict.fromkeys(found))  # a search runs one statement per slice of hits


def report_published(db_path: Path, word: str) -> None:
    """Time the --by published queries without m013's indexes, then with them."""
    with sqlite3.connect(db_path) as conn:
        for name in M013_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_published_time_indexes'")
    results: dict[str, dict[str, tuple[float, list[str]]]] = {}
    for label in ("without", "with"):
        if label == "with":
            writer = open_db(db_path, migrate=False)
            started = time.perf_counter()
            applied = apply_migrations(writer)  # m013 again, as a writer opening the file would
            writer.close()
            assert applied == ["m013_published_time_indexes"], applied
            print(f"m013 on this database: {time.perf_counter() - started:.2f} s")
        db = open_db(db_path, read_only=True)
        results[label] = {
            name: (median_ms(call), plans(db, call))
            for name, call in published_queries(db, word).items()
        }
        db.close()
    total = (
        sqlite3.connect(db_path)
        .execute("SELECT (SELECT count(*) FROM stories), (SELECT count(*) FROM articles)")
        .fetchone()
    )
    print(f"database: {db_path}, {total[0]} stories, {total[1]} articles")
    print("| query | without m013 (median ms) | with m013 (median ms) |")
    print("|---|---|---|")
    for name, (before, _) in results["without"].items():
        print(f"| {name} | {before:.2f} | {results['with'][name][0]:.2f} |")
    for label in ("without", "with"):
        print(f"\nplans {label} m013:")
        for name, (_, steps) in results[label].items():
            for step in steps:
                print(f"  {name}: {step}")


if __name__ == "__main__":
    main()
