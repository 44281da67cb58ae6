"""``python -m app.demo --port N``: serve the network until Ctrl-C (manual poking)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from app.demo import DemoNetwork, DemoNetworkError, is_running


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
    if args.port and is_running(args.port, args.host):
        print(f"a demo network is already running on base port {args.port}", file=sys.stderr)
        return 1
    try:
        network = DemoNetwork(base_port=args.port, host=args.host).start()
    except DemoNetworkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for outlet in network.outlets:
        print(
            f"{outlet.name:<14} {outlet.home_url:<28} {outlet.site_name} "
            f"(feed {outlet.feed_url}, sitemap {outlet.sitemap_url})"
        )
    print("serving; press Ctrl-C to stop", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` stops as cleanly as Ctrl-C
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        network.stop()
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
