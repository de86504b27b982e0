"""Pure helpers of the upload page: templates, report tables, use and save, preview maps."""

from __future__ import annotations

import re
from datetime import datetime

import geopandas as gpd
import pandas as pd
import pytest

from geodata.messages import Message
from geodata.store import read_layer
from geodata.upload import read_upload
from layers.initiatives.inventory import read_inventory
from layers.uploads.preview import points_preview_map, table_preview_map
from layers.uploads.review import (
    accounting_line,
    inventory_report,
    messages_frame,
    report_notes,
)
from layers.uploads.templates import UPLOAD_KINDS, template_bytes
from layers.uploads.use import (
    guess_unit,
    indicator_values,
    name_column_candidates,
    point_frame,
    save_upload,
    saved_files,
    saved_name,
)

NOW = datetime(2025, 3, 14, 9, 26, 53)
PAYLOAD = "<img src=x onerror=alert(1)>`${x}`"


@pytest.fixture(scope="module")
def gemeenten(store_path):
    return read_layer(store_path, "gemeente", columns=["code"])


@pytest.mark.parametrize("kind", ["indicator", "ontmoetingsplaatsen", "haltes"])
def test_every_template_is_read_cleanly(kind, resolver, gemeenten):
    name, data = template_bytes(kind)
    assert name == UPLOAD_KINDS[kind].template_name
    result = read_upload(data, filename=name, resolver=resolver, gemeenten=gemeenten)
    report = result.report
    assert report.status == "ok", [str(m) for m in report.messages]
    assert report.rows_in == report.rows_matched > 0
    if kind == "indicator":
        assert result.table is not None and set(result.table["level"]) == {"gemeente"}
    else:
        assert result.points is not None and result.points["gemeente_code"].notna().all()


def test_inventory_template_is_valid(resolver):
    name, data = template_bytes("initiatieven")
    inventory, messages = read_inventory(data, filename=name, resolver=resolver)
    assert not [m for m in messages if m.level == "error"]
    report = inventory_report(inventory, messages, filename=name)
    assert (report.rows_in, report.rows_matched, report.status) == (1, 1, "ok")


def test_unknown_template_kind_is_refused():
    with pytest.raises(ValueError, match="Onbekende soort"):
        template_bytes("foto")


def test_inventory_report_lists_each_invalid_row_with_its_errors():
    inventory = pd.DataFrame(
        {
            "regel": [2, 3, 4],
            "naam": ["a", "b", "c"],
            "doelgroepen": [("ouderen",), (), ()],
            "geldig": [True, False, False],
        }
    )
    messages = [
        Message("error", "onbekende NIS-code", 3, "gemeente_code", "i.csv"),
        Message("error", "naam ontbreekt", 4, "naam", "i.csv"),
        Message("warning", "let op", 2, "naam", "i.csv"),
    ]
    report = inventory_report(inventory, messages, filename="i.csv")
    assert (report.rows_in, report.rows_matched, report.rows_malformed) == (3, 1, 2)
    assert report.status == "warnings"
    rows = report.rejected_rows.set_index("line")
    assert "onbekende NIS-code" in rows.at[3, "reason"]
    assert "kolom 'naam'" in rows.at[4, "reason"]


def test_messages_frame_and_accounting_line(resolver):
    data = b"nis;waarde\n11002;1\n99999;2\n44021;abc\n"
    report = read_upload(data, filename="t.csv", resolver=resolver).report
    frame = messages_frame(report.messages)
    assert list(frame.columns) == ["Regel", "Kolom", "Soort", "Melding"]
    assert set(frame["Soort"]) <= {"info", "waarschuwing", "fout"}
    assert accounting_line(report) == (
        f"{report.rows_in} rijen gelezen = {report.rows_matched} gekoppeld + "
        f"{report.rows_unmatched} niet gekoppeld + {report.rows_malformed} onleesbaar"
    )
    assert report.rows_in == 3


def test_report_notes_name_the_merged_units_and_the_aggregation():
    choices = {"separator_name": "puntkomma", "key_column": "nis", "value_columns": ["leden"]}
    notes = report_notes(
        choices, aggregation="sum", merged_codes=["11002"], names={"11002": "Antwerpen"}
    )
    merged = next(n for n in notes if "samengevoegd" in n)
    assert "Antwerpen (11002)" in merged and "optellen" in merged
    assert any("'nis'" in n for n in notes)
    assert not any("samengevoegd" in n for n in report_notes({}))


def test_indicator_values_and_unit_guess():
    table = pd.DataFrame(
        {"level": ["gemeente", "gemeente", "wijk"], "code": ["11002", "44021", "11002W01"],
         "naam": ["A", "G", "W"], "aantal": [3.0, None, 1.0], "aandeel_pct": [1.5, 2.5, 3.0]}
    )  # fmt: skip
    values = indicator_values(table, level="gemeente", column="aantal")
    assert values.to_dict("list") == {"code": ["11002"], "value": [3.0]}
    assert guess_unit(table, "aandeel_pct") == "%"
    assert guess_unit(table, "aantal") == "aantal"
    with pytest.raises(ValueError, match="geen waardekolom"):
        indicator_values(table, level="gemeente", column="naam")


def test_point_frame_names_points_and_falls_back_to_line_numbers():
    points = gpd.GeoDataFrame(
        {"regel": [2, 3], "stop_name": ["Kerk", ""], "gemeente_code": ["44021", None]},
        geometry=gpd.points_from_xy([3.72, 4.4], [51.05, 51.2]),
        crs=4326,
    )
    assert name_column_candidates(points)[0] == "stop_name"
    frame = point_frame(points, name_column="stop_name")
    assert list(frame.columns) == ["lon", "lat", "naam", "gemeente_code"]
    assert frame["naam"].tolist() == ["Kerk", "punt op regel 3"]
    assert frame["gemeente_code"].iloc[0] == "44021"
    assert pd.isna(frame["gemeente_code"].iloc[1])


def test_save_upload_writes_timestamped_files_that_read_back(tmp_path, resolver, gemeenten):
    target = tmp_path / "eigen-data"
    table = pd.DataFrame(
        {"level": ["gemeente"], "code": ["11002"], "naam": ["Antwerpen"], "x": [1.5]}
    )
    path = save_upload(target, kind="indicator", filename="../../Mijn Bestand.csv", now=NOW,
                       table=table)  # fmt: skip
    assert path.parent == target
    assert re.fullmatch(r"20250314-092653-indicator-mijn_bestand-[0-9a-f]{6}\.csv", path.name)
    again = read_upload(path.read_bytes(), filename=path.name, resolver=resolver)
    assert again.table.set_index("code").at["11002", "x"] == 1.5
    points = gpd.GeoDataFrame(
        {"regel": [2], "naam": ["Kerk"]}, geometry=gpd.points_from_xy([3.72], [51.05]), crs=4326
    )
    geo = save_upload(target, kind="haltes", filename="stops.txt", now=NOW, points=points)
    assert geo.suffix == ".geojson"
    back = read_upload(geo.read_bytes(), filename=geo.name, resolver=resolver, gemeenten=gemeenten)
    assert back.report.rows_matched == 1 and back.points["gemeente_code"].iloc[0] == "44021"
    assert saved_files(target, kind="haltes") == [geo]
    assert saved_files(tmp_path / "absent", kind="haltes") == []
    with pytest.raises(ValueError, match="precies één"):
        save_upload(target, kind="indicator", filename="x", now=NOW)


def test_saved_name_is_safe():
    name = saved_name("indicator", "C:\\data\\<script>.xlsx", now=NOW, suffix=".csv")
    assert name == "20250314-092653-indicator-script.csv"


def test_preview_maps_escape_user_text(store_path):
    gem = read_layer(store_path, "gemeente", display=True)
    table = pd.DataFrame({"level": ["gemeente"], "code": ["11002"], "naam": ["A"], PAYLOAD: [1.0]})
    html = (
        table_preview_map(table, gem, level="gemeente", column=PAYLOAD, filename=PAYLOAD + ".csv")
        .get_root()
        .render()
    )
    assert "<img src=x" not in html
    points = gpd.GeoDataFrame(
        {"regel": [2], "naam": [PAYLOAD], "gemeente_code": ["44021"]},
        geometry=gpd.points_from_xy([3.72], [51.05]),
        crs=4326,
    )
    html = (
        points_preview_map(points, gem, name="Punten", label_column="naam", filename=PAYLOAD)
        .get_root()
        .render()
    )
    assert "<img src=x" not in html


def test_an_uploaded_indicator_without_unit_gets_a_default_unit():
    import pandas as pd

    from layers.uploads.uploaded import UploadedIndicator, add_uploaded

    upload = UploadedIndicator(
        name="Score", filename="f.csv", level="gemeente",
        values=pd.DataFrame({"code": ["11002"], "value": [1.0]}), unit="",
    )  # fmt: skip
    wide = pd.DataFrame({"code": ["11002", "11001"], "naam": ["Antwerpen", "Aartselaar"]})
    out, specs = add_uploaded(wide, [upload], level="gemeente")
    assert specs[upload.id].unit == "waarde"
    assert out[f"{upload.id}__reden"].tolist() == ["", "niet in het opgeladen bestand"]
