"""The article's language: the declared tag (``<html lang>``, meta, JSON-LD, feed) as its
primary subtag, and the language the text's function words show, which ``fields``
weighs against the declared one."""

from __future__ import annotations

import re

from aggregator.parser import vocab
from aggregator.parser.metadata.jsonld import Found, best_article, jsonld_str
from aggregator.parser.tree import Page


def language(page: Page, hint: str | None = None) -> Found:
    for value, source in (
        (page.lang, "heuristic"),
        (page.meta_first("og:locale", "content-language", "language", "dc.language"), "meta"),
        (jsonld_str(best_article(page), "inLanguage"), "json-ld"),
        (hint or "", "feed"),
    ):
        primary = language_code(value)
        if primary:
            return primary, source
    return "", ""


# Each listed function word and the language it is of.
_LANGUAGE_OF_WORD = {word: lang for lang, words in vocab.FUNCTION_WORDS.items() for word in words}


def text_language(paragraphs: list[str], declared: str = "") -> str:
    """The language the text is written in, by its function words (``vocab.FUNCTION_WORDS``),
    for the few languages listed; "" when the text is short or says no language clearly.

    A ``declared`` language its words show at all stands: a quotation, a name list or an
    abstract in another language never replaces it. Otherwise the winner must hold a
    clear share of the words, well ahead of the next language and of the near languages
    the list does not tell (Galician, Catalan, Danish, Afrikaans …), which would
    otherwise read as their listed neighbour."""
    words = re.findall(r"[^\W\d_]+", " ".join(paragraphs).casefold())
    if len(words) < vocab.TEXT_LANGUAGE_MIN_WORDS:
        return ""
    counts = dict.fromkeys(vocab.FUNCTION_WORDS, 0)
    near = 0
    for word in words:
        lang = _LANGUAGE_OF_WORD.get(word)
        if lang:
            counts[lang] += 1
        elif word in vocab.NEAR_LANGUAGE_WORDS:
            near += 1
    if declared in counts and counts[declared] > vocab.TEXT_LANGUAGE_ABSENT_SHARE * len(words):
        return declared
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_next, second) = ranked[0], ranked[1]
    if (
        top < vocab.TEXT_LANGUAGE_MIN_SHARE * len(words)
        or top < vocab.TEXT_LANGUAGE_MARGIN * second
        or near > vocab.TEXT_LANGUAGE_NEAR_SHARE * top
    ):
        return ""
    return best


# Each script's letters as one character class, counted by the regex engine: a loop over
# every character of every body cost 1.5 ms a page.
_SCRIPT_LETTERS = {
    script: re.compile("[" + "".join(f"{low}-{high}" for low, high in ranges) + "]")
    for script, ranges in vocab.SCRIPT_RANGES.items()
}
_LETTER = re.compile(r"[^\W\d_]")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


def text_script(paragraphs: list[str]) -> tuple[str, str]:
    """(script, language) of a text written mostly in a script other than Latin
    (``vocab.SCRIPT_RANGES``): the script, and its language where the letters leave one
    (``vocab.SCRIPT_LANGUAGE``, ``vocab.SCRIPT_TELLS``, kana for Japanese) or "".
    ("", "") for a Latin text, a short one or a mix of scripts."""
    text = " ".join(paragraphs)
    # Bytes past one per character: at most one per character of a Latin text with its
    # accents, one or two per letter of the other scripts. Too few: Latin, no count.
    if len(text.encode()) - len(text) < vocab.SCRIPT_MIN_SHARE * len(text) / 2:
        return "", ""
    letters = len(_LETTER.findall(text))
    least = vocab.SCRIPT_MIN_SHARE * letters
    if letters < vocab.SCRIPT_MIN_LETTERS or len(_NON_ASCII_LETTER.findall(text)) < least:
        return "", ""
    counts = {script: len(pattern.findall(text)) for script, pattern in _SCRIPT_LETTERS.items()}
    kana = counts.pop("kana")
    counts["han"] += kana  # Japanese writes both
    script, count = max(counts.items(), key=lambda item: item[1])
    if count < least:
        return "", ""
    if script == "han":
        return script, "ja" if kana >= vocab.KANA_SHARE_JAPANESE * count else "zh"
    if script in vocab.SCRIPT_TELLS:
        lang, used, never = vocab.SCRIPT_TELLS[script]
        written = set(text)
        return script, lang if written & used and not written & never else ""
    return script, vocab.SCRIPT_LANGUAGE.get(script, "")


def language_code(value: str | None) -> str:
    """The primary language subtag of a tag or locale ("en-GB", "de_DE" → "en", "de");
    "" for anything that is not one."""
    value = (value or "").strip().replace("_", "-")
    if value and re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        primary = value.split("-")[0].lower()
        # BCP 47's codes for no language in particular: undetermined, multiple, none.
        return "" if primary in ("und", "mul", "zxx") else primary
    return ""
