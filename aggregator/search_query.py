"""What a reader's search text means, read once for every reader of a query.

``aggregator search``, the web view's search and the alerts' saved searches
all read their text with :func:`parse_query`, and only its FTS5 expressions
(:attr:`SearchQuery.match`, :attr:`SearchQuery.excluding`) reach SQLite. The
syntax is the part readers of news archives expect:

* plain words, all required (``coffee frost``);
* ``"second summit"``: a phrase, its words adjacent and in order (typographic
  quotes, ``“second summit”``, make one too, but inside a ``"`` phrase they are
  symbols, ignored);
* ``summ*``: a prefix, of at least :data:`MIN_PREFIX` characters in the word's
  last part (``W-abc*``; ``W.x*`` would be the one-letter prefix ``"w x"*``);
* ``OR`` in capitals between two terms: either; it binds tighter than the
  implicit AND, so ``a b OR c`` is a AND (b OR c);
* ``-word`` or ``-"a phrase"``, at the start or after a space: stories with it
  are left out (a query of exclusions alone has nothing to search for:
  :attr:`SearchQuery.problem`).

Anything else FTS5 would read (column filters, ``NEAR``, ``AND``/``NOT``,
``^``, parentheses) is never interpreted: its letters are words, its symbols
are ignored, and :attr:`SearchQuery.notice` says so in one line. Every word is
written into the expression between double quotes, which cannot occur inside
it, so no text a reader types is read by FTS5 as syntax.

``ß`` and ``ss``: FTS5's unicode61 tokenizer folds case and accents but not
``ß``, so ``strasse`` would miss ``Straße``. Each place in a term (a word or
a phrase) spelled ``ß`` or ``ss`` is searched both ways: as typed, then all
``ss``, then all ``ß``, then mixed, at most :data:`MAX_SPELLINGS` spellings a
term, as alternatives inside the expression (the index is not rebuilt).

German umlauts: ``Mueller`` and ``Müller`` are one name, written with the digraph
where a keyboard or an agency's wire has no ``ü``; the tokenizer reads ``Müller`` as
``muller``. Each term is searched as typed, with its umlauts as digraphs, and with its
digraphs that may write an umlaut (:func:`umlaut_spelling`: at the start of a word or
after a consonant, not ending it) as umlauts; a prefix without the last (``Muel*``
would be ``mul*``). Each of those has its ß/ss spellings.

Chinese, Japanese and Korean: a term holding such characters is also searched
in the CJK index (:attr:`SearchQuery.cjk_match`, :attr:`SearchQuery.cjk_excluding`),
as the phrase of its character pairs (:mod:`aggregator.cjk`); the expressions
for ``articles_fts`` stay as they are, so a query without CJK is searched as
before.

Letters FTS5's tokenizer misreads (``ё``, ``ı``, ``ł``, Arabic hamza forms and
vowel marks) and words holding a combining mark (a Devanagari vowel sign), which
it reads as a space: a word holds its marks here, and every term is searched in
the folded index folded (:attr:`SearchQuery.folded_match`,
:mod:`aggregator.fold`), and in ``articles_fts`` as typed and folded, but for a
spelling holding a mark, which only the folded index reads as one word.

Pure: no SQLite here, so the config can check an alert's query when it is read.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from aggregator.cjk import has_cjk, phrase_tokens
from aggregator.fold import MARK_CLASS, fold, has_mark

# More words make no better search and cost a doclist read each.
MAX_QUERY_WORDS = 12
# A watchlist of names OR'ed (an alert on an index's companies) needs more: the words
# joined to the one before by OR may bring the query to this many. The cost stays
# bounded (a doclist read a word, as for the required ones).
MAX_OR_WORDS = 40
# A shorter prefix matches a large part of the vocabulary: a doclist read per term.
MIN_PREFIX = 3
# Spellings of one term (the typed one included) the ß/ss rule may add up to.
MAX_SPELLINGS = 4
# Words a note names, each once, before "and N more": a note is one line.
NOTED_WORDS = 5

# A combining mark is part of its word (a Devanagari vowel sign, an Arabic shadda),
# as in the folded index (aggregator.fold); Python's \w holds none of them. So is a
# zero-width non-joiner or joiner (Persian می‌خواهد), which fold() leaves out.
_JOINERS = "\u200c\u200d"
# A symbol between two word characters (3.5, U.S, AT&T, 9/11, O’Brien with a typographic
# apostrophe) keeps them one word: quoted, FTS5 reads it as the phrase of its parts
# ("3 5"), as it tokenizes the same text when indexing, so 3.5% is not 3 AND 5.
_INNER = ".’&/"
_WORD = re.compile(rf"\w(?:[\w{MARK_CLASS}{_JOINERS}'-]|[{_INNER}](?=\w))*")
# Typographic double quotes (English “…”, German „…“, French «…», full-width ＂) are
# phrase quotes, as a phone's smart punctuation or a pasted document writes them.
_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»＂", '"'))
# ‘…’ around words, where ’ is not an apostrophe inside a word (O’Brien).
_SINGLE_QUOTED = re.compile(r"(?<!\w)‘([^‘’\"]*?)’(?!\w)")
# A column filter as FTS5 would read it (headline:quake): never one here.
_COLUMN = re.compile(r"(?<![\w:])([^\W\d_]\w*):(?=[\w\"])")
# Words FTS5 would read as operators; searched as words here (only OR is ours).
_FTS_KEYWORDS = ("AND", "NOT", "NEAR")
_OR = "OR"


@dataclass(frozen=True)
class Term:
    """A word, a prefix (``prefix``: the word's start) or a phrase (several words in order)."""

    words: tuple[str, ...]
    prefix: bool = False

    def spellings(self) -> tuple[tuple[str, ...], ...]:
        """The term's word sequences to search: as typed, then its ß/ss spellings, then
        those of its German umlaut spellings (:func:`umlaut_spellings`)."""
        found: dict[tuple[str, ...], tuple[str, ...]] = {}
        for words in umlaut_spellings(self.words, self.prefix):
            for spelled in _spellings(words):
                found.setdefault(_folded(spelled), spelled)
        return tuple(found.values())

    def word_index_spellings(self) -> tuple[tuple[str, ...], ...]:
        """The spellings to search in the word indexes (``articles_fts``, the CJK one):
        each as typed and folded (:func:`aggregator.fold.fold`: ``Iğdır`` finds
        ``IĞDIR`` as ``Iğdir``), but none holding a combining mark, which those
        indexes read as a space (``दिल्ली`` would be the phrase ``द ल ल``)."""
        found: dict[tuple[str, ...], tuple[str, ...]] = {}
        for words in self.spellings():
            for spelled in (words, tuple(fold(word) for word in words)):
                if not any(has_mark(word) for word in spelled):
                    found.setdefault(_folded(spelled), spelled)
        return tuple(found.values())

    def folded_spellings(self) -> tuple[tuple[str, ...], ...]:
        """The spellings to search in the folded index (``articles_fold_fts``), folded
        as its text is."""
        found: dict[tuple[str, ...], tuple[str, ...]] = {}
        for words in self.spellings():
            spelled = tuple(fold(word) for word in words)
            found.setdefault(_folded(spelled), spelled)
        return tuple(found.values())

    @cached_property
    def match(self) -> str:
        """The term as an FTS5 expression over ``articles_fts``: its spellings there as
        quoted strings, OR'ed; "" when it has none (it holds a combining mark, and only
        the folded index can find it). Kept once built (as are the two below): the
        snippet step asks each term of a hit for it again, piece by piece."""
        return self._expression(self.word_index_spellings())

    @cached_property
    def folded_match(self) -> str:
        """The term as an FTS5 expression over the folded index."""
        return self._expression(self.folded_spellings())

    def _expression(self, spellings: tuple[tuple[str, ...], ...]) -> str:
        star = "*" if self.prefix else ""
        return _either([f'"{" ".join(words)}"{star}' for words in spellings])

    @property
    def holds_cjk(self) -> bool:
        """Does a word of the term hold a Chinese, Japanese or Korean character?"""
        return any(has_cjk(word) for word in self.words)

    @cached_property
    def cjk_match(self) -> str:
        """The term as an FTS5 expression over the CJK index: each spelling as the phrase
        of its tokens there (:func:`aggregator.cjk.phrase_tokens`), OR'ed."""
        options: dict[str, None] = {}
        for words in self.word_index_spellings():
            tokens, prefix = phrase_tokens(words, self.prefix)
            options['"' + " ".join(tokens) + '"' + ("*" if prefix else "")] = None
        return _either(list(options))

    @property
    def shown(self) -> str:
        """The term as a reader would type it."""
        if len(self.words) > 1:
            return '"' + " ".join(self.words) + '"'
        word = self.words[0]
        quoted = f'"{word}"' if word in (_OR, *_FTS_KEYWORDS) else word
        return quoted + ("*" if self.prefix else "")


# Where a word may be spelled with ß or with ss: each such place is its own choice.
_SHARP_S = re.compile("(?i)ss|ß|ẞ")


def _spellings(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """``words`` as typed, then with every ß-or-ss place spelled ``ss``, then ``ß``, then
    mixed (each place its own choice, across the words of a phrase), at most
    ``MAX_SPELLINGS`` distinct spellings in all."""
    pieces = [_SHARP_S.split(word) for word in words]
    places = sum(len(parts) - 1 for parts in pieces)
    if not places:
        return (words,)
    choices = itertools.chain(
        [("ss",) * places, ("ß",) * places], itertools.product(("ss", "ß"), repeat=places)
    )
    spellings = {_folded(words): words}  # the index folds case: STRAssE is STRASSE
    for choice in choices:
        if len(spellings) >= MAX_SPELLINGS:
            break
        spelled = _spelled(pieces, iter(choice))
        spellings.setdefault(_folded(spelled), spelled)
    return tuple(spellings.values())


# German umlauts and the digraphs that write them without one (Müller is Mueller on an
# agency's wire or an ASCII keyboard), lower and upper case.
_DIGRAPHS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
_UMLAUT = re.compile("[" + "".join(_DIGRAPHS) + "]")
# A digraph that may stand for an umlaut: at the start of a word (or of a part after a
# symbol, Oehler) or after a consonant, not after a vowel (neue, Bauer, Feuer are German
# as spelled) nor qu (Quelle, querhaus); and not ending the word (blue, due, toe, Joe)
# nor before a final s (does, goes, issues): benchmarks/translit_words.py measured
# those as the false matches (docs/benchmarks.md).
_VOWELS = "aeiouyäöüàáâãåèéêëìíîïòóôõùúûý"
_DIGRAPH = re.compile(rf"(?i)(?<![{_VOWELS}])(?!(?<=q)u)([aou])e(?!s?(?:\W|$))")
_UMLAUT_OF = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}
# Words of other languages the rule above reads as umlauts whose spelling is a common
# word: on the benchmark texts each of these added one standing in 10 or more texts
# (Italian aerea -> area, Norwegian noen -> non, Joey -> joy, Joel -> jol), every other
# in fewer (benchmarks/translit_words.py).
_NOT_UMLAUTS = frozenset({"aerea", "noen", "joey", "joel"})


def umlaut_spelling(word: str) -> str:
    """``word`` with each digraph that may write an umlaut spelled with it (``Mueller``
    is ``Müller``, ``Goethe`` ``Göthe``; ``blue``, ``neue``, ``Bauer`` stay)."""
    if word.lower() in _NOT_UMLAUTS:
        return word
    return _DIGRAPH.sub(lambda found: _UMLAUT_OF[found.group(1)], word)


def digraph_spelling(word: str) -> str:
    """``word`` with its umlauts written as digraphs (``Müller`` is ``Mueller``)."""
    return _UMLAUT.sub(lambda found: _DIGRAPHS[found.group()], word)


def umlaut_spellings(words: tuple[str, ...], prefix: bool = False) -> tuple[tuple[str, ...], ...]:
    """``words`` as typed, then with every umlaut written as a digraph, then with every
    digraph that may write one as the umlaut (:func:`umlaut_spelling`), the distinct ones.
    The word index reads ``ü`` as ``u``, so ``Mueller`` finds ``Müller`` (and ``Muller``),
    and ``Müller`` finds ``Mueller``. A prefix gets no umlaut spelling: shorter by a letter
    and without its accent there, ``Muel*`` would be ``mul*`` (``multiple``)."""
    spellings = {_folded(words): words}
    forms = [digraph_spelling] if prefix else [digraph_spelling, umlaut_spelling]
    for form in forms:
        spelled = tuple(form(word) for word in words)
        spellings.setdefault(_folded(spelled), spelled)
    return tuple(spellings.values())


def _folded(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word.lower() for word in words)


def _spelled(pieces: list[list[str]], choice: Iterator[str]) -> tuple[str, ...]:
    """The words split at their ß-or-ss places, joined again with ``choice``'s spellings."""
    return tuple(parts[0] + "".join(next(choice) + part for part in parts[1:]) for parts in pieces)


@dataclass(frozen=True)
class SearchQuery:
    """A reader's query as read: required groups of alternatives, and exclusions.

    ``groups``: every group must match, one term of it (terms joined by ``OR``);
    ``excluded``: a story matching any is left out. ``notice`` says in one line
    what of the text was not searched as typed (None when everything was);
    ``changes_search``: whether it says more than that symbols were ignored (a word
    read other than as an operator or filter, a bound, a quote or OR without its
    pair, a prefix too short): what an alert's owner is warned of.
    """

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()
    notice: str | None = None
    changes_search: bool = False

    @property
    def terms(self) -> tuple[Term, ...]:
        """The terms a match holds one of per group (what a snippet marks)."""
        return tuple(term for group in self.groups for term in group)

    @property
    def words(self) -> tuple[str, ...]:
        """Every word searched for (not those excluded), in the order typed."""
        return tuple(word for term in self.terms for word in term.words)

    @property
    def problem(self) -> str | None:
        """Why the query cannot be searched (None when it can): no word at all, or
        exclusions alone, which FTS5 cannot run (it finds rows, never "all but")."""
        if self.groups:
            return None
        if self.excluded:
            return "only excludes words: give a word to search for too"
        return "holds no word to search for"

    @property
    def match(self) -> str:
        """The FTS5 expression of what is searched for in ``articles_fts`` (the exclusions
        are not in it: see :attr:`excluding`); empty when there is nothing to search for
        (:attr:`problem`), or when a group's terms all hold a combining mark, which only
        :attr:`folded_match` finds."""
        return _all_of(self.groups, lambda term: term.match)

    @property
    def excluding(self) -> str:
        """The FTS5 expression of the excluded terms ("" when none): a story is left out
        when any copy of it matches, so it is applied per story, not per article (FTS5's
        ``a NOT b`` would keep a story through a copy that lacks the word)."""
        return _any_of(self.excluded, lambda term: term.match)

    @property
    def folded_match(self) -> str:
        """What is searched for, as an FTS5 expression over the folded index, which holds
        the folded text of every article the word index misreads (aggregator.fold)."""
        return _all_of(self.groups, lambda term: term.folded_match)

    @property
    def folded_excluding(self) -> str:
        """The excluded terms, over the folded index ("" when none)."""
        return _any_of(self.excluded, lambda term: term.folded_match)

    @property
    def cjk_match(self) -> str:
        """What is searched for, as an FTS5 expression over the CJK index, which holds the
        whole text of every article with CJK characters; "" when no term searched for
        holds one (``articles_fts`` then finds every match)."""
        if not any(term.holds_cjk for term in self.terms):
            return ""
        return _all_of(self.groups, lambda term: term.cjk_match)

    @property
    def cjk_excluding(self) -> str:
        """The excluded terms holding CJK characters, over the CJK index ("" when none):
        an article without such characters cannot hold them."""
        return _any_of(
            [term for term in self.excluded if term.holds_cjk], lambda term: term.cjk_match
        )

    @property
    def shown(self) -> str:
        """The query as it is searched, in the reader's syntax (groups in parentheses)."""
        parts = [
            group[0].shown
            if len(group) == 1
            else "(" + " OR ".join(term.shown for term in group) + ")"
            for group in self.groups
        ]
        return " ".join(parts + ["-" + term.shown for term in self.excluded])


def _either(options: list[str]) -> str:
    """FTS5 expressions OR'ed ("" for none)."""
    if len(options) <= 1:
        return "".join(options)
    return "(" + " OR ".join(options) + ")"


def _any_of(terms: Sequence[Term], expression: Callable[[Term], str]) -> str:
    """The terms' expressions over one index, OR'ed, leaving out those with none there."""
    return _either([found for term in terms if (found := expression(term))])


def _all_of(groups: Sequence[tuple[Term, ...]], expression: Callable[[Term], str]) -> str:
    """Every group's expression over one index, AND'ed; "" when a group has none there
    (no article of that index can match them all)."""
    matches = []
    for group in groups:
        either = _any_of(group, expression)
        if not either:
            return ""
        matches.append(either)
    return " AND ".join(matches)


@dataclass
class _Reading:
    """What the scan of a query's text found, in order, and what it set aside."""

    items: list[Term | str]  # the terms and ORs, in the order typed
    excluded_at: set[int]  # indexes in ``items`` of the terms to leave out
    ignored: set[str]
    notes: list[str]
    short_prefixes: list[str]  # words typed with * that are too short to be a prefix
    split_words: list[str] = field(default_factory=list)  # a*b: "a*b searched as a* b"
    doubled_or: bool = False  # an OR right after another, read as one


def parse_query(text: str) -> SearchQuery:
    """``text`` as a :class:`SearchQuery` (the syntax is in this module's docstring).

    An unmatched ``"`` is dropped and the text after it read as words; a prefix
    of fewer than ``MIN_PREFIX`` characters is the word as typed; an ``OR`` with
    no term on one side is ignored; at most ``MAX_QUERY_WORDS`` words (excluded
    ones included) are kept. Each is said in :attr:`SearchQuery.notice`.
    """
    # NUL, controls, newlines (and the other invisible characters) are spaces
    text = "".join(ch if ch.isprintable() or ch in _JOINERS else " " for ch in text)
    reading = _Reading([], set(), set(), [], [])
    text = _paired_quotes(text, reading)
    _scan(text, reading)
    if reading.split_words:
        reading.notes.append(f"* ends a prefix ({_some(reading.split_words)})")
    if reading.short_prefixes:
        words = _some(reading.short_prefixes)
        reading.notes.append(
            f"a prefix needs {MIN_PREFIX} letters before * ({words} searched as typed)"
        )
    _bound_words(reading)
    groups, excluded = _group(reading)
    keywords = sorted({w for t in _terms(reading) for w in t.words if w in _FTS_KEYWORDS})
    if keywords:
        kind = "a word" if len(keywords) == 1 else "words"
        reading.notes.append(f"{' '.join(keywords)} searched as {kind} (only OR is an operator)")
    changes_search = bool(reading.notes)
    if reading.ignored:
        reading.notes.insert(0, "ignored " + " ".join(sorted(reading.ignored)))
    query = SearchQuery(tuple(groups), tuple(excluded))
    if reading.notes and query.groups:
        notice = "; ".join(reading.notes) + ": searched for " + query.shown
        query = SearchQuery(query.groups, query.excluded, notice, changes_search)
    return query


# An ASCII phrase, read first: the quotes inside it are symbols, not phrase quotes.
_ASCII_PHRASE = re.compile(r'"[^"]*"')


def _paired_quotes(text: str, reading: _Reading) -> str:
    """``text`` with its phrase quotes all ASCII and paired, noting the column filters
    outside phrases and an unmatched quote. Typographic quotes make a phrase only outside
    an ASCII one (inside, as in a pasted headline quoting someone, they are symbols)."""
    pieces: list[str] = []
    masked: list[str] = []  # the text with its phrases emptied: where a column filter is
    unmatched = False
    at = 0
    for phrase in [*_ASCII_PHRASE.finditer(text), None]:
        top = text[at : phrase.start() if phrase else len(text)]
        top = _SINGLE_QUOTED.sub(r'"\1"', top.translate(_QUOTES))
        masked += [_ASCII_PHRASE.sub('""', top), '""' if phrase else ""]
        if top.count('"') % 2:  # a quote without its pair: the words after it are words
            cut = top.rfind('"')
            top, unmatched = top[:cut] + " " + top[cut + 1 :], True
        pieces += [top, phrase.group() if phrase else ""]
        at = phrase.end() if phrase else len(text)
    names = list(dict.fromkeys(_COLUMN.findall("".join(masked))))
    reading.notes += [
        f"{name}: is not a column filter ({name} is searched as a word)"
        for name in names[:NOTED_WORDS]
    ]
    if len(names) > NOTED_WORDS:
        reading.notes.append(f"{len(names) - NOTED_WORDS:,} more words before a : too")
    if unmatched:
        reading.notes.append('an unmatched " (the words after it are read as words)')
    return "".join(pieces)


def _scan(text: str, reading: _Reading) -> None:
    """Read ``text`` left to right into terms, ORs and exclusion markers."""
    at = 0
    while at < len(text):
        ch = text[at]
        if ch.isspace():
            at += 1
            continue
        # "-" starts an exclusion at the start of the text or after a space, when a
        # phrase or a word follows it at once; elsewhere (`(-council)`, `a,-b`, `--b`)
        # it is a symbol, ignored, as it was before exclusions were read
        exclude = (
            ch == "-"
            and (at == 0 or text[at - 1].isspace())
            and (text.startswith('"', at + 1) or _is_word(text, at + 1))
        )
        start = at + 1 if exclude else at
        term, at = _read_term(text, start, reading)
        if term is None:  # a symbol, an empty phrase, a "-" before neither
            reading.ignored.add(ch)
            continue
        if term == _OR and exclude:  # -OR: the word, left out
            term = Term((_OR,))
        if term == _OR and reading.items and reading.items[-1] == _OR:
            reading.doubled_or = True
            continue
        if exclude:
            reading.excluded_at.add(len(reading.items))
        reading.items.append(term)


def _is_word(text: str, at: int) -> bool:
    return _WORD.match(text, at) is not None


def _read_term(text: str, at: int, reading: _Reading) -> tuple[Term | str | None, int]:
    """The term starting at ``at`` (a phrase or a word; ``_OR`` for the operator: an
    ``OR`` in capitals, unquoted), and where the scan goes on. A quoted ``"OR"`` is
    the word."""
    if text[at] == '"':
        end = text.index('"', at + 1)  # quotes are balanced by now
        inside = text[at + 1 : end]
        words = tuple(_WORD.findall(inside))
        reading.ignored.update(ch for ch in _WORD.sub(" ", inside) if not ch.isspace())
        return (Term(words) if words else None), end + 1
    found = _WORD.match(text, at)
    if found is None:
        return None, at + 1
    word, end = found.group(), found.end()
    if word == _OR:
        return _OR, end
    if end < len(text) and text[end] == "*":
        if (after := _WORD.match(text, end + 1)) is not None:
            reading.split_words.append(
                f"{word}*{after.group()} searched as {word}* {after.group()}"
            )
        # FTS5 reads W.x* as the phrase "W x"*: its prefix is the word's last part
        if len(_PART.findall(word)[-1]) >= MIN_PREFIX:
            return Term((word,), prefix=True), end + 1
        # A word ending in CJK (서울*, 外*) is found inside longer runs with or without
        # the *, by the CJK index's character pairs: nothing to say of it.
        if not has_cjk(word[-1]):
            reading.short_prefixes.append(word)
        return Term((word,)), end + 1
    return Term((word,)), end


def _some(words: list[str]) -> str:
    """``words`` for a note, each once, the first ``NOTED_WORDS`` of them and how many
    more: a query of 30,000 ``a*a`` made a 1.2 MB note (QA readers 52)."""
    distinct = list(dict.fromkeys(words))
    shown = ", ".join(distinct[:NOTED_WORDS])
    more = len(distinct) - NOTED_WORDS
    return f"{shown} and {more:,} more" if more > 0 else shown


def _terms(reading: _Reading) -> list[Term]:
    return [item for item in reading.items if isinstance(item, Term)]


def _bound_words(reading: _Reading) -> None:
    """Keep the items up to ``MAX_QUERY_WORDS`` words, or ``MAX_OR_WORDS`` where the
    words past the first bound are each joined by OR to the term before (a phrase cut
    at the bound, an OR the cut leaves at the end dropped). A word is as many words as
    FTS5 reads in it (``3.5`` is two, ``a-b-c`` three)."""
    total = sum(_size(term) for term in _terms(reading))
    if total <= MAX_QUERY_WORDS:
        return
    kept: list[Term | str] = []
    words = required = 0
    for index, item in enumerate(reading.items):
        if isinstance(item, Term):
            room = MAX_OR_WORDS - words
            alternative = _joins_previous(reading, index)
            if not alternative:
                room = min(room, MAX_QUERY_WORDS - required)
            if room <= 0:
                break
            item = _cut(item, room)
            words += _size(item)
            required += 0 if alternative else _size(item)
        kept.append(item)
    while kept and kept[-1] == _OR:
        kept.pop()
    reading.items = kept
    if words < total:
        reading.notes.append(
            f"only the first {words} of {total} words are searched (at most "
            f"{MAX_QUERY_WORDS}, or {MAX_OR_WORDS} with words joined by OR)"
        )


# The parts of a word FTS5 reads as words of a phrase: between its symbols.
_PART = re.compile(rf"[^{_INNER}'-]+")


def _size(term: Term) -> int:
    """How many words FTS5 reads in ``term``."""
    return sum(len(_PART.findall(word)) for word in term.words)


def _cut(term: Term, room: int) -> Term:
    """``term`` cut to its first ``room`` words as FTS5 reads them (at least one)."""
    if _size(term) <= room:
        return term
    words: list[str] = []
    for word in term.words:
        parts = list(_PART.finditer(word))
        if len(parts) > room:
            if room:
                words.append(word[: parts[room - 1].end()])
            break
        words.append(word)
        room -= len(parts)
    return Term(tuple(words))


def _joins_previous(reading: _Reading, index: int) -> bool:
    """Is the term at ``index`` an alternative of the one before (an OR between, neither
    excluded)?"""
    items, excluded = reading.items, reading.excluded_at
    return (
        index >= 2
        and items[index - 1] == _OR
        and isinstance(items[index - 2], Term)
        and not {index, index - 2} & excluded
    )


def _group(reading: _Reading) -> tuple[list[tuple[Term, ...]], list[Term]]:
    """The required groups (terms joined by OR) and the excluded terms.

    An OR joins the terms right before and after it when both are searched for
    (not excluded); any other OR is ignored, with a note.
    """
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    joins = False
    dangling = False
    previous_required = False
    for index, item in enumerate(reading.items):
        if item == _OR:
            nxt = index + 1
            follows = (
                nxt < len(reading.items)
                and isinstance(reading.items[nxt], Term)
                and nxt not in reading.excluded_at
            )
            if previous_required and follows:
                joins = True
            else:
                dangling = True
            previous_required = False
            continue
        assert isinstance(item, Term)
        if index in reading.excluded_at:
            excluded.append(item)
            previous_required = False
            joins = False
            continue
        if joins:
            groups[-1].append(item)
        else:
            groups.append([item])
        joins = False
        previous_required = True
    if reading.doubled_or:
        reading.notes.append("a doubled OR was read as one")
    if dangling:
        reading.notes.append("an OR without a term on each side was ignored")
    return [tuple(dict.fromkeys(group)) for group in groups], list(dict.fromkeys(excluded))
