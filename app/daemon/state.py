"""What the daemon leaves beside the database: config snapshots and its own state record.

Both live in ``<database>.daemon/`` (``data/news.db.daemon/`` for the shipped
config), a folder next to the file the daemon writes anyway:

* ``config-<generation>.json``: each config the daemon validated (at start and
  at every accepted SIGHUP), as a complete config file. Crawl children are
  started with ``--config`` of the current snapshot, never of config.yaml, so
  a config.yaml saved invalid (with or without SIGHUP) cannot stop a crawl.
  The current and previous generations are kept, and any older one until the crawl
  started with it ends; a config equal to the current one writes no new generation.
* ``state.json``: the daemon's pid, start time, last heartbeat and config
  generation, rewritten on start, on every heartbeat and on reload, and
  marked stopped on a clean stop. ``aggregator status`` reads it beside the
  daemon lock (``<database>.daemon.lock``, :mod:`storage.locks`), which says
  whether a daemon of this version runs; a daemon from before the lock (stop 40)
  writes the same record and takes no lock, and is known by its record alone
  (``DaemonStatus.unlocked``).

Every file is written to a temporary name and renamed into place, so a reader
never sees half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from aggregator.config import Config, ConfigError, load_config, parse_json_config
from aggregator.schema import parse_utc, utc_now
from app.daemon.ledger import is_zombie, process_started_at
from storage.files import private_folder, write_atomically
from storage.locks import daemon_holder
from storage.runs import pid_alive

STATE_FILE = "state.json"
SNAPSHOT_PREFIX = "config-"
#: A snapshot holds what config.yaml does (source headers, webhook URLs): its owner's only.
SNAPSHOT_MODE = 0o600
#: How often a running daemon rewrites its heartbeat.
HEARTBEAT_SECONDS = 30.0
#: A process started this long after a record's ``started_at`` is not the daemon that
#: wrote it: its pid was reused. Slack for the boot time the kernel gives in whole seconds.
STARTED_AFTER_SLACK_SECONDS = 2.0


def state_dir(db_path: Path) -> Path:
    """The daemon's folder for this database: ``<database>.daemon``."""
    return db_path.parent / f"{db_path.name}.daemon"


@dataclass(frozen=True)
class DaemonRecord:
    """The daemon's state record, as written to ``state.json``."""

    pid: int
    started_at: datetime
    heartbeat_at: datetime
    config_path: str
    config_generation: int
    stopped_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in asdict(self).items()
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> DaemonRecord:
        return cls(
            pid=int(raw["pid"]),
            started_at=datetime.fromisoformat(raw["started_at"]),
            heartbeat_at=datetime.fromisoformat(raw["heartbeat_at"]),
            config_path=str(raw["config_path"]),
            config_generation=int(raw["config_generation"]),
            stopped_at=parse_utc(raw.get("stopped_at")),
        )


class DaemonState:
    """The daemon's writes into its folder (one daemon process owns it while it runs)."""

    def __init__(self, db_path: Path, config_path: Path) -> None:
        self.folder = state_dir(db_path)
        self.config_path = config_path
        self.generation = 0
        self.record: DaemonRecord | None = None
        #: The current snapshot's text: a reload to an equal config writes no new generation.
        self._text: str | None = None
        #: run id -> the generation its crawl child was started with, until the child ends.
        self._held: dict[int, int] = {}
        # The heartbeat thread, a reload, the job threads and the stop all write here.
        self._lock = threading.Lock()

    @property
    def snapshot(self) -> Path:
        """The current config snapshot, the one new crawls are started with."""
        return self.folder / f"{SNAPSHOT_PREFIX}{self.generation}.json"

    def snapshot_for(self, run_id: int, config: Config) -> Path:
        """The current snapshot for the crawl of ``run_id``, kept until :meth:`release`.

        A child reads its ``--config`` only once its imports are done, seconds after it
        was spawned; reloads meanwhile must not delete the file it was given. Written
        again from ``config`` if it was deleted.
        """
        with self._lock:
            path = self.snapshot
            if not path.exists():
                private_folder(self.folder)
                write_atomically(path, snapshot_text(config), mode=SNAPSHOT_MODE)
            self._held[run_id] = self.generation
            return path

    def release(self, run_id: int) -> None:
        """The crawl of ``run_id`` has ended: its snapshot may go once no longer current."""
        with self._lock:
            if self._held.pop(run_id, None) is not None:
                self._prune()

    def write_snapshot(self, config: Config) -> Path:
        """Write ``config`` as the next generation, unless it equals the current one.

        Raises OSError when the folder cannot be written, ConfigError when the snapshot
        would not load (the caller refuses the config either way).
        """
        with self._lock:
            return self._write_snapshot(config)

    def _write_snapshot(self, config: Config) -> Path:
        text = snapshot_text(config)
        private_folder(self.folder)
        if text == self._text and self.snapshot.exists():  # a reload that changes nothing
            return self.snapshot
        if self.generation == 0:  # numbering goes on from an earlier daemon's snapshots
            self.generation = max(_snapshot_generations(self.folder), default=0)
        path = self.folder / f"{SNAPSHOT_PREFIX}{self.generation + 1}.json"
        write_atomically(path, text, mode=SNAPSHOT_MODE)
        self.generation += 1
        self._text = text
        self._prune()
        if self.record is not None:
            self._save(replace(self.record, config_generation=self.generation))
        return path

    def _prune(self) -> None:
        """Delete the snapshots older than the previous generation that no running crawl
        was started with (the previous one stays for a ``status`` that read the record
        just before a reload). One that cannot be deleted now is tried again at the next
        prune: a crawl's end or a reload never fails for it."""
        held = set(self._held.values())
        for old in _snapshot_generations(self.folder):
            if old < self.generation - 1 and old not in held:
                with contextlib.suppress(OSError):
                    (self.folder / f"{SNAPSHOT_PREFIX}{old}.json").unlink()

    def started(self) -> None:
        now = utc_now()
        with self._lock:
            self._save(DaemonRecord(os.getpid(), now, now, str(self.config_path), self.generation))

    def heartbeat(self) -> None:
        with self._lock:
            if self.record is not None:
                self._save(replace(self.record, heartbeat_at=utc_now()))

    def stopped(self) -> None:
        now = utc_now()
        with self._lock:
            if self.record is not None:
                self._save(replace(self.record, heartbeat_at=now, stopped_at=now))

    def _save(self, record: DaemonRecord) -> None:
        self.record = record
        write_atomically(self.folder / STATE_FILE, json.dumps(record.to_json()))


def snapshot_text(config: Config) -> str:
    """The snapshot of ``config``, checked to load as the crawl children will load it.

    Raises ConfigError when it does not: every crawl would refuse such a snapshot,
    so the caller refuses the config instead. ``default=str``: a set-aside entry is
    written back as read, and YAML reads a date as a date.
    """
    text = json.dumps(config.to_document(), ensure_ascii=False, indent=1, default=str)
    parse_json_config(text, where="the daemon's config snapshot")
    return text


def _snapshot_generations(folder: Path) -> list[int]:
    out = []
    for path in folder.glob(f"{SNAPSHOT_PREFIX}*.json"):
        number = path.stem.removeprefix(SNAPSHOT_PREFIX)
        if number.isdigit():
            out.append(int(number))
    return out


@dataclass(frozen=True)
class DaemonStatus:
    """Is a daemon running on this database, as ``aggregator status`` tells it."""

    running: bool
    record: DaemonRecord | None
    #: Why no daemon counts as running ("stopped", "process gone", …).
    reason: str = ""
    #: The running daemon's pid, from its lock (0 if unknown); None when none runs.
    pid: int | None = None
    #: Running without the daemon lock: a daemon from before stop 40, known by its record
    #: (not stopped, its pid alive and no younger than the record, a heartbeat under two
    #: periods old). A daemon of this version refuses to start beside it.
    unlocked: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "running": self.running,
            **(self.record.to_json() if self.record else {}),
            **({"pid": self.pid} if self.pid is not None else {}),
            **({"takes_no_lock": True} if self.unlocked else {}),
            **({"not_running_because": self.reason} if self.reason else {}),
        }


def read_status(db_path: Path) -> DaemonStatus:
    """The daemon of ``db_path``: running while its lock is held, with its state record.

    The lock (:mod:`storage.locks`) says whether a daemon of this version runs: the
    kernel lets it go when the daemon ends, however it ends. A daemon from before the
    lock (stop 40) takes none, so a record of a live pid with a fresh heartbeat also
    counts, unless that pid's process started after the record was written (its pid
    was reused). The record tells when it started, its last heartbeat and config
    generation, and, once it is gone, how it ended.
    """
    holder = daemon_holder(db_path)
    record, unreadable = _read_record(db_path)
    if holder is not None:
        # A record of another pid is an earlier daemon's: this one has not written its own yet.
        mine = record if record is not None and record.pid == holder else None
        return DaemonStatus(True, mine, pid=holder)
    if record is None:
        return DaemonStatus(False, None, unreadable or "never started on this database")
    return _status_of_record(record, utc_now())


def unlocked_daemon(db_path: Path) -> DaemonRecord | None:
    """The record of a daemon from before the daemon lock running on ``db_path``, or None.

    For a daemon that holds the lock itself (:func:`read_status` would find it held); a
    record of its own pid (an earlier daemon of this process, as tests run them) is none.
    """
    record, _ = _read_record(db_path)
    if record is None or record.pid == os.getpid():
        return None
    return record if _status_of_record(record, utc_now()).unlocked else None


def _read_record(db_path: Path) -> tuple[DaemonRecord | None, str]:
    """The state record, or None and why it could not be read ("" when there is none)."""
    try:
        raw = json.loads((state_dir(db_path) / STATE_FILE).read_text(encoding="utf-8"))
        return DaemonRecord.from_json(raw), ""
    except FileNotFoundError:
        return None, ""
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return None, f"unreadable state record ({exc})"


def _status_of_record(record: DaemonRecord, now: datetime) -> DaemonStatus:
    """What the record alone says, no daemon lock being held."""
    if record.stopped_at is not None:
        return DaemonStatus(False, record, "stopped")
    if not pid_alive(record.pid) or is_zombie(record.pid):  # a killed daemon not yet reaped
        return DaemonStatus(False, record, "process gone")
    if _pid_reused(record):
        return DaemonStatus(False, record, "process gone (its pid now runs another program)")
    silent = (now - record.heartbeat_at).total_seconds()
    if silent >= 2 * HEARTBEAT_SECONDS:
        return DaemonStatus(False, record, f"no heartbeat for {silent:.0f}s; its pid lives on")
    return DaemonStatus(True, record, pid=record.pid, unlocked=True)


def _pid_reused(record: DaemonRecord) -> bool:
    """The record's pid runs a process that started after the record: not its daemon.

    The start time is the kernel's (Linux /proc); where it is unknown, the heartbeat
    alone decides, and a live daemon is never taken for another program.
    """
    started = process_started_at(record.pid)
    if started is None:
        return False
    return (started - record.started_at).total_seconds() > STARTED_AFTER_SLACK_SECONDS


def holds_config_of(daemon_config: Config, config: Config) -> bool:
    """Does the daemon holding ``daemon_config`` run what ``config`` (the file) says?

    False when the file was edited since the daemon last loaded it: a SIGHUP would
    change what runs. A source set aside in the file whose previous entry the daemon
    keeps counts as applied (a SIGHUP keeps it the same way); ``database`` is left
    out (a change needs a restart, and ``--db`` may name it otherwise).
    """
    expected, _kept = config.keeping_previous_entries(daemon_config)
    return _comparable(expected) == _comparable(daemon_config)


def _comparable(config: Config) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(json.dumps(config.to_document(), default=str))
    document.pop("database", None)
    return document


def running_config(db_path: Path, daemon: DaemonStatus) -> Config | None:
    """The config the running daemon of ``db_path`` holds (its current snapshot), or None
    when no daemon runs or the snapshot cannot be read."""
    if not daemon.running or daemon.record is None:
        return None
    snapshot = state_dir(db_path) / f"{SNAPSHOT_PREFIX}{daemon.record.config_generation}.json"
    try:
        return load_config(snapshot)
    except ConfigError:  # gone or unreadable: status then reads the file alone
        return None
