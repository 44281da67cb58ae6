"""Patterns of many words: an alternation with its words' common prefixes factored out
(``by_prefix``, a trie) and a pattern of whole class/id words (``class_words``). Read by
the vocabulary modules that compile word lists: ``related``, ``boilerplate``, ``scope``;
``arabic_spellings`` reads one Arabic spelling as all of its everyday ones, and
``any_apostrophe`` one word's apostrophe as any of its forms.
"""

from __future__ import annotations

import itertools
import re

_Trie = dict[str, "_Trie"]  # next token -> the rest; "" marks a word's end


def by_prefix(words: str) -> str:
    """The alternation ``words`` ("a|b|…") with the words' common prefixes factored out
    (a trie: "ad(?:|s|slot|…)|…"), which matches exactly the same strings.

    A search tries the words from every separator in a class name; factored, one
    failed first letter rules out all words that start with it, instead of each
    word being tried in turn (BAD: 3.9x faster over the class/id strings of the 891
    development pages, with the same result on every one). Words are letters (of any
    script) and hyphens, each of which may be optional ("side-?bar", "ads?"), and may
    end in ``\\w*``; any other word leaves the alternation as it is.
    """
    if not all(re.fullmatch(r"(?:[^\W\d_]\??|-\??)+(?:\\w\*)?", word) for word in words.split("|")):
        return words
    trie: _Trie = {}
    for word in words.split("|"):
        # A letter, a hyphen or \w*; an optional one as both of its spellings.
        tokens = [[t[0], ""] if t.endswith("?") else [t] for t in re.findall(r"\\w\*|.\??", word)]
        for spelling in itertools.product(*tokens):
            node = trie
            for token in filter(None, spelling):
                node = node.setdefault(token, {})
            node[""] = {}
    return _alternatives(trie)


def _alternatives(node: _Trie) -> str:
    options = [token + _alternatives(rest) for token, rest in node.items() if token]
    if "" in node:
        options.append("")
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"


def class_words(words: str) -> re.Pattern[str]:
    """Class/id names holding one of ``words`` as a whole hyphen/underscore-delimited word."""
    return re.compile(rf"(?:^|[\s_\-])(?:{by_prefix(words)})(?:$|[\s_\-\d])", re.IGNORECASE)


# Arabic letters written with or without their hamza ("أ", "إ", "آ" or a bare "ا"; "ى"
# for "ي" at a word's end), and the vowel and tanween marks a writer may add or leave
# out ("أيضًا", "أيضاً", "أيضا").
_ARABIC_LETTER_FORMS = {
    **dict.fromkeys("اأإآ", "[اأإآ]"),
    **dict.fromkeys("يى", "[يى]"),
}
_ARABIC_MARKS = "[\u064b-\u0652\u0670]*"


def arabic_spellings(pattern: str) -> str:
    """``pattern`` with each Arabic letter matching its spellings with and without hamza
    and followed by optional vowel and tanween marks: one listed spelling ("اقرأ أيضا")
    matches "إقرأ أيضًا" and "اقرأ ايضا" too. Other characters are left as they are."""
    out = []
    for char in pattern:
        if "\u0621" <= char <= "\u064a":
            out.append(_ARABIC_LETTER_FORMS.get(char, char) + _ARABIC_MARKS)
        else:
            out.append(char)
    return "".join(out)


def any_apostrophe(pattern: str) -> str:
    """``pattern`` with each straight apostrophe matching the typographic ones too: a
    word listed once as "aujourd'hui" reads "Aujourd’hui" (a CMS's smart quotes)."""
    return pattern.replace("'", "['’ʼ]")
