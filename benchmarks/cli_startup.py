"""Whole-process time of one CLI command in two source trees, alternated, medians.

What a command pays at start-up (imports) shows only over the whole process. Each round
runs the command once in every tree, alternately, so a busy machine slows both alike:

    python benchmarks/cli_startup.py --before /tmp/old-tree --rounds 5 -- \
        --config config.yaml --db /tmp/x.db sources

``--before`` is another checkout (``git archive main | tar -x -C DIR``); the interpreter
is this one, so only the code differs. The current tree is this script's repository.
The command runs in each tree's own folder (``python -m`` puts it first on the path), so
relative paths in ARGS name a file of that tree.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_once(tree: Path, args: list[str]) -> float:
    """Seconds for ``python -m app ARGS`` run in ``tree`` (its code first on the path)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=tree, env=env, check=True, stdout=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other source tree")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("args", nargs="+", help="the CLI's arguments (after --)")
    options = parser.parse_args()
    trees = {"before": options.before.resolve(), "after": REPO}
    times: dict[str, list[float]] = {name: [] for name in trees}
    run_once(REPO, options.args)  # warm the file cache and __pycache__ of both
    run_once(trees["before"], options.args)
    for _ in range(options.rounds):
        for name, tree in trees.items():
            times[name].append(run_once(tree, options.args))
    for name, got in times.items():
        each = ", ".join(f"{t:.3f}" for t in got)
        print(f"{name:7} median {statistics.median(got):.3f} s  ({each})")


if __name__ == "__main__":
    main()
