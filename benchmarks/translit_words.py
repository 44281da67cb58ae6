"""What the German umlaut spellings of a query word add to its matches, on real text.

    .venv/bin/python benchmarks/translit_words.py [--worst 25]

Reads the words of the tuning parts' texts (the dedup development set's headlines and
bodies, the extraction sets' ground-truth headlines and bodies), as the word index reads
them (case and accents folded). For each word typed as a query, the search also looks
for its umlaut spelling (``Mueller`` also ``Müller``, which the index reads ``muller``):
an *added word* is such a spelling that is itself a word of the texts, other than the
word. For two rules of where a digraph may write an umlaut it prints how many distinct
words gain an added word, in how many texts the added words stand (the matches a search
would add), and the worst, by those texts: the brief's rule (at the start of a word or
after a consonant) and the one searched (``aggregator.search_query.umlaut_spelling``:
also not ending the word nor before a final s). The other direction (a word with an
umlaut also searched as its digraph spelling) is counted too.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from aggregator.fold import fold_accents  # noqa: E402
from aggregator.search_query import (  # noqa: E402
    digraph_spelling,
    parse_query,
    umlaut_spelling,
)

SPEED_QUERIES = ("Mueller", "Müller", "Koeln", "Köln", "Schroeder", "Goethe", '"Thomas Mueller"')

_TOKEN = re.compile(r"[^\W_]+")
_VOWELS = "aeiouyäöüàáâãåèéêëìíîïòóôõùúûý"
_BRIEF_DIGRAPH = re.compile(rf"(?i)(?<![{_VOWELS}])([aou])e")
_UMLAUT_OF = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}


def brief_rule(word: str) -> str:
    """The digraph rule without the exceptions: start of a word or after a consonant."""
    return _BRIEF_DIGRAPH.sub(lambda found: _UMLAUT_OF[found.group(1)], word)


def texts() -> Iterator[str]:
    """The tuning parts' headlines and bodies."""
    import dedup_data
    import extraction_data

    for row in dedup_data.load_split()["tuning"]:
        yield f"{row.get('headline') or ''}\n{row.get('body') or ''}"
    for ds in extraction_data.load_datasets(extraction_data.require_data()):
        for _pid, rec in extraction_data.pages_in_part(ds, "tuning"):
            yield f"{rec.get('headline') or ''}\n{rec.get('body') or ''}"


def indexed(word: str) -> str:
    return fold_accents(word).lower()


def vocabulary() -> tuple[Counter[str], Counter[str], int]:
    """Texts each index word stands in, and each word as typed (accents kept, lower case)."""
    documents: Counter[str] = Counter()
    typed: Counter[str] = Counter()
    count = 0
    for text in texts():
        count += 1
        words = {token.lower() for token in _TOKEN.findall(text)}
        typed.update(words)
        documents.update({indexed(word) for word in words})
    return documents, typed, count


def added(
    typed: Counter[str], documents: Counter[str], rule: Callable[[str], str]
) -> list[tuple[int, str, str]]:
    """(texts the added word stands in, the word, the added word), the worst first."""
    found = set()
    for word in typed:
        other = indexed(rule(word))
        if other != indexed(word) and documents[other]:
            found.add((documents[other], word, other))
    return sorted(found, reverse=True)


def report(name: str, rows: list[tuple[int, str, str]], worst: int) -> None:
    total = sum(texts for texts, _, _ in rows)
    print(f"\n{name}: {len(rows)} words gain an added word, standing in {total} texts")
    for texts_, word, other in rows[:worst]:
        print(f"  {word:>18} -> {other:<18} {texts_:>6} texts")


def _store(folder: Path) -> Path:
    """The dedup tuning part ingested into a fresh SQLite file."""
    import dedup_data

    feed, db = folder / "tuning.jsonl", folder / "news.db"
    with feed.open("w", encoding="utf-8") as handle:
        for row in dedup_data.load_split()["tuning"]:
            record = {key: row[key] for key in ("url", "site", "headline", "body") if row.get(key)}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    (folder / "config.yaml").write_text("sources: []\n", encoding="utf-8")
    cli = [sys.executable, "-m", "app", "--config", str(folder / "config.yaml"), "--db", str(db)]
    subprocess.run(
        [*cli, "ingest", str(feed)],
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return db


def _ms(db: sqlite3.Connection, match: str) -> tuple[float, int]:
    started = time.perf_counter()
    (found,) = db.execute(
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [match]
    ).fetchone()
    return (time.perf_counter() - started) * 1000, found


def speed(repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="translit-") as folder:
        db = sqlite3.connect(_store(Path(folder)))
        (articles,) = db.execute("SELECT count(*) FROM articles").fetchone()
        print(f"\n{articles} articles; FTS5 ms, median of {repeat}: as typed | with spellings")
        for query in SPEED_QUERIES:
            typed = '"' + query.strip('"') + '"'
            now = parse_query(query).match
            times: dict[str, list[float]] = {typed: [], now: []}
            counts = {}
            for _ in range(repeat):
                for match in (typed, now):
                    ms, counts[match] = _ms(db, match)
                    times[match].append(ms)
            print(
                f"  {query:>18}  {statistics.median(times[typed]):.3f} ({counts[typed]} found)"
                f" | {statistics.median(times[now]):.3f} ({counts[now]} found)  {now}"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--worst", type=int, default=25, help="how many of the worst to list")
    ap.add_argument("--speed", action="store_true", help="also time the FTS5 queries")
    ap.add_argument("--repeat", type=int, default=201, help="timings per query (--speed)")
    args = ap.parse_args()
    documents, typed, count = vocabulary()
    print(f"{count} texts, {len(documents)} distinct index words")
    report(
        "brief's rule (start or after a consonant)", added(typed, documents, brief_rule), args.worst
    )
    report("searched rule (umlaut_spelling)", added(typed, documents, umlaut_spelling), args.worst)
    report(
        "umlaut -> digraph (digraph_spelling)",
        added(typed, documents, digraph_spelling),
        args.worst,
    )
    if args.speed:
        speed(args.repeat)


if __name__ == "__main__":
    main()
