"""Fingerprints: cleaning, stable keys, serialisation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from profile_format1 import profile_json

from aggregator.dedup.fingerprint import (
    PROFILE_VERSION,
    FingerprintParams,
    TextProfile,
    build_profile,
    clean_paragraphs,
    key_from_text,
    quoted_runs,
    token_hash,
    tokenize,
)
from aggregator.schema import content_hash

GOLDEN = Path(__file__).parent / "golden" / "seed"

BODY = [
    "Inmates from Broadmoor top security hospital today won permission to bring a test case "
    "challenge against new restrictions on visits from their children.",
    "Three patients, who cannot be named for legal reasons, were given the go-ahead by a High "
    "Court judge to seek judicial review of the regime introduced at three special hospitals.",
    "The changes followed a public inquiry into security arrangements on the wards, which found "
    "that visits had been poorly supervised for years.",
]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("LONDON (Reuters) - Shares fell.", "Shares fell."),
        ("WASHINGTON, Jan 5 (Reuters) - Shares fell.", "Shares fell."),
        ("(AP) — Shares fell.", "Shares fell."),
        ("PARIS (AFP) -- Shares fell.", "Shares fell."),
        ("DUBLIN (BBC) - Shares fell.", "Shares fell."),
        ("NEW YORK - Shares fell.", "Shares fell."),
        ("Geneva, Oct 12 (BBC) - Shares fell.", "Shares fell."),
        (
            "Shares fell in London - the biggest drop in weeks.",
            "Shares fell in London - the biggest drop in weeks.",
        ),
    ],
)
def test_datelines_are_stripped(raw: str, expected: str) -> None:
    assert clean_paragraphs([raw]) == [expected]


@pytest.mark.parametrize(
    "box",
    [
        "Read more: Why the summit mattered",
        "READ MORE: Sky Deal for Harry Enfield",
        "You may also like",
        "Trending: Bath faced with Tindall ultimatum",
        "Comments (95)",
        "Sign up for our daily newsletter to get the latest headlines delivered to your inbox.",
        "Home » Uk",
        "By Mateo Young | salem-today.net | 24 October",
        "By John Deane and Martha Linden, PA News",
        "Story continues below advertisement",
        "Jacob Davis pictured in September 2000. Photo: Reuters/Jessica Hernandez",
        "Last updated 7 hours ago",
    ],
)
def test_site_furniture_is_dropped(box: str) -> None:
    assert clean_paragraphs([BODY[0], box, BODY[1]]) == [BODY[0], BODY[1]]


def test_profile_round_trips_through_json() -> None:
    profile = build_profile(BODY + ['He said: "We will appeal," and left.'])
    again = TextProfile.from_json(profile.to_json())
    assert again == profile
    assert again.shingles == profile.shingles
    assert again.quoted == profile.quoted and again.quoted


def test_a_profile_stored_in_format_1_reads_with_the_keys_computed_now() -> None:
    profile = build_profile(BODY + ['He said: "We will appeal," and left.'])
    old = profile_json(profile)
    assert '"b00:' in old and '"a:' in old
    assert TextProfile.from_json(old) == profile
    assert json.loads(profile.to_json())["v"] == PROFILE_VERSION


def test_keys_are_deterministic_and_insensitive_to_furniture() -> None:
    a = build_profile(BODY)
    b = build_profile(["LONDON (PA) - " + BODY[0], "Read more: Other things", *BODY[1:]])
    assert a.band_keys == build_profile(BODY).band_keys
    assert a.band_keys == b.band_keys  # same text once cleaned -> same keys
    assert a.body_hash != b.body_hash  # the exact hash still tells them apart
    assert all(isinstance(k, int) and -(1 << 63) <= k < (1 << 63) for k in a.band_keys)
    params = FingerprintParams()
    assert params.bands < len(a.band_keys) <= params.bands + params.max_anchors


def test_brief_shares_anchor_keys_with_the_full_text() -> None:
    full = build_profile(BODY)
    brief = build_profile(BODY[:1])
    bands = FingerprintParams().bands
    shared = set(full.band_keys[bands:]) & set(brief.band_keys[bands:])
    assert shared


def tokenize_quoted(text: str) -> tuple[list[str], list[bool]]:
    """Tokens as tokenize gives them, and whether each lies inside quotation marks."""
    tokens: list[str] = []
    flags: list[bool] = []
    for words, quoted in quoted_runs(text):
        tokens += words
        flags += [quoted] * len(words)
    return tokens, flags


def test_quote_detection_ignores_apostrophes() -> None:
    tokens, flags = tokenize_quoted("Mrs Amor's daughter said 'Sod off.' The bailiffs' car left.")
    quoted = [t for t, f in zip(tokens, flags, strict=True) if f]
    assert quoted == ["sod", "off"]


def test_empty_body() -> None:
    profile = build_profile([])
    assert profile.tokens == () and profile.band_keys == ()
    assert TextProfile.from_json(profile.to_json()) == profile


def test_band_keys_of_the_seed_page_never_change() -> None:
    # Stored articles are matched by these keys: a change in the MinHash family (seed,
    # permutations, mixing) would make every new copy miss every stored one. The file was
    # written with datasketch 2.0's "affine32" MinHash, before we computed it ourselves, and
    # holds the keys as profile format 1 wrote them (text); key_from_text is how migration
    # m005 converts stored keys, so it must give exactly the integers computed now.
    golden = json.loads((GOLDEN / "seed_copy.band_keys.json").read_text(encoding="utf-8"))
    body = json.loads((GOLDEN / "seed_copy.json").read_text(encoding="utf-8"))["body"]
    keys = build_profile(body).band_keys[: FingerprintParams().bands]
    assert keys == tuple(key_from_text(k) for k in golden["band_keys"])


def test_anchor_keys_of_the_seed_page_convert_exactly_from_format_1() -> None:
    # Written by the format-1 code (text keys); migration m005 converts such keys
    # with key_from_text, so they must be the integers computed now, in order.
    golden = json.loads((GOLDEN / "seed_copy.anchor_keys.json").read_text(encoding="utf-8"))
    body = json.loads((GOLDEN / "seed_copy.json").read_text(encoding="utf-8"))["body"]
    anchors = build_profile(body).band_keys[FingerprintParams().bands :]
    assert len(anchors) == len(golden["anchor_keys"]) > 10
    assert anchors == tuple(key_from_text(k) for k in golden["anchor_keys"])


def test_tokens_quotes_and_names_of_the_seed_page_never_change() -> None:
    # Written by the code before tokens were read a quoted run at a time and capitals
    # found by a scan: stored profiles are compared with new ones, so any difference
    # in tokens, quoted spans or names would make copies look less alike.
    golden = json.loads((GOLDEN / "seed_copy.profile.json").read_text(encoding="utf-8"))
    body = json.loads((GOLDEN / "seed_copy.json").read_text(encoding="utf-8"))["body"]
    profile = build_profile(body)
    assert list(profile.tokens) == golden["tokens"]
    assert list(profile.para_starts) == golden["para_starts"]
    assert sorted(profile.caps) == golden["caps"] and len(golden["caps"]) > 10
    assert [list(span) for span in profile.quoted] == golden["quoted"] and len(
        golden["quoted"]
    ) >= 3


def test_names_are_capitalised_words_after_a_sentence_opening_never_parts_of_words() -> None:
    profile = build_profile(
        [
            "The talks in Geneva were led by McCain and O'Neil. "
            "Then Smith's aide, with d'Alema, left on iPhones."
        ]
    )
    expected = {token_hash(w) for w in ("geneva", "mccain", "oneil", "smith")}
    # Not "the" or "then" (openings), nor "alema" or "phones" (capitals inside words);
    # "Smith's" is Smith.
    assert profile.caps == expected


@pytest.mark.parametrize(
    ("possessive", "plain"),
    [
        ("It was on the BBC's The Voice.", "It was on the BBC The Voice."),
        ("It was on the BBC\u2019s The Voice.", "It was on the BBC The Voice."),
        ("In 2019 it was on the BBC's The Voice.", "In 2019 it was on the BBC The Voice."),
    ],
    ids=["straight apostrophe", "curly apostrophe", "sentence with a number"],
)
def test_a_possessive_name_is_the_name(possessive: str, plain: str) -> None:
    # A rewrite says "the BBC's show" where the wire says "the BBC show": one name.
    assert build_profile([possessive]).caps == build_profile([plain]).caps


def test_quotes_running_into_the_next_paragraph_are_one_span() -> None:
    profile = build_profile(['He said: "We will not stop.', '"We will go on," he added.'])
    assert profile.quoted == (
        (2, 10),
    )  # "we will not stop" + "we will go on", not "he said" or "he added"


def test_a_page_of_megabytes_is_fingerprinted_in_bounded_memory() -> None:
    # 400,000 tokens, 400,000 shingles: as one values x permutations matrix the
    # MinHash alone would take 200 MB.
    import tracemalloc

    body = ["word " * 200] * 2000
    tracemalloc.start()
    try:
        profile = build_profile(body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(profile.tokens) == 400_000
    assert peak < 64 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB"


def test_profile_body_hash_is_the_articles_content_hash() -> None:
    # Storage takes the article's content_hash from its profile instead of hashing twice.
    body = [*BODY, "   ", "", "Ｆｕｌｌ-width  text\tand   spaces."]
    assert build_profile(body).body_hash == content_hash(body)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("The Minister SAID no", ["the", "minister", "said", "no"]),
        ("The world's \"best\" 2 o'clock", ["the", "worlds", "best", "2", "oclock"]),
        ("'Quoted' words, dogs' bones", ["quoted", "words", "dogs", "bones"]),
        ("STRASSE Straße", ["strasse", "strasse"]),
    ],
)
def test_tokenize_casefolds_and_drops_apostrophes_inside_words(
    text: str, tokens: list[str]
) -> None:
    # With and without an apostrophe in the text: the fast path for text with none
    # must give what the general one gives.
    assert tokenize(text) == tokens
