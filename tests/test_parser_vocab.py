"""The class-name vocabulary's compiled patterns match what their word lists say."""

from __future__ import annotations

import random
import re

import pytest

from aggregator.parser import vocab
from aggregator.parser.vocab.patterns import by_prefix

PATTERNS = [
    (vocab.BAD, vocab.BAD_WORDS),
    (vocab.CHROME_CLASS, vocab.CHROME_WORDS),
    (vocab.STORY_LIST_CLASS, vocab.STORY_LIST_WORDS),
]


def _plain(words: str) -> re.Pattern[str]:
    """The pattern as its word list reads, without the prefix factoring."""
    return re.compile(rf"(?:^|[\s_\-])(?:{words})(?:$|[\s_\-\d])", re.IGNORECASE)


def _class_names(words: str) -> list[str]:
    """Each word and its near misses, in the places a class name puts it, and random names."""
    stems = re.sub(r"\?|\\w\*", "", words).split("|")
    forms = [f(w) for w in stems for f in (str, str.upper, str.title)]
    forms += [w[:-1] for w in stems] + [w + "x" for w in stems] + [w + "s" for w in stems]
    forms += [w.replace("-", "") for w in stems if "-" in w]
    names = [
        template.format(form)
        for form in forms
        for template in ("{}", "x-{}", "{}_2", "a {} b", "x{}", "{}y", "post--{}-item", "{}9")
    ]
    rng = random.Random(16)
    letters = "abcdeilmnoprstuvw-_ 19"
    names += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 30))) for _ in range(20000)]
    return names


@pytest.mark.parametrize(("pattern", "words"), PATTERNS)
def test_a_class_pattern_matches_the_names_its_word_list_matches(
    pattern: re.Pattern[str], words: str
) -> None:
    plain = _plain(words)
    for name in _class_names(words):
        assert bool(pattern.search(name)) == bool(plain.search(name)), name


def test_the_related_label_probe_matches_what_its_word_list_matches() -> None:
    plain = re.compile(rf"\s*(?:{vocab.RELATED_START_WORDS})", re.IGNORECASE)
    words = vocab.RELATED_START_WORDS.split("|")
    texts = [
        template.format(form)
        for w in words
        for form in (w, w.upper(), w.title(), w[:-1], w + "x")
        for template in ("{}", "  {}", "\n{} more", "x{}", "{}:")
    ] + [*vocab.RELATED_LABELS, "Die Lesenden", "Lire la suite", "Você também", "À lire"]
    for text in texts:
        assert bool(vocab.RELATED_START.match(text)) == bool(plain.match(text)), text


def test_optional_letters_are_spelt_both_ways_and_other_words_left_as_they_are() -> None:
    assert by_prefix("ads?|advert\\w*|ad-slot") == "ad(?:s|vert\\w*|-slot|)"
    assert by_prefix("side-?bar|sidebar") == "side(?:-bar|bar)"
    assert by_prefix("você|voir|à") == "(?:vo(?:cê|ir)|à)"
    assert by_prefix("ad|foo(?:bar)?") == "ad|foo(?:bar)?"


def test_the_by_line_pattern_takes_leading_blanks_whole_and_matches_as_before() -> None:
    plain = re.compile(vocab.BY_TEXT.pattern.replace(r"\s*+", r"\s*"), vocab.BY_TEXT.flags)
    openings = [
        "By Jane Doe",
        "Posted by jd",
        "Ein Beitrag von X",
        "(作者： 李",
        "（ 记者:王",
        "Text: A",
    ]
    openings += ["Bye now", "by", "(", "  ", "", "Jane Doe", "von\n Anna", "Autorin : Eva"]
    for opening in openings:
        for lead in ("", " ", "\n    ", "\n" + " " * 40, "\t\n ("):
            text = lead + opening + " x"
            found, expected = vocab.BY_TEXT.match(text), plain.match(text)
            assert (found and found.span()) == (expected and expected.span()), text
