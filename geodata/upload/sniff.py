"""Content sniffing: what a file really is, its text encoding and its column separator.

Decisions are made from the bytes, never from the file name's extension.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from typing import Literal

from geodata.messages import Message

FileKind = Literal[
    "png", "jpeg", "gif", "pdf", "html", "xml", "xls", "zip", "xlsx", "gpkg", "geojson", "json",
    "text", "binary", "empty",
]  # fmt: skip
SEPARATORS: tuple[str, ...] = ("\t", ";", "|", ",")  # preference order on a tie
_SEPARATOR_NAMES = {"\t": "tab", ";": "puntkomma", "|": "verticale streep", ",": "komma"}
_SNIFF_LINES = 60
_SNIFF_CHARS = 2_000_000  # never split a whole large file into lines to find its separator

_MAGIC: tuple[tuple[bytes, FileKind], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"%PDF", "pdf"),
    (b"SQLite format 3\x00", "gpkg"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
)
_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<script|<meta|<iframe|<div)", re.I)
_XML = re.compile(rb"^\s*<\?xml", re.I)
_GEOJSON = re.compile(
    r'"type"\s*:\s*"(FeatureCollection|Feature|Point|MultiPoint|Polygon|MultiPolygon'
    r'|LineString|MultiLineString|GeometryCollection)"'
)
_TOTAL = re.compile(
    r"^\s*(totaal|totalen|total|totale|eindtotaal|subtotaal|grand total|som|sum|gesamt"
    r"|vlaams gewest|vlaanderen|vlaamse gewest|belgi[eë]|belgique|rijk|het rijk"
    r"|brussels hoofdstedelijk gewest|waals gewest|gewest|provincie(\s+\S+)?|alle gemeenten)"
    r"\b[\s:.\w-]*$",
    re.I,
)


def sniff_kind(data: bytes) -> FileKind:
    """The file type from its first bytes (a zip holding an Excel workbook is 'xlsx')."""
    if not data.strip():
        return "empty"
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return _zip_kind(data) if kind == "zip" else kind
    head = data[:4096]
    stripped = head.lstrip(b"\xef\xbb\xbf")
    if b"\x00" not in head[:2] and _HTML.match(stripped):
        return "html"
    if _XML.match(stripped):
        return "xml"
    return _text_kind(data)


def _text_kind(data: bytes) -> FileKind:
    text_head = _quick_text(data[:4096])
    if text_head is None:
        return "binary"
    lead = text_head.lstrip("\ufeff \r\n\t")
    if lead.startswith(("{", "[")):
        return "geojson" if _GEOJSON.search(_quick_text(data[:65536]) or "") else "json"
    if re.match(r"^\s*<(!doctype\s+html|html|body|script)", lead, re.I):
        return "html"
    return "text"


def _zip_kind(data: bytes) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "zip"


def _quick_text(head: bytes) -> str | None:
    """Decode a sample as text, or None when it looks binary."""
    try:
        text, _, _ = decode_text(head, filename="", sample=True)
    except ValueError:
        return None
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0) / max(len(sample[0::2]), 1)
    odd_zeros = sample[1::2].count(0) / max(len(sample[1::2]), 1)
    if odd_zeros > 0.3 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.3 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def decode_text(
    data: bytes, *, filename: str, sample: bool = False
) -> tuple[str, str, list[Message]]:
    """Decode bytes: BOM first, then UTF-16 without BOM, UTF-8, and Windows-1252 as fallback.

    Raises ``ValueError`` when the bytes are not text (more than a few control bytes such as NUL
    remain; a stray NUL makes only its record unreadable, see :func:`read_text_rows`).
    ``sample=True`` tolerates a multi-byte character cut at the end.
    """
    messages: list[Message] = []
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 (met BOM)"),
        (b"\xff\xfe\x00\x00", "utf-32", "UTF-32 (met BOM)"),
        (b"\x00\x00\xfe\xff", "utf-32", "UTF-32 (big-endian, met BOM)"),
        (b"\xff\xfe", "utf-16", "UTF-16 (Excel 'Unicode-tekst')"),
        (b"\xfe\xff", "utf-16", "UTF-16 (big-endian)"),
    )
    encoding = None
    for bom, codec, label in boms:
        if data.startswith(bom):
            encoding, name = codec, label
            break
    if encoding is None:
        utf16 = _utf16_without_bom(data)
        if utf16:
            encoding, name = utf16, "UTF-16 zonder BOM"
    if encoding is not None:
        unit = 4 if encoding == "utf-32" else 2
        if sample and encoding.startswith("utf-") and len(data) % unit:
            data = data[: len(data) - len(data) % unit]
        text = data.decode(encoding, errors="strict" if not sample else "ignore")
    else:
        try:
            text = data.decode("utf-8")
            encoding, name = "utf-8", "UTF-8"
        except UnicodeDecodeError as exc:
            if sample and exc.start >= len(data) - 3:
                text = data[: exc.start].decode("utf-8")
                encoding, name = "utf-8", "UTF-8"
            else:
                text = data.decode("cp1252", errors="replace")
                encoding, name = "cp1252", "Windows-1252"
                messages.append(
                    Message(
                        "info",
                        "Het bestand is geen UTF-8; gelezen als Windows-1252 (Excel in het "
                        "Nederlands). Controleer letters met accenten zoals é en ë.",
                        file=filename or None,
                    )
                )
    text = text.lstrip("\ufeff")
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\r\n\t\f\x1a")
    share = len(text[:20000]) // 100
    if text[:1] == "\x00" or controls > max(5, share) or controls * 20 > len(text[:20000]):
        raise ValueError("binary")
    if encoding not in ("utf-8",) and not messages:
        messages.append(Message("info", f"Tekencodering: {name}.", file=filename or None))
    return text, encoding, messages


def detect_separator(text: str) -> str | None:
    """The column separator (``;`` ``,`` tab ``|``), or None for a single-column file.

    The separator that splits the most sample lines into the same number (>1) of fields wins;
    quotes are respected. Ties go to tab, then ``;``, ``|`` and ``,`` (a nl-BE file with decimal
    commas is separated by ``;``).
    """
    head = text[:_SNIFF_CHARS]
    lines = [line for line in head.splitlines()[: _SNIFF_LINES * 3] if line.strip()][:_SNIFF_LINES]
    if not lines:
        return None
    best: tuple[int, int, str] | None = None
    for rank, sep in enumerate(SEPARATORS):
        counts = [len(row) for row in csv.reader(lines, delimiter=sep)]
        usable = [c for c in counts if c > 1]
        if not usable:
            continue
        mode, _ = Counter(usable).most_common(1)[0]
        consistent = sum(1 for c in counts if c == mode)
        score = (consistent, -rank, sep)
        if best is None or score[:2] > best[:2]:
            best = score
    return best[2] if best else None


def separator_name(sep: str | None) -> str:
    """Dutch name of a separator for messages."""
    return _SEPARATOR_NAMES.get(sep or "", "geen (één kolom)")


def is_total_label(value: object) -> bool:
    """True for labels of total rows: 'Totaal', 'Total', 'Vlaams Gewest', 'België', ..."""
    if not isinstance(value, str) or not value.strip():
        return False
    return bool(_TOTAL.match(value.strip()))


__all__ = [
    "SEPARATORS",
    "FileKind",
    "decode_text",
    "detect_separator",
    "is_total_label",
    "separator_name",
    "sniff_kind",
]
