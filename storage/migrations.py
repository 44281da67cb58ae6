"""The database schema, as ordered migrations (recorded in ``_sqlite_migrations``).

Never edit an applied migration: add a new one. docs/database.md describes the
resulting tables.

A migration imports no code of ours: once applied somewhere, what it does must
not change when the live code does. The few conversions older migrations need
are frozen copies, below, of the functions they were written against.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("newsagg")


# --- frozen helpers (copies as they were when their migration was written) -----------


def _signed64(value: int) -> int:
    value &= 0xFFFFFFFFFFFFFFFF
    return value - (1 << 64) if value >= (1 << 63) else value


def _m005_key_from_text(text: str) -> int:
    """A profile-format-1 text key ("b07:…" or "a:…") as the integer key of format 2."""
    prefix, _, digits = text.partition(":")
    value = int(digits, 16)
    if prefix != "a":
        value ^= (int(prefix[1:]) + 1) * 0x9E3779B97F4A7C15
    return _signed64(value)


def _m006_block_key(block_hash: str) -> int:
    """A block hash (16 or more hex digits) as the signed 64-bit key of block_sightings."""
    return _signed64(int(block_hash[:16], 16))


def _m006_epoch_seconds(iso: str) -> int:
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


# Chinese, Japanese and Korean runs (aggregator.cjk as m014 was written): Hangul jamo,
# 々〆〇, Hiragana, Katakana, compatibility jamo, Han, Hangul, half-width forms.
_M014_CJK_RUN = re.compile(
    "[\u1100-\u11ff\u3005-\u3007\u3041-\u309f\u30a0-\u30ff\u3130-\u318f"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af"
    "\ud7b0-\ud7ff\uf900-\ufaff\uff66-\uff9f\uffa0-\uffdc\U00020000-\U0003134f]+"
)


def _m014_run_tokens(run: str) -> str:
    if len(run) == 1:
        return run
    return " ".join([run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]])


def _m014_bigram_text(text: str) -> str:
    """``text`` with each CJK run as its character pairs, then its last character alone."""
    return _M014_CJK_RUN.sub(lambda run: " " + _m014_run_tokens(run.group()) + " ", text)


# Letters folded for search (aggregator.fold as m016 was written): the combining marks
# (Unicode 14.0 Mn and Mc), and what fold() changes.
_M016_MARKS = (
    "\u0300-\u036f\u0483-\u0487\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7-\u06e8\u06ea-\u06ed"
    "\u0711\u0730-\u074a\u07a6-\u07b0\u07eb-\u07f3\u07fd\u0816-\u0819\u081b-\u0823"
    "\u0825-\u0827\u0829-\u082d\u0859-\u085b\u0898-\u089f\u08ca-\u08e1\u08e3-\u0903"
    "\u093a-\u093c\u093e-\u094f\u0951-\u0957\u0962-\u0963\u0981-\u0983\u09bc\u09be-\u09c4"
    "\u09c7-\u09c8\u09cb-\u09cd\u09d7\u09e2-\u09e3\u09fe\u0a01-\u0a03\u0a3c\u0a3e-\u0a42"
    "\u0a47-\u0a48\u0a4b-\u0a4d\u0a51\u0a70-\u0a71\u0a75\u0a81-\u0a83\u0abc\u0abe-\u0ac5"
    "\u0ac7-\u0ac9\u0acb-\u0acd\u0ae2-\u0ae3\u0afa-\u0aff\u0b01-\u0b03\u0b3c\u0b3e-\u0b44"
    "\u0b47-\u0b48\u0b4b-\u0b4d\u0b55-\u0b57\u0b62-\u0b63\u0b82\u0bbe-\u0bc2\u0bc6-\u0bc8"
    "\u0bca-\u0bcd\u0bd7\u0c00-\u0c04\u0c3c\u0c3e-\u0c44\u0c46-\u0c48\u0c4a-\u0c4d"
    "\u0c55-\u0c56\u0c62-\u0c63\u0c81-\u0c83\u0cbc\u0cbe-\u0cc4\u0cc6-\u0cc8\u0cca-\u0ccd"
    "\u0cd5-\u0cd6\u0ce2-\u0ce3\u0d00-\u0d03\u0d3b-\u0d3c\u0d3e-\u0d44\u0d46-\u0d48"
    "\u0d4a-\u0d4d\u0d57\u0d62-\u0d63\u0d81-\u0d83\u0dca\u0dcf-\u0dd4\u0dd6\u0dd8-\u0ddf"
    "\u0df2-\u0df3\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd"
    "\u0f18-\u0f19\u0f35\u0f37\u0f39\u0f3e-\u0f3f\u0f71-\u0f84\u0f86-\u0f87\u0f8d-\u0f97"
    "\u0f99-\u0fbc\u0fc6\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d"
    "\u1071-\u1074\u1082-\u108d\u108f\u109a-\u109d\u135d-\u135f\u1712-\u1715\u1732-\u1734"
    "\u1752-\u1753\u1772-\u1773\u17b4-\u17d3\u17dd\u180b-\u180d\u180f\u1885-\u1886\u18a9"
    "\u1920-\u192b\u1930-\u193b\u1a17-\u1a1b\u1a55-\u1a5e\u1a60-\u1a7c\u1a7f\u1ab0-\u1abd"
    "\u1abf-\u1ace\u1b00-\u1b04\u1b34-\u1b44\u1b6b-\u1b73\u1b80-\u1b82\u1ba1-\u1bad"
    "\u1be6-\u1bf3\u1c24-\u1c37\u1cd0-\u1cd2\u1cd4-\u1ce8\u1ced\u1cf4\u1cf7-\u1cf9"
    "\u1dc0-\u1dff\u20d0-\u20dc\u20e1\u20e5-\u20f0\u2cef-\u2cf1\u2d7f\u2de0-\u2dff"
    "\u302a-\u302f\u3099-\u309a\ua66f\ua674-\ua67d\ua69e-\ua69f\ua6f0-\ua6f1\ua802\ua806"
    "\ua80b\ua823-\ua827\ua82c\ua880-\ua881\ua8b4-\ua8c5\ua8e0-\ua8f1\ua8ff\ua926-\ua92d"
    "\ua947-\ua953\ua980-\ua983\ua9b3-\ua9c0\ua9e5\uaa29-\uaa36\uaa43\uaa4c-\uaa4d"
    "\uaa7b-\uaa7d\uaab0\uaab2-\uaab4\uaab7-\uaab8\uaabe-\uaabf\uaac1\uaaeb-\uaaef"
    "\uaaf5-\uaaf6\uabe3-\uabea\uabec-\uabed\ufb1e\ufe00-\ufe0f\ufe20-\ufe2f\U000101fd"
    "\U000102e0\U00010376-\U0001037a\U00010a01-\U00010a03\U00010a05-\U00010a06"
    "\U00010a0c-\U00010a0f\U00010a38-\U00010a3a\U00010a3f\U00010ae5-\U00010ae6"
    "\U00010d24-\U00010d27\U00010eab-\U00010eac\U00010f46-\U00010f50\U00010f82-\U00010f85"
    "\U00011000-\U00011002\U00011038-\U00011046\U00011070\U00011073-\U00011074"
    "\U0001107f-\U00011082\U000110b0-\U000110ba\U000110c2\U00011100-\U00011102"
    "\U00011127-\U00011134\U00011145-\U00011146\U00011173\U00011180-\U00011182"
    "\U000111b3-\U000111c0\U000111c9-\U000111cc\U000111ce-\U000111cf\U0001122c-\U00011237"
    "\U0001123e\U000112df-\U000112ea\U00011300-\U00011303\U0001133b-\U0001133c"
    "\U0001133e-\U00011344\U00011347-\U00011348\U0001134b-\U0001134d\U00011357"
    "\U00011362-\U00011363\U00011366-\U0001136c\U00011370-\U00011374\U00011435-\U00011446"
    "\U0001145e\U000114b0-\U000114c3\U000115af-\U000115b5\U000115b8-\U000115c0"
    "\U000115dc-\U000115dd\U00011630-\U00011640\U000116ab-\U000116b7\U0001171d-\U0001172b"
    "\U0001182c-\U0001183a\U00011930-\U00011935\U00011937-\U00011938\U0001193b-\U0001193e"
    "\U00011940\U00011942-\U00011943\U000119d1-\U000119d7\U000119da-\U000119e0\U000119e4"
    "\U00011a01-\U00011a0a\U00011a33-\U00011a39\U00011a3b-\U00011a3e\U00011a47"
    "\U00011a51-\U00011a5b\U00011a8a-\U00011a99\U00011c2f-\U00011c36\U00011c38-\U00011c3f"
    "\U00011c92-\U00011ca7\U00011ca9-\U00011cb6\U00011d31-\U00011d36\U00011d3a"
    "\U00011d3c-\U00011d3d\U00011d3f-\U00011d45\U00011d47\U00011d8a-\U00011d8e"
    "\U00011d90-\U00011d91\U00011d93-\U00011d97\U00011ef3-\U00011ef6\U00016af0-\U00016af4"
    "\U00016b30-\U00016b36\U00016f4f\U00016f51-\U00016f87\U00016f8f-\U00016f92\U00016fe4"
    "\U00016ff0-\U00016ff1\U0001bc9d-\U0001bc9e\U0001cf00-\U0001cf2d\U0001cf30-\U0001cf46"
    "\U0001d165-\U0001d169\U0001d16d-\U0001d172\U0001d17b-\U0001d182\U0001d185-\U0001d18b"
    "\U0001d1aa-\U0001d1ad\U0001d242-\U0001d244\U0001da00-\U0001da36\U0001da3b-\U0001da6c"
    "\U0001da75\U0001da84\U0001da9b-\U0001da9f\U0001daa1-\U0001daaf\U0001e000-\U0001e006"
    "\U0001e008-\U0001e018\U0001e01b-\U0001e021\U0001e023-\U0001e024\U0001e026-\U0001e02a"
    "\U0001e130-\U0001e136\U0001e2ae\U0001e2ec-\U0001e2ef\U0001e8d0-\U0001e8d6"
    "\U0001e944-\U0001e94a\U000e0100-\U000e01ef"
)
_M016_ALEF = "\u0627"
_M016_FOLDED = str.maketrans(
    {
        "ё": "е",
        "Ё": "Е",
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "\u0623": _M016_ALEF,
        "\u0625": _M016_ALEF,
        "\u0622": _M016_ALEF,
        "\u0671": _M016_ALEF,
        "\u0649": "\u064a",
        "\u0629": "\u0647",
        "\u0640": None,
        **{chr(code): None for code in range(0x064B, 0x0660)},
        "\u0670": None,
    }
)
_M016_MISREAD = re.compile(
    "[" + _M016_MARKS + "".join(re.escape(chr(c)) for c in _M016_FOLDED if c > 0x7F) + "]"
)


def _m016_needs_folding(text: str) -> bool:
    return not text.isascii() and _M016_MISREAD.search(text) is not None


# m016's folding, and the zero-width non-joiner and joiner left out (fold() as m019 was
# written).
_M019_JOINERS = ("\u200c", "\u200d")
_M019_FOLDED = {**_M016_FOLDED, **{ord(joiner): None for joiner in _M019_JOINERS}}


# m019's folding, and the Greek tonos and dialytika taken off (fold() as m021 was
# written).
_M021_GREEK = {
    "ά": "α", "έ": "ε", "ή": "η", "ί": "ι", "ό": "ο", "ύ": "υ", "ώ": "ω",
    "ϊ": "ι", "ϋ": "υ", "ΐ": "ι", "ΰ": "υ",
    "Ά": "Α", "Έ": "Ε", "Ή": "Η", "Ί": "Ι", "Ό": "Ο", "Ύ": "Υ", "Ώ": "Ω",
    "Ϊ": "Ι", "Ϋ": "Υ",
    # the same letters with oxia (U+1F71…, as polytonic keyboards write them): NFC maps
    # each onto its tonos form, but neither stored text nor a query is normalised
    "\u1f71": "α", "\u1f73": "ε", "\u1f75": "η", "\u1f77": "ι", "\u1f79": "ο",
    "\u1f7b": "υ", "\u1f7d": "ω", "\u1fd3": "ι", "\u1fe3": "υ",
    "\u1fbb": "Α", "\u1fc9": "Ε", "\u1fcb": "Η", "\u1fdb": "Ι", "\u1feb": "Υ",
    "\u1ff9": "Ο", "\u1ffb": "Ω",
}  # fmt: skip
_M021_FOLDED = {**_M019_FOLDED, **{ord(accented): bare for accented, bare in _M021_GREEK.items()}}


# What dedup profile format 4 reads otherwise than format 3 (aggregator.fold.fold_accents
# and the quotation marks of aggregator.dedup.fingerprint as m026 was written): a Latin
# letter whose compatibility decomposition is another letter (é, ǆ), a combining
# diacritic, a letter fold() changes (m021's table), and the guillemets and ‟.
_M026_LATIN = "".join(
    chr(code)
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00))
    if "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
    != chr(code)
)
_M026_REREAD = re.compile(
    "["
    + re.escape(_M026_LATIN + "«»‹›‟" + "".join(chr(code) for code in _M021_FOLDED))
    + "\u0300-\u036f]"
)


# --- migrations ---------------------------------------------------------------------


@migrations()
def m001_initial(db: Database) -> None:
    db.table("stories").create(
        {
            "id": int,
            "headline": str,
            "canonical_article_id": int,
            "origin": str,
            "origin_evidence": str,
            "first_published_at": str,
            "first_seen_at": str,
            "last_seen_at": str,
            "copies": int,
            "outlets": int,
        },
        pk="id",
        not_null={"first_seen_at", "copies", "outlets"},
        defaults={"copies": 0, "outlets": 0},
    )
    db.table("articles").create(
        {
            "id": int,
            "story_id": int,
            "url": str,
            "canonical_url": str,
            "source": str,
            "site_name": str,
            "headline": str,
            "standfirst": str,
            "authors": str,
            "credits": str,
            "byline_raw": str,
            "published_at": str,
            "updated_at": str,
            "body": str,
            "body_text": str,
            "related": str,
            "language": str,
            "section": str,
            "tags": str,
            "image_url": str,
            "paywalled": int,
            "is_based_on": str,
            "provenance": str,
            "fetched_at": str,
            "first_seen_at": str,
            "content_hash": str,
            "version": int,
            "etag": str,
            "last_modified": str,
            "similarity": float,
            "dedup_evidence": str,
            "byline_flag": str,
            "paragraph_diff": str,
            "profile": str,
        },
        pk="id",
        foreign_keys=[("story_id", "stories", "id")],
        not_null={"url", "canonical_url", "source", "headline", "fetched_at", "content_hash"},
        defaults={"version": 1, "paywalled": 0},
    )
    db.table("articles").create_index(["canonical_url"], unique=True)
    db.table("articles").create_index(["url"])
    db.table("articles").create_index(["story_id"])
    db.table("articles").create_index(["content_hash"])
    db.table("articles").create_index(["source", "first_seen_at"])
    # Serves "copies whose byline differs from the origin's" without a table scan.
    db.execute(
        "CREATE INDEX articles_byline_flagged ON articles(first_seen_at) "
        "WHERE byline_flag IS NOT NULL"
    )
    db.table("stories").create_index(["first_seen_at"])
    db.table("stories").create_index(["last_seen_at"])
    db.table("article_versions").create(
        {
            "id": int,
            "article_id": int,
            "version": int,
            "fetched_at": str,
            "content_hash": str,
            "headline": str,
            "body": str,
            "replaced_at": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("article_versions").create_index(["article_id", "version"], unique=True)
    # WITHOUT ROWID keeps the band-key index and table one B-tree: a lookup of
    # 32 keys is 32 index seeks, flat from 10k to 1M articles.
    db.execute(
        "CREATE TABLE dedup_keys (key TEXT NOT NULL, article_id INTEGER NOT NULL "
        "REFERENCES articles(id), PRIMARY KEY (key, article_id)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX dedup_keys_article ON dedup_keys(article_id)")
    db.table("story_merges").create(
        {"id": int, "from_story_id": int, "into_story_id": int, "merged_at": str, "evidence": str},
        pk="id",
    )
    db.table("crawl_runs").create(
        {
            "id": int,
            "source": str,
            "started_at": str,
            "ended_at": str,
            "status": str,
            "exit_code": int,
            "pid": int,
            "pages_fetched": int,
            "articles_new": int,
            "articles_updated": int,
            "articles_unchanged": int,
            "articles_failed": int,
            "errors": str,
            "stats": str,
        },
        pk="id",
        not_null={"source", "started_at", "status"},
        defaults={
            "pages_fetched": 0,
            "articles_new": 0,
            "articles_updated": 0,
            "articles_unchanged": 0,
            "articles_failed": 0,
        },
    )
    db.table("crawl_runs").create_index(["source", "started_at"])
    db.table("articles").enable_fts(["headline", "body_text"], tokenize="porter")
    # Our own triggers instead of sqlite-utils' create_triggers=True: those
    # re-index a row on ANY update, and every copy joining a story updates the
    # other copies' diff columns. Re-index only when the indexed text changes.
    db.executescript(
        """
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, headline, body_text)
            VALUES (new.id, new.headline, new.body_text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, headline, body_text)
            VALUES ('delete', old.id, old.headline, old.body_text);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF headline, body_text ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, headline, body_text)
            VALUES ('delete', old.id, old.headline, old.body_text);
            INSERT INTO articles_fts (rowid, headline, body_text)
            VALUES (new.id, new.headline, new.body_text);
        END;
        """
    )


@migrations()
def m002_source_blocks(db: Database) -> None:
    # Site-aware boilerplate (storage/boilerplate.py): candidate blocks per source,
    # with the distinct stories they were seen in. The (source, stories) index
    # serves the per-page query "this source's blocks seen in >= K stories".
    db.execute(
        "CREATE TABLE source_blocks ("
        "source TEXT NOT NULL, block_hash TEXT NOT NULL, "
        "articles INTEGER NOT NULL DEFAULT 0, stories INTEGER NOT NULL DEFAULT 0, "
        "story_ids TEXT NOT NULL DEFAULT '[]', sample TEXT, "
        "first_seen_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, "
        "PRIMARY KEY (source, block_hash)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX source_blocks_learned ON source_blocks(source, stories)")


@migrations()
def m003_url_aliases(db: Database) -> None:
    # URLs that redirected to a stored article (a feed naming http:// for an
    # https:// page, a tracking redirect): known URLs for incremental crawls.
    db.execute(
        "CREATE TABLE url_aliases (url TEXT PRIMARY KEY, "
        "article_id INTEGER NOT NULL REFERENCES articles(id)) WITHOUT ROWID"
    )


@migrations()
def m004_drop_dedup_keys_article_index(db: Database) -> None:
    # Every stored article adds ~95 key rows; this index doubled the B-tree work
    # of each insert and ~3 KB per article, for one statement: removing an edited
    # article's old keys, which now deletes them by primary key from its stored
    # profile (storage.dedup_index.replace_keys).
    db.execute("DROP INDEX IF EXISTS dedup_keys_article")


@migrations()
def m005_integer_dedup_keys(db: Database) -> None:
    # Lookup keys as 64-bit integers instead of 19-character text: the key B-tree
    # is a third smaller, so each batch of stored articles dirties, and writes to
    # the WAL, that many fewer pages. key_from_text converts every old key to the
    # one the fingerprint now computes for the same text, so nothing is rebuilt.
    db.conn.create_function("newsagg_key_from_text", 1, _m005_key_from_text, deterministic=True)
    db.execute(
        "CREATE TABLE dedup_keys_m005 (key INTEGER NOT NULL, article_id INTEGER NOT NULL "
        "REFERENCES articles(id), PRIMARY KEY (key, article_id)) WITHOUT ROWID"
    )
    db.execute(
        "INSERT OR IGNORE INTO dedup_keys_m005 (key, article_id) "
        "SELECT newsagg_key_from_text(key), article_id FROM dedup_keys "
        # A key row of a deleted article (foreign keys off, or a hand edit) would
        # fail the foreign key and with it the upgrade; it could only add a
        # candidate that no longer exists.
        "WHERE article_id IN (SELECT id FROM articles) ORDER BY 1, 2"
    )
    db.execute("DROP TABLE dedup_keys")
    db.execute("ALTER TABLE dedup_keys_m005 RENAME TO dedup_keys")


@migrations()
def m006_block_sightings(db: Database) -> None:
    # Most candidate blocks are one article's own paragraphs, seen once. As
    # source_blocks rows (two ISO times, a JSON list, an index entry) they were a
    # third of the pages each stored article dirtied; as block_sightings rows
    # (integers) they are a fifth of that. Block hashes become 64-bit, the first
    # 16 of the 24 hex digits they had, so every stored hash stays valid.
    db.execute(
        "CREATE TABLE block_sightings (source TEXT NOT NULL, block_key INTEGER NOT NULL, "
        "story_id INTEGER NOT NULL, articles INTEGER NOT NULL, "
        "first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, "
        "PRIMARY KEY (source, block_key)) WITHOUT ROWID"
    )
    db.conn.create_function("newsagg_block_key", 1, _m006_block_key, deterministic=True)
    db.conn.create_function("newsagg_epoch", 1, _m006_epoch_seconds, deterministic=True)
    db.execute(
        "INSERT OR IGNORE INTO block_sightings "
        "SELECT source, newsagg_block_key(block_hash), "
        "coalesce(json_extract(story_ids, '$[0]'), 0), "
        "articles, newsagg_epoch(first_seen_at), newsagg_epoch(last_seen_at) "
        "FROM source_blocks WHERE stories <= 1"
    )
    db.execute("DELETE FROM source_blocks WHERE stories <= 1")
    db.execute("UPDATE OR IGNORE source_blocks SET block_hash = substr(block_hash, 1, 16)")
    db.execute("DELETE FROM source_blocks WHERE length(block_hash) > 16")


@migrations()
def m007_index_new_articles_per_batch(db: Database) -> None:
    # FTS5 writes its pending terms out as a new index segment at every savepoint,
    # and an INSERT whose trigger writes the index opens one (a statement journal).
    # Indexed by this trigger, every stored article became its own segment, to be
    # merged again later. storage.writes now marks its rows search_index_deferred
    # and indexes a batch's new articles in one statement at its end. Any other
    # writer (code from before m007 still running, a hand-made INSERT) leaves the
    # mark NULL and is still indexed by the trigger: an unindexed row would make
    # the update trigger's 'delete' fail as corruption at the row's next edit.
    db.execute("ALTER TABLE articles ADD COLUMN search_index_deferred INTEGER")
    db.execute("DROP TRIGGER IF EXISTS articles_fts_insert")
    db.execute(
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles "
        "WHEN new.search_index_deferred IS NULL BEGIN "
        "INSERT INTO articles_fts (rowid, headline, body_text) "
        "VALUES (new.id, new.headline, new.body_text); "
        "END"
    )


@migrations()
def m008_alert_deliveries(db: Database) -> None:
    # Alerts (app/alerts/): one row per story an alert fired for, and per trigger
    # ('new', or 'outlets' when an early alert's story later reaches min_outlets).
    # The UNIQUE key and the cursor, advanced in the same transaction as the rows
    # are written, are what make an alert fire once per story across restarts; a
    # webhook's attempts and outcome are kept on its row, so a delivery is neither
    # lost nor repeated. No foreign key to stories: a merge may delete the story.
    db.execute(
        "CREATE TABLE alert_deliveries ("
        "id INTEGER PRIMARY KEY, alert TEXT NOT NULL, story_id INTEGER NOT NULL, "
        "trigger TEXT NOT NULL, outlets INTEGER NOT NULL, payload TEXT NOT NULL, "
        "status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, "
        "created_at TEXT NOT NULL, next_attempt_at TEXT, last_attempt_at TEXT, "
        "delivered_at TEXT, last_error TEXT, "
        "UNIQUE (alert, story_id, trigger))"
    )
    db.execute("CREATE INDEX alert_deliveries_due ON alert_deliveries(status, next_attempt_at)")
    # Where each alert has read the articles up to, and where it started: a story
    # is new to an alert when its first article came after first_article_id.
    db.execute(
        "CREATE TABLE alert_cursors (alert TEXT PRIMARY KEY, "
        "first_article_id INTEGER NOT NULL, last_article_id INTEGER NOT NULL, "
        "started_at TEXT NOT NULL) WITHOUT ROWID"
    )


@migrations()
def m009_story_events(db: Database) -> None:
    # The event tier (docs/dedup.md): stories about one happening are linked as one
    # event, each keeping its copies. Only the article that founds a story is indexed
    # for events: its profile, the keys it posts (read newest first by article id, so
    # the primary key serves each lookup as one range scan) and the per-story document
    # frequencies, a table of at most DedupSettings.event_df_buckets rows plus row -1,
    # the number of stories counted. No foreign key on event_keys.article_id: with no
    # index on that column, every deletion of an article would scan the table.
    db.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, first_seen_at TEXT NOT NULL)")
    db.execute("ALTER TABLE stories ADD COLUMN event_id INTEGER REFERENCES events(id)")
    db.execute("CREATE INDEX stories_event ON stories(event_id)")
    db.execute(
        "CREATE TABLE event_profiles (article_id INTEGER PRIMARY KEY REFERENCES articles(id), "
        "profile BLOB NOT NULL)"
    )
    db.execute(
        "CREATE TABLE event_keys (key INTEGER NOT NULL, article_id INTEGER NOT NULL, "
        "PRIMARY KEY (key, article_id)) WITHOUT ROWID"
    )
    db.execute("CREATE TABLE event_df (bucket INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    # The agency an article credits (aggregator.dedup.policy.agency_credit): the
    # provenance a rewrite-level match needs before it may merge two articles.
    db.execute("ALTER TABLE articles ADD COLUMN credit TEXT")
    # Stories stored before this migration keep event_id NULL, and their articles
    # credit NULL, until `aggregator migrate --backfill-events` assigns them: that
    # needs the dedup code, which a migration must not import, and takes minutes on
    # a large database, which every writer opening it would wait for.


@migrations()
def m010_crawl_runs_discovery(db: Database) -> None:
    # What each crawl's discovery did not follow, by reason (too old for max_age,
    # offsite, over a limit, …), as JSON beside `errors`: nothing is dropped silently.
    db.execute("ALTER TABLE crawl_runs ADD COLUMN discovery TEXT")


@migrations()
def m011_article_offsets(db: Database) -> None:
    # The UTC offset, in minutes east of UTC, each article's page wrote its published
    # and updated times in (NULL: it gave none). The times stay UTC; with the offset a
    # reader sees them on the page's own day. Articles stored before keep NULL: their
    # pages are not re-read by a migration.
    db.execute("ALTER TABLE articles ADD COLUMN published_offset INTEGER")
    db.execute("ALTER TABLE articles ADD COLUMN updated_offset INTEGER")


@migrations()
def m012_pruned_urls(db: Database) -> None:
    # Retention (storage/retention.py) deletes old stories with their articles; a
    # sitemap listing years of URLs would then offer every pruned page as new, to be
    # fetched and stored again on every crawl. One row per URL a pruned article was
    # known by (fetched, canonical, alias), keyed by that URL as the crawl looks it up.
    db.execute(
        "CREATE TABLE pruned_urls (url TEXT PRIMARY KEY, canonical_url TEXT NOT NULL, "
        "pruned_at TEXT NOT NULL) WITHOUT ROWID"
    )
    # A prune finds each batch's aliases by article: without this index, one scan of
    # the whole table per batch, under the write lock (159 ms at a million aliases).
    db.execute("CREATE INDEX url_aliases_article ON url_aliases(article_id)")


@migrations()
def m013_published_time_indexes(db: Database) -> None:
    # Readers select and order by published time (`--by published`): the stories first
    # published in a window, newest first, and the articles published in one. Without
    # these, each such query reads the whole table and sorts it.
    db.execute("CREATE INDEX stories_first_published ON stories(first_published_at)")
    db.execute("CREATE INDEX articles_published ON articles(published_at)")


@migrations()
def m014_cjk_search(db: Database) -> None:
    # unicode61 reads a Chinese or Japanese sentence as one token, and a Korean word
    # with its particle as another word: searching 外交部 or 서울 found nothing. This
    # index holds, for the articles with CJK characters only, their text with each
    # CJK run written as its character pairs (aggregator.cjk.bigram_text), rowid =
    # article id; a query term with CJK characters is searched here as the phrase of
    # its pairs. storage.writes adds new and edited articles; the triggers take out
    # an article deleted or edited (its new text is added again by the writer). An
    # ordinary FTS5 table, not external content: its text is not a column of
    # articles, and a contentless one cannot delete a row in SQLite 3.40. prefix='1'
    # keeps an index of every token's first character: a one-character word is a
    # prefix query, which without it scans every pair (0.5 s at 60,000 articles).
    db.execute(
        "CREATE VIRTUAL TABLE articles_cjk_fts USING fts5("
        "headline, body_text, tokenize='porter', prefix='1')"
    )
    db.execute(
        "CREATE TRIGGER articles_cjk_fts_delete AFTER DELETE ON articles BEGIN "
        "DELETE FROM articles_cjk_fts WHERE rowid = old.id; END"
    )
    db.execute(
        "CREATE TRIGGER articles_cjk_fts_update AFTER UPDATE OF headline, body_text ON articles "
        "BEGIN DELETE FROM articles_cjk_fts WHERE rowid = old.id; END"
    )
    rows = db.execute("SELECT id, headline, body_text FROM articles ORDER BY id")
    while batch := rows.fetchmany(500):
        db.conn.executemany(
            "INSERT INTO articles_cjk_fts (rowid, headline, body_text) VALUES (?, ?, ?)",
            [
                (article_id, _m014_bigram_text(headline or ""), _m014_bigram_text(body or ""))
                for article_id, headline, body in batch
                if _M014_CJK_RUN.search(headline or "") or _M014_CJK_RUN.search(body or "")
            ],
        )


@migrations()
def m015_cjk_dedup_profiles(db: Database) -> None:
    # Dedup now reads a run of Chinese, Japanese or Korean characters as its character
    # pairs (profile format 3, docs/dedup.md); a profile stored before read the run as
    # one word, and shares nothing with a copy fingerprinted now. This lists the
    # articles with CJK characters in their text, whose profiles, lookup keys and event
    # keys storage.profile_rebuild then builds again with the live code (a migration
    # imports none: `aggregator migrate` rebuilds them all, a writer a batch per call
    # to store_articles). Text without a CJK character has the same profile in both
    # formats: a store of such articles is read once here and nothing is written.
    # No foreign key: retention deletes articles, and the rebuild skips an id it lacks.
    db.execute("CREATE TABLE stale_profiles (article_id INTEGER PRIMARY KEY)")
    rows = db.execute("SELECT id, body_text FROM articles ORDER BY id")
    while batch := rows.fetchmany(500):
        db.conn.executemany(
            "INSERT INTO stale_profiles (article_id) VALUES (?)",
            [
                (article_id,)
                for article_id, text in batch
                if text and not text.isascii() and _M014_CJK_RUN.search(text)
            ],
        )


@migrations()
def m016_folded_search(db: Database) -> None:
    # unicode61 reads a combining mark as a space, so a Hindi or Bengali word with a
    # vowel sign, or an Arabic one with a shadda, was searched as its pieces (दिल्ली as
    # द ल ल, which found another article), and it does not fold ё/е, ı/i, ł/l or the
    # Arabic hamza forms that readers type either way. This index holds, for the
    # articles whose text has such letters only, their text folded
    # (aggregator.fold.fold), read by a tokenizer that keeps combining marks in
    # their words; every query term is searched here folded, beside articles_fts
    # (docs/database.md says why a side index and not a new tokenizer for
    # articles_fts). storage.writes adds new and edited articles; the triggers take
    # out an article deleted or edited, as for articles_cjk_fts (m014).
    db.execute(
        "CREATE VIRTUAL TABLE articles_fold_fts USING fts5(headline, body_text, "
        "tokenize=\"porter unicode61 remove_diacritics 2 categories 'L* N* Co Mn Mc'\")"
    )
    db.execute(
        "CREATE TRIGGER articles_fold_fts_delete AFTER DELETE ON articles BEGIN "
        "DELETE FROM articles_fold_fts WHERE rowid = old.id; END"
    )
    db.execute(
        "CREATE TRIGGER articles_fold_fts_update AFTER UPDATE OF headline, body_text "
        "ON articles BEGIN DELETE FROM articles_fold_fts WHERE rowid = old.id; END"
    )
    rows = db.execute("SELECT id, headline, body_text FROM articles ORDER BY id")
    while batch := rows.fetchmany(500):
        db.conn.executemany(
            "INSERT INTO articles_fold_fts (rowid, headline, body_text) VALUES (?, ?, ?)",
            [
                (
                    article_id,
                    (headline or "").translate(_M016_FOLDED),
                    (body or "").translate(_M016_FOLDED),
                )
                for article_id, headline, body in batch
                if _m016_needs_folding(headline or "") or _m016_needs_folding(body or "")
            ],
        )


@migrations()
def m017_change_sequence(db: Database) -> None:
    # A reader syncing "since" a wall-clock time loses rows: first_seen_at is stamped
    # when a row is written, the batch commits later, and an edit or a story merge
    # moves no stored time at all. ``change_seq`` is a number taken from one counter
    # (``change_sequence``) inside the write transaction whenever a row changes for a
    # reader: an article inserted, edited (its version moves) or moved to another story;
    # a story inserted, given a copy, a copy of it edited or moved in, or put in
    # another event. Writers hold SQLite's write lock while they count, so the numbers
    # go up in commit order: a reader that has every row up to N misses nothing by
    # asking for ``change_seq > N`` next (docs/readers.md, "Syncing"). Triggers number
    # what no writer numbers itself, so every writer (crawl, ingest, cluster, a merge's
    # moves) counts alike. Rows stored before take their id, the order they came in.
    db.execute("ALTER TABLE articles ADD COLUMN change_seq INTEGER")
    db.execute("ALTER TABLE stories ADD COLUMN change_seq INTEGER")
    db.execute("UPDATE articles SET change_seq = id")
    db.execute("UPDATE stories SET change_seq = id")
    db.execute("CREATE TABLE change_sequence (last INTEGER NOT NULL)")
    db.execute(
        "INSERT INTO change_sequence (last) SELECT max(coalesce((SELECT max(id) FROM articles), "
        "0), coalesce((SELECT max(id) FROM stories), 0))"
    )
    db.execute("CREATE INDEX articles_change_seq ON articles (change_seq)")
    db.execute("CREATE INDEX stories_change_seq ON stories (change_seq)")
    # A merged story's or event's id leads readers (show, /story/ID, --event) to what it
    # became: story_merges by the merged id, and a record of event merges, which
    # nothing kept before.
    db.execute("CREATE INDEX story_merges_from ON story_merges (from_story_id)")
    db.execute(
        "CREATE TABLE event_merges (id INTEGER PRIMARY KEY, from_event_id INTEGER NOT NULL, "
        "into_event_id INTEGER NOT NULL, merged_at TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX event_merges_from ON event_merges (from_event_id)")
    # ``--since`` finds an article edited since then by when its old text was replaced.
    db.execute("CREATE INDEX article_versions_replaced_at ON article_versions (replaced_at)")
    # storage.writes gives a new or edited article its number in the row it writes (an
    # UPDATE of the row after it would write the whole row, its text, again); the
    # triggers number the rows written any other way, and the story of every change.
    next_number = "UPDATE change_sequence SET last = last + 1; "
    number = "(SELECT last FROM change_sequence)"
    stamp_story = f"{next_number}UPDATE stories SET change_seq = {number} WHERE id = new.story_id; "
    stamp_article = f"{next_number}UPDATE articles SET change_seq = {number} WHERE id = new.id; "
    changed = "(new.version IS NOT old.version OR new.story_id IS NOT old.story_id)"
    db.execute(
        "CREATE TRIGGER articles_change_insert AFTER INSERT ON articles "
        f"WHEN new.change_seq IS NULL BEGIN {stamp_article}END"
    )
    db.execute(
        "CREATE TRIGGER articles_change_update AFTER UPDATE OF version, story_id ON articles "
        f"WHEN {changed} AND new.change_seq IS old.change_seq BEGIN {stamp_article}END"
    )
    db.execute(
        "CREATE TRIGGER articles_change_story_insert AFTER INSERT ON articles "
        f"BEGIN {stamp_story}END"
    )
    db.execute(
        "CREATE TRIGGER articles_change_story_update AFTER UPDATE OF version, story_id "
        f"ON articles WHEN {changed} BEGIN {stamp_story}END"
    )
    stamp_this_story = f"{next_number}UPDATE stories SET change_seq = {number} WHERE id = new.id; "
    db.execute(
        f"CREATE TRIGGER stories_change_insert AFTER INSERT ON stories BEGIN {stamp_this_story}END"
    )
    db.execute(
        "CREATE TRIGGER stories_change_event AFTER UPDATE OF event_id ON stories "
        f"WHEN new.event_id IS NOT old.event_id BEGIN {stamp_this_story}END"
    )


@migrations()
def m018_removed_pages_and_host_backoffs(db: Database) -> None:
    # An article whose URL later answers 410 Gone (or 404 on two runs) was kept with
    # no mark, and requested again on every run a feed still listed it. The mark is
    # data readers see (``removed_at``, ``removed_status``); nothing stored is deleted,
    # a study still needs the text. ``gone_answers`` is the crawl's bookkeeping behind
    # it: the last 404 or 410 answer of a stored article's URL and how many runs in a
    # row gave one, so that a single 404 is not trusted and a removed URL is asked
    # again only on a slower period (storage/removals.py).
    db.execute("ALTER TABLE articles ADD COLUMN removed_at TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN removed_status INTEGER")
    db.execute(
        "CREATE TABLE gone_answers (article_id INTEGER PRIMARY KEY, status INTEGER NOT NULL, "
        "first_at TEXT NOT NULL, last_at TEXT NOT NULL, answers INTEGER NOT NULL)"
    )
    # Retention deletes articles; their bookkeeping goes with them, whoever deletes.
    db.execute(
        "CREATE TRIGGER gone_answers_delete AFTER DELETE ON articles BEGIN "
        "DELETE FROM gone_answers WHERE article_id = old.id; END"
    )
    # A host that asked (Retry-After) for a longer pause than a run waits was asked again
    # by the next run, minutes later in the daemon: its "not before" time is kept here,
    # one row per host, and every crawl of any source on it waits it out.
    db.execute(
        "CREATE TABLE host_backoffs (host TEXT PRIMARY KEY, not_before TEXT NOT NULL, "
        "asked_at TEXT NOT NULL, retry_after TEXT NOT NULL, status INTEGER NOT NULL, "
        "source TEXT NOT NULL, url TEXT NOT NULL) WITHOUT ROWID"
    )


@migrations()
def m019_search_joiners(db: Database) -> None:
    # Stored text keeps the zero-width non-joiner and joiner (U+200C, U+200D: Persian
    # and Indic spelling) since stop 44, and fold() leaves them out, so a word typed
    # with or without them is found in articles_fold_fts. Text stored since the text
    # hygiene (2026-12-03) holds none; an article stored earlier with them (an ingested
    # record was stored raw) is indexed there again, folded as fold() now does. One
    # scan of the articles' text, writing only the rows that hold a joiner.
    holds = " OR ".join(
        f"instr({column}, ?)" for column in ("headline", "body_text") for _ in _M019_JOINERS
    )
    rows = db.execute(
        f"SELECT id, headline, body_text FROM articles WHERE {holds}", [*_M019_JOINERS] * 2
    ).fetchall()
    for article_id, headline, body in rows:
        db.execute("DELETE FROM articles_fold_fts WHERE rowid = ?", [article_id])
        db.execute(
            "INSERT INTO articles_fold_fts (rowid, headline, body_text) VALUES (?, ?, ?)",
            [
                article_id,
                (headline or "").translate(_M019_FOLDED),
                (body or "").translate(_M019_FOLDED),
            ],
        )


@migrations()
def m020_replaced_articles(db: Database) -> None:
    # A rolling URL ("/news/latest", "/live", a recycled slug) fetched again may hold
    # another story: its stored article was taken for edited, its text replaced, and the
    # first story lost to readers. Now both are kept: the stored article is marked
    # ``replaced_at`` (when another story took its URL), keeps its id, text, story and
    # search entry, and the new text is another article under the same canonical URL.
    # The canonical URL is unique among current articles only (a partial index); a plain
    # index still serves every lookup by canonical URL, current or replaced.
    # The unique index is found by what it indexes, not by the name m001 gave it
    # (idx_articles_canonical_url): a store may hold it under another.
    db.execute("ALTER TABLE articles ADD COLUMN replaced_at TEXT")
    for (name,) in db.execute(
        "SELECT l.name FROM pragma_index_list('articles') AS l "
        "WHERE l.\"unique\" AND l.origin = 'c' AND NOT l.partial "
        "AND (SELECT group_concat(i.name) FROM pragma_index_info(l.name) AS i) = 'canonical_url'"
    ).fetchall():
        db.execute('DROP INDEX "' + name.replace('"', '""') + '"')
    db.execute("CREATE INDEX IF NOT EXISTS idx_articles_canonical_url ON articles (canonical_url)")
    db.execute(
        "CREATE UNIQUE INDEX articles_current_canonical_url ON articles (canonical_url) "
        "WHERE replaced_at IS NULL"
    )


@migrations()
def m021_search_greek(db: Database) -> None:
    # The index's tokenizer takes Latin accents off but not Greek ones, and Greek
    # capitals are written without them: "Αθήνα" and "ΑΘΗΝΑ" were two words, and
    # "αθηνα" found only the second. fold() now takes the tonos and dialytika off
    # (aggregator.fold); each article whose text holds such a letter is indexed in
    # articles_fold_fts again (or first), folded as fold() now does. One scan of the
    # articles' text in batches (as m016's), writing only the rows that hold one.
    holds = re.compile("[" + "".join(_M021_GREEK) + "]")
    rows = db.execute("SELECT id, headline, body_text FROM articles ORDER BY id")
    while batch := rows.fetchmany(500):
        found = [
            (article_id, headline or "", body or "")
            for article_id, headline, body in batch
            if holds.search(headline or "") or holds.search(body or "")
        ]
        db.conn.executemany(
            "DELETE FROM articles_fold_fts WHERE rowid = ?", [(row[0],) for row in found]
        )
        db.conn.executemany(  # one row's folded text at a time
            "INSERT INTO articles_fold_fts (rowid, headline, body_text) VALUES (?, ?, ?)",
            (
                (article_id, headline.translate(_M021_FOLDED), body.translate(_M021_FOLDED))
                for article_id, headline, body in found
            ),
        )


@migrations()
def m022_article_kind(db: Database) -> None:
    # What kind of page an article is (aggregator.schema.Kind: a live blog, an opinion
    # piece, sponsored content, a press release, ...), as the page declares it. Stored
    # articles read as 'article' until they are fetched again: the kind is read from
    # the page, which the store does not keep. No index: readers test it on a story's
    # own copies (the story_id index) or on rows they read anyway.
    db.execute("ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'article'")


@migrations()
def m023_alert_change_cursor(db: Database) -> None:
    # An alert reads the articles changed past its place in the change sequence
    # (``last_change_seq``), not those numbered past an article id: a copy that an edit
    # moves to a new story keeps its id but takes a new number, so the story it founds
    # is read. A story is new to the alert when its first article came after
    # first_article_id or the story itself came after ``first_story_id`` (a story an
    # edit founded holds an older article). An alert's place: before the first article
    # it had not read; its start: the newest story holding an article it started after.
    db.execute("ALTER TABLE alert_cursors ADD COLUMN last_change_seq INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE alert_cursors ADD COLUMN first_story_id INTEGER NOT NULL DEFAULT 0")
    db.execute(
        "UPDATE alert_cursors SET last_change_seq = coalesce("
        "(SELECT min(change_seq) - 1 FROM articles WHERE id > last_article_id), "
        "(SELECT last FROM change_sequence), 0), "
        "first_story_id = coalesce("
        "(SELECT max(story_id) FROM articles WHERE id <= first_article_id), 0)"
    )


@migrations()
def m024_founding_version(db: Database) -> None:
    # A story's count in event_df is the terms of the text its founding article had when
    # it founded it; a prune, or the founder's move, takes that text's terms off again.
    # Until now they read the founder's first version, which is the text counted only
    # when it founded the story on arrival: an edited copy that moved to a new story
    # founded it on a later text, and its prune took off the wrong terms (review 47b:
    # 42 buckets too high, 112 too low). ``founding_version`` records which version.
    # Every founder but those is right at 1: founded on arrival (version 1), or handed a
    # story when its founder moved (its first text was read). A founder that moved into
    # a new story (its evidence has moved_from and the event decision) founded it on the
    # version its move stored: the one whose predecessor was replaced when its new event
    # began (a new event, not merged since), else its current version (the move is then
    # taken for its latest edit: the closest guess, moves being days old). ``counted``
    # holds the buckets a story counted once the bound on versions drops its founding
    # text (NULL while that text is stored). Stop 47's bound dropped such texts without
    # keeping anything (review 48a F5), and a guessed version is no known text either:
    # those founders get ``counted`` empty, so a prune or move takes off their story's
    # count alone, leaving the terms it was counted with (unknown) a little high rather
    # than taking another story's counts of the terms of a text it was not counted with.
    db.execute("ALTER TABLE event_profiles ADD COLUMN founding_version INTEGER NOT NULL DEFAULT 1")
    db.execute("ALTER TABLE event_profiles ADD COLUMN counted BLOB")
    found = (
        "(SELECT v.version + 1 FROM articles a JOIN stories s ON s.id = a.story_id "
        "JOIN events e ON e.id = s.event_id JOIN article_versions v "
        "ON v.article_id = a.id AND v.replaced_at = e.first_seen_at "
        "WHERE a.id = event_profiles.article_id)"
    )
    current = "(SELECT version FROM articles WHERE id = event_profiles.article_id)"
    db.execute(
        f"UPDATE event_profiles SET founding_version = coalesce({found}, {current}), "
        f"counted = CASE WHEN {found} IS NULL THEN X'' END "
        "WHERE article_id IN (SELECT id FROM articles WHERE json_valid(dedup_evidence) "
        "AND json_extract(dedup_evidence, '$.moved_from') IS NOT NULL "
        "AND json_extract(dedup_evidence, '$.event') IS NOT NULL)"
    )
    db.execute(
        "UPDATE event_profiles SET counted = X'' WHERE counted IS NULL "
        f"AND founding_version != {current} AND NOT EXISTS (SELECT 1 FROM article_versions v "
        "WHERE v.article_id = event_profiles.article_id "
        "AND v.version = event_profiles.founding_version)"
    )


@migrations()
def m025_live_entries(db: Database) -> None:
    # A live blog's entries, each with its time, headline and paragraphs, and the lines of
    # its summary box ("Key points", "What we know"): JSON lists (aggregator.schema's
    # LiveEntry objects, the key points as strings). Stored articles read as empty lists
    # until their page is fetched again: the entries are read from the page, which the
    # store does not keep. No index: readers read them with the row.
    db.execute("ALTER TABLE articles ADD COLUMN live_entries TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE articles ADD COLUMN key_points TEXT NOT NULL DEFAULT '[]'")


@migrations()
def m026_accent_folded_profiles(db: Database) -> None:
    # Dedup now compares words without their Latin accents (as the search index reads
    # them: a copy written without accents is the text it was copied from) and reads
    # guillemets «» ‹› as quotation marks (profile format 4, docs/dedup.md). A profile
    # stored before holds the accented words and no quote in French, Spanish, Italian,
    # Portuguese or Swiss German text. This lists the articles whose text holds a
    # character format 4 reads otherwise (_M026_REREAD), in stale_profiles (m015), whose
    # profiles, lookup keys and event keys storage.profile_rebuild then builds again: all
    # of them in `aggregator migrate`, a batch per call to store_articles. An article
    # still listed by m015 is listed once. Text without such a character (English with
    # or without curly quotes) has the same profile in both formats and is not listed.
    # Vietnamese text, whose marks format 4 keeps (fold_accents, review 48b F3: amended
    # before release, no m027), is listed too and rebuilt the same but for its quotes.
    rows = db.execute("SELECT id, body_text FROM articles ORDER BY id")
    while batch := rows.fetchmany(500):
        db.conn.executemany(
            "INSERT OR IGNORE INTO stale_profiles (article_id) VALUES (?)",
            [
                (article_id,)
                for article_id, text in batch
                if text and not text.isascii() and _M026_REREAD.search(text)
            ],
        )


@migrations()
def m027_article_pages(db: Database) -> None:
    # The page each article version was parsed from (retention.keep_pages): the fetched
    # bytes zlib-compressed, the URL fetched, the HTTP charset, when, the feed's hints
    # (JSON), and the later pages of an article split over pages (part 1, 2 …). One row
    # set per version: an unchanged fetch adds none (the store looks for the version's
    # rows before it inserts; the unique index refuses a second set). The triggers
    # delete the pages with their article (a prune) and with an earlier version the
    # bound on versions drops, so every path that deletes those rows deletes their
    # pages too, through the index. Instant: an empty table.
    db.execute(
        "CREATE TABLE article_pages ("
        "id INTEGER PRIMARY KEY, "
        "article_id INTEGER NOT NULL REFERENCES articles(id), "
        "version INTEGER NOT NULL, "
        "part INTEGER NOT NULL DEFAULT 0, "
        "url TEXT NOT NULL, "
        "charset TEXT, "
        "fetched_at TEXT NOT NULL, "
        "hints TEXT, "
        "size INTEGER NOT NULL, "
        "content BLOB NOT NULL)"
    )
    db.execute(
        "CREATE UNIQUE INDEX article_pages_version ON article_pages (article_id, version, part)"
    )
    db.execute(
        "CREATE TRIGGER article_pages_article_delete AFTER DELETE ON articles BEGIN "
        "DELETE FROM article_pages WHERE article_id = old.id; END"
    )
    db.execute(
        "CREATE TRIGGER article_pages_version_delete AFTER DELETE ON article_versions BEGIN "
        "DELETE FROM article_pages WHERE article_id = old.article_id "
        "AND version = old.version; END"
    )


@migrations()
def m028_reread_at(db: Database) -> None:
    # When an article's current reading last replaced the one stored in place (aggregator
    # reparse): no new version, yet a change a reader goes by time for (a feed's
    # <updated>, --since). NULL: never re-read. The partial index serves --since's
    # "re-read since" over the few rows that have one. Instant: a column, an empty index.
    db.execute("ALTER TABLE articles ADD COLUMN reread_at TEXT")
    db.execute(
        "CREATE INDEX articles_reread_at ON articles (reread_at) WHERE reread_at IS NOT NULL"
    )


@migrations()
def m029_shared_crawls_and_ingested_sources(db: Database) -> None:
    # `crawl SOURCE --processes N` records a row per shard: ``crawl_id``, the same on the
    # N rows, is how readers (``status``, the daemon, the web view) read them as one crawl
    # with summed figures. NULL: a crawl of one process, each row its own (every row
    # stored before). The parent numbers its crawls per source (storage.runs
    # .next_crawl_id); the partial index finds a crawl's shards among the rows that have
    # one.
    db.execute("ALTER TABLE crawl_runs ADD COLUMN crawl_id INTEGER")
    db.execute(
        "CREATE INDEX crawl_runs_crawl ON crawl_runs (source, crawl_id) WHERE crawl_id IS NOT NULL"
    )
    # The configured sources `aggregator ingest` stored pages under, one row each: a source
    # whose pages came only from ingest is a configured source's name once removed from
    # the config, not a site ingest named (reparse reads a site's pages again by the
    # automatic rules, never a removed source's). One row per name rather than per ingest
    # run: reparse asks only whether there was one, and the table stays as small as the
    # config. Not rows in crawl_runs: every reader of those takes them for crawls (the
    # last run, schedules, failure streaks, retention). Instant: a new, empty table;
    # sources ingested before m029 are not known (docs/operations.md, "Kept pages").
    db.execute(
        "CREATE TABLE ingested_sources (source TEXT PRIMARY KEY, first_at TEXT NOT NULL) "
        "WITHOUT ROWID"
    )
