"""The scheduled daemon: every source on its schedule, each crawl in its own process."""
