"""Dedup at scale: time to assign one new article to its story and event at 10k, 100k and 1M
stored articles.

How the database is filled (docs/benchmarks.md, "Dedup at scale", has the reasoning):

* the **core** (default the first 10,000 articles of ``benchmarks/synth.py``: wire stories
  with copies) goes through the real write path, ``store_article``, one transaction each;
* the rest is **bulk-loaded**: the core is replicated, replica ``r`` being written in one
  ``INSERT … SELECT`` per table (articles with their full bodies, stories, dedup_keys; the
  FTS5 index written after each replica, as ``store_articles`` writes it; the event tables:
  events, stories.event_id, event_profiles, event_keys, event_df). Each replica is a
  disjoint copy of the core's story structure: its lookup keys and token hashes are XORed with a
  per-replica salt (a bijection, so within a replica copies share exactly the keys they
  share in the core, and nothing is shared across replicas), except the keys that the core
  shows in two or more different stories ("hot" keys), which are copied verbatim so their
  posting lists grow with the table as common keys do. The event tier's terms and keys are
  salted the same way (the low 32 bits XORed with the replica's token salt, so a replica's
  word terms are the hashes of its salted words), except the keys that two or more core
  stories post, kept verbatim; ``event_df`` is the sum of every replica's document
  frequencies (a salted term's row is the core term's row XORed with the salt's low bits).

At each checkpoint, ``--probes`` new articles (half edited copies of randomly chosen stored
articles, half new stories) are timed, each with its profile built beforehand, on a fresh
connection opened by ``open_db`` (default page cache): both tiers' decisions, ``assign_story``
with ``SqliteLookup`` (candidate lookup + verification; the lookup's share is timed inside
it) and, for a new story, ``build_event_profile`` + ``assign_event`` with
``SqliteEventLookup``; and, on a second, disjoint probe set so that it is also the first to
touch its keys, the whole locked part of ``store_article`` (both tiers and every write) in a
transaction that is rolled back (the file does not change). Wall and CPU time; with
``--repeat``, each checkpoint is measured that many times on fresh probes and the medians'
spread is reported. The query plans of the lookup queries are checked.

    .venv/bin/python benchmarks/dedup_scale.py --sizes 10000,100000,1000000 --probes 300 --repeat 3
"""

from __future__ import annotations

import argparse
import base64
import functools
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from synth import SITES, synthetic_articles  # noqa: E402

from aggregator.config import DedupSettings  # noqa: E402
from aggregator.dedup import (  # noqa: E402
    TextProfile,
    article_credit,
    assign_event,
    assign_story,
    build_event_profile,
    build_profile,
    params_from_settings,
)
from aggregator.dedup.events import EventProfile, df_bucket, term_counts  # noqa: E402
from aggregator.dedup.fingerprint import _STOP_HASHES, signed64  # noqa: E402
from aggregator.records import article_from_record  # noqa: E402
from aggregator.schema import ArticleWrite, utc_now  # noqa: E402
from storage.db import open_db  # noqa: E402
from storage.dedup_index import SqliteLookup  # noqa: E402
from storage.event_index import SqliteEventLookup  # noqa: E402
from storage.writes import _store_locked, store_article  # noqa: E402

MAX_SIZE = 2_000_000
MAX_PROBES = 5_000
MAX_REPEAT = 10
WARMUP = 10
KEY_BATCH = 5
CANDIDATE_SQL = "SELECT article_id FROM dedup_keys WHERE key = ? LIMIT ?"
PLANS = {
    "candidate keys": (CANDIDATE_SQL, [0, 201]),
    "candidate rows": (
        "SELECT id, story_id, profile, headline, published_at, site_name, source "
        "FROM articles WHERE id IN (?,?,?)",
        [1, 2, 3],
    ),
    "same body hash": ("SELECT story_id FROM articles WHERE content_hash = ? LIMIT 1", ["x"]),
    "event key postings": (
        "SELECT article_id FROM event_keys WHERE key = ? ORDER BY article_id DESC LIMIT ?",
        [0, 50],
    ),
    "event df rows": ("SELECT bucket, n FROM event_df WHERE bucket IN (?,?,?)", [1, 2, -1]),
    "event profiles": (
        "SELECT p.article_id, a.story_id, s.event_id, p.profile FROM event_profiles p "
        "JOIN articles a ON a.id = p.article_id JOIN stories s ON s.id = a.story_id "
        "WHERE p.article_id IN (?,?,?)",
        [1, 2, 3],
    ),
}
_LOW32 = 0xFFFFFFFF


# --- replica salts -------------------------------------------------------------------


@functools.cache
def salts(r: int) -> tuple[int, int]:
    """(64-bit key salt, 32-bit token salt) of replica ``r``; replica 0 (the core) is unsalted."""
    if r == 0:
        return 0, 0
    value = random.Random(1_000_003 * r).getrandbits(64)
    return value, (value & 0xFFFFFFFF) | 1


class Salter:
    """Maps core keys / profiles to replica ``r`` (hot keys are kept verbatim)."""

    def __init__(self, hot: set[int]):
        self.hot = hot
        self._hot = np.fromiter(hot, dtype=np.int64, count=len(hot))
        self._stop = np.fromiter(_STOP_HASHES, dtype=np.uint32)

    def key(self, key: int, r: int) -> int:
        if r == 0 or key in self.hot:
            return key
        return signed64(key ^ salts(r)[0])

    def keys(self, keys: list[int] | tuple[int, ...], r: int) -> list[int]:
        if r == 0:
            return list(keys)
        return [self.key(key, r) for key in keys]

    def key_array(self, keys: np.ndarray, r: int) -> np.ndarray:
        if r == 0:
            return keys
        salted = (keys.view(np.uint64) ^ np.uint64(salts(r)[0])).view(np.int64)
        return np.where(np.isin(keys, self._hot), keys, salted)

    def tokens(self, tokens: np.ndarray, r: int) -> np.ndarray:
        """Content-word hashes XORed with the salt.

        Function words are kept: the verifier needs them.
        """
        if r == 0:
            return tokens
        s32 = np.uint32(salts(r)[1])
        return np.where(np.isin(tokens, self._stop), tokens, tokens ^ s32)

    @staticmethod
    def body_hash(value: str, r: int) -> str:
        return value if r == 0 else f"{value[:56]}{r:08x}"

    def profile(self, profile: TextProfile, r: int) -> TextProfile:
        if r == 0:
            return profile
        s32 = salts(r)[1]
        tokens = self.tokens(np.asarray(profile.tokens, dtype=np.uint32), r)
        return replace(
            profile,
            body_hash=self.body_hash(profile.body_hash, r),
            band_keys=tuple(self.keys(profile.band_keys, r)),
            tokens=tuple(int(t) for t in tokens),
            caps=frozenset(c ^ s32 for c in profile.caps),
        )


class CoreProfiles:
    """The core's stored profiles, parsed once, re-serialised per replica (SQL function)."""

    def __init__(self, db: sqlite3.Connection, salter: Salter):
        self.salter = salter
        self.rows: dict[int, dict[str, Any]] = {}
        for article_id, text in db.execute("SELECT id, profile FROM articles"):
            raw = json.loads(text)
            raw["tokens"] = np.frombuffer(base64.b64decode(raw["tokens"]), dtype="<u4")
            raw["caps"] = np.frombuffer(base64.b64decode(raw["caps"]), dtype="<u4")
            raw["keys"] = np.frombuffer(base64.b64decode(raw["keys"]), dtype="<i8")
            self.rows[article_id] = raw

    def json_for(self, article_id: int, r: int) -> str:
        raw = self.rows[article_id]
        s32 = np.uint32(salts(r)[1])
        tokens = self.salter.tokens(raw["tokens"], r).astype("<u4")
        caps = np.sort(raw["caps"] ^ s32).astype("<u4")
        return json.dumps(
            {
                "v": raw["v"],
                "k": raw["k"],
                "body_hash": Salter.body_hash(raw["body_hash"], r),
                "keys": base64.b64encode(
                    self.salter.key_array(raw["keys"], r).astype("<i8").tobytes()
                ).decode("ascii"),
                "tokens": base64.b64encode(tokens.tobytes()).decode("ascii"),
                "paras": raw["paras"],
                "caps": base64.b64encode(caps.tobytes()).decode("ascii"),
                "quoted": raw["quoted"],
            },
            separators=(",", ":"),
        )


class CoreEvents:
    """The core's event tier, re-salted per replica: profiles and keys (SQL functions) and the
    document frequencies of every replica so far (``event_df``).

    A term is salted on its low 32 bits (a word term is the hash of a word; a name-pair term
    keeps its bit 32), so its ``event_df`` row is the core term's row XORed with the salt's
    low bits: each replica adds the core founders' rows, permuted. Keys posted by two or
    more core stories ("hot") are kept verbatim, in profiles and postings alike.
    """

    def __init__(self, conn: sqlite3.Connection, settings: DedupSettings):
        self.buckets = settings.event_df_buckets
        self.hot = {
            row[0]
            for row in conn.execute("SELECT key FROM event_keys GROUP BY key HAVING count(*) >= 2")
        }
        self._hot = np.fromiter(self.hot, dtype=np.int64, count=len(self.hot))
        self.rows: dict[int, EventProfile] = {
            article_id: EventProfile.from_bytes(data)
            for article_id, data in conn.execute("SELECT article_id, profile FROM event_profiles")
        }
        # The df rows each core founder counted: every term of its text, not only the
        # 256 its profile keeps.
        self.founder_rows: dict[int, np.ndarray] = {}
        for article_id, text in conn.execute(
            "SELECT a.id, a.profile FROM articles a JOIN event_profiles p ON p.article_id = a.id"
        ):
            terms = term_counts(TextProfile.from_json(text))
            self.founder_rows[article_id] = np.fromiter(
                sorted({df_bucket(t, settings) for t in terms}), dtype=np.int64
            )
        self.df = np.zeros(self.buckets, dtype=np.int64)
        self.stories = 0
        for bucket, n in conn.execute("SELECT bucket, n FROM event_df"):
            if bucket < 0:
                self.stories = n
            else:
                self.df[bucket] = n

    def salt(self, terms: np.ndarray, r: int) -> np.ndarray:
        if r == 0:
            return terms
        s32 = np.int64(salts(r)[1])
        salted = (terms & ~np.int64(_LOW32)) | ((terms & np.int64(_LOW32)) ^ s32)
        return np.where(np.isin(terms, self._hot), terms, salted)

    def key(self, key: int, r: int) -> int:
        if r == 0 or key in self.hot:
            return key
        return (key & ~_LOW32) | ((key & _LOW32) ^ salts(r)[1])

    def profile_for(self, article_id: int, r: int) -> bytes:
        stored = self.rows[article_id]
        terms = self.salt(np.asarray(stored.terms, dtype=np.int64), r)
        # Salting keeps no order; stored terms are sorted (weights follow them).
        order = np.argsort(terms, kind="stable")
        return replace(
            stored,
            terms=tuple(terms[order].tolist()),
            weights=tuple(np.asarray(stored.weights)[order].tolist()),
            keys=tuple(self.salt(np.asarray(stored.keys, dtype=np.int64), r).tolist()),
        ).to_bytes()

    def count_replica(self, r: int, limit: int) -> None:
        """Add replica ``r``'s founders (core articles up to ``limit``) to the frequencies."""
        mask = np.int64(salts(r)[1] & (self.buckets - 1))
        for article_id, rows in self.founder_rows.items():
            if article_id <= limit:
                np.add.at(self.df, rows ^ mask, 1)
                self.stories += 1

    def write_df(self, conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM event_df")
        nonzero = np.flatnonzero(self.df)
        conn.executemany(
            "INSERT INTO event_df (bucket, n) VALUES (?, ?)",
            [(-1, self.stories), *zip(nonzero.tolist(), self.df[nonzero].tolist(), strict=True)],
        )


# --- building --------------------------------------------------------------------------


def build_core(
    path: Path, records: list[dict[str, Any]], settings: DedupSettings
) -> tuple[float, dict[int, Any]]:
    """Store the core through ``store_article``; seconds taken and the articles by id."""
    db = open_db(path)
    now = utc_now()
    by_id = {}
    started = time.perf_counter()
    for record in records:
        article = article_from_record(record, source=None, fetched_at=now)
        by_id[store_article(db, article, settings).article_id] = article
    seconds = time.perf_counter() - started
    db.conn.close()
    return seconds, by_id


def hot_keys(conn: sqlite3.Connection) -> set[int]:
    """Keys the core shows in two or more different stories."""
    return {
        row[0]
        for row in conn.execute(
            "SELECT k.key FROM dedup_keys k JOIN articles a ON a.id = k.article_id "
            "GROUP BY k.key HAVING count(DISTINCT a.story_id) >= 2"
        )
    }


def bulk_fill(
    path: Path,
    core: int,
    core_story_max: int,
    start: int,
    target: int,
    profiles: CoreProfiles,
    salter: Salter,
    events: CoreEvents,
    core_event_max: int,
) -> float:
    """Replicate the core from ``start`` to ``target`` stored articles; seconds taken."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")  # scratch database: no rollback journal while loading
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -5000000")  # 5 GB: the key B-tree stays in memory
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.create_function("salted_profile", 2, profiles.json_for, deterministic=True)
    conn.create_function("salted_key", 2, salter.key, deterministic=True)
    conn.create_function("salted_event_profile", 2, events.profile_for, deterministic=True)
    conn.create_function("salted_event_key", 2, events.key, deterministic=True)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(articles)")]
    special = {
        "id": ":off + id",
        "story_id": ":soff + story_id",
        "url": "url || '?r=' || :r",
        "canonical_url": "canonical_url || '?r=' || :r",
        "content_hash": "substr(content_hash, 1, 56) || printf('%08x', :r)",
        "profile": "salted_profile(id, :r)",
    }
    select = ", ".join(special.get(c, c) for c in columns)
    scolumns = [row[1] for row in conn.execute("PRAGMA table_info(stories)")]
    sspecial = {
        "id": ":soff + id",
        "canonical_article_id": ":off + canonical_article_id",
        "event_id": ":eoff + event_id",
    }
    sselect = ", ".join(sspecial.get(c, c) for c in scolumns)
    started = time.perf_counter()
    split = [0.0, 0.0]
    stored = start
    assert stored % core == 0, "fill proceeds in whole replicas and a final partial one"
    while stored < target:
        # KEY_BATCH replicas per transaction: their keys go into the B-tree in one sorted pass.
        group = []
        while stored < target and len(group) < KEY_BATCH:
            limit = min(core, target - stored)
            group.append((stored // core, limit))
            stored += limit
        conn.execute("BEGIN")
        t0 = time.perf_counter()
        for r, limit in group:
            params = {
                "r": r,
                "off": r * core,
                "soff": r * core_story_max,
                "eoff": r * core_event_max,
                "lim": limit,
            }
            conn.execute(
                "INSERT INTO events (id, first_seen_at) SELECT :eoff + id, first_seen_at "
                "FROM events WHERE id IN (SELECT s.event_id FROM stories s "
                "JOIN articles a ON a.story_id = s.id WHERE a.id <= :lim)",
                params,
            )
            conn.execute(
                f"INSERT INTO stories ({', '.join(scolumns)}) SELECT {sselect} FROM stories "
                "WHERE id IN (SELECT story_id FROM articles WHERE id <= :lim)",
                params,
            )
            first_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0]
            conn.execute(
                f"INSERT INTO articles ({', '.join(columns)}) SELECT {select} FROM articles "
                "WHERE id <= :lim ORDER BY id",
                params,
            )
            # New articles are indexed for search by their writer, as store_articles does.
            conn.execute(
                "INSERT INTO articles_fts (rowid, headline, body_text) "
                "SELECT id, headline, body_text FROM articles WHERE id >= ?",
                [first_id],
            )
            conn.execute(
                "INSERT INTO event_profiles (article_id, profile) "
                "SELECT :off + article_id, salted_event_profile(article_id, :r) "
                "FROM event_profiles WHERE article_id <= :lim ORDER BY article_id",
                params,
            )
            events.count_replica(r, limit)
        t1 = time.perf_counter()
        values = ", ".join("(?, ?)" for _ in group)
        conn.execute(
            f"WITH reps(r, lim) AS (VALUES {values}) "
            "INSERT INTO dedup_keys (key, article_id) "
            f"SELECT salted_key(k.key, reps.r), reps.r * {core} + k.article_id "
            "FROM reps JOIN dedup_keys k ON k.article_id <= reps.lim ORDER BY 1, 2",
            [v for pair in group for v in pair],
        )
        conn.execute(
            f"WITH reps(r, lim) AS (VALUES {values}) "
            "INSERT INTO event_keys (key, article_id) "
            f"SELECT salted_event_key(k.key, reps.r), reps.r * {core} + k.article_id "
            "FROM reps JOIN event_keys k ON k.article_id <= reps.lim ORDER BY 1, 2",
            [v for pair in group for v in pair],
        )
        conn.execute("COMMIT")
        t2 = time.perf_counter()
        split[0] += t1 - t0
        split[1] += t2 - t1
        print(
            f"  bulk: {stored:,} articles, {time.perf_counter() - started:.0f} s "
            f"(stories+articles+FTS {split[0]:.0f} s, dedup_keys {split[1]:.0f} s)",
            flush=True,
        )
    conn.execute("BEGIN")
    events.write_df(conn)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return seconds


# --- probes ----------------------------------------------------------------------------


def make_probes(
    count: int,
    rng: random.Random,
    stored: int,
    core: int,
    core_articles: dict[int, Any],
    fresh: list[dict[str, Any]],
    conn: sqlite3.Connection,
    tag: str,
) -> list[dict[str, Any]]:
    """Half edited copies of random stored articles (salted as their replica), half new stories."""
    now = utc_now()
    probes = []
    for i in range(count):
        if i % 2 == 0:
            target = rng.randint(1, stored)
            r, core_id = (target - 1) // core, (target - 1) % core + 1
            template = core_articles[core_id]
            paragraphs = list(template.body)
            edit = rng.randrange(4)
            if edit == 0:
                paragraphs[0] = "WASHINGTON (Wire) - " + paragraphs[0]
            elif edit == 1:
                paragraphs = paragraphs[: max(3, len(paragraphs) - rng.randint(1, 3))]
            elif edit == 2:
                other = rng.choice(fresh)["body"].split("\n\n")
                paragraphs.insert(rng.randrange(1, len(paragraphs)), rng.choice(other))
            else:
                paragraphs = paragraphs[:3] + ["Read more: stories from around the world"]
            site = rng.choice([s for s in SITES if s != template.site_name])
            record = {
                "url": f"https://{site}.example/probe/{tag}{stored}-{i}",
                "site": site,
                "headline": template.headline
                if rng.random() < 0.5
                else f"Update: {template.headline}",
                "byline": rng.choice(["Jane Doe", None]),
                "body": "\n\n".join(paragraphs),
                "published": (template.published_at + timedelta(hours=2)).isoformat()
                if template.published_at
                else None,
            }
            expected = conn.execute(
                "SELECT story_id FROM articles WHERE id = ?", [target]
            ).fetchone()[0]
        else:
            record = dict(rng.choice(fresh))
            record["url"] = record["url"].replace("/news/", f"/probe/{tag}{stored}-{i}-")
            r, expected = 0, None
        article = article_from_record(record, source=None, fetched_at=now)
        probes.append(
            {
                "article": article,
                "replica": r,
                "expected": expected,
                "kind": "copy" if i % 2 == 0 else "new",
            }
        )
    return probes


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def query_plans(db: Any) -> dict[str, str]:
    return {
        name: " / ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        for name, (sql, params) in PLANS.items()
    }


def posting_histogram(conn: sqlite3.Connection, cap: int) -> dict[str, Any]:
    """Keys by posting-list length (one scan of the key B-tree, in key order)."""
    buckets = {"1": 0, "2": 0, "3-4": 0, "5-10": 0, "11-cap": 0, ">cap": 0}
    rows = 0
    for (n,) in conn.execute("SELECT count(*) FROM dedup_keys GROUP BY key"):
        rows += n
        label = (
            "1"
            if n == 1
            else "2"
            if n == 2
            else "3-4"
            if n <= 4
            else "5-10"
            if n <= 10
            else "11-cap"
            if n <= cap
            else ">cap"
        )
        buckets[label] += 1
    keys = sum(buckets.values())
    return {
        "rows": rows,
        "keys": keys,
        "share_of_keys": {k: round(v / keys, 5) for k, v in buckets.items()},
    }


class TimedLookup(SqliteLookup):
    """``SqliteLookup`` that records how long its ``candidates`` call took."""

    def candidates(self, band_keys):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        found = super().candidates(band_keys)
        self.seconds = time.perf_counter() - started
        self.found = len(found)
        return found


def measure(
    path: Path,
    stored: int,
    core: int,
    core_articles: dict[int, Any],
    fresh: list[dict[str, Any]],
    salter: Salter,
    settings: DedupSettings,
    count: int,
    seed: int,
) -> dict[str, Any]:
    """Two disjoint probe sets, so that every timed call is the first to touch its keys' pages:
    set A times both tiers' decisions (``assign_story``, with the candidate lookup inside it,
    and for a new story ``build_event_profile`` + ``assign_event``), set B the store path."""
    db = open_db(path)  # a fresh connection as the crawler opens it (WAL, default cache)
    conn = db.conn
    rng = random.Random(seed + stored)
    params = params_from_settings(settings)
    set_a = make_probes(count + WARMUP, rng, stored, core, core_articles, fresh, conn, "a")
    set_b = make_probes(count + WARMUP, rng, stored, core, core_articles, fresh, conn, "b")
    t_profile, t_lookup, t_assign, t_store = [], [], [], []
    t_both, c_both, t_event, c_event = [], [], [], []
    t_by_kind: dict[str, list[float]] = {"copy": [], "new": []}
    joined_event = 0
    events = SqliteEventLookup(db, settings)
    ok = {"copy": [0, 0], "new": [0, 0]}
    cands, over_cap, nkeys = [], [], []
    # Both sets hold count + WARMUP probes.
    for n, (probe, other) in enumerate(zip(set_a, set_b, strict=True)):
        article = probe["article"]
        t0 = time.perf_counter()
        real = build_profile(article.body, params)
        t1 = time.perf_counter()
        profile = salter.profile(real, probe["replica"])
        other_profile = salter.profile(
            build_profile(other["article"].body, params), other["replica"]
        )
        lookup = TimedLookup(db, settings)
        credit, seen = article_credit(article), utc_now()
        c2, t2 = time.process_time(), time.perf_counter()
        decision = assign_story(
            profile,
            article.headline,
            lookup,
            settings,
            credit=credit,
            published_at=article.published_at,
            first_seen_at=seen,
        )
        c3, t3 = time.process_time(), time.perf_counter()
        event = None
        if decision.story_id is None:
            new = build_event_profile(profile, events, article.published_at, settings, seen)
            event = assign_event(new, events, settings, related=decision.related)
        c6, t6 = time.process_time(), time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        try:
            t4 = time.perf_counter()
            _store_locked(db, ArticleWrite(other["article"]), other_profile, settings, None)
            t5 = time.perf_counter()
        finally:
            conn.execute("ROLLBACK")
        if n < WARMUP:
            continue
        t_profile.append(t1 - t0)
        t_lookup.append(lookup.seconds)
        t_assign.append(t3 - t2)
        t_both.append(t6 - t2)
        c_both.append(c6 - c2)
        t_by_kind[probe["kind"]].append(t6 - t2)
        if event is not None:
            t_event.append(t6 - t3)
            c_event.append(c6 - c3)
            joined_event += event.event_id is not None
        t_store.append(t5 - t4)
        kind = probe["kind"]
        ok[kind][1] += 1
        ok[kind][0] += decision.story_id == probe["expected"]
        cands.append(lookup.found)
        keys = set(profile.band_keys)
        nkeys.append(len(keys))
        over_cap.append(
            sum(
                1
                for key in keys
                if len(conn.execute(CANDIDATE_SQL, [key, settings.max_key_postings + 1]).fetchall())
                > settings.max_key_postings
            )
        )
    plans = query_plans(db)
    fts_docs = conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
    articles = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    db.conn.close()
    ms = lambda v: (1000 * statistics.median(v), 1000 * pct(v, 0.99))  # noqa: E731
    return {
        "stored": articles,
        "fts_docs": fts_docs,
        "profile_ms": ms(t_profile),
        "lookup_ms": ms(t_lookup),
        "assign_ms": ms(t_assign),
        "both_ms": ms(t_both),
        "both_cpu_ms": ms(c_both),
        "both_mean_ms": 1000 * statistics.mean(t_both),
        "both_copy_ms": ms(t_by_kind["copy"]),
        "both_new_ms": ms(t_by_kind["new"]),
        "event_ms": ms(t_event) if t_event else (0.0, 0.0),
        "event_cpu_ms": ms(c_event) if c_event else (0.0, 0.0),
        "new_stories": len(t_event),
        "joined_event": joined_event,
        "store_ms": ms(t_store),
        "copies_matched": ok["copy"],
        "new_kept_new": ok["new"],
        "mean_candidates": statistics.mean(cands),
        "mean_probe_keys": statistics.mean(nkeys),
        "mean_keys_over_cap": statistics.mean(over_cap),
        "plans": plans,
        "plan_ok": plans["candidate keys"].startswith("SEARCH dedup_keys USING PRIMARY KEY")
        and all(step.startswith("SEARCH") for plan in plans.values() for step in plan.split(" / ")),
    }


def db_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def _arguments() -> tuple[argparse.Namespace, list[int], int, Path, Path | None]:
    """The checked command line: args, checkpoint sizes, core size, database path, temp dir."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sizes",
        default="10000,100000,1000000",
        help="checkpoints (stored articles), ascending; the first is also the real-path core",
    )
    ap.add_argument(
        "--core", type=int, default=10_000, help="articles stored through store_article (max)"
    )
    ap.add_argument("--probes", type=int, default=300)
    ap.add_argument("--db", type=Path, help="database file to create (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the database at the end")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="measure each checkpoint this many times, on fresh probes (the machine is shared)",
    )
    ap.add_argument(
        "--posting-stats",
        choices=["all", "core", "none"],
        default="all",
        help="histogram of posting-list lengths at each checkpoint (one full key scan)",
    )
    args = ap.parse_args()
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    if not sizes or sizes[0] < 100 or sizes[-1] > MAX_SIZE:
        ap.error(f"sizes must lie in 100..{MAX_SIZE:,}")
    if not 10 <= args.probes <= MAX_PROBES:
        ap.error(f"--probes must lie in 10..{MAX_PROBES}")
    if not 1 <= args.repeat <= MAX_REPEAT:
        ap.error(f"--repeat must lie in 1..{MAX_REPEAT}")
    core = min(args.core, sizes[0])
    if core < 100:
        ap.error("--core must be at least 100")
    tmp = None
    if args.db is None:
        tmp = Path(tempfile.mkdtemp(prefix="dedup-scale-"))
        path = tmp / "scale.db"
    else:
        path = args.db
        if path.exists():
            ap.error(f"{path} exists; give a new path")
    return args, sizes, core, path, tmp


def main() -> int:
    args, sizes, core, path, tmp = _arguments()
    settings = DedupSettings()

    print(
        f"# dedup at scale: sizes {sizes}, core {core:,} through store_article, "
        f"{args.probes} probes, db {path}",
        flush=True,
    )
    records = list(synthetic_articles(core + 5 * (args.probes + WARMUP) + 300, seed=args.seed))
    core_records = records[:core]
    last_story = max(r["story"] for r in core_records)
    fresh = [r for r in records[core:] if r["story"] > last_story and r["url"].endswith("-0")]
    build_s, core_articles = build_core(path, core_records, settings)
    print(
        f"  core: {core:,} articles through store_article in {build_s:.0f} s "
        f"({1000 * build_s / core:.1f} ms/article)",
        flush=True,
    )
    conn = sqlite3.connect(str(path))
    hot = hot_keys(conn)
    core_story_max = conn.execute("SELECT max(id) FROM stories").fetchone()[0]
    core_event_max = conn.execute("SELECT max(id) FROM events").fetchone()[0]
    assert conn.execute("SELECT max(id), count(*) FROM articles").fetchone() == (core, core)
    salter = Salter(hot)
    profiles = CoreProfiles(conn, salter)
    events = CoreEvents(conn, settings)
    conn.close()
    per_article = db_bytes(path) / core
    need = per_article * sizes[-1] * 1.15
    free = shutil.disk_usage(path.parent).free
    if need > free:
        print(
            f"not enough disk: ~{need / 1e9:.1f} GB needed, {free / 1e9:.1f} GB free",
            file=sys.stderr,
        )
        return 2
    print(
        f"  hot keys (in >= 2 core stories): {len(hot):,}; "
        f"estimated final size {need / 1.15 / 1e9:.1f} GB",
        flush=True,
    )

    results = []
    stored = core
    total_build = build_s
    try:
        for size in sizes:
            if size > stored:
                total_build += bulk_fill(
                    path,
                    core,
                    core_story_max,
                    stored,
                    size,
                    profiles,
                    salter,
                    events,
                    core_event_max,
                )
                stored = size
            repeats = [
                measure(
                    path,
                    stored,
                    core,
                    core_articles,
                    fresh,
                    salter,
                    settings,
                    args.probes,
                    args.seed + 1000 * k,
                )
                for k in range(args.repeat)
            ]
            row = repeats[0]
            # The spread of each repeat's medians: the machine is shared, one run can be slow.
            for name in (
                "both_ms",
                "both_cpu_ms",
                "both_copy_ms",
                "both_new_ms",
                "event_ms",
                "store_ms",
                "assign_ms",
            ):
                row[name + "_medians"] = sorted(r[name][0] for r in repeats)
            row["size"] = size
            row["build_s"] = total_build
            row["db_bytes"] = db_bytes(path)
            if args.posting_stats == "all" or (args.posting_stats == "core" and size == core):
                conn = sqlite3.connect(str(path))
                row["postings"] = posting_histogram(conn, settings.max_key_postings)
                conn.close()
            results.append(row)
            print(json.dumps(row), flush=True)
    finally:
        if not args.keep:
            for p in path.parent.glob(path.name + "*"):
                p.unlink()
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
    return _report(results)


def _report(results: list[dict[str, Any]]) -> int:
    """Print the checkpoints as a table, the growth verdict and the query plans; the exit code."""
    f = lambda v: f"{v[0]:.2f} / {v[1]:.2f}"  # noqa: E731
    spread = lambda v: f"{v[0]:.2f}–{v[-1]:.2f}" if len(v) > 1 else "–"  # noqa: E731
    print()
    print(
        "| stored articles | build time (cumulative) | DB size | both tiers' decisions, wall "
        "median / p99 ms | (repeats' medians) | CPU median / p99 ms | story tier (assign_story) "
        "median / p99 | of which candidate lookup | event tier, new stories, median / p99 | "
        "store_article (rolled back) median / p99 | (repeats' medians) | copies matched | "
        "new kept new | new stories joining an event | plans |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in results:
        print(
            f"| {row['size']:,} | {row['build_s'] / 60:.1f} min | "
            f"{row['db_bytes'] / 2**30:.2f} GiB | {f(row['both_ms'])} | "
            f"{spread(row['both_ms_medians'])} | {f(row['both_cpu_ms'])} | "
            f"{f(row['assign_ms'])} | {f(row['lookup_ms'])} | {f(row['event_ms'])} | "
            f"{f(row['store_ms'])} | {spread(row['store_ms_medians'])} | "
            f"{row['copies_matched'][0]}/{row['copies_matched'][1]} | "
            f"{row['new_kept_new'][0]}/{row['new_kept_new'][1]} | "
            f"{row['joined_event']}/{row['new_stories']} | "
            f"{'SEARCH' if row['plan_ok'] else 'NOT ALL SEARCH'} |"
        )
    first, last = results[0], results[-1]
    for name, label in (
        ("both_ms", "both tiers' decisions"),
        ("both_copy_ms", "both tiers' decisions, copies"),
        ("both_new_ms", "both tiers' decisions, new stories"),
        ("store_ms", "store_article"),
    ):
        low = statistics.median(first[name + "_medians"])
        high = statistics.median(last[name + "_medians"])
        growth = high / low
        print(
            f"\n{label}, median of the repeats' medians, {first['size']:,} -> {last['size']:,}: "
            f"{low:.2f} -> {high:.2f} ms, x{growth:.2f} "
            f"({'flat (<= 1.5x)' if growth <= 1.5 else 'NOT flat'}); "
            f"{'under' if high <= 10 else 'NOT under'} 10 ms at {last['size']:,}"
        )
    for name, plan in last["plans"].items():
        print(f"plan, {name}: {plan}")
    return 0 if all(r["plan_ok"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
