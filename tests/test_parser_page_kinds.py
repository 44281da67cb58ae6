"""Page architectures and page kinds no development page has: an AMP page's ad slots, a
consent wall before a short article, a comment thread beside it, the paywalled part a
page's JSON-LD names, footnote marks, a live blog's entry times, a video page whose one
text is its description.

Shapes a read-only review of hand-made pages found (round 13, docs/benchmarks.md): each
case that must change failed on the code before, and the cases beside them must stay as
they were. Every page goes through ``aggregator.extract``.
"""

from __future__ import annotations

import pytest

from aggregator import extract

_URL = "https://www.coastgazette.example/news/2024/09/12/storm-surge-warning"

_PARAGRAPHS = (
    "The weather service issued a storm surge warning for the bay on Thursday, saying water "
    "could rise up to 1.5 metres above normal high tide on Friday.",
    "City officials opened two shelters and asked residents of ground-floor flats near the "
    "water to move their cars and valuables to higher ground.",
    '"People should be ready to leave at short notice," emergency manager Carol Dunn said.',
)


def _p(texts: tuple[str, ...] | list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def _body(html: str) -> list[str]:
    return extract(html, _URL).body


# --- AMP ---------------------------------------------------------------------------------


def _amp(slot: str) -> str:
    return (
        '<!doctype html><html amp lang="en"><head><meta charset="utf-8">'
        '<link rel="canonical" href="https://www.coastgazette.example/news/storm-surge">'
        "<title>Storm surge warning issued - Coast Gazette</title></head><body>"
        "<article><h1>Storm surge warning issued for the bay</h1>"
        '<amp-social-share type="twitter" width="40" height="40"></amp-social-share>'
        f'<div class="article-body"><p>{_PARAGRAPHS[0]}</p>{slot}'
        f"<p>{_PARAGRAPHS[1]}</p><p>{_PARAGRAPHS[2]}</p></div></article></body></html>"
    )


@pytest.mark.parametrize(
    "slot",
    [
        '<amp-ad width="300" height="250" type="doubleclick" data-slot="/1234/news">'
        "<div placeholder>Loading ad</div><div fallback>Ad failed to load</div></amp-ad>",
        '<amp-embed width="600" height="300" type="taboola" layout="responsive">'
        "<div fallback>Sponsored stories could not be loaded</div></amp-embed>",
        '<amp-iframe width="600" height="400" sandbox="allow-scripts" src="https://maps.example/x">'
        "<div placeholder>Loading the interactive map of the flood zone</div></amp-iframe>",
    ],
)
def test_an_amp_pages_slots_leave_no_text_in_the_body(slot: str) -> None:
    assert _body(_amp(slot)) == list(_PARAGRAPHS)


def test_an_amp_pages_own_paragraphs_and_pictures_stay() -> None:
    slot = (
        '<figure><amp-img src="/surge.jpg" width="1200" height="675" alt="Waves"></amp-img>'
        "</figure><p>Forecasters expect the highest water around 6 p.m.</p>"
    )
    body = _body(_amp(slot))
    assert body == [
        _PARAGRAPHS[0],
        "Forecasters expect the highest water around 6 p.m.",
        *_PARAGRAPHS[1:],
    ]
