"""``aggregator ingest`` of a WARC file: pages a second and the process's peak memory,
for a small and a large WARC of the same pages, to show that memory does not grow with
the file (records are read one at a time, articles stored in batches).

The WARC is written here with warcio, one gzip member per record: for each page of the
tuning part of the development sets (benchmarks/extraction_split.json), a request
record and a 200 text/html response, as a crawler writes them. The small WARC holds
every page once; the large one every page ``--repeat`` times over (an archive of
several crawls of the same sites: the repeats are parsed and found unchanged), so the
largest page, which decides the parse's own peak, is the same in both. Each run is a
fresh ``aggregator --db`` child process on a fresh database; the figures are medians.

    NEWSAGG_DATA=/work/shared/data .venv/bin/python benchmarks/ingest_warc.py \
        [--repeat 4] [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.extraction_data import (  # noqa: E402
    load_datasets,
    pages_in_part,
    require_data,
)


def tuning_pages() -> list[tuple[str, bytes]]:
    """(url, html bytes) of every tuning page that has an http(s) URL, in a fixed order."""
    pages = []
    for ds in load_datasets(require_data()):
        for pid, rec in pages_in_part(ds, "tuning"):
            url = rec.get("url") or ""
            if url.startswith(("http://", "https://")):
                pages.append((url, ds.html_path(pid).read_bytes()))
    return pages


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, html in pages:
            host = url.split("/")[2]
            request = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", host)], protocol="HTTP/1.1", is_http_request=True
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "request", payload=io.BytesIO(b""), http_headers=request
                )
            )
            response = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(html), http_headers=response
                )
            )


def one_run(warc: Path, folder: Path) -> tuple[float, int, str]:
    """Seconds, peak RSS (KB) and the summary line of one ingest of ``warc``."""
    db = folder / "news.db"
    for leftover in folder.glob("news.db*"):
        leftover.unlink()
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "app", "--db", str(db), "ingest", str(warc)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    assert child.stdout is not None
    summary = child.stdout.read().decode().strip()
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=4, help="the large WARC: pages × this")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    pages = tuning_pages()
    print(f"| WARC | pages | MB (gzip) | pages/s (median of {args.runs}) | peak RSS MB | summary |")  # noqa: E501
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, chosen in (("small", pages), ("large", pages * args.repeat)):
            warc = folder / f"{name}.warc.gz"
            write_warc(warc, chosen)
            runs = [one_run(warc, folder) for _ in range(args.runs)]
            seconds = statistics.median(r[0] for r in runs)
            rss = statistics.median(r[1] for r in runs) / 1024
            summary = runs[-1][2].split(": ", 1)[-1]
            print(
                f"| {name} | {len(chosen)} | {warc.stat().st_size / 1e6:.1f} | "
                f"{len(chosen) / seconds:.1f} | {rss:.0f} | {summary} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
