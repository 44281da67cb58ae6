"""URL canonicalisation: one form per article, whatever tracking junk was appended."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

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
        # Session ids a server appends for a visitor without cookies: each fetch of the
        # same page gets a new one. "sid" is not among them: PHP-Nuke's "article.php?sid=4"
        # names the story; a page's canonical link makes its variants aliases instead.
        "phpsessid",
        "jsessionid",
        "sessionid",
        "session_id",
        "cfid",
        "cftoken",
    }
)
_TRACKING_PREFIX = ("utm_", "pk_", "mtm_", "hsa_", "at_", "fb_action", "ga_", "aspsessionid")
# A session id as a path parameter: Java servlets' "/story;jsessionid=0A1B2C?x=1".
_SESSION_PARAM = re.compile(r";(?:j|php|asp)?sessionid=[^/;?#]*", re.IGNORECASE)
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


def split_url(url: str) -> SplitResult:
    """``urlsplit``, but a URL it cannot read ("http://[::1/a", "https://[object Object]")
    gives an empty one: a page's bad link names no page, and is no reason to fail it."""
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit("")


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL with a host: what a stored link may be (a page's
    ``javascript:``, ``file:`` or ``data:`` value names no page a reader may open)."""
    parts = split_url(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


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
    "." and ".." segments are resolved, session ids ("?PHPSESSID=…", ";jsessionid=…")
    dropped. Non-http(s) URLs are
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
    path = _SESSION_PARAM.sub("", parts.path)
    path = without_dot_segments(_DUP_SLASH.sub("/", path) or "/")
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
    parts = split_url(url)
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
    (``site_host``), the path without its trailing slash or index file ("/story/index.html"
    is "/story"); scheme and fragment ("#article")
    set aside, and the query too unless ``query`` (a link's "view.php?id=6" is another
    page than "?id=5"). "" for a URL without a host."""
    parts = split_url(url)
    if not parts.netloc:
        return ""
    key = site_host(url) + without_index_file(parts.path).rstrip("/")
    return f"{key}?{parts.query}" if query and parts.query else key


# Hosts one site serves its own pages from: a mobile or AMP page's canonical is the
# site's www page, the same article.
_OWN_SUBDOMAINS = ("www.", "m.", "mobile.", "amp.")


def site_host(url: str) -> str:
    """The host that names ``url``'s site: lowercased, without the "www.", "m.",
    "mobile." or "amp." a site serves the same pages from ("m.example.com" and
    "www.example.com" are one site), and with its port unless the scheme's default
    ("127.0.0.1:8001" and "127.0.0.1:8002" are two sites, as a crawl's scope counts them;
    "http://example.com" and "https://example.com:443" one)."""
    parts = split_url(url)
    host = (parts.hostname or "").lower()
    for prefix in _OWN_SUBDOMAINS:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != {"http": 80, "https": 443}.get(parts.scheme.lower()):
        return f"{host}:{port}"
    return host


def path_segments(url: str) -> list[str]:
    """The non-empty segments of ``url``'s path ("/news/2024/slug/" → news, 2024, slug)."""
    return [segment for segment in split_url(url).path.split("/") if segment]


# The file a server sends for a folder's URL: "/story/index.html" is "/story/".
_INDEX_FILE = re.compile(
    r"/(?:index|default)\.(?:html?|shtml|php[345]?|aspx?|jsp|cfm)$", re.IGNORECASE
)
# The home page's own names, and a language's home ("/en/", "/pt-br/", "/de/home").
_HOME_NAME = frozenset({"home", "homepage", "start", "startseite", "accueil", "inicio", "index"})
# Languages by ISO 639-1 code, the ones news sites are written in, not any two letters:
# "/tv/" is a section.
_LANGUAGES = frozenset(
    re.findall(
        r"\w+",
        "en de fr es it pt nl sv no nb nn da fi is pl cs sk hu ro bg el ru uk be tr ar he fa "
        "hi ur bn ta zh ja ko vi th id ms tl sw ca eu gl hr sr sl bs et lv lt ga cy sq mk ka "
        "hy az kk uz",
    )
)
_LANGUAGE = re.compile(r"([a-z]{2})(?:[-_][a-z]{2,4})?", re.IGNORECASE)


def without_index_file(path: str) -> str:
    """``path`` without a trailing index file ("/a/index.html" → "/a/", "/default.aspx" → "/")."""
    return _INDEX_FILE.sub("/", path)


def home_path(url: str) -> bool:
    """``url`` (or a bare "/") is a site's home page: its path is empty or "/", an index
    file ("/index.html", "/default.aspx"), "/home", or a language's home ("/en/",
    "/en/index.php")."""
    segments = path_segments(without_index_file(split_url(url).path))
    language = _LANGUAGE.fullmatch(segments[0]) if segments else None
    if language and language.group(1).lower() in _LANGUAGES:
        segments = segments[1:]
    return not segments or (len(segments) == 1 and segments[0].lower() in _HOME_NAME)


def spellings(url: str) -> list[str]:
    """The ways ``canonicalize_url`` may write the page ``url`` names, query kept: with and
    without the trailing slash, and with its folder's index file ("/story",
    "/story/", "/story/index.html", …). ``url`` itself first."""
    if not is_web_url(url):
        return [url]
    parts = split_url(url)
    folder = without_index_file(parts.path).rstrip("/")
    paths = [folder or "/", folder + "/"]
    paths += [f"{folder}/{name}" for name in _INDEX_NAMES]
    return list(
        dict.fromkeys(
            [url, *(urlunsplit((parts.scheme, parts.netloc, p, parts.query, "")) for p in paths)]
        )
    )


# The index files ``spellings`` writes out: the commonest of those ``_INDEX_FILE`` reads.
_INDEX_NAMES = ("index.html", "index.htm", "index.php", "index.asp", "default.aspx", "default.asp")
