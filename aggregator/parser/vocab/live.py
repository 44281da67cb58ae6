"""A live blog's summary box, known by its heading (``parser.live``): the key points the
page lists above its entries, in the parser's languages."""

from __future__ import annotations

import re

# The whole heading of the box, in the words live blogs across sites use for it (a
# Guardian-like "Key events", a BBC-like "Summary", a CNN-like "What we know",
# "Das Wichtigste", "L'essentiel"). Matched on the heading's whole text (an optional
# "so far"/"at a glance"/colon after it), so a sentence mentioning a summary is none.
KEY_POINTS_HEADING = re.compile(
    r"(?:key (?:points|events|developments|facts)|summary|"
    r"what we know(?: so far)?|what you need to know|at a glance|"
    r"das wichtigste(?: in kürze| im überblick)?|(?:die )?wichtigsten (?:punkte|fakten)|"
    r"l['’]essentiel|(?:les )?points clés|(?:lo )?más importante|(?:los )?puntos clave|"
    r"resumen|(?:in )?sintesi|(?:i )?punti chiave|(?:o )?essencial|resumo|"
    r"belangrijkste punten|in het kort)"
    r"(?: so far| at a glance)?\s*:?",
    re.IGNORECASE,
)
# A box longer than this is a text of its own, not a list of points.
KEY_POINTS_MAX = 12
# A heading read for the box holds at most this many characters.
KEY_POINTS_HEADING_MAX = 40
# The entries read of one live blog at most: a page of thousands is read no further.
LIVE_ENTRIES_MAX = 1000
