"""Charset lies the parser has to survive (pages given as bytes)."""

from __future__ import annotations

import pytest

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


_UTF8_TEXT = (
    "<p>Der Caf\u00e9-Besitzer in Z\u00fcrich servierte cr\u00e8me br\u00fbl\u00e9e.</p>" * 3
)


@pytest.mark.parametrize(
    "declared",
    ["iso-8859-1", "windows-1252", "windows-1251", "koi8-r", "shift_jis", "gb2312", "utf-16"],
)
def test_valid_utf8_under_a_wrong_meta_charset_is_read_as_utf8(declared: str) -> None:
    page = f"<html><head><meta charset='{declared}'><title>T</title></head><body><article>"
    page += f"<h1>Caf\u00e9 cr\u00e8me in Z\u00fcrich</h1>{_UTF8_TEXT}</article></body></html>"
    article = extract(page.encode("utf-8"), "https://example.com/a")
    assert article.headline == "Caf\u00e9 cr\u00e8me in Z\u00fcrich"
    assert "Z\u00fcrich" in article.body[0]


@pytest.mark.parametrize(
    ("text", "charset", "meta"),
    [
        (
            "\u041c\u044d\u0440 \u0433\u043e\u0440\u043e\u0434\u0430 \u0443\u0448\u0451\u043b",
            "koi8-r",
            "windows-1251",
        ),
        ("\u5e02\u9577\u304c\u8f9e\u4efb\u3057\u305f", "shift_jis", "euc-jp"),
        ("Caf\u00e9 cr\u00e8me", "windows-1252", "shift_jis"),
    ],
)
def test_the_transport_charset_wins_over_the_meta_charset(
    text: str, charset: str, meta: str
) -> None:
    page = f"<html><head><meta charset='{meta}'></head><body><h1>{text}</h1></body></html>"
    article = extract(page.encode(charset), "https://example.com/a", transport_charset=charset)
    assert article.headline == text


def test_a_transport_charset_the_bytes_are_not_valid_in_is_passed_over() -> None:
    page = "<html><head><meta charset='windows-1252'></head><body><h1>Caf\u00e9</h1></body>"
    article = extract(page.encode("cp1252"), "https://example.com/a", transport_charset="utf-8")
    assert article.headline == "Caf\u00e9"
