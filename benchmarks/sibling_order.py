"""Time ``aggregator.extract`` against the number of sibling elements the date rules
compare in document order.

    .venv/bin/python benchmarks/sibling_order.py [--counts 10000 20000 40000]
        [--checkout DIR] [--repeats 3]

Each page is one short article whose paragraphs are followed by N sibling ``<time>``
elements (a long list of dated entries): the date rules ask where each one stands
against the headline and the text, which costs a walk of its siblings when places are
found by ``parent.index``. The table gives seconds per page (median of ``--repeats``, each in a
fresh process); ``--checkout DIR`` times another checkout (``git worktree add /tmp/base
main``) beside this one, the two alternating run by run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

_URL = "https://example.com/news/council-passes-budget"

# Run in the checkout being timed: builds the page, prints the seconds extract took.
_TIMER = """
import sys, time
from aggregator import extract
n = int(sys.argv[1])
text = "".join(
    f"<p>Paragraph {i} of the story tells owners in the city that the council voted on "
    "the budget today after a long debate.</p>" for i in range(6)
)
times = "".join(f"<time datetime='2024-05-{1 + i % 28:02d}'>x</time>" for i in range(n))
page = (
    "<html><head><title>Council passes budget</title></head><body>"
    f"<article><h1>Council passes budget</h1>{text}{times}</article></body></html>"
)
start = time.perf_counter()
extract(page, sys.argv[2])
print(time.perf_counter() - start)
"""


def _seconds(checkout: str, count: int) -> float:
    python = os.path.join(checkout, ".venv", "bin", "python")
    if not os.path.exists(python):
        python = sys.executable
    done = subprocess.run(
        [python, "-c", _TIMER, str(count), _URL],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    parser.add_argument("--checkout", help="another checkout to time beside this one")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    checkouts = [here] + ([args.checkout] if args.checkout else [])
    print("| siblings | " + " | ".join(f"s/page {c}" for c in checkouts) + " |")
    print("|---:|" + "---:|" * len(checkouts))
    for count in args.counts:
        runs: dict[str, list[float]] = {c: [] for c in checkouts}
        for _ in range(args.repeats):
            for checkout in checkouts:
                runs[checkout].append(_seconds(checkout, count))
        medians = " | ".join(f"{statistics.median(runs[c]):.2f}" for c in checkouts)
        print(f"| {count:,} | {medians} |")


if __name__ == "__main__":
    main()
