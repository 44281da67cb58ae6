"""The authors' chain: which source names the article's authors, in trust order
(JSON-LD, the visible byline, meta tags, the feed, then logins and a named byline).

Each step is a small function that answers or passes; ``decide_authors`` also names
the step that answered, for the audit (``benchmarks/author_audit.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aggregator.parser import vocab
from aggregator.parser.byline.agencies import is_agency
from aggregator.parser.byline.candidates import (
    BylineCandidates,
    find_byline_dom,
    find_named_byline_dom,
    printed_byline,
)
from aggregator.parser.byline.jsonld import logins_from_jsonld, names_from_jsonld
from aggregator.parser.byline.names import dedupe, given_name_first
from aggregator.parser.byline.publishers import (
    is_publisher,
    publisher_names,
    section_keys,
    split_publishers,
)
from aggregator.parser.byline.split import split_byline
from aggregator.parser.text import clean, norm_key

if TYPE_CHECKING:
    from aggregator.parser.view import PageView


Authors = tuple[list[str], list[str], str, str]  # (authors, credits, byline_raw, provenance)
_Step = Callable[[], Authors | None]


def find_authors(
    view: PageView, article: dict[str, Any], hints: Any = None, site: str = ""
) -> Authors:
    """(authors, credits, byline_raw, provenance) by trust order: JSON-LD, DOM, meta, feed."""
    return decide_authors(view, article, hints, site)[0]


def decide_authors(
    view: PageView, article: dict[str, Any], hints: Any = None, site: str = ""
) -> tuple[Authors, str]:
    """:func:`find_authors`'s answer and the name of the step that gave it ("none" if
    none did), so an audit can count what each step decides and how often it is right.
    """
    candidates = BylineCandidates(view)
    raw_dom = find_byline_dom(candidates)
    publishers = publisher_names(view.page, article, site)
    declared = (article.get("author") or article.get("creator")) if article else None
    # The names JSON-LD declares, read once for the two steps that weigh them.
    names = split_publishers(*names_from_jsonld(declared), publishers) if declared else None
    steps: tuple[tuple[str, _Step], ...] = (
        (
            "json-ld publisher, byline writer",
            lambda: _writer_for_publisher(names, raw_dom, publishers),
        ),
        ("json-ld", lambda: _jsonld_authors(names, raw_dom)),
        ("byline", lambda: _dom_authors(raw_dom, publishers)),
        ("meta", lambda: _meta_authors(view.page, publishers)),
        ("feed", lambda: feed_authors(hints)),
        ("json-ld login", lambda: _jsonld_logins(declared, publishers)),
        ("byline login", lambda: _dom_login(candidates, publishers)),
        (
            "named byline",
            lambda: _dom_authors(find_named_byline_dom(view, candidates), publishers),
        ),
    )
    sections: set[str] | None = None  # read only for a page that names someone
    for name, step in steps:
        found = step()
        if found is None:
            continue
        sections = section_keys(view.page) if sections is None else sections
        if (found := _without_non_persons(found, sections)) is not None:
            persons, credits, raw, src = found
            if raw and raw == raw_dom:
                raw = printed_byline(candidates, raw)
            return (persons, credits, raw, src), name
    return ([], [], printed_byline(candidates, raw_dom), ""), "none"


def _without_non_persons(found: Authors, sections: set[str]) -> Authors | None:
    """A step's answer less the names that name no one, and with the site's sections
    among its credits; None, so the chain goes on, when no name is left.

    A CMS's default account (``vocab.NOT_LOGINS`` in any case: "Admin", "Webmaster",
    "Site Admin") is nobody: dropped, from the authors and the credits (an agency of
    the same name stays). A section of the site ("Politics", "Sport": the URL's first
    path segment, the breadcrumb, ``article:section``) filling the author field names a
    desk, not a person: it goes to the credits, as a desk's name ("News", "Opinion")
    already does, and as the development sets' truths count desks (dropping desk credits
    lowered fundus' validation author F1 from 0.953 to 0.940)."""
    persons, credits, raw, src = found
    desks = [p for p in persons if norm_key(p) in sections]
    persons = [p for p in persons if not _no_one(p) and p not in desks]
    credits = [c for c in [*credits, *desks] if is_agency(c) or not _no_one(c)]
    if not persons and not credits:
        return None
    return persons, dedupe(credits), raw, src


def _no_one(name: str) -> bool:
    return clean(name).casefold() in vocab.NOT_LOGINS


_Declared = tuple[list[str], list[str]]  # JSON-LD's (persons, organisations), publishers moved


def _writer_for_publisher(
    declared: _Declared | None, raw_dom: str, publishers: set[str]
) -> Authors | None:
    """JSON-LD names only the publisher; the visible byline names the writer."""
    if declared is None or not raw_dom:
        return None
    persons, orgs = declared
    if persons:
        return None
    dom_persons, dom_orgs = split_publishers(*split_byline(raw_dom), publishers)
    if not dom_persons:
        return None
    # The publisher stood in for the writer; the writer is named now.
    keep = [o for o in orgs + dom_orgs if is_agency(o) or not is_publisher(o, publishers)]
    return dom_persons, dedupe(keep), raw_dom, "heuristic"


def _jsonld_authors(declared: _Declared | None, raw_dom: str) -> Authors | None:
    if declared is None:
        return None
    persons, orgs = declared
    if not (persons or orgs):
        return None
    raw = raw_dom or ", ".join(persons + orgs)
    if raw_dom:
        # Agencies named only in the visible byline are credits too; nothing else of it:
        # beside the declared persons, the line's other "credits" are their roles and
        # desks ("Sarah Hinger, Staff Attorney, ACLU Racial Justice Program").
        dom_credits = [c for c in split_byline(raw_dom)[1] if is_agency(c)]
        persons, orgs = split_publishers(persons, dedupe(orgs + dom_credits), set())
    return persons, orgs, raw, "json-ld"


def _jsonld_logins(value: Any, publishers: set[str]) -> Authors | None:
    """The last resort: an author JSON-LD declares only by a login, kept as a credit.

    A login ("happyface313") names the account that posted the page; any name the
    page or its meta tags give is better.
    """
    logins = [n for n in logins_from_jsonld(value) if not is_publisher(n, publishers)]
    return ([], logins, ", ".join(logins), "json-ld") if logins else None


def _dom_login(candidates: BylineCandidates, publishers: set[str]) -> Authors | None:
    """After the JSON-LD's login: a visible byline that names only a login, kept as a credit.

    Each rule's candidate nearest the headline is read in trust order: the
    ``rel="author"`` link holds the bare login ("doumae"), the byline class
    around it the by-word that marks it as one ("by doumae").
    """
    for found, best in candidates:
        if best is None:
            continue
        raw = found[best]
        m = vocab.BY_LOGIN.match(clean(raw))
        login = m.group("login") if m else ""
        if (
            login
            and login.casefold() not in vocab.NOT_LOGINS
            and not vocab.PLACEHOLDER_AUTHOR.fullmatch(login)
        ):
            return None if is_publisher(login, publishers) else ([], [login], raw, "heuristic")
    return None


def _dom_authors(raw_dom: str, publishers: set[str]) -> Authors | None:
    if not raw_dom:
        return None
    persons, orgs = split_publishers(*split_byline(raw_dom), publishers)
    return (persons, orgs, raw_dom, "heuristic") if persons or orgs else None


def _twitter_label_author(page: Any) -> list[str]:
    """Yoast's ``twitter:label1 = Written by`` / ``twitter:data1 = Jane Doe`` pair."""
    out = []
    for i in range(1, 5):
        label = page.meta_first(f"twitter:label{i}")
        if label and vocab.WRITTEN_BY.match(label.strip()):
            data = page.meta_first(f"twitter:data{i}")
            if data:
                out.append(data)
    return out


def _meta_authors(page: Any, publishers: set[str]) -> Authors | None:
    """The first author meta key that names someone, with every value it is given: a
    tag per author ("parsely-author", "article:author" repeated), a citation key's
    "Surname, Given" turned round."""
    for key in (*vocab.AUTHOR_META, "twitter-label"):
        values = page.meta.get(key, ()) if key != "twitter-label" else _twitter_label_author(page)
        given = [v for v in values if v and not v.startswith("http")]
        if key in vocab.CITATION_META:
            given = [given_name_first(v, scholarly=key == "citation_author") for v in given]
        persons: list[str] = []
        orgs: list[str] = []
        for value in dedupe(given):
            a, c = split_byline(value)
            persons += a
            orgs += c
        persons, orgs = split_publishers(dedupe(persons), dedupe(orgs), publishers)
        if persons or orgs:
            return persons, orgs, ", ".join(dedupe(given)), "meta"
    return None


def feed_authors(hints: Any) -> Authors | None:
    """The feed entry's author names, split into persons and organisations."""
    names = getattr(hints, "authors", None) if hints is not None else None
    if not names:
        return None
    persons: list[str] = []
    orgs: list[str] = []
    for name in names:
        a, c = split_byline(name)
        persons += a
        orgs += c
    if not (persons or orgs):
        return None
    return dedupe(persons), dedupe(orgs), ", ".join(names), "feed"
