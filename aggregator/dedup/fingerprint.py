"""Text fingerprints for wire-copy detection: built once per article, stored, never recomputed.

A :class:`TextProfile` holds what both later steps need:

* ``band_keys`` for candidate lookup (signed 64-bit integers, an indexed ``dedup_keys`` table):
  the first ``bands`` are MinHash LSH band keys, which find near-identical copies; the rest
  are *anchor* keys, a content-defined
  sample of word shingles (a shingle is an anchor when its hash falls in a fixed residue
  class, so two texts sharing a passage share the same anchors whatever surrounds it). Anchors
  find briefs, truncations and rewrites whose Jaccard similarity is far below any LSH
  threshold; they are what lets a three-paragraph brief or a newspaper rewrite meet the wire.
* the cleaned token sequence (as 32-bit hashes) and paragraph boundaries, from which the
  verifier derives shingle sets and aligned passages without re-reading the article.

Cleaning removes what republishing sites add around wire text (datelines such as
``LONDON (Reuters) -``, "Read more:" boxes, app/newsletter/comment prompts, photo captions)
so that it cannot make copies look different or unrelated texts look alike.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import html
import json
import re
import unicodedata
import zlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from aggregator.cjk import CJK_CLASS, has_cjk, run_bigrams
from aggregator.config import DedupSettings
from aggregator.fold import fold_accents
from aggregator.schema import PrebuiltProfile, content_hash

# 4: words are compared without their Latin diacritics, as the word index reads them
# (aggregator.fold.fold_accents: "Élise" is "elise"; Vietnamese text keeps them), and
# guillemets «» ‹› quote; a text with no letter fold_accents changes and no such mark has
# the same profile in formats 3 and 4 (migration m026 rebuilds the others).
# 3: a run of Chinese, Japanese or Korean characters is read as its character pairs, and
# the profile says which tokens are such pairs ("cjk"); format 2 read a run as one word.
# A text with no CJK character has the same profile in both (migration m015 rebuilds the
# others). 2: lookup keys are signed 64-bit integers, stored packed; format 1 kept them as
# text ("b07:<crc32><adler32>", "a:<shingle hash>"), which key_from_text converts exactly.
PROFILE_VERSION = 4
_READABLE_VERSIONS = (1, 2, 3, 4)

# --- cleaning ------------------------------------------------------------------------

_AGENCIES = (
    r"Reuters|AP|AFP|PA|BBC|UPI|dpa|DPA|Bloomberg|ANI|IANS|PTI|Xinhua|EFE|ANSA|Kyodo|"
    r"Yonhap|CNA|AAP|CP|Press Association|Associated Press|Agence France-Presse"
)
# "LONDON (Reuters) - ", "WASHINGTON, Jan 5 (Reuters) -", "(AP) — ", "PARIS (AFP) --"
_DATELINE_AGENCY = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'’ -]{1,40}(?:,\s*[A-Za-z. ]{1,30})?(?:,\s*\w{3,9}\.? \d{1,2})?\s*)?"
    r"\((?:" + _AGENCIES + r")\)\s*(?:[-–—]{1,2}|:)\s*"
)
# "LONDON - ", "NEW YORK, March 3 — " (upper-case place names only, so real sentences survive)
_DATELINE_PLAIN = re.compile(
    r"^\s*[A-Z][A-Z.'’ -]{2,30}(?:,\s*[A-Z][A-Za-z. ]{1,30})?(?:,\s*\w{3,9}\.? \d{1,2})?"
    r"\s*(?:[-–—]{1,2})\s+"
)
_BYLINE_LINE = re.compile(r"^\s*(?:by|written by|words by|reporting by)\s+[^.!?]{2,120}$", re.I)
# Whole paragraphs that are site furniture, not article text.
_BOX = re.compile(
    r"^\s*(?:read (?:more|also|next)\b|also read\b|more\s*:|related\s*:|"
    r"related (?:articles|stories|coverage)\b|"
    r"see also\b|trending\b|you may also like\b|recommended\b|most read\b|latest news\b|"
    r"follow us\b|download (?:our|the) app\b|sign up\b|subscribe\b|get the (?:best|latest)\b|"
    r"click here\b|share this\b|print this page\b|comments?\s*\(\d+\)|\d+\s*comments?$|"
    r"story continues below\b|advertisement$|\d+\s*min(?:ute)?s? read$|updated\s*:|published\s*:|"
    r"disclaimer\s*:|last updated\b|font size\b|editor['’]?s note\s*:|home\s*[»>›]|"
    r"author profile$|about the author$|"
    r"photo\s*:|image\s*:|watch\s*:|listen\s*:|copyright\b|©|all rights reserved|"
    r"join our\b|whatsapp\b|newsletter\b|tags?\s*:)",
    re.I,
)
_CAPTION = re.compile(r"\bpictured\b.{0,60}\bphoto\s*:", re.I)
# Curly quotes as straight ones. Guillemets open a quote pointing either way (French and
# Spanish «…», German and Danish »…«, Swedish »…»), so «» are double quotes, which
# toggle, and ‹› single ones, which open before a word and close after one: an inner
# ›…‹ in a German »…« quote nests, and a spaced French ‹ … › leaves the outer quote on.
_QUOTES = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛‹›", "'"),
        **dict.fromkeys("“”„‟«»", '"'),
    }
)
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Group 1 is the gap between two sentences. Matching the end mark itself rather than
# looking behind for it lets the scan skip ahead, about three times faster.
_SENTENCE_GAP = re.compile(r"[.!?]([\"')\]]*\s+)(?=[\"'(\[]?[A-Z0-9])")
# In text with CJK characters a sentence also ends at 。！？ (！？ are ASCII after NFKC)
# with whatever closes a quote after it, and the next one follows with no space.
_CJK_SENTENCE_GAP = re.compile(_SENTENCE_GAP.pattern + r"|[。!?]([」』\"')\]]*\s*)")

# Function words: shingles made only of these are common to all English text, so they are
# never anchors and never count as evidence of copying on their own.
_STOPWORD_LIST = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours said says say told tells mr
    mrs ms would one two new last year years today yesterday on monday tuesday wednesday
    thursday friday saturday sunday
"""
STOPWORDS = frozenset(_STOPWORD_LIST.split())


def clean_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """The article text without datelines, credit lines and site furniture."""
    out: list[str] = []
    for raw in paragraphs:
        # ASCII is already NFKC and has no curly quotes; most paragraphs have no entity.
        text = raw if raw.isascii() else unicodedata.normalize("NFKC", raw)
        if "&" in text:
            text = html.unescape(text)
        text = text.strip()
        if not text:
            continue
        if not out:  # datelines only open the first kept paragraph
            text = _DATELINE_AGENCY.sub("", text, count=1)
            text = _DATELINE_PLAIN.sub("", text, count=1)
        # The substring test spares nearly every paragraph the caption scan; text that is
        # not ASCII is always scanned (re.I also matches "ı" and "İ" for "i").
        if _BOX.match(text) or (
            ("pictured" in text.lower() or not text.isascii()) and _CAPTION.search(text)
        ):
            continue
        if _BYLINE_LINE.match(text) and len(text) < 140:
            continue
        if "|" in text and len(text) < 120 and re.match(r"^\s*by\b", text, re.I):
            continue  # "By Mateo Young | site | 24 October"
        # Quotes are straightened once furniture is gone: "Home » News" is a breadcrumb.
        out.append(text if text.isascii() else text.translate(_QUOTES))
    return out


def split_paragraphs(body: str | Sequence[str]) -> list[str]:
    """Paragraphs of a body given as one string (blank-line separated) or as a list."""
    if isinstance(body, str):
        return [p for p in re.split(r"\n\s*\n|\r\n\s*\r\n", body) if p.strip()]
    return [p for p in body if p and p.strip()]


def tokenize(text: str) -> list[str]:
    """Casefolded word tokens without their accents (:func:`aggregator.fold.fold_accents`:
    "Élise" -> "elise"); apostrophes inside words are dropped ("world's" -> "worlds").

    A run of Chinese, Japanese or Korean characters is read as its overlapping character
    pairs (:func:`aggregator.cjk.run_bigrams`): those languages do not space their words
    (or, in Korean, glue particles to them), and pairs are what an edited copy shares.
    """
    folded = _folded(text)
    if has_cjk(folded):
        return _words(folded)
    tokens: list[str] = _TOKEN.findall(folded)
    # Most paragraphs have no apostrophe: their tokens need no pass to drop one.
    return [t.replace("'", "") for t in tokens] if "'" in folded else tokens


# Quotation marks: a double quote, a single quote that opens (before a word, not after one)
# or one that closes (after a word or end punctuation, not before a word). None of these
# can fall inside a token, so tokens can be read between them a stretch at a time.
_QUOTE_MARK = re.compile(r"(\")|((?<![\w'])'(?=\w))|((?<=[\w.,!?])'(?!\w))")
# Text that is not ASCII may also quote in corner brackets (Japanese 「」, and 『』 for a
# quote inside one); Chinese “” are double quotes by now (clean_paragraphs). They say
# which side they are, so they nest.
_QUOTE_MARK_WIDE = re.compile(_QUOTE_MARK.pattern + r"|([「『])|([」』])")
_DOUBLE, _OPEN, _CLOSE, _CORNER_OPEN = 1, 2, 3, 4  # the marks' groups; the fifth closes a corner
# After apostrophes are dropped a token is a plain run of letters and digits.
_WORD = re.compile(r"[^\W_]+")
# A run of CJK characters, or of other letters and digits ("G20峰会" is "g20" and "峰会").
_CJK_OR_WORD = re.compile(f"([{CJK_CLASS}]+)|[^\\W_{CJK_CLASS}]+")
# ASCII text (nearly all English news) is split by str.translate and str.split, two to
# three times faster than the regex, into the same runs of letters and digits.
_ASCII_GAPS = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()} | {"'": None})


def _words(text: str) -> list[str]:
    """The runs of letters and digits of ``text`` once its apostrophes are dropped."""
    if text.isascii():
        return text.translate(_ASCII_GAPS).split()
    text = text.replace("'", "")
    if not has_cjk(text):
        return _WORD.findall(text)
    words: list[str] = []
    for run in _CJK_OR_WORD.finditer(text):
        if run.group(1):
            words += run_bigrams(run.group(1))
        else:
            words.append(run.group())
    return words


def quoted_runs(text: str) -> list[tuple[list[str], bool]]:
    """The tokens of ``text`` as :func:`tokenize` gives them, in runs inside or outside quotes.

    Independent reports of one event quote the same people word for word; only reuse of the
    surrounding narrative shows that one text was made from the other. Double quotes toggle;
    a single quote opens only before a word and closes only inside an open single quote, so
    apostrophes ("Amor's", "bailiffs'") do not flip the state. The state resets per paragraph
    (news style reopens a quote that runs on into the next paragraph). Corner brackets
    (「」『』) open and close as they say, nested.
    """
    folded = _folded(text)
    ascii_text = folded.isascii()
    if '"' not in folded and "'" not in folded and (ascii_text or not _has_corner(folded)):
        words = _words(folded)
        return [(words, False)] if words else []
    runs: list[tuple[list[str], bool]] = []
    in_double = in_single = False
    corners = 0
    start = 0
    for mark in (_QUOTE_MARK if ascii_text else _QUOTE_MARK_WIDE).finditer(folded):
        # An apostrophe left between two marks is inside a word ("amor's") or beside
        # a non-word character, so dropping them all joins exactly what tokenize joins.
        words = _words(folded[start : mark.start()])
        if words:
            runs.append((words, in_double or in_single or corners > 0))
        start = mark.end()
        kind = mark.lastindex
        if kind == _DOUBLE:
            in_double = not in_double
        elif kind == _OPEN:
            in_single = True
        elif kind == _CLOSE:
            in_single = False
        elif kind == _CORNER_OPEN:
            corners += 1
        else:
            corners = max(corners - 1, 0)
    words = _words(folded[start:])
    if words:
        runs.append((words, in_double or in_single or corners > 0))
    return runs


def _folded(text: str) -> str:
    """``text`` as words are compared: casefolded, its accents off."""
    folded = text.casefold()
    return folded if folded.isascii() else fold_accents(folded)


def _has_corner(text: str) -> bool:
    return any(mark in text for mark in "「」『』")


def split_sentences(paragraph: str) -> list[str]:
    gaps = _SENTENCE_GAP
    if has_cjk(paragraph):
        gaps = _CJK_SENTENCE_GAP
    sentences = []
    start = 0
    for gap in gaps.finditer(paragraph):
        # The gap is what follows the end mark (group 1 or 2: one always matched).
        sentences.append(paragraph[start : gap.start() + 1])
        start = gap.end()
    sentences.append(paragraph[start:])
    return [s for s in sentences if s.strip()]


def token_hash(token: str) -> int:
    """Stable 32-bit token hash (crc32: fast, and the same in every process)."""
    return zlib.crc32(token.encode("utf-8"))


class _TokenHashes(dict):  # type: ignore[type-arg]
    """token → token_hash, remembered: words repeat (Zipf), and a lookup beats encode + crc32."""

    LIMIT = 200_000  # about 20 MB at most; past it, new words are hashed without being kept

    def __missing__(self, token: str) -> int:
        value = token_hash(token)
        if len(self) < self.LIMIT:
            self[token] = value
        return value


_TOKEN_HASHES = _TokenHashes()


def word_hash(word: str) -> int:
    """The token hash of one word as a text's tokens hold it (casefolded, accents off)."""
    value: int = _TOKEN_HASHES[_folded(word)]
    return value


_MIX = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x27D4EB2F165667C5,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
        0x85EBCA77C2B2AE63,
        0x00000000CC9E2D51,
        0x000000001B873593,
    ],
    dtype=np.uint64,
)
_PRIME = np.uint64(0x100000001B3)


def shingle_hashes(tokens: Sequence[int], k: int) -> list[int]:
    """64-bit hashes of every run of ``k`` consecutive token hashes, in order (vectorised).

    A text shorter than ``k`` words gets one hash of all its words, so even a one-line
    brief has a fingerprint.
    """
    hashes: list[int] = _shingle_array(tokens, k).tolist()
    return hashes


def _shingle_array(tokens: Sequence[int] | np.ndarray, k: int) -> np.ndarray:
    if not len(tokens):
        return np.zeros(0, dtype=np.uint64)
    toks = np.asarray(tokens, dtype=np.uint64)
    if len(toks) < k:
        k = len(toks)
    n = len(toks) - k + 1
    key = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            key = (key * _PRIME) ^ (toks[j : j + n] * _MIX[j])
            key ^= key >> np.uint64(29)
    return key


# --- profile ---------------------------------------------------------------------------


# The knobs' defaults are the config's (dedup: in config.yaml), declared there once: a
# profile built with no params is the one storage builds with the default settings.
_DEFAULTS = DedupSettings.defaults()


@dataclass(frozen=True)
class FingerprintParams:
    """The knobs fingerprints depend on (a stored profile is only comparable to one built alike)."""

    num_perm: int = _DEFAULTS.num_perm
    bands: int = _DEFAULTS.bands
    shingle_size: int = _DEFAULTS.shingle_size
    anchor_mod: int = _DEFAULTS.anchor_mod
    max_anchors: int = _DEFAULTS.max_anchors
    seed: int = 1


def params_from_settings(settings: DedupSettings) -> FingerprintParams:
    """The fingerprint knobs of a :class:`aggregator.config.DedupSettings`."""
    return FingerprintParams(
        num_perm=settings.num_perm,
        bands=settings.bands,
        shingle_size=settings.shingle_size,
        anchor_mod=settings.anchor_mod,
        max_anchors=settings.max_anchors,
    )


@dataclass(frozen=True)
class TextProfile:
    """Everything dedup needs about one article's text, computed once.

    ``tokens`` are 32-bit hashes of the cleaned text's words, in order; ``para_starts`` the
    token offsets where paragraphs begin; ``caps`` hashes of capitalised words that do not
    open a sentence (names) and of numbers, used only as supporting evidence; ``quoted``
    the ``(start, end)`` token spans inside quotation marks; ``cjk`` the spans of tokens
    that are character pairs of a CJK run (empty for most text).
    """

    body_hash: str
    band_keys: tuple[int, ...]
    tokens: tuple[int, ...]
    para_starts: tuple[int, ...]
    caps: frozenset[int]
    quoted: tuple[tuple[int, int], ...] = ()
    shingle_size: int = _DEFAULTS.shingle_size
    version: int = PROFILE_VERSION
    cjk: tuple[tuple[int, int], ...] = ()

    # Derived views, computed lazily once per loaded profile (the hot path reuses them).
    @cached_property
    def shingles(self) -> frozenset[int]:
        return frozenset(self._shingle_list)

    @cached_property
    def _shingle_list(self) -> list[int]:
        return shingle_hashes(self.tokens, self.shingle_size)

    @cached_property
    def content_mask(self) -> tuple[bool, ...]:
        """Per token: is it a content word (not in STOPWORDS)? Stored hashes keep this cheap."""
        return tuple(t not in _STOP_HASHES for t in self.tokens)

    @cached_property
    def quote_mask(self) -> bytearray:
        mask = bytearray(len(self.tokens))
        for start, end in self.quoted:
            mask[start:end] = b"\x01" * (end - start)
        return mask

    @cached_property
    def cjk_mask(self) -> np.ndarray:
        """Per token: is it a CJK character pair (bool array)?"""
        mask = np.zeros(len(self.tokens), dtype=bool)
        for start, end in self.cjk:
            mask[start:end] = True
        return mask

    @property
    def mostly_cjk(self) -> bool:
        """Are most of its tokens CJK character pairs (a Chinese, Japanese or Korean text)?"""
        return 2 * sum(end - start for start, end in self.cjk) > len(self.tokens)

    @property
    def length(self) -> int:
        return len(self.tokens)

    def to_json(self) -> str:
        """Compact JSON (token hashes packed as base64 little-endian uint32)."""
        return json.dumps(
            {
                "v": self.version,
                "k": self.shingle_size,
                "body_hash": self.body_hash,
                "keys": _pack(self.band_keys, "<i8"),
                "tokens": _pack(self.tokens),
                "paras": list(self.para_starts),
                "caps": _pack(sorted(self.caps)),
                "quoted": [i for span in self.quoted for i in span],
                **({"cjk": [i for span in self.cjk for i in span]} if self.cjk else {}),
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, data: str | bytes | dict[str, Any]) -> TextProfile:
        raw = json.loads(data) if isinstance(data, str | bytes) else data
        version = raw.get("v")
        if version not in _READABLE_VERSIONS:
            raise ValueError(f"profile version {version!r} is not {PROFILE_VERSION}; rebuild it")
        if version == 1:
            keys = tuple(map(key_from_text, raw["band_keys"]))
        else:
            keys = _unpack(raw["keys"], "<i8")
        return cls(
            body_hash=raw["body_hash"],
            band_keys=keys,
            tokens=_unpack(raw["tokens"]),
            para_starts=tuple(raw["paras"]),
            caps=frozenset(_unpack(raw["caps"])),
            quoted=_spans(raw["quoted"]),
            shingle_size=raw["k"],
            cjk=_spans(raw.get("cjk", ())),
        )


def _spans(flat: Sequence[int]) -> tuple[tuple[int, int], ...]:
    return tuple(zip(flat[::2], flat[1::2], strict=True))


_STOP_HASHES = frozenset(token_hash(w) for w in STOPWORDS)
_STOP_ARRAY = np.fromiter(sorted(_STOP_HASHES), dtype=np.uint32)


def _pack(values: Iterable[int], dtype: str = "<u4") -> str:
    arr = np.fromiter(values, dtype=dtype)
    return base64.b64encode(arr.tobytes()).decode("ascii")


def _unpack(text: str, dtype: str = "<u4") -> tuple[int, ...]:
    return tuple(np.frombuffer(base64.b64decode(text), dtype=dtype).tolist())


# Band b's key is its 64-bit band hash XOR (b + 1) * this odd constant, so equal band
# values in different bands are different keys.
_BAND_SALT = 0x9E3779B97F4A7C15


def signed64(value: int) -> int:
    """The low 64 bits of ``value`` as a signed integer: how SQLite stores a 64-bit key."""
    value &= 0xFFFFFFFFFFFFFFFF
    return value - (1 << 64) if value >= (1 << 63) else value


def key_from_text(text: str) -> int:
    """The integer lookup key of a profile-format-1 text key ("b07:…" or "a:…").

    Exact: it is the key :func:`build_profile` now computes for the same text, so
    migration m005 converts stored keys without rebuilding a profile.
    """
    prefix, _, digits = text.partition(":")
    value = int(digits, 16)
    if prefix != "a":
        value ^= (int(prefix[1:]) + 1) * _BAND_SALT
    return signed64(value)


def build_profile(
    body: str | Sequence[str],
    params: FingerprintParams | None = None,
) -> TextProfile:
    """Fingerprint an article body (a list of paragraphs, or one blank-line separated string)."""
    params = params or FingerprintParams()
    raw_paragraphs = split_paragraphs(body)
    paragraphs = clean_paragraphs(raw_paragraphs)
    tokens: list[int] = []
    para_starts: list[int] = []
    caps: set[int] = set()
    quoted: list[tuple[int, int]] = []
    cjk: list[tuple[int, int]] = []
    for para in paragraphs:
        runs = quoted_runs(para)
        if not runs:
            continue
        para_starts.append(len(tokens))
        para_cjk = has_cjk(para)
        for words, in_quotes in runs:
            start = len(tokens)
            tokens.extend(map(_TOKEN_HASHES.__getitem__, words))
            if para_cjk:
                _add_cjk_spans(cjk, words, start)
            if not in_quotes:
                continue
            if quoted and quoted[-1][1] == start:  # a quote running on from the last paragraph
                quoted[-1] = (quoted[-1][0], len(tokens))
            else:
                quoted.append((start, len(tokens)))
        caps.update(_names_and_numbers(para))
    token_array = np.fromiter(tokens, dtype=np.uint32, count=len(tokens))
    shingles = _shingle_array(token_array, params.shingle_size)
    keys = _band_keys(shingles, params) + _anchor_keys(token_array, shingles, params)
    return TextProfile(
        body_hash=content_hash(raw_paragraphs),
        band_keys=tuple(keys),
        tokens=tuple(tokens),
        para_starts=tuple(para_starts),
        caps=frozenset(caps),
        quoted=tuple(quoted),
        shingle_size=params.shingle_size,
        cjk=tuple(cjk),
    )


def _add_cjk_spans(spans: list[tuple[int, int]], words: list[str], offset: int) -> None:
    """Add to ``spans`` the token spans of ``words`` (from token ``offset``) that are CJK
    character pairs, joining a span that runs on from the last one."""
    for i, word in enumerate(words, offset):
        if not has_cjk(word):  # a token is all CJK characters or none
            continue
        if spans and spans[-1][1] == i:
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))


@functools.cache
def profile_tag(params: FingerprintParams) -> str:
    """What a profile is comparable by: its version and the settings it was built with."""
    return ":".join(map(str, (PROFILE_VERSION, *dataclasses.astuple(params))))


def prebuilt_profile(body: Sequence[str], params: FingerprintParams) -> PrebuiltProfile:
    """The fingerprint of ``body`` as a crawl worker ships it with the article."""
    return PrebuiltProfile(profile_tag(params), build_profile(body, params).to_json())


def shipped_profile(
    prebuilt: PrebuiltProfile, body_hash: str, params: FingerprintParams
) -> TextProfile | None:
    """The shipped profile when it is what ``build_profile`` would build here, else None.

    It must carry this code's profile version and ``params`` (a worker of another
    version, or with other dedup settings, built something else) and be of the
    body it came with (``body_hash``: ``Article.content_hash``).
    """
    if prebuilt.built_with != profile_tag(params):
        return None
    try:
        profile = TextProfile.from_json(prebuilt.text)
    except (TypeError, ValueError, KeyError):
        return None
    return profile if profile.body_hash == body_hash else None


_HAS_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    # Ten substring searches beat one regex scan; \d also matches non-ASCII digits.
    if text.isascii():
        return any(digit in text for digit in "0123456789")
    return _HAS_DIGIT.search(text) is not None


# The rest of a token (as _TOKEN reads them) from a letter that is not lower-case ASCII:
# the few words that may be capitalised, so that only they are tested with isupper().
# Without a lookbehind for the token's start the scan is three times faster; a match
# inside a token ("McCain" -> "Cain") is told apart by the character before it.
_CAPITAL_CANDIDATE = re.compile(r"[^\W_a-z0-9][^\W_]*(?:'[^\W_]+)*")


def _names_and_numbers(paragraph: str) -> set[int]:
    if has_cjk(paragraph):
        return _cjk_names_and_numbers(paragraph)
    out: set[int] = set()
    for sentence in split_sentences(paragraph):
        if not _has_digit(sentence):
            # The common case: capitalised words after the sentence's first word.
            first = _TOKEN.search(sentence)
            if first is None:
                continue
            for match in _CAPITAL_CANDIDATE.finditer(sentence, first.end()):
                w = match.group()
                if not (w[0].isupper() and len(w) > 2):
                    continue
                at = match.start()  # past the first word, so at >= 1, and >= 2 after an apostrophe
                before = sentence[at - 1]
                if before.isalnum() or (before == "'" and sentence[at - 2].isalnum()):
                    continue  # inside a word: "McCain", "O'Neil" read from its "N"
                folded = _folded(w)
                if folded not in STOPWORDS:
                    out.add(_TOKEN_HASHES[_name_key(folded)])
            continue
        _add_numbers_and_names(out, enumerate(_TOKEN.findall(sentence)))
    return out


def _add_numbers_and_names(out: set[int], words: Iterable[tuple[int, str]]) -> None:
    """Add to ``out`` the words holding a digit, and the capitalised ones (three letters
    or more, no stopword) that do not open their sentence; ``words`` are (where the word
    stands in its sentence, the word), and only 0 opens it."""
    for at, w in words:
        # isalpha() first: most words have no digit, and it is far cheaper than a search.
        if not w.isalpha() and _HAS_DIGIT.search(w):
            out.add(_TOKEN_HASHES[_folded(w)])
        elif at and w[0].isupper() and len(w) > 2 and (folded := _folded(w)) not in STOPWORDS:
            out.add(_TOKEN_HASHES[_name_key(folded)])


def _cjk_names_and_numbers(paragraph: str) -> set[int]:
    """Numbers and capitalised Latin words of a paragraph with CJK text, read apart from
    the characters they touch ("增长5.2%" holds 5 and 2, as its tokens do). CJK has no
    capitals to tell a name by: its pairs are never taken for names here (the event tier
    reads CJK runs on its own terms, aggregator.dedup.events)."""
    out: set[int] = set()
    for sentence in split_sentences(paragraph):
        _add_numbers_and_names(
            out,
            (
                (match.start(), match.group())
                for match in _CJK_OR_WORD.finditer(sentence.replace("'", ""))
                if not match.group(1)
            ),
        )
    return out


def _name_key(folded: str) -> str:
    """A casefolded name as ``caps`` holds it: the possessive dropped ("BBC's" is "bbc",
    which a rewrite names plainly), other apostrophes too ("O'Neil" is "oneil").

    Curly apostrophes are straight by now (``clean_paragraphs``).
    """
    if folded.endswith("'s"):
        folded = folded[:-2]
    return folded.replace("'", "")


# --- MinHash ------------------------------------------------------------------------------
#
# One signature per article, 128 values: a fixed-seed family of affine permutations of
# 32-bit values (h -> a*h + b mod 2^32, a odd, so each is a bijection), applied after the
# MurmurHash3 32-bit finalizer (so weakly mixed inputs still spread over the range). The
# parameters are drawn from NumPy's legacy RandomState, whose stream is frozen: the same
# seed gives the same permutations in every NumPy version, so stored band keys stay
# comparable. (datasketch's "affine32" MinHash draws and applies them the same way; its
# import pulls in SciPy, ~0.4 s and ~55 MiB per crawl process, for these few lines.)

_FMIX32 = ((16, 0x85EBCA6B), (13, 0xC2B2AE35), (16, None))


@functools.lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    draw = np.random.RandomState(seed)
    a = draw.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def minhash_signature(values: Collection[int] | np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """The MinHash signature (``num_perm`` uint32 minima) of a non-empty set of 32-bit values."""
    a, b = _permutations(num_perm, seed)
    if isinstance(values, np.ndarray):
        mixed = values.astype(np.uint32)
    else:
        mixed = np.fromiter(values, dtype=np.uint32, count=len(values))
    for shift, multiplier in _FMIX32:
        mixed ^= mixed >> np.uint32(shift)
        if multiplier is not None:
            mixed *= np.uint32(multiplier)
    # Values x permutations at once, a block of rows at a time: a news article is one
    # block, and a page of megabytes costs ~4 MB here instead of a matrix of its size.
    signature = (mixed[:_MINHASH_ROWS, None] * a + b).min(axis=0)
    for start in range(_MINHASH_ROWS, len(mixed), _MINHASH_ROWS):
        np.minimum(
            signature,
            (mixed[start : start + _MINHASH_ROWS, None] * a + b).min(axis=0),
            out=signature,
        )
    result: np.ndarray = signature
    return result


_MINHASH_ROWS = 8192


def _band_keys(shingles: np.ndarray, params: FingerprintParams) -> list[int]:
    if not len(shingles):
        return []
    # Signatures are over 32-bit values; fold the 64-bit shingle hash so no bits are wasted.
    # Repeated shingles are left in: a minimum does not change when a value repeats.
    folded = (shingles ^ (shingles >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    values = minhash_signature(folded, params.num_perm, params.seed)
    width = 8 * (params.num_perm // params.bands)  # bytes per band, as little-endian uint64s
    packed = values.astype("<u8").tobytes()
    keys = []
    for b in range(params.bands):
        band = packed[b * width : (b + 1) * width]
        band_hash = (zlib.crc32(band) << 32) | zlib.adler32(band)
        keys.append(signed64(band_hash ^ ((b + 1) * _BAND_SALT)))
    return keys


def _anchor_keys(tokens: np.ndarray, shingles: np.ndarray, params: FingerprintParams) -> list[int]:
    """Content-defined sample of shingles: those whose hash is 0 mod ``anchor_mod``.

    A shingle of function words only ("one of the most") is skipped, as are shingles with
    fewer than two content words: they recur across unrelated articles and would only add
    candidates. A long text keeps its first ``max_anchors`` in reading order: briefs and
    truncated copies keep the lead, so the lead's anchors are the ones worth indexing.
    """
    if not len(shingles) or not params.max_anchors:
        return []
    positions = np.flatnonzero((shingles >> np.uint64(7)) % np.uint64(params.anchor_mod) == 0)
    # Content words per window from a running count (a text shorter than k has one window).
    toks = np.asarray(tokens, dtype=np.uint32)
    nearest = _STOP_ARRAY[np.minimum(np.searchsorted(_STOP_ARRAY, toks), len(_STOP_ARRAY) - 1)]
    content = np.concatenate(([0], np.cumsum(nearest != toks)))
    ends = np.minimum(positions + params.shingle_size, len(tokens))
    kept = positions[content[ends] - content[positions] >= 2]
    # The shingle hash's bits read as a signed 64-bit integer are the key.
    first_seen = dict.fromkeys(shingles[kept].view(np.int64).tolist())
    return list(first_seen)[: params.max_anchors]
