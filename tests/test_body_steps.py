"""benchmarks/body_steps.py: each named step of the body switches off what its name says,
on hand-made pages through ``aggregator.extract``, and the parser is whole again after."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from aggregator import extract  # noqa: E402
from benchmarks.body_steps import STEPS, _owner, switched_off  # noqa: E402

FILLER = (
    "The council met on Tuesday evening to weigh the plan for the harbour, and the vote "
    "was closer than anyone in the room had expected it to be."
)
TEXT = "".join(f"<p>{FILLER} Paragraph {i} of the story goes on.</p>" for i in range(6))

CAPTION_FIRST = f"""<html><head><title>Harbour plan passes</title></head><body>
<article><h1>Harbour plan passes</h1>
<div class="article-body">
<figure><img src="harbour.jpg" alt=""><figcaption>The harbour at dawn.</figcaption></figure>
{TEXT}
</div></article></body></html>"""

DEK = (
    "A narrow vote settles a decade of argument over the old harbour, and the building "
    "starts in spring."
)
DEK_OVER_TEXT = f"""<html><head><title>Harbour plan passes</title></head><body>
<article><h1>Harbour plan passes</h1>
<p class="standfirst">{DEK}</p>
<div class="article-body">{TEXT}</div>
</article></body></html>"""

LEAD_IN_HEADER = f"""<html><head><title>Harbour plan passes</title></head><body>
<article><header><h1>Harbour plan passes</h1>
<p>Opening words of the story, printed in the header before the text's own block of
paragraphs, long enough to read as prose and not a label.</p></header>
<div class="article-body">{TEXT}</div>
</article></body></html>"""


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.name)
def test_every_step_names_functions_of_the_parser(step) -> None:
    for module, attribute, _ in step.switches:
        owner, name = _owner(module, attribute)
        assert callable(getattr(owner, name))


def test_switched_off_puts_the_parser_back_even_after_an_error() -> None:
    owners = [_owner(m, a) for step in STEPS for m, a, _ in step.switches]
    before = [owner.__dict__[name] for owner, name in owners]
    with pytest.raises(RuntimeError), switched_off([s.name for s in STEPS]):
        raise RuntimeError("a page failed mid-run")
    assert [owner.__dict__[name] for owner, name in owners] == before


def test_an_unknown_step_stops_the_run_with_the_names() -> None:
    with pytest.raises(SystemExit, match="no body step.*lead-caption"), switched_off(["leed"]):
        pass


def test_lead_caption_off_leaves_the_caption_out() -> None:
    url = "https://example.org/harbour"
    assert extract(CAPTION_FIRST, url).body[0] == "The harbour at dawn."
    with switched_off(["lead-caption"]):
        assert extract(CAPTION_FIRST, url).body[0].startswith(FILLER)
    assert extract(CAPTION_FIRST, url).body[0] == "The harbour at dawn."


def test_dek_off_walks_the_standfirst_into_the_body() -> None:
    url = "https://example.org/harbour"
    on = extract(DEK_OVER_TEXT, url)
    assert on.standfirst == DEK and DEK not in on.body
    with switched_off(["dek"]):
        assert extract(DEK_OVER_TEXT, url).body[0] == DEK


def test_lead_off_drops_the_opening_printed_in_the_header() -> None:
    url = "https://example.org/harbour"
    assert extract(LEAD_IN_HEADER, url).body[0].startswith("Opening words of the story")
    with switched_off(["lead"]):
        assert extract(LEAD_IN_HEADER, url).body[0].startswith(FILLER)
