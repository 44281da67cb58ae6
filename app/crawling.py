"""``aggregator crawl`` and ``aggregator demo``: crawls in this process or in children.

:mod:`spiders.runner` runs crawls in this process (one reactor); this module
adds what a command needs around that: refusing before any HTTP request when
nothing could be stored, one crawl of a source at a time (its lock), progress
bars on a terminal, one source split over several processes, and the summary
lines.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

import spiders.stats as stat_keys
from aggregator.config import Config, RejectedSource
from aggregator.discovery import LinkClassifier, plan_for
from aggregator.robots_meta import refusals_said
from app.child import app_command
from app.daemon.runner import signal_group
from app.errors import EXIT_CONFIG, EXIT_FAILURE, EXIT_INTERRUPTED
from app.progress import crawl_bars
from app.source_parsers import broken_parsers
from app.terminal import safe
from spiders.news import (
    STAT_DOCUMENTS_NOT_MODIFIED,
    STAT_SITEMAPS_READ_UNASKED,
    STAT_SKIPPED_KNOWN,
)
from spiders.pipelines import (
    articles_unchanged,
    discovery_by_reason,
    errors_by_kind,
    selector_misses,
)
from spiders.runner import STOPPED_AT_ONCE, CrawlOutcome, plan_crawls, run_crawls
from spiders.settings import NO_CONDITIONAL_GET, discovery_cache_problem
from storage.db import check_writable, open_db
from storage.locks import HeldLock, try_lock
from storage.runs import (
    NORMAL_FINISH_REASONS,
    RunCounts,
    RunStatus,
    end_runs_of_processes,
    finish_run,
    next_crawl_id,
)
from storage.writes import StoreStatus


def ensure_writable(config: Config) -> None:
    """Raise DatabaseError now, before any request, if the database cannot take writes."""
    db = open_db(config.database, tell=lambda note: click.echo(safe(note), err=True))
    try:
        check_writable(db)
    finally:
        db.close()


def say_if_nothing_kept(config: Config) -> None:
    """Say once (stderr) when this run's crawls cannot keep feeds, sitemaps and listing
    pages for conditional GETs; its shards' crawls decide the same silently
    (``settings_for_source``)."""
    if problem := discovery_cache_problem(config):
        click.echo(safe(f"warning: {NO_CONDITIONAL_GET}: {problem}"), err=True)


class SourceBusy(Exception):
    """Another process crawls this source now."""

    def __init__(self, source: str, pid: int) -> None:
        super().__init__(
            f"{source}: being crawled by another process (pid {pid or 'unknown'}); "
            "not crawled this time"
        )


#: Where a busy source's outcome holds the other process's pid (its stats).
BUSY_PID = "newsagg/busy_pid"
#: Exit code of ``aggregator crawl`` when a source was busy and nothing else failed
#: (EX_TEMPFAIL: try again later).
EXIT_BUSY = 75
#: The outcome of a source of several whose parser does not load (not crawled); its
#: stats hold the one-line error under PARSER_ERROR.
PARSER_FAILED = "parser_failed"
PARSER_ERROR = "newsagg/parser_error"
#: The outcome of a source whose entry in config.yaml was set aside (not crawled); its
#: stats hold the entry's one-line error under SET_ASIDE_ERROR.
SET_ASIDE = "set_aside"
SET_ASIDE_ERROR = "newsagg/set_aside_error"


def crawl(
    config: Config,
    names: list[str],
    *,
    run_id: int | None = None,
    shard: tuple[int, int] | None = None,
    crawl_id: int | None = None,
    settings: dict[str, Any] | None = None,
    refresh: tuple[str, ...] = (),
    stream_run: str | None = None,
    report: Path | None = None,
) -> list[CrawlOutcome]:
    """Crawl the named sources in this process and store what they publish.

    On a terminal each source gets a progress bar (:mod:`app.progress`).

    With ``refresh`` (article URLs of the one source named, see
    :func:`check_refresh`) nothing is discovered: those articles are fetched
    again, conditionally when they are stored.

    Each source is crawled only if no other process crawls it now (its lock,
    :mod:`storage.locks`); a busy source is not crawled and its outcome is
    ``busy``, with the other process's pid in ``stats["newsagg/busy_pid"]``. A
    shard of ``--processes`` runs under its parent's lock, its run row marked with its
    parent's ``crawl_id`` (``crawl_runs.crawl_id``) when given. A crawl that cannot
    start raises its error (DatabaseError, SourceParserError) before it has
    sent any request; of several sources, one whose parser does not load is left
    out instead (its outcome ``parser_failed``) and the others are crawled.

    With ``stream_run`` (a cluster worker's crawl, docs/scaling.md) the
    articles are pushed to the cluster's article stream under that run key and
    the run's report written to ``report``: no database is opened here and no
    lock file taken (the worker holds the source's site leases instead).
    """
    if stream_run is not None:
        stream = {"NEWSAGG_ARTICLE_STREAM": stream_run, "NEWSAGG_RUN_REPORT": str(report or "")}
        return run_crawls(config, names, extra_settings={**(settings or {}), **stream})
    if shard is not None:  # a child of crawl_in_processes: its stdin is the parent's pipe
        shared = {} if crawl_id is None else {"NEWSAGG_CRAWL_ID": crawl_id}
        return run_crawls(
            config, names, run_id=run_id, shard=shard,
            extra_settings={**(settings or {}), **shared}, parent_pipe=SHARD_PIPE,
        )  # fmt: skip
    ensure_writable(config)
    say_if_nothing_kept(config)
    broken = broken_parsers(config, names) if len(names) > 1 else {}
    names_to_crawl = [name for name in names if name not in broken]
    locks: list[HeldLock] = []
    busy: dict[str, int] = {}
    try:
        for name in names_to_crawl:
            lock = try_lock(config.database, name)
            if isinstance(lock, HeldLock):
                locks.append(lock)
            else:
                busy[name] = lock
        if run_id is not None and busy:
            _record_busy(config, run_id)
        free = [name for name in names_to_crawl if name not in busy]
        done = _crawl_with_progress(config, free, run_id, settings, refresh) if free else []
    finally:
        for lock in locks:
            lock.release()
    by_name = {o.source: o for o in done}
    by_name.update(
        {name: CrawlOutcome(name, RunStatus.BUSY, {BUSY_PID: pid}) for name, pid in busy.items()}
    )
    by_name.update(
        {name: CrawlOutcome(name, PARSER_FAILED, {PARSER_ERROR: e}) for name, e in broken.items()}
    )
    return [by_name[name] for name in names]


def set_aside_outcomes(rejected: list[RejectedSource]) -> list[CrawlOutcome]:
    """The outcomes of set-aside source entries: not crawled, each with its error."""
    return [CrawlOutcome(r.label, SET_ASIDE, {SET_ASIDE_ERROR: r.error}) for r in rejected]


def _crawl_with_progress(
    config: Config,
    names: list[str],
    run_id: int | None,
    settings: dict[str, Any] | None,
    refresh: tuple[str, ...],
) -> list[CrawlOutcome]:
    with crawl_bars(names) as bars:
        return run_crawls(
            config, names, run_id=run_id, extra_settings=settings, refresh=refresh, progress=bars
        )


def _record_busy(config: Config, run_id: int) -> None:
    """The daemon's row of a run that did not happen: neither a success nor a failure."""
    db = open_db(config.database)
    try:
        finish_run(db, run_id, RunStatus.BUSY, RunCounts())
    finally:
        db.close()


def exit_code(outcomes: list[CrawlOutcome]) -> int:
    """0 when every crawl ended normally, EXIT_INTERRUPTED when a signal stopped it (as
    Ctrl-C ends every other command), EXIT_BUSY when the only trouble was a busy source."""
    bad = failed(outcomes)
    if not bad:
        return 0
    if interrupted(bad):
        return EXIT_INTERRUPTED
    if any(o.finish_reason in (PARSER_FAILED, SET_ASIDE) for o in bad):
        return EXIT_CONFIG  # as a crawl of that source alone exits
    return EXIT_BUSY if all(o.finish_reason == RunStatus.BUSY for o in bad) else EXIT_FAILURE


def interrupted(outcomes: list[CrawlOutcome]) -> bool:
    """Whether Ctrl-C or SIGTERM stopped a crawl: Scrapy's handler of either lets the
    requests in flight end, stores what they brought and ends the crawl with 'shutdown'
    (it does not say which signal it was)."""
    return any(o.finish_reason == RunStatus.SHUTDOWN for o in outcomes)


#: What ``aggregator crawl`` says last (after "error: ") when a signal stopped it.
INTERRUPTED_LINE = "interrupted; the articles stored are kept: crawl again for the rest"


def interruption_line(outcomes: list[CrawlOutcome]) -> str | None:
    """The one line said when Ctrl-C or SIGTERM stopped a crawl (None if none did): a
    second signal, which stops it at once, leaves the pages in flight unstored."""
    if not interrupted(outcomes):
        return None
    if any(o.stats.get(STOPPED_AT_ONCE) for o in outcomes):
        return (
            "interrupted: stopped at once (the pages in flight were not stored); "
            "the articles stored are kept: crawl again for the rest"
        )
    return INTERRUPTED_LINE


def failed(outcomes: list[CrawlOutcome]) -> list[CrawlOutcome]:
    """Crawls that did not end normally (a page or time cap is a normal end)."""
    return [o for o in outcomes if o.finish_reason not in NORMAL_FINISH_REASONS]


def summary_line(outcome: CrawlOutcome) -> str:
    s = outcome.stats
    if outcome.finish_reason == RunStatus.BUSY:
        return str(SourceBusy(outcome.source, int(s.get(BUSY_PID, 0))))
    if outcome.finish_reason == PARSER_FAILED:
        return f"{outcome.source}: not crawled: {s[PARSER_ERROR]}"
    if outcome.finish_reason == SET_ASIDE:
        return f"{outcome.source}: not crawled: {s[SET_ASIDE_ERROR]}"
    return (
        f"{outcome.source}: {outcome.finish_reason}; "
        f"{s.get(stat_keys.ARTICLES_FETCHED, 0)} article pages fetched, "
        f"{s.get(stat_keys.articles(StoreStatus.NEW), 0)} new, "
        f"{s.get(stat_keys.articles(StoreStatus.UPDATED), 0)} updated, "
        f"{articles_unchanged(s)} unchanged "
        f"({s.get(STAT_SKIPPED_KNOWN, 0)} of them stored and not refetched)"
        + _said_if_any(
            s, STAT_DOCUMENTS_NOT_MODIFIED,
            "feed, sitemap or listing page", "feeds, sitemaps or listing pages",
            "unchanged (304)",
        )
        # Not 304s: an index's children read without a request because the index, just
        # read, dates none later (one request is not a hundred and one answers).
        + _said_if_any(
            s, STAT_SITEMAPS_READ_UNASKED, "child sitemap", "child sitemaps",
            "read from the kept copy (the index shows no newer lastmod)",
        )
        # Each also said in a WARNING with its new URL.
        + _said_if_any(
            s, stat_keys.DOCUMENTS_MOVED, "feed or sitemap", "feeds or sitemaps",
            "moved permanently (update config.yaml)",
        )
    )  # fmt: skip


def _said_if_any(stats: dict[str, Any], key: str, one: str, many: str, what: str) -> str:
    """What the summary adds for the documents counted under ``key``: "; 2 {many} {what}";
    "" if none."""
    count = int(stats.get(key, 0))
    if not count:
        return ""
    return f"; {count} {one if count == 1 else many} {what}"


def outcome_lines(outcome: CrawlOutcome) -> Iterator[tuple[str, bool]]:
    """What ``aggregator crawl`` prints of one source's crawl, each line with whether it is
    an error (a busy source, a parser that does not load: not crawled) rather than a
    report."""
    not_crawled = outcome.finish_reason in (RunStatus.BUSY, PARSER_FAILED, SET_ASIDE)
    yield summary_line(outcome), not_crawled
    lines = (
        failure_line(outcome),
        not_kept_line(outcome),
        discovery_line(outcome),
        selector_line(outcome),
    )
    for line in lines:
        if line:
            yield line, False


def not_kept_line(outcome: CrawlOutcome) -> str | None:
    """How many article pages asked not to be kept (noarchive, noindex) and were not
    stored, and the key that stores them: a publisher sending noarchive on every article
    gives a crawl that stores nothing. None when none asked."""
    said = refusals_said(errors_by_kind(outcome.stats))
    return f"{outcome.source}: {said}" if said else None


def discovery_line(outcome: CrawlOutcome) -> str | None:
    """What discovery did not follow, by reason ("too_old 3, offsite 2"); None if nothing."""
    counts = discovery_by_reason(outcome.stats)
    if not counts:
        return None
    listed = ", ".join(f"{reason} {count}" for reason, count in counts.items())
    return f"{outcome.source}: discovered links not followed: {listed}"


def selector_line(outcome: CrawlOutcome) -> str | None:
    """The source's selectors that gave nothing on some pages ("body 2, headline 3 (of 3
    pages)"), whose fields the automatic rules filled; None if every one matched."""
    misses = selector_misses(outcome.stats)
    if not misses:
        return None
    listed = ", ".join(f"{key} {count}" for key, count in misses.items())
    parsed = int(outcome.stats.get(stat_keys.ARTICLES_PARSED, 0))
    return f"{outcome.source}: selectors matched nothing: {listed} (of {parsed} pages)"


def failures_text(stats: dict[str, Any]) -> str | None:
    """What failed in a crawl, by kind ("failed: http_5xx 1, timeout 2"); None if nothing.

    The kinds are those of ``crawl_runs.errors`` (:func:`spiders.pipelines.errors_by_kind`).
    """
    if not (errors := errors_by_kind(stats)):
        return None
    return "failed: " + ", ".join(f"{kind} {count}" for kind, count in errors.items())


def failure_line(outcome: CrawlOutcome) -> str | None:
    """The requests and articles of a crawl that failed, by kind; None if none did.

    A crawl whose feeds all answer 500 or whose host refuses connections still
    ends normally ("finished"): this line is what tells the operator why it
    brought nothing.
    """
    failures = failures_text(outcome.stats)
    return f"{outcome.source}: {failures}" if failures else None


def check_refresh(config: Config, source: str, urls: tuple[str, ...]) -> str | None:
    """Why ``urls`` cannot be refreshed as articles of ``source`` (one line), or None.

    A refresh fetches what the source's crawl could fetch: its hosts, and what
    its link rules allow.
    """
    plan = plan_for(config.source(source))
    links = LinkClassifier.for_source(config.source(source))
    for url in urls:
        if not url.startswith(("http://", "https://")):
            return f"'{url}' is not an http(s) URL"
        if not plan.scope.allows(url):
            return f"'{url}' is not on a host and port of source '{source}'"
        if not links.followable(url):
            return f"'{url}' is denied by the link rules of source '{source}'"
    return None


def dry_run_lines(
    config: Config, names: list[str], log_level: str, refresh: tuple[str, ...] = ()
) -> Iterator[str]:
    """Each source's discovery URLs, the article URLs a crawl would fetch now, and the
    discovered links it would not follow, by reason.

    With ``refresh`` there is no discovery: the lines are the refreshed URLs.
    """
    for name in [] if refresh else names:
        plan = plan_for(config.source(name))
        for kind, urls in plan.by_kind:
            for url in urls:
                yield f"{name}\t{kind}\t{url}"
    # Fetches feeds, sitemaps and listing pages only.
    settings = {"LOG_LEVEL": log_level}
    dry_run = plan_crawls(config, names, extra_settings=settings, refresh=refresh)
    for planned in dry_run.planned:
        yield f"{planned.source}\tarticle ({planned.reason})\t{planned.url}"
    fetching = {planned.source for planned in dry_run.planned}
    for outcome in dry_run.outcomes:
        for reason, count in discovery_by_reason(outcome.stats).items():
            yield f"{outcome.source}\tnot followed ({reason})\t{count}"
        if outcome.source not in fetching:  # say so, rather than print no article line
            yield f"{outcome.source}\tnothing to fetch\t{_why_nothing(outcome)}"


def _why_nothing(outcome: CrawlOutcome) -> str:
    """Why a dry run found no article to fetch: all are stored and unchanged, or none was
    found, and what failed on the way (robots.txt, a feed that could not be read)."""
    known = int(outcome.stats.get(STAT_SKIPPED_KNOWN, 0))
    why = (
        f"{known} article{'s' if known != 1 else ''} found, all stored and unchanged"
        if known
        else "no article found"
    )
    if failures := failures_text(outcome.stats):
        why += f"; {failures}"
    if outcome.finish_reason not in NORMAL_FINISH_REASONS:
        why += f" (discovery ended '{outcome.finish_reason}')"
    return why


def shard_command(
    config_path: Path,
    db_path: Path,
    source: str,
    shard: tuple[int, int],
    crawl_id: int,
    log_level: str = "WARNING",
    settings: dict[str, Any] | None = None,
) -> list[str]:
    """The command line of one shard's crawl process (``crawl_id``: the one its run row
    shares with the other shards')."""
    extra = [arg for k, v in (settings or {}).items() for arg in ("--set", f"{k}={v}")]
    return app_command(
        "--config", str(config_path), "--db", str(db_path), "--log-level", log_level,
        "crawl", "--shard", f"{shard[0]}/{shard[1]}", "--crawl-id", str(crawl_id), *extra,
        source,
    )  # fmt: skip


#: A shard's stdin: a pipe its parent holds, whose end stops the shard as SIGTERM does.
SHARD_PIPE = 0


@dataclass(frozen=True)
class ShardsEnded:
    """How the shard processes of ``crawl --processes`` ended."""

    codes: list[int]  # each one's exit status (negative: killed by that signal)
    interrupted: bool  # Ctrl-C, SIGTERM or SIGHUP stopped the parent, and it stopped them


def crawl_in_processes(
    config: Config,
    source: str,
    processes: int,
    *,
    log_level: str = "WARNING",
) -> ShardsEnded:
    """Crawl one source with ``processes`` children splitting its article URLs.

    A Scrapy process uses one core and parsing wants more. Each child fetches
    the source's feeds, sitemaps and listing pages (cheap) and the article URLs
    of its shard; all write to the same database (SQLite serialises the
    writes; dedup reads inside the write transaction), each recording its own
    ``crawl_runs`` row, all with the crawl id this process gives them
    (:func:`storage.runs.next_crawl_id`): readers read them as one run.

    The children never outlive the source's lock, nor crawl on without this process:
    each holds the lock's descriptor too (the kernel releases it when the last holder
    ends), and its stdin is a pipe this process holds, whose end stops it as SIGTERM
    does (``spiders.runner``): this process closes it to pass on Ctrl-C, SIGTERM or
    SIGHUP (:class:`_ShardStop`), and the kernel closes it when this process dies.
    """
    ensure_writable(config)
    say_if_nothing_kept(config)
    if config.path is None:
        raise ValueError("crawl_in_processes needs a config read from a file")
    lock = try_lock(config.database, source)
    if not isinstance(lock, HeldLock):
        raise SourceBusy(source, lock)
    try:
        return _run_shards(config, source, processes, log_level, lock)
    finally:
        lock.release()


def _run_shards(
    config: Config,
    source: str,
    processes: int,
    log_level: str,
    lock: HeldLock,
) -> ShardsEnded:
    assert config.path is not None
    db = open_db(config.database)
    try:
        crawl_id = next_crawl_id(db, source)  # under the source's lock: no other numbers one
    finally:
        db.close()
    commands = [
        shard_command(config.path, config.database, source, (i, processes), crawl_id, log_level)
        for i in range(processes)
    ]
    stop = _ShardStop(config.daemon.grace_period.total_seconds())
    # A signal the caller ignores stays ignored: `nohup` ignores SIGHUP, and a shell
    # ignores SIGINT for a command it runs in the background (`cmd &`).
    previous = {
        sig: signal.signal(sig, stop)
        for sig in _STOP_SIGNALS
        if signal.getsignal(sig) != signal.SIG_IGN
    }
    try:
        for command in commands:
            # Its own process group: a terminal's Ctrl-C reaches this process alone, which
            # passes it on once through the pipe.
            stop.started(
                subprocess.Popen(
                    command, stdin=subprocess.PIPE, process_group=0, pass_fds=(lock.fileno(),)
                )
            )
        codes = stop.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    _end_unreported_runs(config, source, stop.children, stop.signals > 0)
    return ShardsEnded(codes, stop.signals > 0)


#: The signals that stop ``crawl --processes`` (SIGHUP: its terminal or session went).
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class _ShardStop:
    """The shards of one ``crawl --processes``, and the signal handler that stops them.

    The first Ctrl-C, SIGTERM or SIGHUP closes each shard's pipe: each stops as SIGTERM
    stops a crawl (the requests in flight end, what they brought is stored, its run is
    recorded 'shutdown'), once, even when it was signalled itself too (``systemctl
    stop``). Another signal kills the shards with their process groups (their runs
    recorded 'interrupted' by the parent). Those still running ``grace`` seconds
    (``daemon.grace_period``) after the first are killed with their process groups
    (:func:`app.daemon.runner.terminate`'s way). The handler raises nothing, so that
    no signal lands between two steps.
    """

    def __init__(self, grace: float) -> None:
        self.grace = grace
        self.children: list[subprocess.Popen[bytes]] = []
        self.signals = 0
        self.deadline: float | None = None

    def started(self, child: subprocess.Popen[bytes]) -> None:
        self.children.append(child)
        if self.signals:
            _close_pipe(child)

    def __call__(self, signum: int, frame: object) -> None:
        self.signals += 1
        if self.signals == 1:
            self.deadline = time.monotonic() + self.grace
            for child in self.children:
                _close_pipe(child)
        else:
            for child in self.children:
                signal_group(child, signal.SIGKILL)

    def wait(self) -> list[int]:
        """Wait for every shard; their exit codes."""
        while running := [c for c in self.children if c.poll() is None]:
            if self.deadline is not None and time.monotonic() >= self.deadline:
                for child in running:
                    signal_group(child, signal.SIGKILL)
                    child.wait()
            else:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    running[0].wait(timeout=_WAIT_STEP)
        return [child.returncode for child in self.children]


#: How long the parent waits on a shard before it looks at its deadlines again.
_WAIT_STEP = 0.25


def _close_pipe(child: subprocess.Popen[bytes]) -> None:
    if child.stdin is not None and not child.stdin.closed:
        with contextlib.suppress(OSError):
            child.stdin.close()


def _end_unreported_runs(
    config: Config, source: str, children: list[subprocess.Popen[bytes]], interrupted: bool
) -> None:
    """A shard killed before it could record the end of its run (after the grace period,
    or by anyone) leaves it 'running': it is 'interrupted' when this process stopped it,
    else 'crashed'."""
    killed = [c.pid for c in children if c.returncode is not None and c.returncode < 0]
    if not killed:
        return
    status = RunStatus.INTERRUPTED if interrupted else RunStatus.CRASHED
    db = open_db(config.database)
    try:
        end_runs_of_processes(db, source, killed, status)
    finally:
        db.close()


def totals(outcomes: list[CrawlOutcome], key: str) -> int:
    return sum(int(o.stats.get(key, 0)) for o in outcomes)
