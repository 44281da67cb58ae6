"""Opening the database: one place for pragmas, migrations and the write lock."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 30_000
WAL_SWITCH_ATTEMPTS = 20


class DatabaseError(Exception):
    """A storage problem, described in one line that names the database."""


WRITER_CACHE_KIB = 16 * 1024
# SQLite checkpoints (copies the WAL back into the database) once the WAL holds
# this many pages; its default, 1,000 pages, meant a checkpoint after nearly
# every batch of articles, copying the same key pages again each time. About
# 40 MiB, under the 64 MiB at which storage.writes restarts the WAL.
WAL_AUTOCHECKPOINT_PAGES = 10_000


def open_db(
    path: str | Path,
    *,
    read_only: bool = False,
    migrate: bool = True,
    tell: Callable[[str], object] | None = None,
    durable: bool = False,
) -> Database:
    """Open (and for writers, create and migrate) the article database.

    Writers get WAL mode and a busy timeout; readers open ``mode=ro`` as the web
    view does, so a reader can never take the write lock. ``path`` may be an
    SQLite URI (``file:news.db?mode=ro``); it is then opened as given. ``tell`` is
    given a one-line note when a writer created the database at a relative path:
    run from another directory (a cron job's is the home directory), it is another
    database, and a store split in two is better noticed at its first run.
    """
    if str(path).startswith("file:"):
        return _open_uri(str(path), migrate=migrate)
    path = Path(path)
    if path.is_dir():  # SQLite's word for it is "disk I/O error" or "unable to open"
        raise DatabaseError(f"database {path} is a directory; name a file in it")
    try:
        if read_only:
            if not path.exists():
                # A relative path is the current directory's, not the config file's:
                # say which file was looked for when run from elsewhere.
                where = "" if path.is_absolute() else f" ({path.absolute()})"
                raise DatabaseError(f"no database at {path}{where}")
            # as_uri() percent-encodes "?", "#" and "%" in the path.
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
            )
        else:
            created = not path.exists()
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db = Database(conn)
        _refuse_or_close(db, path, writer=not read_only)
        if not read_only:
            db.execute("PRAGMA foreign_keys = ON")
            _enable_wal(db)
            # NORMAL: a commit is safe from a crash of the process, and those since the
            # last checkpoint may be undone by a power cut or an OS crash; a crawl then
            # fetches them again. ``durable`` (FULL: the WAL synced at each commit) is
            # for a writer that tells another system a write is stored.
            db.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
            # The writer's lookups and inserts land on random pages of the key and
            # article B-trees; SQLite's default 2 MiB cache lets each batch re-read
            # them. Pages are allocated only as they are used.
            db.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
            db.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
            # A savepoint (one per article when a batch is stored again after a
            # failure) copies the pages it first touches into a statement journal,
            # ~150 pages per article; in a temp file that was ~370 write() calls
            # per stored article, in memory it is a memcpy.
            db.execute("PRAGMA temp_store = MEMORY")
            if migrate:
                apply_migrations(db)
            if created and tell is not None and not path.is_absolute():
                tell(
                    f"note: created a new database at {path.absolute()} "
                    f"({path} is relative to the current directory)"
                )
        return db
    except sqlite3.Error as exc:
        raise DatabaseError(describe_sqlite_error(path, exc)) from None
    except OSError as exc:
        raise DatabaseError(f"cannot open database {path}: {exc.strerror or exc}") from None


# The files of a database: itself, and those SQLite keeps beside it (WAL mode's two
# while it is open, a rollback journal during a transaction or after a crash).
DATABASE_FILE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def database_file_named(path: str | Path, database: str | Path) -> Path | None:
    """The file of ``database`` (itself or one SQLite keeps beside it) that ``path``
    names, however it is spelled: through a symlink, a relative path, ``..``, a hard
    link; None when it names none of them. For a command that writes a file: given
    one of these, it would overwrite the database it reads."""
    # SQLite names the files beside a database after the file a symlink points to.
    resolved = Path(os.path.realpath(database))
    for suffix in DATABASE_FILE_SUFFIXES:
        companion = resolved.with_name(resolved.name + suffix)
        if _same_file(path, companion):
            return Path(database) if not suffix else companion
    return None


def _same_file(path: str | Path, other: Path) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:  # one of the two does not exist (yet): where each would be
        return os.path.realpath(path) == str(other)


def _enable_wal(db: Database) -> None:
    """Switch a database to WAL, retrying while another process switches it.

    Changing the journal mode needs every other connection out of the way and
    does not wait on the busy timeout, so processes opening a new database at
    the same moment can see "database is locked" here; a short retry settles it.
    """
    for attempt in range(WAL_SWITCH_ATTEMPTS):
        try:
            if db.journal_mode != "wal":
                db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_SWITCH_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def _known_migrations() -> list[str]:
    from storage.migrations import migrations

    # Every migration is pending on an empty database: the names this code knows.
    return [migration.name for migration in migrations.pending(Database(memory=True))]


def refuse_newer_schema(db: Database, path: str | Path) -> None:
    """Raise DatabaseError when a newer newsagg wrote the database.

    Its schema is then one this code does not know: a migration it has never
    heard of in ``_sqlite_migrations``, or a ``PRAGMA user_version`` (the number
    of migrations applied, kept by :func:`apply_migrations`) past its own.
    Reading or writing it as if current could misread or damage it.
    """
    from storage.migrations import migrations

    known = _known_migrations()
    version = db.execute("PRAGMA user_version").fetchone()[0]
    unknown = [m.name for m in migrations.applied(db) if m.name not in known]
    if unknown or version > len(known):
        what = f"migration {unknown[0]}" if unknown else f"schema version {version}"
        raise DatabaseError(
            f"database {path} was written by a newer newsagg ({what}; this one knows "
            f"{len(known)} migrations, up to {known[-1]}): upgrade newsagg to use it"
        )


def _refuse_or_close(db: Database, path: str | Path, *, writer: bool) -> None:
    """A database of a newer newsagg refused; and a writer's of another program
    (:func:`refuse_foreign_database`), before a migration adds tables to it."""
    try:
        refuse_newer_schema(db, path)
        if writer:
            refuse_foreign_database(db, path, empty_ok=True)
    except BaseException:
        db.close()
        raise


# How many of a foreign database's tables its refusal names.
_NAMED_TABLES = 3


def refuse_foreign_database(db: Database, path: str | Path, *, empty_ok: bool) -> None:
    """Raise DatabaseError unless ``db`` is a newsagg database: one with a newsagg
    migration recorded (every newsagg database has m001 at least), or (``empty_ok``,
    a writer, which then creates the tables) one without any table.

    Another program's SQLite file would otherwise get newsagg's thirty tables added
    beside its own, or a reader's "no such table" error.
    """
    from storage.migrations import migrations

    if migrations.applied(db):
        return
    tables = db.table_names()
    if not tables and empty_ok:
        return
    if not tables:
        raise DatabaseError(
            f"{path} is not a newsagg database yet (an SQLite file without tables): "
            "'aggregator migrate' creates newsagg's tables in it"
        )
    named = ", ".join(tables[:_NAMED_TABLES]) + (", …" if len(tables) > _NAMED_TABLES else "")
    raise DatabaseError(
        f"{path} is not a newsagg database: it holds another program's tables "
        f"({len(tables)}: {named}); name a new file or a newsagg database"
    )


def apply_migrations(db: Database) -> list[str]:
    """Apply pending migrations under the write lock; returns the names applied.

    Two processes opening a new database at once would otherwise both read
    "not migrated" and then race to write, and the loser's deferred
    transaction fails at once with SQLITE_BUSY, busy timeout or not.
    """
    from storage.migrations import migrations

    if not migrations.pending(db):
        return []
    # A migration that rewrites a table journals and sorts all of it: in temp
    # files, not in memory, where a large database would take as much RAM.
    temp_store = db.execute("PRAGMA temp_store").fetchone()[0]
    db.execute("PRAGMA temp_store = FILE")
    try:
        with write_transaction(db):
            pending = [migration.name for migration in migrations.pending(db)]
            if pending:
                migrations.apply(db)
                # How many migrations the schema has had: a newer newsagg's is larger.
                db.execute(f"PRAGMA user_version = {len(_known_migrations())}")
    finally:
        db.execute(f"PRAGMA temp_store = {int(temp_store)}")
    return pending


def _open_uri(uri: str, *, migrate: bool) -> Database:
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        db = Database(conn)
        _refuse_or_close(db, uri, writer=False)
        if migrate:
            apply_migrations(db)
        return db
    except sqlite3.Error as exc:
        raise DatabaseError(describe_sqlite_error(uri, exc)) from None


def describe_sqlite_error(path: str | Path, exc: BaseException) -> str:
    """One line naming the database and what went wrong, for the operator."""
    text = str(exc)
    code = getattr(exc, "sqlite_errorname", "")
    # SQLite says "attempt to write a readonly database" to a reader too, of a file it
    # may write, or "unable to open database file" on a read-only mount: what it cannot
    # write is the folder, for the WAL's two files.
    if code == "SQLITE_READONLY_DIRECTORY" or (
        code == "SQLITE_CANTOPEN" and _folder_unwritable(Path(path))
    ):
        return _unwritable_folder(Path(path))
    if "readonly" in text or "read-only" in text:
        return f"database is read-only: {path}"
    if "disk is full" in text or "disk full" in text:
        return f"disk full while writing database {path} ({text})"
    if "disk I/O error" in text:
        return f"disk I/O error (disk full or file size limit?) while writing database {path}"
    if "locked" in text or "busy" in text:
        return f"database is locked by another writer for too long: {path}"
    return f"database error in {path}: {text}"


def _folder_unwritable(path: Path) -> bool:
    """An existing database file whose folder this process cannot write (not a URI)."""
    return path.is_file() and not os.access(path.parent, os.W_OK)


def _unwritable_folder(path: Path) -> str:
    name = path.name
    wal = (
        f"SQLite keeps {name}-wal and {name}-shm beside it (a reader needs them too, "
        "unless a writer has the database open)"
    )
    try:
        read_only_mount = bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        read_only_mount = False
    if read_only_mount:
        return (
            f"database {path}: its folder is on a read-only mount, and {wal}: copy the "
            "database to a writable folder, or mount it read-write"
        )
    return (
        f"database {path}: its folder cannot be written, and {wal}: let this user write the folder"
    )


def fails_every_write(exc: Exception) -> bool:
    """A database that cannot take writes (full, read-only, locked, corrupt), not one bad row.

    A constraint or binding error belongs to the article that caused it; any
    other sqlite error would fail the rest of the batch the same way.
    """
    per_row = (
        sqlite3.IntegrityError,
        sqlite3.DataError,
        sqlite3.InterfaceError,
        sqlite3.ProgrammingError,
    )
    return isinstance(exc, sqlite3.Error) and not isinstance(exc, per_row)


# ``PRAGMA synchronous``'s levels by number.
_SYNCHRONOUS_LEVELS = ("OFF", "NORMAL", "FULL", "EXTRA")


def synchronous_level(db: Database) -> str:
    """How the connection syncs its commits, as ``PRAGMA synchronous`` names it (FULL: the
    WAL at each commit, ``open_db(durable=True)``'s; NORMAL: at checkpoints)."""
    (level,) = db.execute("PRAGMA synchronous").fetchone()
    return _SYNCHRONOUS_LEVELS[level]


def database_path(db: Database) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] if row else "?"


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: read-then-write under the write lock.

    A deferred transaction that reads and then writes fails at once with
    SQLITE_BUSY when another writer committed in between, whatever the busy
    timeout; taking the lock first makes the timeout apply.
    """
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")


def insert_row(db: Database, table: str, values: dict[str, Any]) -> int:
    """INSERT one row on the hot write path; returns its rowid.

    ``db[table].insert`` introspects the table (``sqlite_master``,
    ``PRAGMA table_info``) on every call; the per-article writes know their
    columns, and a fixed statement text is compiled once and then cached.
    Column names come from code, never from input.
    """
    columns = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join("?" * len(values))
    cursor = db.conn.execute(
        f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(values.values())
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def update_row(db: Database, table: str, row_id: int, values: dict[str, Any]) -> None:
    """UPDATE one row by ``id`` on the hot write path (see :func:`insert_row`)."""
    assignments = ", ".join(f'"{name}" = ?' for name in values)
    db.conn.execute(f'UPDATE "{table}" SET {assignments} WHERE id = ?', [*values.values(), row_id])


def check_writable(db: Database) -> None:
    """Fail fast, before any HTTP request, when the database cannot take writes.

    The probe writes ``user_version`` back unchanged, under the write lock: one page
    (the header) goes through the journal. It used to create and drop a table, which
    rewrote the schema's pages (more of them as migrations added tables and triggers,
    so a nearly full disk refused the probe before any article) and changed the
    schema, making every other connection prepare its statements again.
    """
    try:
        with write_transaction(db):
            version = db.execute("PRAGMA user_version").fetchone()[0]
            db.execute(f"PRAGMA user_version = {int(version)}")
    except sqlite3.Error as exc:
        raise DatabaseError(describe_sqlite_error(database_path(db), exc)) from None
