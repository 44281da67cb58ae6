"""The event tier counts a shared name pair as evidence only when it is rare in the store.

Each case stores a day's stories after earlier ones that make some name pairs common
("Wall Street", "New York"; a Chinese quake bulletin's template terms), in memory and in a
real SQLite file, and says which of the day's stories must share an event. Texts written
for these tests; no real companies or events.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dedup_cjk_cases import CASES, CHINESE_LOCAL_INTRO, JAPANESE, KOREAN
from sqlite_utils import Database

from aggregator.config import DedupSettings
from aggregator.dedup import build_profile, params_from_settings
from aggregator.dedup.memory import MemoryDedup
from aggregator.schema import Article
from storage import open_db
from storage.writes import store_article

SETTINGS = DedupSettings.defaults()
DAY = datetime(2026, 3, 12, 8, tzinfo=UTC)


@dataclass(frozen=True)
class Report:
    name: str
    body: tuple[str, ...]
    published: datetime


# --- a topic that shares only common names ----------------------------------------------

# Earlier market stories, each about something else, all naming Wall Street and New York.
MARKET_HISTORY = (
    "Harbin Foods shares slid on Wall Street after the snack maker cut its forecast. The New "
    "York company blamed the price of cocoa and a weak holiday season.",
    "A New York judge sent the fraud case against a former hedge fund manager to trial. "
    "Prosecutors say he hid losses from investors on Wall Street for three years.",
    "Wall Street banks are hiring fewer graduates this autumn, recruiters said. Offices in "
    "New York and London have frozen their junior programmes.",
    "The mayor of New York asked Wall Street firms to bring staff back to their towers. "
    "Office vacancy in Manhattan is at its highest since the nineties.",
    "Treasury yields climbed as traders on Wall Street bet on another rate rise. The New "
    "York Fed said inflation expectations had edged higher.",
    "Pellworth Airlines said its pilots had voted to strike. The carrier, listed in New York, "
    "lost a fifth of its value on Wall Street this year.",
    "Tech listings on Wall Street have dried up, bankers said, as a chip designer delayed "
    "its New York debut until the spring.",
    "A heatwave in New York slowed the subway and closed schools early. Wall Street traders "
    "worked from home on Friday as the power grid strained.",
    "Regulators fined three Wall Street brokers for mis-selling bonds to pensioners. The New "
    "York attorney general said the firms would repay clients.",
    "Crude oil fell for a fourth day, dragging energy shares lower on Wall Street. Gasoline "
    "futures in New York slipped to a six-month low.",
    "A New York art auction raised a record sum for a painting by a Dutch master. Buyers "
    "from Wall Street and the Gulf bid by telephone.",
    "Union Square Bank agreed to buy a regional lender for two billion dollars. Analysts on "
    "Wall Street said the New York bank paid a full price.",
)
DRUG_TRIAL = (
    "Shares of Orland Biotech fell 12 percent on Wall Street on Tuesday after the drug maker "
    "said a trial of its asthma treatment missed its main goal.",
    "Traders in New York sold the stock heavily in the first hour of trading, and the broader "
    "market ended the session slightly lower.",
    "The company said it would review its research budget and cut about 200 jobs at its "
    "laboratories.",
)
# The same day's market, another company: a cosine of 0.32 with DRUG_TRIAL, and the only
# name pairs they share are in every earlier story.
DELIVERIES = (
    "Shares of Castellan Motors rose 9 percent on Wall Street on Tuesday after the carmaker "
    "reported record deliveries for the quarter.",
    "Traders in New York bought the stock heavily in the first hour of trading, and the "
    "broader market ended the session slightly lower.",
    "Analysts raised their price targets and said demand for its electric pickup remained strong.",
)
# Another outlet's report of DRUG_TRIAL's happening: it shares "Orland Biotech" too.
DRUG_TRIAL_REPORT = (
    "The drug maker Orland Biotech lost an eighth of its market value on Tuesday when its "
    "asthma treatment failed in a late-stage trial.",
    "Chief executive Mira Ostrand told analysts the company would cut 200 jobs and review its "
    "research budget, and investors on Wall Street sold the shares.",
    "Doctors in New York who ran part of the trial said patients had tolerated the drug well "
    "but saw no benefit.",
)


def market_day() -> list[Report]:
    history = [
        Report(f"history{i}", (text,), DAY - timedelta(days=10 + i))
        for i, text in enumerate(MARKET_HISTORY)
    ]
    return [
        *history,
        Report("drug-trial", DRUG_TRIAL, DAY),
        Report("deliveries", DELIVERIES, DAY + timedelta(hours=1)),
        Report("drug-trial-report", DRUG_TRIAL_REPORT, DAY + timedelta(hours=2)),
    ]


# --- two quakes under one bulletin template ---------------------------------------------


def quake_bulletin(province: str, county: str, when: str, magnitude: str, km: int) -> str:
    """The seismic network's automatic bulletin: one template, its blanks filled."""
    return (
        f"中国地震台网正式测定：{when}在{province}{county}发生{magnitude}级地震，震源深度"
        f"{km // 3}千米。震中距{county}城约{km}公里，当地震感明显。"
    )


# Three bulletins of other quakes, weeks earlier: the template's terms are in the store.
EARLIER_BULLETINS = (
    quake_bulletin("新疆喀什地区", "伽师县", "2月10日3时21分", "4.2", 36),
    quake_bulletin("西藏日喀则市", "定日县", "2月14日17时05分", "3.9", 27),
    quake_bulletin("甘肃陇南市", "文县", "2月20日9时48分", "4.4", 45),
)
# The same day, two quakes: Luding (the one CHINESE_LOCAL_INTRO's wire and report are
# about) and Yangbi, a province away.
LUDING_BULLETIN = quake_bulletin("四川甘孜州", "泸定县", "3月12日6时18分", "5.8", 40)
YANGBI_BULLETIN = quake_bulletin("云南大理州", "漾濞县", "3月12日14时05分", "4.6", 18)


def quake_day(earlier_bulletins: int) -> list[Report]:
    others = [
        Report(f"unrelated-{name}", texts.unrelated, DAY - timedelta(hours=2))
        for name, texts in sorted(CASES.items())
    ]
    others += [
        Report(f"wire-{name}", texts.wire, DAY - timedelta(hours=1))
        for name, texts in (("japanese", JAPANESE), ("korean", KOREAN))
    ]
    earlier = [
        Report(f"bulletin{i}", (text,), DAY - timedelta(days=20 - 4 * i))
        for i, text in enumerate(EARLIER_BULLETINS[:earlier_bulletins])
    ]
    return [
        *others,
        *earlier,
        Report("quake-wire", CHINESE_LOCAL_INTRO.wire, DAY),
        Report("luding-bulletin", (LUDING_BULLETIN,), DAY + timedelta(hours=1)),
        Report("yangbi-bulletin", (YANGBI_BULLETIN,), DAY + timedelta(hours=2)),
        Report("quake-report", CHINESE_LOCAL_INTRO.independent, DAY + timedelta(hours=3)),
    ]


# --- a new store ----------------------------------------------------------------------------

# Three outlets' own reports of one grounding, the first stories of an empty store. Each
# words it its own way; what they share is the happening: the ship, the island, the
# operator, the regional president, the numbers.
FERRY_WIRE = (
    "A passenger ferry carrying 214 people ran aground off the island of Madeira on Tuesday, "
    "injuring at least 17 passengers, the regional civil protection service said.",
    "The Atlantida Star, operated by Porto Santo Line, struck rocks about two kilometres from "
    "the harbour of Funchal shortly after eight in the morning.",
    "Regional president Miguel Albuquerque said all passengers had been taken ashore and that "
    "an inquiry into the cause had been opened.",
)
FERRY_SECOND = (
    "Rescuers took 214 people off a ferry that hit rocks near Funchal on Tuesday morning, and "
    "17 of them were treated in hospital for cuts and bruises.",
    "Passengers on the Atlantida Star described a loud bang and water in the lower deck. Porto "
    "Santo Line said the ship had been inspected in January.",
    "Miguel Albuquerque, who leads the regional government, thanked the fishermen who helped "
    "in the rescue.",
)
FERRY_THIRD = (
    "Seventeen people were hurt when the Atlantida Star ferry ran onto rocks close to Funchal, "
    "the capital of Madeira.",
    "The vessel, which sails daily between Madeira and Porto Santo, had 214 people on board. "
    "Porto Santo Line suspended its crossings for the rest of the week.",
    "Miguel Albuquerque promised a full inquiry and said the harbour would stay open.",
)


def ferry_day() -> list[Report]:
    return [
        Report("ferry-wire", FERRY_WIRE, DAY),
        Report("ferry-second", FERRY_SECOND, DAY + timedelta(hours=1)),
        Report("ferry-third", FERRY_THIRD, DAY + timedelta(hours=3)),
    ]


# --- both paths ---------------------------------------------------------------------------


def events_in_memory(reports: Sequence[Report], _: Path) -> dict[str, object]:
    dedup = MemoryDedup(SETTINGS)
    params = params_from_settings(SETTINGS)
    for report in reports:
        dedup.ingest(report.name, build_profile(list(report.body), params), "", report.published)
    return {report.name: dedup.event_of(report.name) for report in reports}


def events_in_sqlite(reports: Sequence[Report], tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "news.db"
    db = open_db(path)
    ids = {}
    for report in reports:
        url = f"https://{report.name}.example/story"
        article = Article(
            url=url,
            canonical_url=url,
            source=report.name,
            site_name=report.name,
            headline=report.name,
            body=list(report.body),
            fetched_at=report.published,
            published_at=report.published,
        )
        ids[report.name] = store_article(db, article, SETTINGS).article_id
    db.close()
    db = Database(sqlite3.connect(path))  # read back from the file, as any reader would
    query = "SELECT s.event_id FROM articles a JOIN stories s ON s.id = a.story_id WHERE a.id = ?"
    return {name: db.execute(query, [i]).fetchone()[0] for name, i in ids.items()}


PATHS: dict[str, Callable[[Sequence[Report], Path], dict[str, object]]] = {
    "memory": events_in_memory,
    "sqlite": events_in_sqlite,
}


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_topic_sharing_only_common_name_pairs_is_not_one_event(path: str, tmp_path: Path) -> None:
    event = PATHS[path](market_day(), tmp_path)
    assert event["deliveries"] != event["drug-trial"]


@pytest.mark.parametrize("path", sorted(PATHS))
def test_two_reports_sharing_a_rare_name_pair_are_one_event(path: str, tmp_path: Path) -> None:
    event = PATHS[path](market_day(), tmp_path)
    assert event["drug-trial-report"] == event["drug-trial"]


# Not the rarity rule's doing, and a case it cannot mend. With the template's earlier
# bulletins in the store, the idf already weighs the template down: the two bulletins'
# cosine is 0.41 with none stored, 0.30 with one, 0.23 with two, and the lookup no longer
# brings Luding's up for Yangbi's (two events with or without the rule). With none, the
# template's terms are as rare as the quake's own names, to the rule as to the cosine.
@pytest.mark.parametrize(
    "earlier",
    [
        pytest.param(
            0,
            marks=pytest.mark.xfail(
                strict=True,
                reason="no earlier bulletin: the template's terms are rare in the store "
                "(docs/dedup.md, 'Known weaknesses')",
            ),
        ),
        len(EARLIER_BULLETINS),
    ],
)
@pytest.mark.parametrize("path", sorted(PATHS))
def test_two_quakes_bulletins_of_one_template_are_two_events(
    path: str, earlier: int, tmp_path: Path
) -> None:
    event = PATHS[path](quake_day(earlier), tmp_path)
    assert event["yangbi-bulletin"] != event["luding-bulletin"]
    # What the Luding reports share is that quake's own names: they stay one event.
    assert event["luding-bulletin"] == event["quake-wire"] == event["quake-report"]


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_new_stores_first_reports_of_one_happening_are_one_event(
    path: str, tmp_path: Path
) -> None:
    # With one story stored, every term it has was "in every story": the second report
    # kept only the words it shared with nobody, and no report of a new store linked.
    event = PATHS[path](ferry_day(), tmp_path)
    assert event["ferry-wire"] == event["ferry-second"] == event["ferry-third"]
