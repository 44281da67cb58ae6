"""Charset lies the parser has to survive (pages given as bytes)."""

from __future__ import annotations

from aggregator import extract


def _page(body: bytes, head: bytes = b"") -> bytes:
    return (
        b"<html><head>"
        + head
        + b"<title>T</title></head><body><article><h1>Wind power</h1><p>"
        + body
        + b"</p></article></body></html>"
    )


def test_cp1252_runs_inside_a_utf8_page_are_repaired() -> None:
    text = "Die Windr\u00e4der drehen sich, sagte der Caf\u00e9-Besitzer \u2014 wieder.".encode(
        "utf-8"
    )
    mixed = text.replace("Windr\u00e4der".encode("utf-8"), "Windr\u00e4der".encode("cp1252"))
    article = extract(_page(mixed * 3), "https://example.com/a")
    body = " ".join(article.body)
    assert "Windr\u00e4der" in body and "Caf\u00e9" in body and "\u2014" in body
    assert "\ufffd" not in body


def test_declared_latin1_is_read_as_cp1252() -> None:
    body = "\u201cQuoted\u201d words cost \u20ac5 in the caf\u00e9.".encode("cp1252") * 3
    article = extract(_page(body, b'<meta charset="iso-8859-1">'), "https://example.com/a")
    assert "\u201cQuoted\u201d" in article.body[0] and "\u20ac5" in article.body[0]


def test_utf16_with_bom() -> None:
    page = "\ufeff<html><body><article><h1>Title</h1><p>Gr\u00fc\u00dfe aus K\u00f6ln, sagte sie am Montag in der Stadt.</p></article></body></html>"
    article = extract(page.encode("utf-16-le"), "https://example.com/a")
    assert article.headline == "Title"
    assert "K\u00f6ln" in article.body[0]
