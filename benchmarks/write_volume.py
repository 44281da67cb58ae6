"""What storing articles writes: WAL pages per article by table, and write() calls and bytes.

    /tmp/venv/bin/python benchmarks/write_volume.py [--articles 5000] [--batch 256]

The pages of the crawl benchmark's generated site (``benchmarks/crawl.py``) are
parsed the crawl's way (``prepare_page``), then stored with ``store_articles``
in batches, learning boilerplate, into a fresh database. Reported:

* CPU ms per stored article of the store path alone (fingerprints, dedup,
  SQLite), parse excluded;
* bytes and write() calls per stored article, from ``/proc/self/io`` around the
  store loop (WAL appends, checkpoints and any temporary files);
* the pages one batch writes to the WAL, per table or index: the last batch is
  stored after a ``wal_checkpoint(TRUNCATE)`` with automatic checkpoints off, and
  the page numbers in the WAL's frame headers are mapped to their B-tree with
  the ``dbstat`` table.

Linux only (``/proc/self/io``). Store-path changes that move fewer pages show up
here before they show up in the noisier crawl benchmark.
"""

from __future__ import annotations

import argparse
import collections
import struct
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

WAL_HEADER = 32
FRAME_HEADER = 24


def _io() -> dict[str, int]:
    with open("/proc/self/io", encoding="ascii") as handle:
        return {key: int(value) for key, value in (line.split(": ") for line in handle)}


def wal_pages_by_btree(db_file: Path, conn) -> collections.Counter[str]:  # type: ignore[no-untyped-def]
    """Frames in the WAL, counted by the table or index that owns each page."""
    wal = (db_file.parent / (db_file.name + "-wal")).read_bytes()
    page_size = struct.unpack(">I", wal[8:12])[0]
    owner = dict(conn.execute("SELECT pageno, name FROM dbstat").fetchall())
    counts: collections.Counter[str] = collections.Counter()
    for offset in range(WAL_HEADER, len(wal) - FRAME_HEADER + 1, FRAME_HEADER + page_size):
        page = struct.unpack(">I", wal[offset : offset + 4])[0]
        counts[owner.get(page, "(freelist or new)")] += 1
    return counts


def run(articles: int, batch: int) -> str:
    from benchmarks.crawl import article_pages, generate_site, prepare_generated, scratch_source
    from storage.db import open_db
    from storage.writes import store_articles

    with tempfile.TemporaryDirectory(prefix="write-volume-") as tmp:
        site = Path(tmp) / "site"
        paths = generate_site(site, articles)
        db_file = Path(tmp) / "news.db"
        db = open_db(db_file)
        source, config = scratch_source()
        writes = [
            prepare_generated(db, html, url, source, config)
            for html, url in article_pages(site, paths)
        ]
        # The last full batch is the one whose pages are counted.
        last = writes[-batch:] if len(writes) > batch else []
        first = writes[: len(writes) - len(last)]
        batches = [first[i : i + batch] for i in range(0, len(first), batch)]
        before, cpu = _io(), time.process_time()
        for chunk in batches:
            store_articles(db, chunk, config.dedup, config.boilerplate)
        cpu = time.process_time() - cpu
        after = _io()
        stored = sum(len(chunk) for chunk in batches)
        lines = [
            (
                f"{stored} articles stored in batches of {batch}: "
                f"{1000 * cpu / stored:.2f} ms CPU each (store path only), "
                f"{(after['wchar'] - before['wchar']) / stored / 1e6:.3f} MB and "
                f"{(after['syscw'] - before['syscw']) / stored:.0f} write() calls per article"
            ),
        ]
        if last:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("PRAGMA wal_autocheckpoint = 0")
            store_articles(db, last, config.dedup, config.boilerplate)
            counts = wal_pages_by_btree(db_file, db.conn)
            total = sum(counts.values())
            lines += [
                "",
                f"WAL pages written by the next batch of {len(last)}: {total} "
                f"({total / len(last):.1f} per article)",
                "",
                "| table or index | pages per article |",
                "|---|---:|",
            ]
            lines += [
                f"| {name} | {n / len(last):.1f} |"
                for name, n in counts.most_common()
                if n / len(last) >= 0.05
            ]
        db.close()
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from storage.writes import BATCH_SIZE

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument(
        "--batch",
        type=int,
        default=BATCH_SIZE,
        help=f"articles per transaction (the crawl's is {BATCH_SIZE})",
    )
    args = parser.parse_args(argv)
    if args.articles < 2 or args.batch < 1:
        parser.error("--articles must be at least 2 and --batch at least 1")
    print(run(args.articles, args.batch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
