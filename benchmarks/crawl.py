"""Crawl benchmark: a generated local news site, crawled four ways in one run.

    /tmp/venv/bin/python benchmarks/crawl.py [--articles 5000] [--variants a,b,c,d] \\
        [--repeat N] [--json FILE]

The site (``--articles`` pages of ~60 KB, an RSS feed, a sitemap index with
sitemaps of 1,000 URLs, paginated section pages, robots.txt) is generated into
a temporary directory and served from memory by an asyncio keep-alive server
in a child process on 127.0.0.1. Then, each in its own process:

(a) a bare Scrapy spider fetching the same pages (robots.txt, feed, sitemaps,
    sections, articles) and doing nothing with them;
(b) our spider, parse/dedup/store switched off (``NEWSAGG_PROCESS_PAGES=False``);
(c) the full pipeline (parse → dedup → SQLite), one process;
(d) the full pipeline in ``--processes`` crawl processes splitting the article
    URLs (``aggregator crawl --shard i/n``), all writing to one database;
(c2) (c) again on its own database: an unchanged site, so zero article pages.

Pages/s is article pages over the crawl's own elapsed time (spider open to
close; for (d) first open to last close). CPU s/page is the crawl process's
user+sys time (imports included) over article pages; for (d) summed over the
processes. Peak RSS is the largest crawl process's. The parser's own CPU per
page is measured in this process on a sample of the same pages.

With ``--repeat N`` the variants run N times in turn (a, b, c, c2, d, parser;
then again), each round on new databases; the table gives each figure's median
and the goals the median of each round's ratio, with every round's value.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

PER_SITEMAP = 1000
PER_SECTION_PAGE = 50
SECTIONS = ["world", "politics", "business", "science", "sport", "culture", "health", "tech"]


# --- the site ---------------------------------------------------------------------------


def _words(rnd: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rnd.choice(letters) for _ in range(rnd.randint(2, 10))) for _ in range(8000)]


def generate_site(root: Path, articles: int, base_hint: str = "") -> list[str]:
    """Write the site under ``root``; return the article paths."""
    rnd = random.Random(20260105)
    vocab = _words(rnd)
    now = datetime.now(UTC).replace(microsecond=0)

    def sentence(n: int) -> str:
        return " ".join(rnd.choices(vocab, k=n)).capitalize() + "."

    nav = "".join(f'<li><a href="/section/{s}/">{s.title()}</a></li>' for s in SECTIONS) * 4
    promo = "".join(
        f'<div class="promo"><a href="/promo/{j}/">{sentence(9)}</a><p>{sentence(25)}</p></div>'
        for j in range(60)
    )
    # Bulk that is markup, not prose (as on real pages): state blobs, styles, menus.
    script = (
        "<script>window.__STATE__="
        + json.dumps({"ads": [sentence(12) for _ in range(180)]})
        + "</script>"
    )
    script += (
        "<style>"
        + "".join(f".c{j}{{margin:{j}px;padding:{j % 7}px;color:#{j:06x}}}" for j in range(400))
        + "</style>"
    )
    footer = "".join(f'<a href="/about/{j}/">{sentence(3)}</a> ' for j in range(120))
    paths = []
    for i in range(articles):
        slug = "-".join(rnd.choices(vocab, k=4))
        paths.append(f"/news/2026/01/{i:06d}-{slug}/")
    for i, path in enumerate(paths):
        headline = sentence(9).rstrip(".")
        body = "".join(
            f"<p>{sentence(rnd.randint(25, 60))}</p>" for _ in range(rnd.randint(10, 16))
        )
        related = "".join(
            f'<li><a href="{paths[(i + k * 37) % len(paths)]}">{sentence(7)}</a></li>'
            for k in range(1, 9)
        )
        stamp = (now - timedelta(minutes=i)).isoformat()
        html = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{headline} | Bench Times</title>"
            f'<meta property="og:title" content="{headline}">'
            '<meta property="og:site_name" content="Bench Times">'
            f'<meta name="author" content="Reporter {i % 97}">'
            f'<meta property="article:published_time" content="{stamp}">'
            f'<link rel="stylesheet" href="/static/site.css">{script}</head><body>'
            f"<header><nav><ul>{nav}</ul></nav></header><main><article>"
            f'<h1>{headline}</h1><p class="byline">By Reporter {i % 97}</p>'
            f'<time datetime="{stamp}">{stamp[:10]}</time><div class="article-body">{body}</div>'
            f'</article><aside class="related"><h2>Related</h2><ul>{related}</ul></aside>'
            f'<section class="promos">{promo}</section></main>'
            f"<footer>{footer}</footer></body></html>"
        )
        _write(root, path, html)
    # discovery pages
    lastmod = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    maps = []
    for k in range(0, len(paths), PER_SITEMAP):
        name = f"/sitemaps/sm-{k // PER_SITEMAP}.xml"
        maps.append(name)
        urls = "".join(
            f"<url><loc>{base_hint}{p}</loc><lastmod>{lastmod}</lastmod></url>"
            for p in paths[k : k + PER_SITEMAP]
        )
        _write(root, name, f'<?xml version="1.0"?><urlset {ns}>{urls}</urlset>')
    index = "".join(
        f"<sitemap><loc>{base_hint}{m}</loc><lastmod>{lastmod}</lastmod></sitemap>" for m in maps
    )
    _write(
        root,
        "/sitemap-index.xml",
        f'<?xml version="1.0"?><sitemapindex {ns}>{index}</sitemapindex>',
    )
    items = "".join(
        f"<item><title>Story {i}</title><link>{base_hint}{p}</link></item>"
        for i, p in enumerate(paths[:100])
    )
    _write(
        root,
        "/feed.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
        f"{items}</channel></rss>",
    )
    per_section = [paths[j :: len(SECTIONS)] for j in range(len(SECTIONS))]
    for name, members in zip(SECTIONS, per_section, strict=True):
        pages = max(1, -(-len(members) // PER_SECTION_PAGE))
        for n in range(pages):
            links = "".join(
                f'<li><a href="{p}">{p.rsplit("-", 1)[-1]}</a></li>'
                for p in members[n * PER_SECTION_PAGE : (n + 1) * PER_SECTION_PAGE]
            )
            nxt = (
                f'<a class="next" href="/section/{name}/page-{n + 2}/">Next</a>'
                if n + 1 < pages
                else ""
            )
            path = f"/section/{name}/" if n == 0 else f"/section/{name}/page-{n + 1}/"
            _write(root, path, f"<html><body><nav>{nav}</nav><ul>{links}</ul>{nxt}</body></html>")
    _write(root, "/robots.txt", "User-agent: *\nAllow: /\n")
    return paths


def _write(root: Path, url_path: str, text: str) -> None:
    target = root / (url_path.lstrip("/") + ("index.html" if url_path.endswith("/") else ""))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


# --- the server (child process) ----------------------------------------------------------------


def serve(root: Path) -> None:
    """Serve ``root`` from memory with HTTP/1.1 keep-alive; print the URL; stop at stdin EOF."""
    files: dict[str, tuple[bytes, bytes]] = {}
    for path in root.rglob("*"):
        if path.is_file():
            rel = "/" + path.relative_to(root).as_posix()
            if rel.endswith("/index.html"):
                rel = rel[: -len("index.html")]
            ctype = {".xml": b"application/xml", ".txt": b"text/plain"}.get(
                path.suffix, b"text/html; charset=utf-8"
            )
            files[rel] = (path.read_bytes(), ctype)
    # Feeds, sitemaps, sections and robots.txt carry an ETag and answer 304 to it, as a
    # real site's static documents do (benchmarks/discovery_cache.py); articles do not,
    # as before. So (b)–(d) now keep those documents (about 120 small files written) and
    # (c2) asks for them conditionally: their figures from before the discovery cache
    # are not comparable as they stand. "bytes": body bytes sent.
    etags = {
        rel: b'"' + hashlib.sha1(body).hexdigest()[:16].encode() + b'"'
        for rel, (body, _) in files.items()
        if not rel.startswith("/news/")
    }
    hits = {"articles": 0, "other": 0, "not_modified": 0, "bytes": 0}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode("latin-1").split("?", 1)[0]
                validator = b""
                if target == "/_stats":
                    body, ctype = json.dumps(hits).encode(), b"application/json"
                    status = b"200 OK"
                elif target in files:
                    body, ctype = files[target]
                    status = b"200 OK"
                    hits["articles" if target.startswith("/news/") else "other"] += 1
                    if target in etags:
                        validator = b"\r\nETag: " + etags[target]
                        if b"\r\nif-none-match: " + etags[target] in head.lower():
                            body, status = b"", b"304 Not Modified"
                            hits["not_modified"] += 1
                    hits["bytes"] += len(body)
                else:
                    body, ctype, status = b"not found", b"text/plain", b"404 Not Found"
                writer.write(
                    b"HTTP/1.1 "
                    + status
                    + b"\r\nContent-Type: "
                    + ctype
                    + validator
                    + b"\r\nContent-Length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=512)
        print(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)

    asyncio.run(main())


# --- (a) the bare spider (child process) --------------------------------------------------------


def run_bare(base: str, stats_file: Path) -> None:
    """A Scrapy spider that fetches the same pages and does nothing with them."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    link = re.compile(
        rb'(?:href="|<loc>|<link>)(?:'
        + re.escape(base.encode())
        + rb')?(/(?:news|sitemaps|section)/[^"<]*)'
    )

    class BareSpider(scrapy.Spider):
        name = "bare"
        start_urls = [
            base + "/feed.xml",
            base + "/sitemap-index.xml",
            *(f"{base}/section/{s}/" for s in SECTIONS),
        ]

        def parse(self, response):  # type: ignore[no-untyped-def]
            for path in link.findall(response.body):
                url = base + path.decode()
                yield scrapy.Request(
                    url, callback=self.article if path.startswith(b"/news/") else self.parse
                )

        def article(self, response):  # type: ignore[no-untyped-def]
            return None

    process = CrawlerProcess(
        {
            "ROBOTSTXT_OBEY": True,
            "LOG_LEVEL": "WARNING",
            "TELNETCONSOLE_ENABLED": False,
            "REMOTE_CONTROL_ENABLED": False,
            "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
            "DOWNLOAD_DELAY": 0,
            "COOKIES_ENABLED": False,
            "DEPTH_LIMIT": 0,
        }
    )
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler)
    process.start()
    stats_file.write_text(json.dumps(crawler.stats.get_stats(), default=str), encoding="utf-8")


# --- running the variants ------------------------------------------------------------------------


def _peak_rss_mib(pid: int) -> float:
    """The process's own peak RSS so far (VmHWM), or 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) / 1024 if match else 0.0


def _wait(children: list[subprocess.Popen]) -> tuple[float, float]:  # type: ignore[type-arg]
    """Wait for every child; return (total CPU seconds, largest peak RSS in MiB).

    Peak RSS is read from /proc while the children run, not from wait4's
    ru_maxrss: Linux carries the RSS high-water mark of the process that
    spawned a child across exec, so ru_maxrss never reads below this
    benchmark's own size, which grows once it has parsed pages in-process.
    """
    cpu, rss = 0.0, 0.0
    running = {child.pid: child for child in children}
    while running:
        for pid, child in list(running.items()):
            rss = max(rss, _peak_rss_mib(pid))
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if not done:
                continue
            del running[pid]
            child.returncode = os.waitstatus_to_exitcode(status)
            if child.returncode != 0:
                for sibling in running.values():
                    sibling.kill()
                    sibling.wait()
                raise SystemExit(f"crawl process {child.args} failed with {child.returncode}")
            cpu += usage.ru_utime + usage.ru_stime
        time.sleep(0.02)  # sampling VmHWM, a high-water mark: only the last 20 ms can be missed
    return cpu, rss


def _elapsed(stats_list: list[dict[str, Any]]) -> float:
    starts = [datetime.fromisoformat(str(s["start_time"])) for s in stats_list]
    ends = [datetime.fromisoformat(str(s["finish_time"])) for s in stats_list]
    return (max(ends) - min(starts)).total_seconds()


def _config(home: Path, base: str, articles: int) -> Path:
    source = {
        "name": "bench",
        "feeds": [base + "/feed.xml"],
        "sitemaps": [base + "/sitemap-index.xml"],
        "start_pages": [f"{base}/section/{s}/" for s in SECTIONS],
        "link_rules": {"article_pattern": "/news/\\d{4}/", "max_pagination": 200},
        "politeness": {
            "download_delay": 0,
            "concurrency_per_domain": 16,
            "autothrottle": False,
            "obey_robots": True,
        },
        "limits": {
            "max_pages": articles * 2 + 1000,
            "run_timeout": "1h",
            "max_depth": 200,
            "download_timeout": 30,
        },
    }
    path = home / "config.yaml"
    path.write_text(
        json.dumps({"database": str(home / "unused.db"), "sources": [source]}), encoding="utf-8"
    )
    return path


def _runs(db: Path) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    rows = [json.loads(r[0]) for r in conn.execute("SELECT stats FROM crawl_runs ORDER BY id")]
    conn.close()
    return rows


def run_ours(
    config: Path, db: Path, processes: int, process_pages: bool
) -> tuple[float, float, list[dict[str, Any]]]:
    from app.crawling import shard_command

    extra = {"NEWSAGG_PROCESS_PAGES": "False"} if not process_pages else {}
    before = len(_runs(db)) if db.exists() else 0
    if processes == 1:
        command = [sys.executable, "-m", "app", "--config", str(config), "--db", str(db)]
        command += ["crawl", *(a for k, v in extra.items() for a in ("--set", f"{k}={v}")), "bench"]
        children = [subprocess.Popen(command, cwd=REPO)]
    else:
        # A shard stops when its stdin ends (app.crawling.SHARD_PIPE): a pipe held open.
        # The rows so far number the crawl: more with each, so each crawl's is its own.
        children = [
            subprocess.Popen(
                shard_command(config, db, "bench", (i, processes), before + 1, settings=extra),
                cwd=REPO,
                stdin=subprocess.PIPE,
            )
            for i in range(processes)
        ]
    cpu, rss = _wait(children)
    return cpu, rss, _runs(db)[before:]


# Parsed in-process, the generated pages get URLs on a port nothing listens on.
SCRATCH_BASE = "http://127.0.0.1:1"


def article_pages(site: Path, paths: list[str]) -> list[tuple[bytes, str]]:
    """(html, url) of generated article pages, read from ``site`` to parse in-process."""
    return [((site / p.lstrip("/") / "index.html").read_bytes(), SCRATCH_BASE + p) for p in paths]


def scratch_source():  # type: ignore[no-untyped-def]
    """The ``bench`` source and a config holding it, for parsing and storing outside a crawl."""
    from aggregator.config import Config, Source

    source = Source(name="bench", feeds=[SCRATCH_BASE + "/feed.xml"])
    return source, Config(sources=[source])


def prepare_generated(db, html: bytes, url: str, source, config):  # type: ignore[no-untyped-def]
    """``prepare_page`` of one generated page (the crawl's parse).

    A rejected page ends the benchmark.
    """
    from aggregator.parser.for_source import RejectedPage
    from aggregator.schema import FetchedPage, utc_now
    from storage.pages import prepare_page

    try:
        return prepare_page(
            db,
            FetchedPage(url=url, source="bench", html=html, fetched_at=utc_now()),
            source,
            config,
        )
    except RejectedPage as exc:
        raise SystemExit(f"the parser rejects a generated page: {exc}") from None


def parser_cpu_per_page(site: Path, paths: list[str], sample: int = 500) -> tuple[float, float]:
    """CPU seconds per page of extract() alone, and of parse → dedup → store into a scratch DB.

    The second goes the crawl's own way: ``prepare_page`` per page, then
    ``store_articles`` in batches of the crawl's ``NEWSAGG_STORE_BATCH_SIZE``.
    """
    from aggregator.parser import extract
    from spiders.settings import NEWSAGG_STORE_BATCH_SIZE
    from storage.db import open_db
    from storage.writes import store_articles

    pages = article_pages(site, paths[:sample])
    started = time.process_time()
    for html, url in pages:
        extract(html, url, source="bench")
    parse = (time.process_time() - started) / len(pages)
    scratch = Path(tempfile.mkdtemp(prefix="crawlbench-db-"))
    db = open_db(scratch / "news.db")
    source, config = scratch_source()
    started = time.process_time()
    batch = []
    for html, url in pages:
        batch.append(prepare_generated(db, html, url, source, config))
        if len(batch) == NEWSAGG_STORE_BATCH_SIZE:
            store_articles(db, batch, config.dedup, config.boilerplate)
            batch = []
    store_articles(db, batch, config.dedup, config.boilerplate)
    full = (time.process_time() - started) / len(pages)
    db.close()
    shutil.rmtree(scratch, ignore_errors=True)
    return parse, full


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--articles", type=int, default=5000, help="article pages in the generated site"
    )
    parser.add_argument("--variants", default="a,b,c,d", help="which of a,b,c,d to run")
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 2, help="crawl processes for (d)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds of all variants; medians are reported"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--bare", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.serve:
        serve(args.serve)
        return 0
    if args.bare:
        run_bare(args.bare[0], Path(args.bare[1]))
        return 0

    work = Path(tempfile.mkdtemp(prefix="crawlbench-"))
    site = work / "site"
    started = time.monotonic()
    # Absolute URLs in feeds and sitemaps need the port; the server binds first, so
    # the site uses root-relative URLs (resolved against the sitemap's own URL).
    paths = generate_site(site, args.articles)
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    took = time.monotonic() - started
    print(
        f"site: {args.articles} articles, {size / 1e6:.0f} MB, generated in {took:.1f} s",
        file=sys.stderr,
    )
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(site)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    base = server.stdout.readline().strip()
    rounds: list[dict[str, dict[str, float]]] = []
    try:
        config = _config(work, base, args.articles)
        wanted = set(args.variants.split(","))
        for round_no in range(args.repeat):
            results: dict[str, dict[str, float]] = {}
            rounds.append(results)
            home = work / f"round{round_no}"
            home.mkdir()
            _run_round(results, round_no, home, base, config, wanted, args.processes)
            if "c" in wanted:
                parse, full = parser_cpu_per_page(site, paths)
                results["parser"] = {
                    "extract_cpu_ms_per_page": round(parse * 1000, 2),
                    "parse_dedup_store_cpu_ms_per_page": round(full * 1000, 2),
                }
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    print(table(rounds, args))
    if args.json:
        args.json.write_text(
            json.dumps({"median": medians(rounds), "rounds": rounds}, indent=2), encoding="utf-8"
        )
    return 0


def _served(base: str) -> int:
    """Article pages the benchmark's site server has served so far."""
    return int(json.loads(_get(base + "/_stats"))["articles"])


def _run_round(
    results: dict[str, dict[str, float]],
    round_no: int,
    home: Path,
    base: str,
    config: Path,
    wanted: set[str],
    crawl_processes: int,
) -> None:
    """Crawl the site once with each wanted variant, (a) to (d), into ``results``."""
    if "a" in wanted:
        stats_file = home / "bare-stats.json"
        before = _served(base)
        child = subprocess.Popen(
            [sys.executable, __file__, "--bare", base, str(stats_file)], cwd=REPO
        )
        cpu, rss = _wait([child])
        elapsed = _elapsed([json.loads(stats_file.read_text())])
        _record(results, round_no, "a", _served(base) - before, elapsed, cpu, rss)
    for key, db, processes, process_pages in (
        ("b", "b.db", 1, False),
        ("c", "c.db", 1, True),
        ("c2", "c.db", 1, True),
        ("d", "d.db", crawl_processes, True),
    ):
        if key.rstrip("2") not in wanted:
            continue
        before = _served(base)
        cpu, rss, runs = run_ours(config, home / db, processes, process_pages)
        _record(results, round_no, key, _served(base) - before, _elapsed(runs), cpu, rss)
        results[key]["stored"] = sum(r.get("newsagg/articles_new", 0) for r in runs)
        if key == "c2":
            results[key]["pages_total"] = sum(r.get("downloader/response_count", 0) for r in runs)


def _record(
    results: dict[str, dict[str, float]],
    round_no: int,
    name: str,
    pages: int,
    elapsed: float,
    cpu: float,
    rss: float,
) -> None:
    """Keep one variant's figures in its round's results, and show them as they come."""
    results[name] = {
        "article_pages": pages,
        "elapsed_s": round(elapsed, 2),
        "pages_per_s": round(pages / elapsed, 1) if elapsed else 0.0,
        "cpu_ms_per_page": round(1000 * cpu / pages, 2) if pages else 0.0,
        "cpu_s": round(cpu, 2),
        "peak_rss_mib": round(rss, 1),
    }
    print(f"round {round_no + 1}, {name}: {results[name]}", file=sys.stderr)


def medians(rounds: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Each figure's median over the rounds (rounds missing it are skipped)."""
    import statistics

    def median(values: list[float]) -> float:
        value = statistics.median(values)
        return int(value) if float(value).is_integer() else round(value, 2)

    return {
        key: {f: median([r[key][f] for r in rounds if key in r]) for f in fields}
        for key, fields in rounds[0].items()
    }


def ratios(results: dict[str, dict[str, float]]) -> dict[str, float]:
    """The goals' ratios of one round."""
    out: dict[str, float] = {}
    a, b, c, d = (results.get(k) for k in "abcd")
    parser = results.get("parser")
    if a and b:
        out["b_a_pages"] = b["pages_per_s"] / a["pages_per_s"]
    if a and c and parser:
        out["c_cpu_bound"] = c["cpu_ms_per_page"] / (
            a["cpu_ms_per_page"] + parser["extract_cpu_ms_per_page"]
        )
        out["c_cpu_glue"] = c["cpu_ms_per_page"] / (
            a["cpu_ms_per_page"] + parser["parse_dedup_store_cpu_ms_per_page"]
        )
    if c and d:
        out["d_c_pages"] = d["pages_per_s"] / c["pages_per_s"]
    if a and c:
        out["c_a_rss"] = c["peak_rss_mib"] / a["peak_rss_mib"]
    return out


def _get(url: str) -> bytes:
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=10) as response:
        return response.read()


def table(rounds: list[dict[str, dict[str, float]]], args: argparse.Namespace) -> str:
    import statistics

    results = medians(rounds)
    names = {
        "a": "(a) bare Scrapy spider",
        "b": "(b) our spider, no parse/store",
        "c": "(c) full pipeline, 1 process",
        "d": f"(d) full pipeline, {args.processes} processes",
    }
    lines = [
        "| variant | article pages | stored | pages/s | CPU ms/page | cores busy | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for key, label in names.items():
        if key in results:
            r = results[key]
            # CPU seconds per elapsed second: below 1 per process, the machine was busy elsewhere.
            busy = r["cpu_s"] / r["elapsed_s"] if r["elapsed_s"] else 0.0
            lines.append(
                f"| {label} | {r['article_pages']} | {r.get('stored', '—')} | {r['pages_per_s']} "
                f"| {r['cpu_ms_per_page']} | {busy:.2f} | {r['peak_rss_mib']} |"
            )
    out = "\n".join(lines)
    goals = []
    per_round = [ratios(r) for r in rounds]
    parser = results.get("parser")
    labels = {
        "b_a_pages": "(b)/(a) pages/s = {:.2f} (goal ≥ 0.8)",
        "c_cpu_bound": "(c) CPU/page / ((a) CPU/page + parser's CPU/page) = {:.2f} (goal ≤ 1.2)",
        "c_cpu_glue": "(c) CPU/page / ((a) CPU/page + parse+dedup+store CPU/page) = {:.2f} "
        "(the Scrapy glue alone)",
        "d_c_pages": "(d)/(c) pages/s = {:.2f} (goal ≥ 1.6)",
        "c_a_rss": "peak RSS (c)/(a) = {:.2f} (goal ≤ 2)",
    }
    for name, label in labels.items():
        values = [r[name] for r in per_round if name in r]
        if values:
            line = label.format(statistics.median(values))
            if len(values) > 1:
                line += f"; rounds: {', '.join(f'{v:.2f}' for v in values)}"
            goals.append(line)
    if parser:
        goals.append(
            f"parser alone {parser['extract_cpu_ms_per_page']} ms CPU/page; parse+dedup+store "
            f"{parser['parse_dedup_store_cpu_ms_per_page']} ms (medians)"
        )
    if "c2" in results:
        c2 = results["c2"]
        goals.append(
            f"second crawl of the unchanged site: {c2['article_pages']} article pages "
            f"({c2['pages_total']} pages in all, {c2['elapsed_s']} s)"
        )
    return out + "\n\n" + "\n".join(f"- {g}" for g in goals)


if __name__ == "__main__":
    sys.exit(main())
