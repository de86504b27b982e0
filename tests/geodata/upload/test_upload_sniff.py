from __future__ import annotations

import pytest

from geodata.upload.sniff import decode_text, detect_separator, is_total_label, sniff_kind


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\nrest", "png"),
        (b"%PDF-1.7\n", "pdf"),
        (b"SQLite format 3\x00....", "gpkg"),
        (b"  <!DOCTYPE html><html></html>", "html"),
        (b"\xef\xbb\xbf<html><body>x</body></html>", "html"),
        (b'{"type": "FeatureCollection", "features": []}', "geojson"),
        (b'{"a": 1}', "json"),
        (b"niscode;waarde\n11002;1\n", "text"),
        ("niscode\twaarde\n".encode("utf-16"), "text"),
        (b"", "empty"),
        (bytes(range(256)) * 4, "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    ],
)
def test_kind_comes_from_content(data, kind):
    assert sniff_kind(data) == kind


def test_encodings():
    assert decode_text("é;1".encode("utf-8-sig"), filename="f")[0] == "é;1"
    text, encoding, messages = decode_text("café;1".encode("cp1252"), filename="f")
    assert (text, encoding) == ("café;1", "cp1252")
    assert "Windows-1252" in messages[0].message
    assert decode_text("één\t2".encode("utf-16"), filename="f")[0] == "één\t2"
    assert decode_text("één\t2\n".encode("utf-16-be"), filename="f")[0] == "één\t2\n"
    assert decode_text("één".encode(), filename="f")[1] == "utf-8"


@pytest.mark.parametrize("sep", [";", ",", "\t", "|"])
def test_separators(sep):
    text = (
        sep.join(["niscode", "naam", "waarde"])
        + "\n"
        + sep.join(["11002", "Antwerpen", "1"])
        + "\n"
    )
    assert detect_separator(text) == sep


def test_semicolon_wins_over_decimal_commas():
    assert detect_separator("naam;waarde;b\nGent;12,5;1,5\nAalst;1,2;3,4\n") == ";"


def test_quoted_separators_do_not_count():
    assert detect_separator('id,naam,lat\n1,"Halte, perron A",51.0\n2,"B, C",51.1\n') == ","


@pytest.mark.parametrize(
    "label", ["Totaal", "TOTAAL:", "Total", "Vlaams Gewest", "België", "Eindtotaal"]
)
def test_total_labels(label):
    assert is_total_label(label)


@pytest.mark.parametrize("label", ["Gent", "Rijkevorsel", "Totaalzorg vzw straat 1x", "", None, 12])
def test_not_total_labels(label):
    assert not is_total_label(label)
