"""URL canonicalisation: one form per article, whatever tracking junk was appended."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

# Query keys that only track where a click came from; never part of what a page is.
_TRACKING_EXACT = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "cmpid",
        "ocid",
        "smid",
        "smtyp",
        "share",
        "s_cid",
        "icid",
        "ncid",
        "sr_share",
        "ito",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
        "xtor",
        "wt_mc",
        "wt.mc_id",
        "spm",
        "__twitter_impression",
        "mbid",
        "rss",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "soc_src",
        "soc_trk",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "hsenc",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "trk",
        "cmp",  # the Guardian's CMP=share_btn_tw
        "ns_campaign",  # BBC's comScore keys
        "ns_mchannel",
        "ns_source",
        "ns_linkname",
        "ns_fee",
    }
)
_TRACKING_PREFIX = ("utm_", "pk_", "mtm_", "hsa_", "at_", "fb_action", "ga_")
_DEFAULT_PORT = {"http": ":80", "https": ":443"}
_DUP_SLASH = re.compile(r"/{2,}")


def without_dot_segments(path: str) -> str:
    """An absolute path with its "." and ".." segments resolved (RFC 3986 §5.2.4):
    "/a/./b/../c.html" → "/a/c.html", "/a/b/.." → "/a/"; ".." never climbs above "/"."""
    if "/." not in path:
        return path
    segments = path.split("/")[1:]
    kept: list[str] = []
    for position, segment in enumerate(segments):
        if segment not in (".", ".."):
            kept.append(segment)
            continue
        if segment == ".." and kept:
            kept.pop()
        if position == len(segments) - 1:
            kept.append("")  # "/a/b/.." names the folder "/a/"
    return "/" + "/".join(kept)


def is_tracking_param(key: str) -> bool:
    k = key.lower()
    return k in _TRACKING_EXACT or k.startswith(_TRACKING_PREFIX)


# The parser asks for the same few URLs thousands of times per page (the page's own
# URL beside every link it compares); a pure function of its two strings, so cached.
@lru_cache(maxsize=8192)
def canonicalize_url(url: str, base: str | None = None) -> str:
    """Absolute, percent-safe URL without tracking parameters, fragment or default port.

    Host is lower-cased, remaining query keys are kept in their order (the order
    can matter to a CMS), an empty path becomes "/", repeated slashes one and
    "." and ".." segments are resolved. Non-http(s) URLs are
    returned absolutised but otherwise untouched. A URL that cannot be parsed
    ("http://[::1/x") gives "", so callers that keep only http(s) URLs drop it.
    """
    url = (url or "").strip()
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(safe_url_string(url))
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return urlunsplit(parts)
    netloc = parts.netloc.lower()
    if "@" in netloc:  # credentials never belong in a stored URL
        netloc = netloc.rsplit("@", 1)[1]
    if netloc.endswith(_DEFAULT_PORT[scheme]):
        netloc = netloc[: -len(_DEFAULT_PORT[scheme])]
    netloc = netloc.rstrip(".")
    path = without_dot_segments(_DUP_SLASH.sub("/", parts.path) or "/")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)
    ]
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def page_key(url: str, base: str = "", *, query: bool = False) -> str:
    """A URL as pages, their JSON-LD and their links write it alike: ``canonical_key`` of
    ``url`` made absolute against ``base`` and canonicalised."""
    return canonical_key(canonicalize_url(url, base or None), query=query)


_AMP_SUFFIX = re.compile(r"\.amp(?=\.[a-z0-9]+$|$)", re.IGNORECASE)


def amp_or_mobile_copy(url: str, canonical: str) -> bool:
    """``url`` is ``canonical``'s page as an AMP or mobile copy: the same ``page_key``
    (query kept) once an "amp" path segment, a ".amp" before the last segment's end or
    its extension, and an ``?amp`` or ``outputType=amp`` query are taken away
    (``page_key``'s host sets "amp.", "m." and "www." aside)."""
    parts = urlsplit(url)
    segments = [part for part in parts.path.split("/") if part.lower() != "amp"]
    segments[-1] = _AMP_SUFFIX.sub("", segments[-1])  # "/story.amp", "/story.amp.html"
    path = "/".join(segments)
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() != "amp" and (key.lower(), value.lower()) != ("outputtype", "amp")
    ]
    copy = urlunsplit((parts.scheme, parts.netloc, path or "/", urlencode(query), ""))
    return bool(canonical) and page_key(copy, query=True) == page_key(canonical, query=True)


def canonical_key(url: str, *, query: bool = False) -> str:
    """``page_key`` of a URL ``canonicalize_url`` already returned: the site's host
    (``site_host``), the path without its trailing slash; scheme and fragment ("#article")
    set aside, and the query too unless ``query`` (a link's "view.php?id=6" is another
    page than "?id=5"). "" for a URL without a host."""
    parts = urlsplit(url)
    if not parts.netloc:
        return ""
    key = site_host(url) + parts.path.rstrip("/")
    return f"{key}?{parts.query}" if query and parts.query else key


# Hosts one site serves its own pages from: a mobile or AMP page's canonical is the
# site's www page, the same article.
_OWN_SUBDOMAINS = ("www.", "m.", "mobile.", "amp.")


def site_host(url: str) -> str:
    """The host that names ``url``'s site: lowercased, without the "www.", "m.",
    "mobile." or "amp." a site serves the same pages from ("m.example.com" and
    "www.example.com" are one site)."""
    host = (urlsplit(url).hostname or "").lower()
    for prefix in _OWN_SUBDOMAINS:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix) :]
    return host


def path_segments(url: str) -> list[str]:
    """The non-empty segments of ``url``'s path ("/news/2024/slug/" → news, 2024, slug)."""
    return [segment for segment in urlsplit(url).path.split("/") if segment]


def home_path(url: str) -> bool:
    """``url`` (or a bare "/") is a site's home page: its path is empty or "/"."""
    return urlsplit(url).path.strip("/") == ""
