"""Full-text search: a reader's query in FTS5, hits one per story, bounded snippets."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from aggregator.cjk import TypedWords, has_cjk, typed_words
from aggregator.fold import FOLD_TOKENIZER, fold, needs_folding
from aggregator.schema import Story
from aggregator.search_query import SearchQuery, Term, parse_query
from storage import sql
from storage.queries.one_story import story
from storage.queries.rows import (
    SEEN,
    StoryFilter,
    TimeBasis,
    one_filter,
    story_filters,
)


@dataclass(frozen=True)
class SearchHit:
    story: Story
    article_id: int
    headline: str
    snippet: str
    # The bm25 score (lower is better) when the query matched at most
    # RANKED_MATCHES articles; None when it matched more and hits are newest first.
    rank: float | None


class SearchHits(list[SearchHit]):
    """The hits of a search (a list of them), and ``cut_at``: the bound (``scan``) when
    the search stopped there, before the page was full, with matches it did not look
    at, so the hits may not be all; None when they are."""

    def __init__(self, hits: Iterable[SearchHit] = (), cut_at: int | None = None) -> None:
        super().__init__(hits)
        self.cut_at = cut_at


def search(
    db: Database,
    query: str | SearchQuery,
    *,
    limit: int = 20,
    since: datetime | None = None,
    until: datetime | None = None,
    source: str | None = None,
    author: str | None = None,
    min_outlets: int = 1,
    by: TimeBasis = SEEN,
    offset: int = 0,
    marks: tuple[str, str] = ("[", "]"),
    scan: int | None = None,
    kinds: tuple[str, ...] | None = None,
    selection: StoryFilter | None = None,
) -> SearchHits:
    """Full-text search, one hit per story.

    A query that matches at most ``RANKED_MATCHES`` articles is ranked by bm25
    (headline weighted 5× body) over all of them. One that matches more is
    looked at newest first, ``RANKED_MATCHES`` at a time: headline matches
    first, then the newest, and at most ``scan`` articles (``SCANNED_MATCHES``
    when not given) are looked at to fill the filters. bm25 reads every match of
    every word to weigh it: 1 s for twelve common words on 100,000 articles, where
    the bounded look costs a few milliseconds (docs/readers.md, "Search"). ``scan=0`` looks at
    every match; a smaller ``scan`` than ``RANKED_MATCHES`` ranks by bm25 only a
    query matching at most ``scan`` articles. When the bound stops the look before
    the page is full, with matches left unread, the hits' ``cut_at`` says so.

    ``query`` is read by :func:`parse_query` (words, phrases, prefixes, OR,
    exclusions); a :class:`SearchQuery` may be given instead, to show its notice
    first. ``by`` says which time ``since`` and ``until`` read (first seen, or
    first published: stories without a published time are then left out).
    ``offset`` hits are skipped first (a later page: only its own hits get a
    snippet). Each snippet has its hits between ``marks`` (the web view asks for
    markers that stored text never holds, so it can tell a hit from a bracket).
    ``kinds`` keeps the stories with a copy of one of those page kinds. ``selection``
    is the filter as one record, as :func:`storage.queries.stories` takes it.
    """
    parsed = query if isinstance(query, SearchQuery) else parse_query(query)
    if parsed.problem:
        return SearchHits()
    keywords = StoryFilter(since, until, source, author, min_outlets, by=by, kinds=kinds)
    where, params = story_filters(one_filter(selection, keywords), db)
    best: dict[int, tuple[int, str, float | None]] = {}
    look = _Look(SCANNED_MATCHES if scan is None else scan or None)
    for ranked in _ranked_matches(db, parsed, look):
        _keep_best_per_story(db, ranked, where, params, offset + limit, best, parsed)
        if len(best) >= offset + limit:
            break
    page = list(best.items())[offset:]
    snippets = _snippets(db, [rowid for _, (rowid, _, _) in page], parsed, marks)
    hits = []
    for story_id, (rowid, headline, rank) in page:
        found = story(db, story_id)
        if found is not None:
            hits.append(SearchHit(found, rowid, headline, snippets[rowid], rank))
    return SearchHits(hits, look.bound if look.left_unread else None)


# A query matching at most this many articles is ranked by bm25 over all of them;
# one matching more is looked at newest first, this many at a time, and at most
# SCANNED_MATCHES of its matches are looked at to fill the page (with filters),
# unless the caller gives another bound (``scan``).
RANKED_MATCHES = 2_000
SCANNED_MATCHES = 20_000


@dataclass
class _Look:
    """How far :func:`_ranked_matches` may look (``bound`` matches; None: all), and
    whether it stopped there with matches left unread (set as it goes)."""

    bound: int | None
    left_unread: bool = False


# The full-text indexes: every article's words, the CJK character pairs of the
# articles with CJK characters (migration m014, aggregator.cjk), and the folded text
# of the articles whose letters the word index misreads (m016, aggregator.fold).
_INDEX = "articles_fts"
_CJK_INDEX = "articles_cjk_fts"
_FOLD_INDEX = "articles_fold_fts"


def _searched(db: Database, query: SearchQuery) -> list[tuple[str, str]]:
    """(index, FTS5 expression) pairs a match of the query is found by: ``articles_fts``;
    the CJK index, with the query's pairs where a term holds CJK characters, else as
    it is: a Latin word or number written against CJK characters (``G7サミット``,
    ``2024年``) is a token of its own only there; and the folded index, with the
    query's terms folded. A pair whose index cannot hold a match (its expression is
    empty: a word with a combining mark in ``articles_fts``) is left out."""
    built = _built_indexes(db)
    pairs = [(_INDEX, query.match)]
    if _CJK_INDEX in built:
        pairs.append((_CJK_INDEX, query.cjk_match or query.match))
    if _FOLD_INDEX in built:
        pairs.append((_FOLD_INDEX, query.folded_match))
    return [(index, match) for index, match in pairs if match]


def _excluded(db: Database, query: SearchQuery) -> list[tuple[str, str]]:
    """(index, FTS5 expression) pairs an excluded term is found by (none without one)."""
    built = _built_indexes(db)
    pairs = [(_INDEX, query.excluding)]
    if _CJK_INDEX in built:
        pairs.append((_CJK_INDEX, query.cjk_excluding or query.excluding))
    if _FOLD_INDEX in built:
        pairs.append((_FOLD_INDEX, query.folded_excluding))
    return [(index, match) for index, match in pairs if match]


def _built_indexes(db: Database) -> set[str]:
    """Which of the side indexes their migrations (m014, m016) have built: a database
    no writer has opened since the upgrade (the web view reads it as it is) is
    searched in those it has."""
    return {
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)",
            [_CJK_INDEX, _FOLD_INDEX],
        )
    }


def _ranked_matches(
    db: Database, query: SearchQuery, look: _Look
) -> Iterator[list[tuple[int, float | None]]]:
    """The query's matches as ranked slices of (rowid, bm25 score or None), best first,
    at most ``look.bound`` of them (``look.left_unread`` set when more were there).

    With a CJK term the matches of both indexes count as one set: an article's score
    is its better one (each index weighs a word by its own document counts)."""
    searched = _searched(db, query)
    step = min(RANKED_MATCHES, look.bound or RANKED_MATCHES)
    below: int | None = None
    looked = 0
    while True:
        at_bound = look.bound is not None and looked >= look.bound
        wanted = 1 if at_bound else step + 1  # at the bound: is any match left?
        newest = sorted(
            {
                rowid
                for index, match in searched
                for (rowid,) in db.execute(
                    f"SELECT rowid FROM {index} WHERE {index} MATCH ?"
                    + (" AND rowid < ?" if below is not None else "")
                    + " ORDER BY rowid DESC LIMIT ?",
                    [match, *([below] if below is not None else []), wanted],
                )
            },
            reverse=True,
        )[:wanted]
        if at_bound:
            look.left_unread = bool(newest)
            return
        if below is None and len(newest) <= step:
            scores: dict[int, float] = {}
            for index, match in searched:
                for rowid, score in db.execute(
                    f"SELECT rowid, bm25({index}, {_WEIGHTS}) FROM {index} WHERE {index} MATCH ?",
                    [match],
                ):
                    scores[rowid] = min(score, scores.get(rowid, score))
            # rowid breaks ties, so a page (--offset) holds the same hits every run
            yield sorted(scores.items(), key=lambda hit: (hit[1], hit[0]))
            return
        if not newest:
            return
        newest = newest[:step]
        headline = {
            rowid
            for index, match in searched
            for (rowid,) in db.execute(
                f"SELECT rowid FROM {index} WHERE {index} MATCH ? AND rowid BETWEEN ? AND ?",
                ["{headline} : (" + match + ")", newest[-1], newest[0]],
            )
        }
        yield [(rowid, None) for rowid in newest if rowid in headline] + [
            (rowid, None) for rowid in newest if rowid not in headline
        ]
        below = newest[-1]
        looked += len(newest)


def _keep_best_per_story(
    db: Database,
    ranked: list[tuple[int, float | None]],
    where: list[str],
    params: list[Any],
    limit: int,
    best: dict[int, tuple[int, str, float | None]],
    query: SearchQuery,
) -> None:
    """Add to ``best`` (story id → its best article, headline, score) from ``ranked``,
    the articles that pass the filters, of stories no copy of which holds a term
    ``query`` excludes, until ``limit`` stories."""
    extra = f"AND {' AND '.join(where)}" if where else ""
    # An article holding an excluded term is no hit, nor is any copy of its story:
    # dropped before its row is read (a common excluded word is in most of them).
    holding = _rowids_matching(db, _excluded(db, query), {rowid for rowid, _ in ranked})
    ids = [rowid for rowid, _ in ranked if rowid not in holding]
    rows: dict[int, tuple[int, str]] = {}
    for chunk in sql.chunks(ids):
        rows.update(
            (row[0], (row[1], row[2]))
            for row in db.execute(
                "SELECT a.id, a.story_id, a.headline FROM articles a "
                "JOIN stories s ON s.id = a.story_id "
                f"WHERE a.id IN ({sql.marks(chunk)}) {extra}",
                [*chunk, *params],
            )
        )
    left_out = stories_left_out(db, query, sorted({story for story, _ in rows.values()}))
    for rowid, score in ranked:
        if len(best) >= limit:
            return
        if rowid in rows and rows[rowid][0] not in best and rows[rowid][0] not in left_out:
            best[rows[rowid][0]] = (rowid, rows[rowid][1], score)


def stories_found(db: Database, query: SearchQuery, story_ids: Sequence[int]) -> set[int]:
    """Which of ``story_ids`` have a copy matching what ``query`` searches for, in either
    index (the exclusions are :func:`stories_left_out`'s)."""
    return _stories_matching_any(db, _searched(db, query), story_ids)


def stories_left_out(db: Database, query: SearchQuery, story_ids: Sequence[int]) -> set[int]:
    """Which of ``story_ids`` have a copy holding a term ``query`` excludes."""
    return _stories_matching_any(db, _excluded(db, query), story_ids)


def stories_matching(
    db: Database, match: str, story_ids: Sequence[int], *, index: str = _INDEX
) -> set[int]:
    """Which of ``story_ids`` have a copy matching the FTS5 expression ``match`` over
    ``index`` (none when ``match`` is empty). The per-story test that search and the
    alerts share: a story is found when one copy holds the words, and left out when
    one holds an excluded word (:attr:`SearchQuery.excluding`)."""
    return _stories_matching_any(db, [(index, match)], story_ids)


def _stories_matching_any(
    db: Database, searched: Sequence[tuple[str, str]], story_ids: Sequence[int]
) -> set[int]:
    """Which of ``story_ids`` have a copy matching one of the (index, FTS5 expression)
    pairs ``searched`` (an empty expression matches nothing)."""
    searched = [(index, match) for index, match in searched if match]
    found: set[int] = set()
    if not searched:
        return found
    for chunk in sql.chunks(story_ids):
        story_of: dict[int, int] = dict(
            db.execute(
                f"SELECT id, story_id FROM articles WHERE story_id IN ({sql.marks(chunk)})",
                list(chunk),
            ).fetchall()
        )
        found.update(story_of[rowid] for rowid in _rowids_matching(db, searched, story_of))
    return found


def _rowids_matching(
    db: Database, searched: Sequence[tuple[str, str]], rowids: Collection[int]
) -> set[int]:
    """Which of ``rowids`` match one of the (index, FTS5 expression) pairs ``searched``
    (an empty expression matches nothing).

    Each expression's matches from the lowest of ``rowids`` to the highest are read
    once and kept where they are ``rowids``: FTS5 answers ``rowid IN (…)`` with a
    seek into every term's list per rowid, 135 ms for 2,000 rowids (a slice of
    search's matches) when the term is in each of 20,000 articles, where reading its
    whole list takes under 1 ms (docs/benchmarks.md, "Exclusions of a common word")."""
    if not rowids:
        return set()
    first, last = min(rowids), max(rowids)
    return {
        rowid
        for index, match in searched
        if match
        for (rowid,) in db.execute(
            f"SELECT rowid FROM {index} WHERE {index} MATCH ? AND rowid BETWEEN ? AND ?",
            [match, first, last],
        )
        if rowid in rowids
    }


# Snippets come from the first SNIPPET_SOURCE_CHARS characters of a hit's body, cut
# into pieces of at most SNIPPET_PIECE_CHARS. FTS5's snippet() scores every window of
# the whole column against every match in it: an article that repeats one word
# 60,000 times took 31 s (and the index's highlight() is no better). A bounded
# piece keeps any snippet to a few milliseconds, whatever was stored.
SNIPPET_SOURCE_CHARS = 20_000
SNIPPET_PIECE_CHARS = 600
SNIPPET_WORDS = 12
_PIECE_BREAK = re.compile(r"\n\n")


def _pieces(text: str) -> list[str]:
    """The start of a body as paragraphs, each cut (at a space) into bounded pieces."""
    pieces: list[str] = []
    for paragraph in _PIECE_BREAK.split(text[:SNIPPET_SOURCE_CHARS]):
        while len(paragraph) > SNIPPET_PIECE_CHARS:
            cut = paragraph.rfind(" ", 0, SNIPPET_PIECE_CHARS)
            cut = cut if cut > 0 else SNIPPET_PIECE_CHARS
            pieces.append(paragraph[:cut])
            paragraph = paragraph[cut:]
        if paragraph.strip():
            pieces.append(paragraph)
    return pieces


def _snippets(
    db: Database, rowids: list[int], query: SearchQuery, marks: tuple[str, str] = ("[", "]")
) -> dict[int, str]:
    """rowid → its snippet: the best-matching piece of the body's start, hits between marks.

    Matched by SQLite's own tokenizer (an in-memory FTS5 table with the same
    ``porter`` tokenizer as ``articles_fts``): the piece holding the most of
    the query's terms (words, phrases, prefixes, each with its ß/ss spellings;
    every one, if a piece does), else the body's first words, unmarked (the
    match is in the headline, or further into the body than the snippet reads).
    That tokenizer reads a run of CJK text as one word, with any Latin letters
    touching it, so the query's CJK words, and its other words where a CJK
    character touches them, are found as typed instead (:func:`_typed_words`):
    CJK words count towards a piece's terms, and every word so found is marked
    wherever the snippet holds it. Where the tokenizer finds no term in a body,
    the snippet is cut around the words found as typed (:func:`_cjk_snippet`).
    A piece that tokenizer misreads (aggregator.fold) is matched folded too, by
    the folded index's tokenizer, and its snippet is its text as stored with the
    hits found in the folded text marked (:func:`_piece_snippet`).
    """
    if not rowids:
        return {}
    placeholders = ",".join("?" * len(rowids))
    bodies = dict(
        db.execute(
            f"SELECT id, substr(body_text, 1, {SNIPPET_SOURCE_CHARS}) FROM articles "
            f"WHERE id IN ({placeholders})",
            rowids,
        ).fetchall()
    )
    typed = _typed_words(query)
    # The query's other terms, matched by the tokenizers; CJK ones they would miss in text.
    plain = [term for term in query.terms if not term.holds_cjk]
    texts = [(piece, rowid) for rowid in rowids for piece in _pieces(bodies.get(rowid) or "")]
    pieces = sqlite3.connect(":memory:")
    try:
        pieces.execute(
            "CREATE VIRTUAL TABLE pieces USING fts5(text, rowid_of UNINDEXED, tokenize='porter')"
        )
        pieces.execute(
            "CREATE VIRTUAL TABLE folded_pieces USING fts5(text, rowid_of UNINDEXED, "
            f'tokenize="{FOLD_TOKENIZER}")'
        )
        pieces.executemany(
            "INSERT INTO pieces (rowid, text, rowid_of) VALUES (?, ?, ?)",
            [(number, *piece) for number, piece in enumerate(texts, start=1)],
        )
        # the pieces the word tokenizer misreads, folded as in articles_fold_fts
        pieces.executemany(
            "INSERT INTO folded_pieces (rowid, text, rowid_of) VALUES (?, ?, ?)",
            [
                (number, fold(text), rowid_of)
                for number, (text, rowid_of) in enumerate(texts, start=1)
                if needs_folding(text)
            ],
        )
        # Each piece's distinct query terms; the best piece of a hit holds the most
        # (the earliest of those), and its snippet marks every one of them.
        terms_in: dict[int, set[int]] = {}
        hit_of: dict[int, int] = {}
        for number, term in enumerate(plain):
            for table, match in (("pieces", term.match), ("folded_pieces", term.folded_match)):
                if not match:
                    continue
                for rowid_of, piece in pieces.execute(
                    f"SELECT rowid_of, rowid FROM {table} WHERE {table} MATCH ?", [match]
                ):
                    terms_in.setdefault(piece, set()).add(number)
                    hit_of[piece] = rowid_of
        words_in = {
            piece: len(held) + _cjk_hits(typed, texts[piece - 1][0])
            for piece, held in terms_in.items()
        }
        best: dict[int, int] = {}
        for piece in sorted(words_in, key=lambda p: (-words_in[p], p)):
            best.setdefault(hit_of[piece], piece)
        found = {
            rowid_of: _mark_outside_marks(
                _piece_snippet(pieces, piece, texts[piece - 1][0], plain, marks), typed, marks
            )
            for rowid_of, piece in best.items()
        }
    finally:
        pieces.close()
    for rowid in rowids:
        if rowid not in found:
            body = bodies.get(rowid) or ""
            found[rowid] = _cjk_snippet(body, typed, marks) or _opening(body)
    return found


# What a snippet's highlight() marks hits with where they are mapped back to the text
# as stored: control characters, which stored text never holds (aggregator.hygiene).
_OPEN, _CLOSE = "\x02", "\x03"


def _piece_snippet(
    pieces: sqlite3.Connection,
    piece: int,
    text: str,
    terms: list[Term],
    marks: tuple[str, str],
) -> str:
    """The snippet of the best piece of a hit: FTS5's snippet() of the piece as stored,
    or, for a piece the word tokenizer misreads, its words as stored around the hits
    the folded tokenizer finds (:func:`_marked_as_stored`)."""
    if not needs_folding(text):
        any_term = " OR ".join(term.match for term in terms if term.match)
        return str(
            pieces.execute(
                f"SELECT snippet(pieces, 0, ?, ?, ' … ', {SNIPPET_WORDS}) FROM pieces "
                "WHERE pieces MATCH ? AND rowid = ?",
                [*marks, any_term, piece],
            ).fetchone()[0]
        )
    any_folded = " OR ".join(term.folded_match for term in terms)
    (marked,) = pieces.execute(
        "SELECT highlight(folded_pieces, 0, ?, ?) FROM folded_pieces "
        "WHERE folded_pieces MATCH ? AND rowid = ?",
        [_OPEN, _CLOSE, any_folded, piece],
    ).fetchone()
    return _around_first_hit(_marked_as_stored(text, marked, marks), marks)


def _marked_as_stored(text: str, marked: str, marks: tuple[str, str]) -> str:
    """``text`` with ``marks`` where ``marked`` (its folded text, hits between _OPEN and
    _CLOSE) has them: :func:`aggregator.fold.fold` changes a character into one or
    none, so the two are walked side by side. A character folded away (an Arabic
    vowel mark) stays with the letter before it, inside a hit that ends there."""
    out: list[str] = []
    at = 0
    for ch in text:
        if fold(ch):
            while at < len(marked) and marked[at] in (_OPEN, _CLOSE):
                out.append(marks[0] if marked[at] == _OPEN else marks[1])
                at += 1
            at += 1
        out.append(ch)
    out.extend(marks[0] if mark == _OPEN else marks[1] for mark in marked[at:])
    return "".join(out)


def _around_first_hit(text: str, marks: tuple[str, str]) -> str:
    """SNIPPET_WORDS words of ``text`` from just before its first hit (more while a
    hit is open), with " … " where it is cut, as FTS5's snippet() cuts."""
    words = text.split()
    first = next((i for i, word in enumerate(words) if marks[0] in word), 0)
    start = max(0, min(first - 2, len(words) - SNIPPET_WORDS))
    end = min(len(words), start + SNIPPET_WORDS)
    opened = sum(word.count(marks[0]) - word.count(marks[1]) for word in words[start:end])
    while opened > 0 and end < len(words):  # a phrase's hit goes on past the cut
        opened += words[end].count(marks[0]) - words[end].count(marks[1])
        end += 1
    return ("… " if start else "") + " ".join(words[start:end]) + (" …" if end < len(words) else "")


# A snippet around CJK words holds this many characters either side of the one it is
# cut around; an opening is cut at SNIPPET_OPENING_CHARS, as CJK text has no
# spaces to count words by.
SNIPPET_CJK_CONTEXT = 40
SNIPPET_OPENING_CHARS = 160


def _typed_words(query: SearchQuery) -> TypedWords | None:
    """The query's words as :func:`aggregator.cjk.typed_words` finds them: those of its
    CJK terms (the tokenizer misses them in CJK text), and those of its other terms
    where a CJK character touches them (a prefix is left to the tokenizer); None for
    none."""
    return typed_words(
        (word, not term.holds_cjk)
        for term in query.terms
        if term.holds_cjk or not term.prefix
        for words in term.spellings()
        for word in words
    )


def _typed_hits(words: TypedWords | None, text: str) -> list[re.Match[str]]:
    """Where ``text`` holds ``words`` (:func:`_typed_words`); none in text without a CJK
    character, which is not searched: there the tokenizer finds every word (and the
    Latin word of a term that holds CJK, alone, is no hit of that term)."""
    return list(words.finditer(text)) if words and has_cjk(text) else []


def _cjk_hits(words: TypedWords | None, text: str) -> int:
    """How many different CJK words of ``words`` ``text`` holds (what the tokenizer's
    count of a piece's terms misses)."""
    found = {hit.group().lower() for hit in _typed_hits(words, text)}
    return sum(1 for word in found if has_cjk(word))


def _mark_outside_marks(snippet: str, words: TypedWords | None, marks: tuple[str, str]) -> str:
    """``snippet`` with each of ``words`` in it between ``marks``, but for text between
    marks already (a hit of the tokenizer's: a CJK word it read whole is marked once)."""
    if words is None or not _typed_hits(words, snippet):
        return snippet
    start, end = marks
    marked = re.compile(f"{re.escape(start)}.*?{re.escape(end)}", re.DOTALL)
    pieces, done = [], 0
    for hit in marked.finditer(snippet):
        pieces += [_mark(words, snippet[done : hit.start()], marks), hit.group()]
        done = hit.end()
    return "".join([*pieces, _mark(words, snippet[done:], marks)])


def _mark(words: TypedWords, text: str, marks: tuple[str, str]) -> str:
    pieces, done = [], 0
    for hit in words.finditer(text):
        pieces += [text[done : hit.start()], marks[0], hit.group(), marks[1]]
        done = hit.end()
    return "".join([*pieces, text[done:]])


def _cjk_snippet(body: str, words: TypedWords | None, marks: tuple[str, str]) -> str | None:
    """The body around the query's ``words`` found in it as typed, each between
    ``marks``: the stretch of SNIPPET_CJK_CONTEXT characters either side of one of them
    that holds the most different ones (the earliest such), so two words near each
    other are shown together even after a lone one earlier; None when none is found."""
    hits = _typed_hits(words, body)
    if not words or not hits:
        return None
    window, most = (0, 0), 0
    held: dict[str, int] = {}  # the words of the stretch around hits[i], by how often
    left = right = 0
    for hit in hits:
        start, end = hit.start() - SNIPPET_CJK_CONTEXT, hit.end() + SNIPPET_CJK_CONTEXT
        while right < len(hits) and hits[right].end() <= end:
            word = hits[right].group().lower()
            held[word] = held.get(word, 0) + 1
            right += 1
        while hits[left].start() < start:
            word = hits[left].group().lower()
            held[word] -= 1
            if not held[word]:
                del held[word]
            left += 1
        if len(held) > most:
            window, most = (max(0, start), min(len(body), end)), len(held)
    start, end = window
    excerpt = _mark(words, body[start:end], marks)
    return ("… " if start else "") + " ".join(excerpt.split()) + (" …" if end < len(body) else "")


def _opening(body: str) -> str:
    """The body's first words, unmarked: at most SNIPPET_WORDS, SNIPPET_OPENING_CHARS."""
    start = body.split(maxsplit=SNIPPET_WORDS)
    opening = " ".join(start[:SNIPPET_WORDS])
    if len(opening) > SNIPPET_OPENING_CHARS:
        return opening[:SNIPPET_OPENING_CHARS] + " …"
    return opening + (" …" if len(start) > SNIPPET_WORDS else "")


_WEIGHTS = "5.0, 1.0"  # bm25's column weights: the headline five times the body
