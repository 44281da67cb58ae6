"""The fingerprint knobs are declared once, in the config (``DedupSettings``): a profile
built with no params (benchmarks, tests) is the one the store builds with the defaults."""

from __future__ import annotations

import dataclasses

from sqlite_utils import Database

from aggregator import extract
from aggregator.config import Config, DedupSettings
from aggregator.dedup import FingerprintParams, TextProfile, build_profile, params_from_settings
from storage.writes import store_article

PAGE = """<html><head><title>Harbour bridge reopens</title></head><body><article>
<h1>Harbour bridge reopens after three years of repairs</h1>
<p>The harbour bridge reopened to traffic on Tuesday morning after three years of repairs
that cost the city more than it had planned, officials said at a ceremony on the quay.</p>
<p>Commuters who had taken the ferry since the closure lined up before dawn to cross, and
the mayor promised that the cycle lanes would open by the end of the month.</p>
</article></body></html>"""


def test_no_params_is_the_default_settings() -> None:
    assert FingerprintParams() == params_from_settings(DedupSettings.defaults())
    assert FingerprintParams() == params_from_settings(Config().dedup)


def test_a_profile_built_without_params_is_the_stored_one(fresh_db: Database) -> None:
    article = extract(PAGE, "https://paper.example/news/bridge", source="paper")
    stored_id = store_article(fresh_db, article, Config().dedup).article_id
    (stored,) = fresh_db.execute("SELECT profile FROM articles WHERE id = ?", [stored_id])
    assert build_profile(article.body) == TextProfile.from_json(stored[0])


def test_the_settings_knobs_reach_the_profile() -> None:
    # Each knob the settings hold is one FingerprintParams reads: a re-tuned default
    # changes both, not one of the copies.
    changed = DedupSettings(shingle_size=4, num_perm=64, bands=16, anchor_mod=3, max_anchors=8)
    params = params_from_settings(changed)
    knobs = {f.name for f in dataclasses.fields(FingerprintParams)} - {"seed"}
    assert {k: getattr(params, k) for k in knobs} == {k: getattr(changed, k) for k in knobs}
    assert build_profile(PAGE, params).shingle_size == 4
