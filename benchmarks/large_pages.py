"""Time ``aggregator.extract`` against page size, on generated long articles.

    .venv/bin/python benchmarks/large_pages.py [--sizes 1 4 16] [--checkout DIR]
        [--trafilatura] [--repeats 1]
    .venv/bin/python benchmarks/large_pages.py --profile [--sizes 4]

Each page is one article (masthead, navigation, headline, byline, footer) whose
body is as many generated short paragraphs as it takes to reach the size in MB, in
two layouts: ``plain`` (sibling ``<p>`` elements) and ``wrapped`` (each ``<p>`` in
its own ``<div>``, as some site builders write them). A parser linear in the page's
size takes four times as long for four times the page; the table gives seconds per
page (median of ``--repeats``) and the growth from the previous size.

Every timing runs in a fresh process (one page's memory does not weigh on the
next). ``--checkout DIR`` times another checkout of the repository (``git worktree
add /tmp/base main``) beside this one, the two alternating page by page;
``--checkout-up-to MB`` spares it the larger pages (a quadratic base took minutes on
4 MB); ``--trafilatura`` times its ``bare_extraction`` beside them. ``--profile``
prints the functions with the most own time of ``extract`` on the largest wrapped page.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import time

_URL = "https://example.org/news/long-report"
_WORDS = [
    *("council", "budget", "river", "bridge", "school", "teachers", "vote", "minister"),
    *("harbour", "rail", "winter", "hospital", "report", "district", "farmers", "market"),
    *("election", "museum", "storm", "police", "court"),
]


def paragraph(i: int) -> str:
    """A short paragraph that differs from its neighbours (no two are identical)."""
    words = [_WORDS[(i * 7 + k * 3) % len(_WORDS)] for k in range(16)]
    return " ".join(words).capitalize() + f", said {i % 97} residents of the {i}th ward."


def page(megabytes: float, wrapped: bool) -> str:
    """A generated article page of about ``megabytes`` MB."""
    head = (
        "<html><head><title>Long report - Example Gazette</title></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
        "<article><h1>Long report on the council</h1><p class='byline'>By Jane Doe</p>"
    )
    tail = "</article><footer><p>Copyright Example Gazette</p></footer></body></html>"
    parts = [head]
    size = len(head) + len(tail)
    i = 0
    while size < megabytes * 1_000_000:
        text = f"<p>{paragraph(i)}</p>"
        block = f"<div class='para'>{text}</div>" if wrapped else text
        parts.append(block)
        size += len(block)
        i += 1
    parts.append(tail)
    return "".join(parts)


def time_one(system: str, layout: str, megabytes: float) -> float:
    """Seconds of one extraction by ``system`` (``newsagg`` or ``trafilatura``)."""
    html = page(megabytes, wrapped=layout == "wrapped")
    if system == "trafilatura":
        import trafilatura

        start = time.perf_counter()
        trafilatura.bare_extraction(html, url=_URL)
    else:
        import aggregator

        start = time.perf_counter()
        aggregator.extract(html, _URL)
    return time.perf_counter() - start


def timed_in_process(system: str, layout: str, megabytes: float, checkout: str | None) -> float:
    """:func:`time_one` in a fresh interpreter, importing the parser from ``checkout``."""
    env = dict(os.environ)
    if checkout:
        env["PYTHONPATH"] = checkout
    command = [sys.executable, __file__, "--time-one", system, layout, str(megabytes)]
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, check=True, timeout=3600
    )
    return float(done.stdout.strip())


def profile(megabytes: float) -> None:
    import aggregator

    html = page(megabytes, wrapped=True)
    profiler = cProfile.Profile()
    profiler.runcall(aggregator.extract, html, _URL)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16])
    parser.add_argument("--checkout", help="another checkout to time beside this one")
    parser.add_argument(
        "--checkout-up-to", type=float, help="time --checkout only on pages up to this MB"
    )
    parser.add_argument("--trafilatura", action="store_true")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--time-one", nargs=3, metavar=("SYSTEM", "LAYOUT", "MB"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.time_one:
        system, layout, megabytes = args.time_one
        print(time_one(system, layout, float(megabytes)))
        return
    if args.profile:
        profile(max(args.sizes))
        return
    systems: list[tuple[str, str, str | None]] = [("this checkout", "newsagg", None)]
    if args.checkout:
        systems.append((args.checkout, "newsagg", args.checkout))
    if args.trafilatura:
        systems.append(("trafilatura", "trafilatura", None))
    names = [name for name, _, _ in systems]
    print("| layout | MB | " + " | ".join(f"{name} s (× previous)" for name in names) + " |")
    print("|---|---|" + "---|" * len(systems))
    for layout in ("plain", "wrapped"):
        previous: dict[str, float] = {}
        for megabytes in args.sizes:
            runs: dict[str, list[float]] = {name: [] for name, _, _ in systems}
            for _ in range(args.repeats):
                for name, system, checkout in systems:
                    if checkout and megabytes > (args.checkout_up_to or megabytes):
                        continue  # a quadratic base would take an hour on the largest pages
                    runs[name].append(timed_in_process(system, layout, megabytes, checkout))
            cells = []
            for name, _, _ in systems:
                if not runs[name]:
                    cells.append("–")
                    continue
                seconds = statistics.median(runs[name])
                growth = f" (×{seconds / previous[name]:.1f})" if name in previous else ""
                previous[name] = seconds
                cells.append(f"{seconds:.2f}{growth}")
            print(f"| {layout} | {megabytes:g} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
