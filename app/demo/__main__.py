"""``python -m app.demo --port N``: serve the network until Ctrl-C or SIGTERM, as
``aggregator demo --serve --port N`` does (``--port 0``: random free ports)."""

from __future__ import annotations

import argparse
import functools
import sys

from app.demo import DemoNetworkError, serve_until_stopped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.demo", description=__doc__)
    parser.add_argument(
        "--port",
        type=int,
        default=8801,
        help="base port; outlet i listens on port+i (0 = random free ports)",
    )
    parser.add_argument("--host", default="127.0.0.1", choices=["127.0.0.1"], help="loopback only")
    args = parser.parse_args(argv)
    try:
        serve_until_stopped(args.port, functools.partial(print, flush=True), args.host)
    except DemoNetworkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
