"""Issue 11: exports meant for people open right in Excel in Dutch (bytes read back)."""

from __future__ import annotations

import io

import pandas as pd

from geodata.safe_export import to_csv_bytes
from layers.initiatives import read_inventory
from layers.uploads import template_bytes
from tests.layers.test_views_pages import inputs, pages  # noqa: F401 - fixtures

BOM = b"\xef\xbb\xbf"


def _read_nl(data: bytes) -> pd.DataFrame:
    assert data.startswith(BOM)
    assert b"\r\n" in data
    return pd.read_csv(io.BytesIO(data[len(BOM) :]), sep=";", decimal=",", dtype={"Code": str})


def test_ranking_csv_has_numbers_rounded_with_decimal_commas(pages):  # noqa: F811
    kaart, _ = pages
    data = to_csv_bytes(kaart.ranking, excel_nl=True)
    back = _read_nl(data)
    assert list(back.columns) == list(kaart.ranking.columns)
    assert pd.api.types.is_float_dtype(back["Nood-index"])
    assert pd.api.types.is_numeric_dtype(back["Robuustheid"])
    need = back["Nood-index"].dropna()
    assert (need == need.round(1)).all()
    assert (
        kaart.ranking["Nood-index"].dropna() == kaart.ranking["Nood-index"].dropna().round(1)
    ).all()
    assert b"," in data.split(b"\r\n")[1]  # a decimal comma in the first data row


def test_gemeente_figures_are_numbers_not_text(pages):  # noqa: F811
    _, gemeente = pages
    export = gemeente.export
    naam = gemeente.context.naam
    back = _read_nl(to_csv_bytes(export, excel_nl=True))
    for column in (naam, "Vlaams Gewest"):
        assert pd.api.types.is_float_dtype(back[column]), column
    assert not back[naam].astype(str).str.contains("%").any()
    assert "Eenheid" in back.columns
    assert back["Rang"].dropna().astype(float).eq(back["Rang"].dropna().round()).all()


def test_download_buttons_write_the_csv_for_dutch_excel():
    from dashboard import widgets

    class Column:
        def __init__(self) -> None:
            self.calls: list[tuple] = []

        def download_button(self, *args, **kwargs) -> None:
            self.calls.append(args)

    csv_col, excel_col = Column(), Column()
    frame = pd.DataFrame({"Naam": ["Gent"], "Nood-index": [72.8]})
    widgets.download_buttons(frame, "x", "x", columns=(csv_col, excel_col))
    data = csv_col.calls[0][1]()
    assert data == BOM + b"Naam;Nood-index\r\nGent;72,8\r\n"


def test_initiatives_template_opens_in_dutch_excel_and_reads_back(resolver):
    name, data = template_bytes("initiatieven")
    assert data.startswith(BOM)
    header = data[len(BOM) :].split(b"\r\n")[0]
    assert header.count(b";") > 5 and b"," not in header
    inventory, messages = read_inventory(data, filename=name, resolver=resolver)
    assert not [m for m in messages if m.level == "error"], messages
    assert inventory["geldig"].all()
