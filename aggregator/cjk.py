"""Chinese, Japanese and Korean text as overlapping character pairs, for full-text search.

FTS5's unicode61 tokenizer splits text at spaces and punctuation, so a Chinese
or Japanese sentence is one token, and a Korean word with a particle attached
(서울에서) is not the word (서울). Without a dictionary, the usual way to find a
word inside such a run is to index every pair of neighbouring characters (a
bigram) and to search a word as the phrase of its bigrams: 外交部 is the
phrase ``外交 交部``, found inside 中国外交部发言人.

:func:`bigram_text` is what storage indexes: the text with each run of CJK
characters written as its bigrams, then the run's last character alone, so
that every character of a run starts a token (a one-character word is then a
prefix search, ``"外"*``, and finds 外 wherever it stands). Everything else in
the text is left as it is, so the same index also finds the Latin words of a
CJK article. :func:`phrase_tokens` turns a query's words into the tokens of
the phrase to search, by the same rule.

:func:`run_bigrams` is the same reading without the lone last character, the
tokens dedup fingerprints a CJK run by.

Pure: storage calls it when it indexes, the query reader when it reads a query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Han (with the extension blocks and compatibility ideographs), the ideographic
# iteration marks 々〆〇, Hiragana, Katakana (with its phonetic extensions and the
# half-width forms) and Hangul (syllables and jamo).
CJK_CLASS = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3005-\u3007"  # 々 〆 〇
    "\u3041-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana (ー included)
    "\u3130-\u318f"  # Hangul compatibility jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # Han extension A
    "\u4e00-\u9fff"  # Han
    "\ua960-\ua97f"  # Hangul Jamo extended A
    "\uac00-\ud7af"  # Hangul syllables
    "\ud7b0-\ud7ff"  # Hangul Jamo extended B
    "\uf900-\ufaff"  # Han compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\uffa0-\uffdc"  # half-width Hangul
    "\U00020000-\U0003134f"  # Han extensions B to G
)
_RUN = re.compile(f"[{CJK_CLASS}]+")


def has_cjk(text: str) -> bool:
    """Does ``text`` hold a Chinese, Japanese or Korean character? (ASCII text, nearly
    all English news, is told apart without a scan.)"""
    return not text.isascii() and _RUN.search(text) is not None


@dataclass(frozen=True)
class TypedWords:
    """Words to find as typed (ignoring case), for a snippet to mark, where FTS5's
    tokenizer does not: a CJK word anywhere (no space splits a CJK run into words);
    any other as a whole word, which a CJK character may touch (``NATO`` in
    ``NATO加盟国``), and one the tokenizer finds wherever no CJK character touches
    it (``tokenized``) only where one does."""

    pattern: re.Pattern[str]  # every word, the longest first where one holds another
    tokenized: frozenset[str]  # lower case

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        # The whole-word test is made here, not in the pattern: a lookaround holding
        # the CJK ranges, once per word, took 400 ms to compile for twelve words.
        for hit in self.pattern.finditer(text):
            word = hit.group()
            if has_cjk(word):
                yield hit
                continue
            sides = [text[hit.start() - 1 : hit.start()], text[hit.end() : hit.end() + 1]]
            cjk = [side for side in sides if has_cjk(side)]
            if any(side.isalnum() for side in sides if side not in cjk):
                continue  # part of a longer word
            if cjk or word.lower() not in self.tokenized:
                yield hit


def typed_words(words: Iterable[tuple[str, bool]]) -> TypedWords | None:
    """``words`` (each with whether the tokenizer finds it where no CJK character
    touches it) as :class:`TypedWords`; None for no words."""
    ordered = sorted(set(words), key=lambda w: len(w[0]), reverse=True)
    if not ordered:
        return None
    return TypedWords(
        re.compile("|".join(re.escape(word) for word, _ in ordered), re.IGNORECASE),
        frozenset(word.lower() for word, tokenized in ordered if tokenized),
    )


def run_bigrams(run: str) -> list[str]:
    """A run's overlapping character pairs (a lone character is itself): what dedup
    reads a CJK run as (aggregator.dedup.fingerprint)."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _run_tokens(run: str) -> list[str]:
    """A run's bigrams, then its last character (a lone character is itself, once)."""
    if len(run) == 1:
        return [run]
    return [*run_bigrams(run), run[-1]]


def bigram_text(text: str) -> str:
    """``text`` with every CJK run written as its tokens, apart from the text around it:
    ``"中国外交部。Trade"`` → ``" 中国 国外 外交 交部 部 。Trade"``."""
    return _RUN.sub(lambda run: " " + " ".join(_run_tokens(run.group())) + " ", text)


def phrase_tokens(words: tuple[str, ...], prefix: bool) -> tuple[tuple[str, ...], bool]:
    """The tokens of the phrase that finds ``words`` (in order, as typed) in
    :func:`bigram_text`, and whether its last token is a prefix.

    The text may go on after the last word: a CJK run that ends the phrase is
    searched as its bigrams only (外交部 inside 外交部长 is ``外交 交部``, not
    followed by a lone 部), and a one-character run that ends it as a prefix
    (the character starts a bigram or stands alone). ``prefix`` (the reader's
    ``*``) holds when the phrase ends in other letters.
    """
    text = " ".join(words)
    runs = list(_RUN.finditer(text))
    last = runs[-1] if runs else None
    if last is None or last.end() != len(text):
        return tuple(bigram_text(text).split()), prefix
    head = tuple(bigram_text(text[: last.start()]).split())
    run = last.group()
    if len(run) == 1:
        return (*head, run), True
    return (*head, *_run_tokens(run)[:-1]), False
