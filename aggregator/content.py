"""Whether bytes said to be a page are text at all: the crawl's and ``extract FILE``'s check.

A PDF, an image or an archive served as text/html (or saved as ``page.html``)
would be parsed into an empty or garbage article; such content is refused
instead. A NUL byte alone does not make content binary: a page in UTF-16 or
UTF-32 without a BOM is half or three quarters NUL bytes, and a page with one
stray NUL is still a page (the parser reads both).
"""

from __future__ import annotations

import codecs

# The first bytes of a gzip member, and of a WARC record's version line (a WARC's start).
GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/"
# How much of the content is looked at: a page's markup starts at its first bytes.
_HEAD_BYTES = 1024
_BOMS = (
    codecs.BOM_UTF8,
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)
# The first bytes of formats sent with the wrong type: PDF, PNG, GIF, JPEG, zip (and
# docx, epub …), gzip, bzip2, xz, zstd, 7-zip, RAR, web fonts, RIFF (WebP, WAV), Ogg,
# MP3 (ID3), ELF.
_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    GZIP_MAGIC,
    b"BZh",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!",
    b"wOFF",
    b"wOF2",
    b"RIFF",
    b"OggS",
    b"ID3",
    b"\x7fELF",
)
# Text has few control characters besides tab, line feed, form feed and carriage return;
# binary content read as cp1252 has about one byte in eight among them.
_TEXT_CONTROLS = frozenset("\t\n\x0c\r")
_MOST_CONTROLS = 0.05


def charset_of(content_type: str) -> str | None:
    """The charset a Content-Type header value names, lower-cased; None when it names none."""
    return content_type.lower().partition("charset=")[2].split(";")[0].strip().strip("\"'") or None


def looks_binary(body: bytes) -> bool:
    """``body`` is not text: a known binary format, or control characters in more than
    5% of its first KB however it is decoded (UTF-16 or UTF-32 when its NUL bytes fall
    where those encodings put them, else UTF-8 or cp1252)."""
    head = body[:_HEAD_BYTES]
    if head.startswith(_BOMS):
        return False
    if head.startswith(_MAGIC) or head[4:8] == b"ftyp":  # ftyp: MP4, MOV, HEIC
        return True
    if not head:
        return False
    bad = min(_bad_characters(text) for text in _readings(head))
    # Two at least: one stray NUL in a short page is still a page.
    return bad >= 2 and bad > _MOST_CONTROLS * len(head)


def _readings(head: bytes) -> list[str]:
    """The head decoded every way it plausibly is text (a cut last character dropped)."""
    readings = [
        codecs.getincrementaldecoder(encoding)("replace").decode(head)
        for encoding in ("utf-8", "cp1252")
    ]
    if b"\x00" in head:
        readings += [
            codecs.getincrementaldecoder(encoding)("replace").decode(head)
            for encoding in _wide_encodings(head)
        ]
    return readings


def _wide_encodings(head: bytes) -> list[str]:
    """UTF-16 or UTF-32 where most bytes at that encoding's high positions are NUL (ASCII
    markup in a wide encoding); random bytes decoded as UTF-16 would read as CJK text."""
    found = []
    for encoding, width, zero_at in (
        ("utf-32-le", 4, (1, 2, 3)),
        ("utf-32-be", 4, (0, 1, 2)),
        ("utf-16-le", 2, (1,)),
        ("utf-16-be", 2, (0,)),
    ):
        units = len(head) // width
        if not units:
            continue
        zeros = sum(head[i * width + at] == 0 for i in range(units) for at in zero_at) / (
            units * len(zero_at)
        )
        if zeros >= 0.5:
            found.append(encoding)
    return found


def _bad_characters(text: str) -> int:
    """Control characters other than whitespace, and undecodable bytes."""
    return sum(
        1
        for char in text
        if (char < " " and char not in _TEXT_CONTROLS)
        or "\x7f" <= char <= "\x9f"
        or char == "\ufffd"
    )
