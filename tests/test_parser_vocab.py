"""The class-name vocabulary's compiled patterns match what their word lists say."""

from __future__ import annotations

import random
import re

from aggregator.parser import vocab


def _plain(words: str) -> re.Pattern[str]:
    """BAD as its word list reads, without the prefix factoring."""
    return re.compile(rf"(?:^|[\s_\-])(?:{words})(?:$|[\s_\-\d])", re.IGNORECASE)


def _class_names() -> list[str]:
    """Each word and its near misses, in the places a class name puts it, and random names."""
    stems = re.sub(r"s\?|\\w\*", "", vocab.BAD_WORDS).split("|")
    forms = [f(w) for w in stems for f in (str, str.upper, str.title)]
    forms += [w[:-1] for w in stems] + [w + "x" for w in stems] + [w + "s" for w in stems]
    names = [
        template.format(form)
        for form in forms
        for template in ("{}", "x-{}", "{}_2", "a {} b", "x{}", "{}y", "post--{}-item", "{}9")
    ]
    rng = random.Random(16)
    letters = "abcdeilmnoprstuvw-_ 19"
    names += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 30))) for _ in range(20000)]
    return names


def test_bad_matches_the_names_its_word_list_matches() -> None:
    plain = _plain(vocab.BAD_WORDS)
    for name in _class_names():
        assert bool(vocab.BAD.search(name)) == bool(plain.search(name)), name


def test_a_word_list_beyond_plain_words_is_left_as_it_is() -> None:
    assert vocab._by_prefix("ad|foo(?:bar)?") == "ad|foo(?:bar)?"
    assert vocab._by_prefix("ads?|advert\\w*|ad-slot") == "ad(?:s|vert\\w*|-slot|)"
