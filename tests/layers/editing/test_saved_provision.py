"""A saved inventory is the provision of its municipality for every session at once; an upload
wins only in the session that uploaded it."""

from __future__ import annotations

import pandas as pd
import pytest

from layers.analysis import (
    UPLOAD_SOURCE,
    VIEW_MEASURE,
    combine_inventories,
    load_inventory,
    unit_provision,
)
from layers.editing import Editor, save_inventory, shared_inventories
from layers.indicators import IndicatorInputs
from layers.initiatives import read_inventory

ANTWERPEN, GENT = "11002", "44021"
INVENTORY_CSV = (
    "naam,gemeente_code,doelgroepen,actietypes,effectieve_elementen,precisie\n"
    "Babbelcafé,{code},ouderen,ontmoeting,ontmoeting,gemeente\n"
    "Buurtwandeling,{code},ouderen,ontmoeting,activiteiten,gemeente\n"
)


@pytest.fixture(scope="module")
def inputs(settings) -> IndicatorInputs:
    return IndicatorInputs(store_path=settings.store_path, raw_dir=settings.raw_dir)


def _saved_table(*names: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "naam": list(names),
            "doelgroepen": "ouderen",
            "actietypes": "ontmoeting",
            "effectieve_elementen": "ontmoeting",
            "precisie": "gemeente",
        }
    )


def _provision(inputs: IndicatorInputs, url: str, upload: pd.DataFrame | None) -> pd.DataFrame:
    """What a fresh session computes: the saved inventories, with its own upload if any."""
    shared = shared_inventories(url)
    if shared.empty and upload is None:
        table = unit_provision(inputs, "gemeente")
    else:
        inventory, sources = combine_inventories(
            load_inventory(inputs), shared.table, shared.sources, upload
        )
        table = unit_provision(inputs, "gemeente", inventory=inventory, sources=sources)
    return table.set_index("code")


def test_a_saved_inventory_is_the_measure_of_its_municipality_for_everyone(
    database_url: str, inputs: IndicatorInputs
) -> None:
    before = _provision(inputs, database_url, None)
    assert before.loc[ANTWERPEN, "aanbod_maat"] == VIEW_MEASURE
    editor = Editor(code=ANTWERPEN, name="Jan", via="toegangscode")
    save_inventory(
        database_url,
        ANTWERPEN,
        _saved_table("Babbelcafé", "Buurtwandeling", "Repair café"),
        expected_version=0,
        editor=editor,
    )
    after = _provision(inputs, database_url, None)
    assert (
        after.loc[ANTWERPEN, "aanbod_maat"]
        == "initiatieven per 10.000 80-plussers (eigen overzicht)"
    )
    assert after.loc[ANTWERPEN, "aanbod_bron"].startswith(
        "eigen overzicht van de gemeente, bewaard in Verbonden (versie 1, 20"
    )
    assert after.loc[ANTWERPEN, "aanbod_aantal"] == 3
    # other municipalities keep the residents' view
    assert after.loc[GENT, "aanbod_maat"] == VIEW_MEASURE


def test_an_upload_wins_only_in_its_own_session(database_url: str, inputs: IndicatorInputs) -> None:
    editor = Editor(code=ANTWERPEN, name="Jan", via="toegangscode")
    save_inventory(
        database_url, ANTWERPEN, _saved_table("Babbelcafé"), expected_version=0, editor=editor
    )
    upload, _ = read_inventory(
        INVENTORY_CSV.format(code=ANTWERPEN).encode(), filename="eigen.csv", known_codes=None
    )
    with_upload = _provision(inputs, database_url, upload)
    assert with_upload.loc[ANTWERPEN, "aanbod_bron"] == UPLOAD_SOURCE
    assert with_upload.loc[ANTWERPEN, "aanbod_aantal"] == 2
    other_session = _provision(inputs, database_url, None)  # never sees the upload
    assert other_session.loc[ANTWERPEN, "aanbod_aantal"] == 1
    assert "bewaard in Verbonden" in other_session.loc[ANTWERPEN, "aanbod_bron"]


def test_combining_keeps_every_row_when_two_municipalities_use_the_same_id() -> None:
    def rows(code: str) -> pd.DataFrame:
        table, _ = read_inventory(
            INVENTORY_CSV.format(code=code)
            .replace("naam,", "id,naam,")
            .replace("\nBabbelcafé", "\nbabbel,Babbelcafé")
            .replace("\nBuurtwandeling", "\nwandel,Buurtwandeling")
            .encode(),
            filename="x.csv",
        )
        return table

    saved = pd.concat([rows(ANTWERPEN), rows(GENT)], ignore_index=True)
    default = rows("12025").iloc[:0]
    combined, sources = combine_inventories(
        default, saved, {ANTWERPEN: "a", GENT: "g"}, upload=None
    )
    assert len(combined) == 4 and combined["id"].is_unique
    assert set(sources) == {ANTWERPEN, GENT}
