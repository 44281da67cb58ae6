"""The parser's outputs digest and its profile, for speed work that must not change results.

    .venv/bin/python benchmarks/extraction_profile.py digest [--sets ...] [--per-set]
    .venv/bin/python benchmarks/extraction_profile.py profile [--sets fundus] [--repeats 3]
    .venv/bin/python benchmarks/extraction_profile.py steps [--sets fundus] [--checkout DIR]
    .venv/bin/python benchmarks/extraction_profile.py cycles [--sets ...]
    .venv/bin/python benchmarks/extraction_profile.py paired --checkout DIR [--sets fundus]
    .venv/bin/python benchmarks/extraction_profile.py ratios [--sets ...] [--top 25]
    .venv/bin/python benchmarks/extraction_profile.py medians [--sets ...] [--checkout DIR]

``digest`` runs ``aggregator.extract`` on every page of the shared page sets
(both parts, all seven sets unless ``--sets`` says otherwise) with one fixed
``fetched_at``, and prints a sha256 over every field of every ``Article``, in
a fixed page order: equal digests before and after a change mean the change
left every output as it was. ``--per-set`` prints one digest per set too, to
find which set moved.

``profile`` runs ``extract`` under cProfile over the *tuning* part's pages of
the named sets (validation pages are only ever read as aggregates), each page
``--repeats`` times, and prints the functions with the most time of their own
and the most cumulative time, and the median milliseconds per page of the
unprofiled run beside it.

``steps`` times, without a profiler, the whole ``extract`` call, the parse and
each field step (steps called one by one, outside ``extract``) on the tuning
pages (CPU time, each page's best of ``--repeats``) and prints each one's
median and mean per page. ``--checkout DIR`` imports the
parser from another checkout of the repository (``git worktree add /tmp/base
main``), so a branch and its base can be timed in alternating runs.

``paired`` times ``extract`` of this checkout and of ``--checkout DIR`` in two
worker processes fed the same page in turn (the order alternating page by
page), so both see the same spell of a shared machine: each page's best CPU
time of ``--repeats`` in each, then both medians and the median of the
per-page ratios (this / other), over both parts of the split.

``ratios`` times ``extract`` and trafilatura's ``bare_extraction`` (as the
benchmark calls it) page by page on the *tuning* pages, each page's best CPU time
of ``--repeats`` with the two interleaved, and lists the pages with the worst ratio
(ours / trafilatura's), the slowest and the largest pages, each with its size, node
count and depth; then the median ratio by size quartile and, for each system, the slope of
log time against log node count (1 is linear; a larger slope for us than for
trafilatura means our cost grows faster with the page).

``medians`` times both the same way on every page of both parts and prints, per
set and part, only the medians and their ratio: the benchmark's ms table in CPU
time, steadier than its wall-clock on a loaded machine (validation pages are
only read as these aggregates).

``cycles`` extracts every page of the sets with the cycle collector off and
counts the objects it then finds unreachable (what reference counting could not
free: a parse leaves none, so pausing the collector around it would lose nothing).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import hashlib
import io
import math
import pstats
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from inspect import signature
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

if "--checkout" in sys.argv:  # the parser of another checkout, before anything imports ours
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--checkout") + 1]).resolve()))

from benchmarks.extraction_data import (  # noqa: E402
    DATASETS,
    PARTS,
    DataMissing,
    Dataset,
    load_datasets,
    pages_in_part,
    read_html,
    require_data,
)

# One fixed fetch time, so fields read relative to it ("2 hours ago") are reproducible.
FETCHED_AT = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

Page = tuple[str, str, str]  # (key "set/id", html, url)


def pages_of(datasets: list[Dataset], sets: list[str], part: str | None) -> list[Page]:
    """The pages of the named sets, in a fixed order; of one part of the split, or all."""
    return [
        (f"{ds.name}/{pid}", read_html(ds.html_path(pid)), rec.get("url") or "")
        for ds in datasets
        if ds.name in sets
        for pid, rec in pages_in_part(ds, part)
    ]


def article_record(html: str, url: str) -> bytes:
    """Every field of ``extract``'s Article, as stable bytes."""
    from aggregator.parser import extract

    article = extract(html, url, fetched_at=FETCHED_AT)
    return repr(sorted(dataclasses.asdict(article).items())).encode()


def digest(pages: list[Page]) -> dict[str, str]:
    """sha256 of every page's Article, over all pages and per set."""
    total = hashlib.sha256()
    per_set: dict[str, hashlib._Hash] = {}
    for key, html, url in pages:
        record = key.encode() + b"\n" + article_record(html, url) + b"\n"
        total.update(record)
        per_set.setdefault(key.split("/", 1)[0], hashlib.sha256()).update(record)
    return {"all": total.hexdigest(), **{name: h.hexdigest() for name, h in per_set.items()}}


def median_ms(pages: list[Page], repeats: int) -> float:
    """Median over pages of each page's fastest of ``repeats`` unprofiled runs."""
    from aggregator.parser import extract

    best = []
    for _, html, url in pages:
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            extract(html, url, fetched_at=FETCHED_AT)
            times.append(time.perf_counter() - t0)
        best.append(min(times))
    return 1000 * statistics.median(best)


def profile(pages: list[Page], repeats: int, top: int) -> str:
    from aggregator.parser import extract

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeats):
        for _, html, url in pages:
            extract(html, url, fetched_at=FETCHED_AT)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def step_times(pages: list[Page], repeats: int) -> dict[str, list[float]]:
    """Per step ("parse", each of ``fields.STEPS``, and "page", their sum) and for the
    whole ``extract`` call ("extract"): each page's best CPU seconds."""
    from aggregator.parser import fields, tree, urls
    from aggregator.parser.view import PageView
    from aggregator.schema import Article

    # A repeat must not find the URLs of its own page already canonicalised.
    forget_urls = getattr(urls.canonicalize_url, "cache_clear", lambda: None)
    # Parsed as extract() parses a page without selectors (an older checkout's parse
    # has no such option and always keeps the id table).
    as_extract = {"xpath_ids": False} if "xpath_ids" in signature(tree.parse).parameters else {}
    best: dict[str, list[float]] = {"extract": [], "page": []}
    for _, html, url in pages:
        times: dict[str, float] = {}
        whole = 1e9
        for _ in range(repeats):
            forget_urls()
            t0 = time.process_time()
            fields.extract(html, url, fetched_at=FETCHED_AT)
            whole = min(whole, time.process_time() - t0)
            forget_urls()
            t0 = time.process_time()
            page = tree.parse(html, url, **as_extract)
            times["parse"] = min(times.get("parse", 1e9), time.process_time() - t0)
            if page.root is None:
                continue
            article = Article(url, url, "", "", [], FETCHED_AT)
            view = PageView(page, article, FETCHED_AT)
            for step in fields.STEPS:
                t0 = time.process_time()
                step(view)
                name = step.__name__
                times[name] = min(times.get(name, 1e9), time.process_time() - t0)
        for name, seconds in times.items():
            best.setdefault(name, []).append(seconds)
        best["page"].append(sum(times.values()))
        best["extract"].append(whole)
    return best


def cyclic_garbage(pages: list[Page]) -> Counter[str]:
    """Objects only the cycle collector could free after extracting ``pages``, by type."""
    from aggregator.parser import extract

    for _, html, url in pages[:1]:
        extract(html, url, fetched_at=FETCHED_AT)  # first-use imports and caches
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for _, html, url in pages:
            extract(html, url, fetched_at=FETCHED_AT)
        gc.collect()
        found = Counter(type(obj).__name__ for obj in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    return found


def serve(pages: list[Page]) -> None:
    """Worker of ``paired``: read a page index per line, answer its extract's CPU seconds."""
    from aggregator.parser import extract

    for line in sys.stdin:
        _, html, url = pages[int(line)]
        t0 = time.process_time()
        extract(html, url, fetched_at=FETCHED_AT)
        print(time.process_time() - t0, flush=True)


def paired(sets: list[str], other: Path, repeats: int) -> str:
    """Medians of this checkout's and ``other``'s extract, page by page in turn."""
    import subprocess

    script = [sys.executable, __file__, "serve", "--sets", *sets]
    workers = [
        subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for cmd in (script, [*script, "--checkout", str(other)])
    ]
    datasets = load_datasets(require_data())
    count = len(pages_of(datasets, sets, None))
    best = [[1e9] * count, [1e9] * count]
    try:
        for i in range(count * repeats):
            page = i % count
            order = (0, 1) if i % 2 == 0 else (1, 0)
            for w in order:
                stdin, stdout = workers[w].stdin, workers[w].stdout
                assert stdin is not None and stdout is not None
                stdin.write(f"{page}\n")
                stdin.flush()
                best[w][page] = min(best[w][page], float(stdout.readline()))
    finally:
        for worker in workers:
            if worker.stdin is not None:
                worker.stdin.close()
            worker.wait(timeout=60)
    this, that = (1000 * statistics.median(b) for b in best)
    ratio = statistics.median(a / b for a, b in zip(*best, strict=True))
    return (
        f"{count} pages of {', '.join(sets)}, best of {repeats}: this checkout {this:.2f} ms, "
        f"{other} {that:.2f} ms (median CPU per page); median per-page ratio {ratio:.3f}"
    )


def shape(html: str, url: str) -> tuple[int, int]:
    """(node count, depth) of a page's tree as ``extract`` parses it."""
    from lxml import etree

    from aggregator.parser import tree

    root = tree.parse(html, url).root
    if root is None:
        return 0, 0
    depth = deepest = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return len(root.xpath("//node()")), deepest


def page_ratios(pages: list[Page], repeats: int, shapes: bool = True) -> list[dict[str, Any]]:
    """Per page: ours and trafilatura's best CPU ms of ``repeats``, and its size and shape
    (unless ``shapes`` is False)."""
    import trafilatura

    from aggregator.parser import extract, urls

    # A repeat must not find the URLs of its own page already canonicalised.
    forget_urls = getattr(urls.canonicalize_url, "cache_clear", lambda: None)
    rows = []
    for key, html, url in pages:
        ours = theirs = 1e9
        for _ in range(repeats):  # interleaved: a slow spell of the machine hits both
            forget_urls()
            t0 = time.process_time()
            # Fetched now, as benchmarks/extraction.py calls it: with the digest's fixed
            # date, htmldate finds every date of a page from 2026 in the future and
            # searches on, which neither the benchmark nor a crawl does.
            extract(html, url)
            ours = min(ours, time.process_time() - t0)
            t0 = time.process_time()
            trafilatura.bare_extraction(html, url=url, with_metadata=True)
            theirs = min(theirs, time.process_time() - t0)
        nodes, depth = shape(html, url) if shapes else (0, 0)
        rows.append(
            {
                "page": key,
                "kb": len(html.encode("utf-8", "surrogatepass")) / 1024,
                "nodes": nodes,
                "depth": depth,
                "ours": 1000 * ours,
                "theirs": 1000 * theirs,
                "ratio": ours / theirs if theirs > 0 else float("inf"),
            }
        )
    return rows


def part_medians(datasets: list[Dataset], sets: list[str], repeats: int) -> str:
    """Per set and part: median CPU ms of ours and trafilatura's, and their ratio."""
    out = ["| part | set (pages) | newsagg / trafilatura CPU ms | ratio |", "|---|---|---|---|"]
    for part in PARTS:
        for name in sets:
            rows = page_ratios(pages_of(datasets, [name], part), repeats, shapes=False)
            ours = statistics.median(r["ours"] for r in rows)
            theirs = statistics.median(r["theirs"] for r in rows)
            cells = f"{ours:.1f} / {theirs:.1f} | {ours / theirs:.2f}"
            out.append(f"| {part} | {name} ({len(rows)}) | {cells} |")
    return "\n".join(out)


def _slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log y against log x."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(y) for y in ys]
    mx, my = statistics.mean(lx), statistics.mean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum(
        (a - mx) ** 2 for a in lx
    )


def ratio_report(rows: list[dict[str, Any]], top: int) -> str:
    line = "{page:34s} {kb:8.0f} {nodes:7d} {depth:5d} {ours:8.2f} {theirs:8.2f} {ratio:6.2f}"
    head = "{:34s} {:>8s} {:>7s} {:>5s} {:>8s} {:>8s} {:>6s}".format(
        "page", "KB", "nodes", "depth", "ours ms", "traf ms", "ratio"
    )
    out = [f"{len(rows)} tuning pages; CPU ms, each page's best of the repeats"]
    out += ["", f"worst ratio (ours / trafilatura's), top {top}:", head]
    out += [line.format(**r) for r in sorted(rows, key=lambda r: -r["ratio"])[:top]]
    out += ["", f"slowest pages (ours), top {top}:", head]
    out += [line.format(**r) for r in sorted(rows, key=lambda r: -r["ours"])[:top]]
    out += ["", f"largest pages (nodes), top {top}:", head]
    out += [line.format(**r) for r in sorted(rows, key=lambda r: -r["nodes"])[:top]]
    by_size = sorted((r for r in rows if r["nodes"]), key=lambda r: r["nodes"])
    out += ["", "by node count (quartiles): nodes range, median ours / traf ms, median ratio"]
    quarter = math.ceil(len(by_size) / 4)
    for i in range(0, len(by_size), quarter):
        group = by_size[i : i + quarter]
        out.append(
            f"  {group[0]['nodes']:6d}–{group[-1]['nodes']:6d}: "
            f"{statistics.median(r['ours'] for r in group):7.2f} / "
            f"{statistics.median(r['theirs'] for r in group):7.2f} ms, "
            f"ratio {statistics.median(r['ratio'] for r in group):.2f}"
        )
    nodes = [float(r["nodes"]) for r in by_size]
    out.append(
        "slope of log ms over log nodes: ours "
        f"{_slope(nodes, [r['ours'] for r in by_size]):.2f}, trafilatura "
        f"{_slope(nodes, [r['theirs'] for r in by_size]):.2f}"
    )
    out.append(
        f"median: ours {statistics.median(r['ours'] for r in rows):.2f} ms, trafilatura "
        f"{statistics.median(r['theirs'] for r in rows):.2f} ms, per-page ratio "
        f"{statistics.median(r['ratio'] for r in rows):.3f}"
    )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "mode",
        choices=("digest", "profile", "steps", "ratios", "medians", "cycles", "paired", "serve"),
    )
    ap.add_argument("--sets", nargs="+", default=[name for name, _, _ in DATASETS])
    ap.add_argument("--per-set", action="store_true", help="digest: one line per set too")
    ap.add_argument("--repeats", type=int, default=3, help="profile: runs of each page")
    ap.add_argument("--top", type=int, default=40, help="profile: functions; ratios: pages listed")
    ap.add_argument(
        "--checkout", type=Path, help="steps, ratios, medians, paired: this checkout's parser"
    )
    args = ap.parse_args(argv)
    try:
        datasets = load_datasets(require_data())
    except DataMissing as exc:
        print(exc)
        return 2
    if args.mode == "digest":
        digests = digest(pages_of(datasets, args.sets, None))
        print(f"outputs digest ({', '.join(args.sets)}): {digests.pop('all')}")
        if args.per_set:
            for name, value in digests.items():
                print(f"  {name}: {value}")
        return 0
    if args.mode in ("serve", "paired"):
        if args.mode == "serve":
            serve(pages_of(datasets, args.sets, None))
        elif args.checkout is None:
            print("paired needs --checkout DIR (another checkout to compare with)")
            return 2
        else:
            print(paired(args.sets, args.checkout, args.repeats))
        return 0
    if args.mode == "medians":
        print(part_medians(datasets, args.sets, args.repeats))
        return 0
    if args.mode == "cycles":
        pages = pages_of(datasets, args.sets, None)
        found = cyclic_garbage(pages)
        print(f"{len(pages)} pages: {sum(found.values())} objects left to the cycle collector")
        for name, count in found.most_common(10):
            print(f"  {name}: {count}")
        return 0
    return tuning_mode(args, datasets)


def tuning_mode(args: argparse.Namespace, datasets: list[Dataset]) -> int:
    """The modes that read pages one by one, of the tuning part only."""
    pages = pages_of(datasets, args.sets, "tuning")
    if args.mode == "ratios":
        print(ratio_report(page_ratios(pages, args.repeats), args.top))
        return 0
    if args.mode == "steps":
        import aggregator

        print(f"{len(pages)} tuning pages, parser from {Path(aggregator.__file__).parent.parent}")
        per_step = step_times(pages, args.repeats)
        for name, seconds in per_step.items():
            median, mean = statistics.median(seconds), statistics.mean(seconds)
            print(f"  {name:22s} median {1000 * median:6.2f} ms   mean {1000 * mean:6.2f} ms")
        return 0
    print(f"{len(pages)} tuning pages of {', '.join(args.sets)}, {args.repeats} runs each")
    print(f"median ms per page (best of {args.repeats}): {median_ms(pages, args.repeats):.2f}")
    print(profile(pages, args.repeats, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
