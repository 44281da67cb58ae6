"""An Atom 1.0 feed of stories: one entry per story, with a link to every copy; its
summary lists the related coverage (the other stories of its event).

Any feed reader can subscribe to it and get the deduplicated stream. Built
with ElementTree, which escapes markup; every string, text or attribute, also
goes through :func:`app.terminal.safe`, which removes the characters XML 1.0
cannot carry at all (control characters, U+FFFE, U+FFFF), so the feed stays
well-formed for any stored string.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import NamedTuple
from urllib.parse import quote
from xml.etree import ElementTree as ET

from sqlite_utils import Database

from aggregator.page_kinds import kinds_word
from aggregator.schema import Copy, Story
from app import render
from app.terminal import safe
from storage import queries
from storage.queries import RelatedCoverage, StoryFilter

ATOM_NS = "http://www.w3.org/2005/Atom"

# The tag URI (RFC 4151) authority and date every feed and entry id starts with.
_TAG = "tag:newsagg,2026:"


def store_tag(db: Database) -> str:
    """The id every feed and entry of this store starts with: ``tag:newsagg,2026:store/``
    and the store's creation time (:func:`storage.queries.store_created`), which a rename
    or a restore of the file keeps and another store does not share."""
    created = queries.store_created(db)
    return f"{_TAG}store/" + (created.strftime("%Y%m%dT%H%M%S.%fZ") if created else "unknown")


def feed_id(store: str, kind: str, selection: StoryFilter | None = None) -> str:
    """A feed's permanent id (RFC 4287 §4.2.6): the store's, what kind of feed it is, and
    what ``selection`` selects beyond its window (:func:`selects`), each as ``name=value``
    (percent-encoded), in that order: ``{store}/stories?source=Beta%20News&kind=opinion``."""
    chosen = "&".join(
        f"{name}={quote(value, safe='')}" for name, value in selects(selection or StoryFilter())
    )
    return f"{store}/{kind}" + (f"?{chosen}" if chosen else "")


def selects(selection: StoryFilter) -> tuple[tuple[str, str], ...]:
    """What ``selection`` selects beyond its window (``since``, ``until``,
    ``changed_after``), as ``(name, value)`` words in a fixed order, only those set: so
    each selection is a feed of its own, and the same selection the same feed whatever
    window is read. Kinds are written as :func:`aggregator.page_kinds.kinds_word` writes
    them, a language in lower case."""
    words = (
        ("source", selection.source or ""),
        ("story", str(selection.story_id) if selection.story_id is not None else ""),
        ("event", str(selection.event_id) if selection.event_id is not None else ""),
        ("by", selection.by if selection.by != queries.SEEN else ""),
        ("author", selection.author or ""),
        ("outlets", str(selection.min_outlets) if selection.min_outlets > 1 else ""),
        ("language", selection.language.casefold() if selection.language else ""),
        ("kind", kinds_word(selection.kinds) if selection.kinds is not None else ""),
    )
    return tuple((name, value) for name, value in words if value)


def feed_title(selection: StoryFilter) -> str:
    """An exported feed's title: what it selects (:func:`selects`), so a feed reader
    lists two subscriptions under two names (``newsagg stories: source gazette,
    language de``), not each as "newsagg stories"."""
    chosen = ", ".join(f"{name} {value}" for name, value in selects(selection))
    return "newsagg stories" + (f": {chosen}" if chosen else "")


def entry_id(store: str, story_id: int) -> str:
    """A story's entry id, the same in every feed of the store that lists it."""
    return f"{store}/story/{story_id}"


def last_change(db: Database) -> datetime:
    """When the store last changed what a feed can list: its newest story's or copy's
    storing (``max(stories.last_seen_at)``), else, before any story, when the store was
    created. An empty feed's ``<updated>``: the feed has been empty as of then, and
    exporting it again gives the same feed (not "now", which changes every time)."""
    return queries.last_stored(db) or queries.store_created(db) or datetime.now(UTC)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class StoryEntry(NamedTuple):
    """What one entry shows: the story, its copies, and the other stories of its event."""

    story: Story
    copies: list[Copy]
    related: list[RelatedCoverage]


def render_atom(
    stories: Iterable[StoryEntry],
    *,
    store: str,
    feed: str,
    empty_since: datetime,
    title: str,
    url: str | None = None,
) -> str:
    """The feed as a string: ``feed`` is its :func:`feed_id`, ``store`` the
    :func:`store_tag` its entries' ids start with; its ``<updated>`` is its newest
    entry's, or ``empty_since`` (:func:`last_change`) when it has none. ``url``: where
    it is served (the web view's alert feeds), its ``rel="self"`` link (RFC 4287
    §4.2.7.2); an exported file has none."""
    ET.register_namespace("", ATOM_NS)
    root = ET.Element(f"{{{ATOM_NS}}}feed")
    ET.SubElement(root, f"{{{ATOM_NS}}}title").text = safe(title)
    ET.SubElement(root, f"{{{ATOM_NS}}}id").text = safe(feed)
    if url:
        ET.SubElement(
            root,
            f"{{{ATOM_NS}}}link",
            {"rel": "self", "href": safe(url), "type": "application/atom+xml"},
        )
    updated = ET.SubElement(root, f"{{{ATOM_NS}}}updated")
    newest: datetime | None = None
    for story, copies, related in stories:
        entry = ET.SubElement(root, f"{{{ATOM_NS}}}entry")
        canonical = next((c for c in copies if c.article_id == story.canonical_article_id), None)
        lead = canonical.article.body[0] if canonical and canonical.article.body else ""
        title = render.title_of(story.headline, lead)
        ET.SubElement(entry, f"{{{ATOM_NS}}}title").text = safe(title)
        ET.SubElement(entry, f"{{{ATOM_NS}}}id").text = safe(entry_id(store, story.story_id))
        # A new copy or an edit of one moves the entry, so readers see the revision.
        stamp = max((c.changed_at for c in copies if c.changed_at), default=story.first_seen_at)
        newest = max(newest, stamp) if newest else stamp
        ET.SubElement(entry, f"{{{ATOM_NS}}}updated").text = _stamp(stamp)
        if story.first_published_at:
            ET.SubElement(entry, f"{{{ATOM_NS}}}published").text = _stamp(story.first_published_at)
        author = ET.SubElement(entry, f"{{{ATOM_NS}}}author")
        ET.SubElement(author, f"{{{ATOM_NS}}}name").text = safe(story.origin or "unknown origin")
        for copy in copies:
            rel = "alternate" if copy is canonical else "related"
            ET.SubElement(
                entry,
                f"{{{ATOM_NS}}}link",
                {
                    "rel": rel,
                    "href": safe(copy.article.reader_url),
                    "title": safe(render.outlet(copy)),
                },
            )
        if canonical is None and copies:
            ET.SubElement(
                entry,
                f"{{{ATOM_NS}}}link",
                {"rel": "alternate", "href": safe(copies[0].article.reader_url)},
            )
        summary = ET.SubElement(entry, f"{{{ATOM_NS}}}summary")
        outlets = ", ".join(sorted({safe(render.outlet(c)) for c in copies}))
        text = f"{safe(lead)}\n\nRun by {story.outlets} outlet(s): {outlets}"
        if related:
            text += "\n\nRelated coverage:" + "".join(
                f"\n- {', '.join(safe(o) for o in item.outlets)}: "
                f"{safe(render.title_of(item.story.headline))}"
                for item in related
            )
        # In the summary, not as links: an entry's links are its copies.
        summary.text = text.strip()
    updated.text = _stamp(newest or empty_since)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)
