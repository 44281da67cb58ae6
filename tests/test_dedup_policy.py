"""Merge policy: canonical copy, origin, byline flags, paragraph diff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from aggregator.dedup.policy import (
    CopyInfo,
    byline_flags,
    choose_canonical,
    determine_origin,
    paragraph_diff,
)

FIXTURES = Path(__file__).parent / "fixtures" / "dedup"
T0 = datetime(2019, 1, 18, 21, 0, tzinfo=UTC)


def load(name: str) -> list[str]:
    blocks = [
        b.strip() for b in (FIXTURES / name).read_text(encoding="utf-8").split("\n\n") if b.strip()
    ]
    return blocks[1:]


def seed_body() -> list[str]:
    blocks = [
        b.strip()
        for b in (FIXTURES / "seed_monika_walker.txt").read_text(encoding="utf-8").split("\n\n")
        if b.strip()
    ]
    return blocks[blocks.index("Updated") + 1 : blocks.index("Author Profile")]


BBC = load("bbc_trump_kim.txt")


def bbc_copy(**kw) -> CopyInfo:
    base = dict(
        article_id="bbc",
        site="bbc.co.uk",
        url="https://www.bbc.co.uk/news/world-46943416",
        headline="Trump and Kim to hold second summit next month",
        body=tuple(BBC),
        credits=("BBC News",),
        published_at=T0,
    )
    return CopyInfo(**(base | kw))


def seed_copy(**kw) -> CopyInfo:
    base = dict(
        article_id="seed",
        site="caribbean-times.example",
        url="https://caribbean-times.example/world/trump-kim-second-summit",
        headline="Trump-Kim to hold a second summit next month",
        body=tuple(seed_body()),
        authors=("Monika Walker",),
        byline_raw="Written by Monika Walker",
        published_at=T0 + timedelta(hours=5),
    )
    return CopyInfo(**(base | kw))


def test_canonical_is_the_most_complete_early_copy() -> None:
    truncated_early = bbc_copy(
        article_id="early-short", body=tuple(BBC[:4]), published_at=T0 - timedelta(hours=1)
    )
    full = bbc_copy()
    full_late_with_boxes = bbc_copy(
        article_id="late",
        published_at=T0 + timedelta(days=1),
        body=tuple(BBC[:5] + ["Read more: Other news", "Comments (4)"] + BBC[5:]),
    )
    assert choose_canonical([truncated_early, full_late_with_boxes, full]).article_id == "bbc"


def test_origin_from_credits() -> None:
    origin = determine_origin([seed_copy(), bbc_copy()])
    assert (origin.name, origin.kind, origin.article_id) == ("BBC", "agency", "bbc")
    assert any("BBC News" in e for e in origin.evidence)


def test_origin_is_the_agencys_own_copy_when_another_is_dated_earlier() -> None:
    # A site whose clock (or zone) is wrong dates its copy of the BBC text an hour before
    # the BBC's own: the origin's first publication is still the BBC's page.
    skewed = seed_copy(credits=("BBC News",), published_at=T0 - timedelta(hours=1))
    origin = determine_origin([skewed, bbc_copy(), seed_copy(article_id="later")])
    assert (origin.name, origin.kind, origin.article_id) == ("BBC", "agency", "bbc")


def test_origin_without_the_agencys_own_copy_is_the_earliest_crediting_one() -> None:
    early = seed_copy(credits=("BBC News",), published_at=T0 - timedelta(hours=1))
    late = seed_copy(article_id="late", credits=("BBC News",), url="https://other.example/a")
    origin = determine_origin([late, early])
    assert (origin.name, origin.article_id) == ("BBC", "seed")


def test_origin_from_dateline() -> None:
    wire = seed_copy(
        article_id="w",
        authors=(),
        byline_raw=None,
        body=("WASHINGTON (Reuters) - " + BBC[0],) + tuple(BBC[1:]),
    )
    origin = determine_origin([seed_copy(), wire])
    assert (origin.name, origin.kind) == ("Reuters", "agency")
    assert "dateline" in origin.evidence[0]


def test_origin_of_an_asian_agencys_english_copy() -> None:
    # Kyodo's and Yonhap's English services credit themselves as their CJK copy does
    # (tests/test_dedup_cjk.py): by a dateline, or a credit.
    kyodo = seed_copy(
        article_id="k",
        authors=(),
        byline_raw=None,
        body=("TOKYO (Kyodo) -- " + BBC[0],) + tuple(BBC[1:]),
    )
    origin = determine_origin([seed_copy(), kyodo])
    assert (origin.name, origin.kind) == ("Kyodo", "agency")
    yonhap = bbc_copy(article_id="y", credits=("Yonhap News Agency",))
    origin = determine_origin([seed_copy(), yonhap])
    assert (origin.name, origin.kind, origin.article_id) == ("Yonhap", "agency", "y")


def test_origin_from_byline_text() -> None:
    pa = bbc_copy(
        article_id="pa", credits=(), byline_raw="By John Deane, PA News", site="pa.example"
    )
    assert determine_origin([pa]).name == "PA"


def test_origin_from_canonical_link_then_timestamps() -> None:
    a = bbc_copy(
        article_id="a",
        site="first.example",
        url="https://first.example/x",
        credits=(),
        published_at=T0 + timedelta(hours=2),
    )
    b = bbc_copy(
        article_id="b",
        site="second.example",
        url="https://second.example/y",
        credits=(),
        canonical_url="https://first.example/x",
        published_at=T0,
    )
    origin = determine_origin([a, b])
    assert (origin.name, origin.article_id) == ("first.example", "a")
    assert "rel=canonical" in origin.evidence[0]
    b_plain = bbc_copy(
        article_id="b",
        site="second.example",
        url="https://second.example/y",
        credits=(),
        published_at=T0,
    )
    origin = determine_origin([a, b_plain])
    assert (origin.name, origin.kind, origin.article_id) == ("second.example", "outlet", "b")
    assert "earliest" in origin.evidence[0]


def test_byline_flag_for_seed_copy_of_bbc_text() -> None:
    copies = [bbc_copy(), seed_copy()]
    origin = determine_origin(copies)
    flags = byline_flags(copies, origin)
    assert [f.article_id for f in flags] == ["seed"]
    assert "Monika Walker" in flags[0].reason and "BBC" in flags[0].reason
    assert flags[0].byline == "Written by Monika Walker"


def test_no_flag_for_credited_agency_writer_or_for_no_byline() -> None:
    copies = [
        bbc_copy(),
        seed_copy(article_id="credited", credits=("BBC",), authors=("Jane Doe",)),
        seed_copy(article_id="bare", authors=(), byline_raw=None),
    ]
    assert byline_flags(copies, determine_origin(copies)) == []


def test_byline_flag_against_an_outlet_origin() -> None:
    a = bbc_copy(
        article_id="a",
        credits=(),
        authors=("Sam Reporter",),
        site="first.example",
        url="https://first.example/x",
    )
    b = seed_copy(article_id="b", authors=("Monika Walker",), url="https://other.example/y")
    origin = determine_origin([a, b])
    flags = byline_flags([a, b], origin)
    assert [f.article_id for f in flags] == ["b"] and "Sam Reporter" in flags[0].reason


def test_paragraph_diff_of_seed_against_bbc() -> None:
    diff = paragraph_diff(seed_copy(), bbc_copy())
    assert diff.added == () and diff.cut == ()
    assert len(diff.shared) == len(BBC)
    assert 0 in diff.edited  # the "said on Friday the White House says" glitch


def test_paragraph_diff_counts_cuts_additions_and_fuzzy_matches() -> None:
    body = (
        ["LONDON (Reuters) - " + BBC[0]]
        + BBC[1:3]
        + ["Our correspondent in Seoul says expectations are low.", "Read more: Korea explained"]
        + [BBC[5].replace("hour and a half", "90 minutes")]
        + BBC[6:9]
    )
    diff = paragraph_diff(seed_copy(body=tuple(body)), bbc_copy())
    assert diff.added == (3,)  # the box is site furniture, not an added paragraph
    assert set(diff.cut) == {3, 4} | set(range(9, len(BBC)))
    assert (0, 0) in diff.shared and (4, 5) in diff.shared and 4 in diff.edited
