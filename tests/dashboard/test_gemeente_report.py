"""The municipality report and its CSV carry the unit's own notes (bug 9 of issue 11): no other
municipality's caveats, each note once, as plain Dutch sentences; the PDF opens with the summary."""

from __future__ import annotations

import re
import subprocess

import pytest

from geodata.safe_export import to_csv_bytes

OTHERS = ("Borsbeek", "Herstappe")


@pytest.fixture
def loaders(settings, monkeypatch):
    """The dashboard's loaders over the test store, outside a browser session (no uploads)."""
    from dashboard import loaders as module

    monkeypatch.setenv("VERBONDEN_HOME", str(settings.home))
    monkeypatch.setenv("VERBONDEN_MIRROR", str(settings.mirror))
    module.settings.clear()
    module.store_path.clear()
    yield module
    module.settings.clear()
    module.store_path.clear()


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())  # lines joined: sentences wrap in the PDF


def _report(loaders, code, tmp_path) -> tuple[str, str]:
    pdf = _pdf_text(loaders.municipality_pdf(code, "2026-12-01")(), tmp_path)
    csv = to_csv_bytes(loaders.gemeente_view(code).display).decode("utf-8-sig")
    return pdf, csv


def test_herselt_report_mentions_no_other_municipality(loaders, tmp_path):
    pdf, csv = _report(loaders, "13013", tmp_path)
    for text in (pdf, csv):
        for other in (*OTHERS, "Antwerpen (2025)"):
            assert other not in text, other
    # A caveat about the province of Antwerpen holds for Herselt (province Antwerpen): kept.
    assert "provincie Antwerpen" in csv


def test_antwerpen_notes_are_its_own_once_and_not_garbled(loaders, tmp_path):
    pdf, csv = _report(loaders, "11002", tmp_path)
    for text in (pdf, csv):
        assert "Herstappe" not in text
        assert "Borsbeek Antwerpen" not in text, "two notes glued together"
        assert text.count("de census-bron heeft geen cijfer voor Borsbeek") == 1
        assert "Antwerpen (2025) zonder Borsbeek" not in text, "the catalogue's copy of the note"
    notes = loaders.gemeente_view("11002").display["Opmerking"]
    for note in notes[notes != ""]:
        sentences = re.split(r"(?<=\.) ", note)
        assert len(sentences) == len(set(sentences)), note
        assert all(not s[0].islower() and s.endswith(".") for s in sentences), note


def test_the_pdf_opens_with_the_summary(loaders, tmp_path):
    pdf, _ = _report(loaders, "13013", tmp_path)
    summary = pdf[pdf.index("In het kort") : pdf.index("Cijfers")]
    for part in ("Nood-index:", "van 100", "van 285 gemeenten", "Robuustheid:", "Actiekloof:"):
        assert part in summary, part
    assert "Sterkste risicofactoren:" in summary
    assert "Wat de publicatie aanraadt:" in summary
    assert "Werkzame elementen" in pdf or "werkzame elementen" in pdf
    assert "effectieve elementen" not in pdf.lower()
