"""Sectors to 2025 wijken: the code history first, the centroid last, never outside the gemeente.

Independent of the product's placement code: the expectations are recomputed here from the raw
aggregation tables of the mirror.
"""

from __future__ import annotations

import pandas as pd
import pytest

from geodata.areas import BY_CENTROID, BY_HISTORY, BY_TABLE
from geodata.store import read_attributes, read_table

TABLES = "provinciesincijfers/gebiedsniveaus/data_voor_swing/aggregatietabellen"


@pytest.fixture(scope="module")
def statsec(store_path):
    return read_table(store_path, "statsec")


def _table(settings, name: str) -> pd.DataFrame:
    frame = pd.read_excel(settings.raw_dir / TABLES / f"{name}.xlsx", dtype=str)
    return frame.apply(lambda column: column.str.strip())


def test_no_sector_is_placed_outside_its_own_gemeente(store_path, statsec):
    wijk_gemeente = read_attributes(store_path, "wijk").set_index("code")["gemeente_code"]
    placed = statsec[statsec["wijk_code"].isin(wijk_gemeente.index)]
    wrong = placed[placed["wijk_code"].map(wijk_gemeente) != placed["gemeente_code"]]
    assert wrong.empty, wrong.head()
    # the audit's example: a 2024 sector of the old Gavere neighbour stays in its own gemeente
    row = statsec[(statsec["statsec"] == "44048B090") & (statsec["era"] == "2024")]
    assert row["wijk_code"].iloc[0].startswith(row["gemeente_code"].iloc[0])


def test_code_history_comes_before_the_centroid(settings, statsec):
    s25 = _table(settings, "statsec_ggw7").set_index("statsec")["ggw7"]
    s24 = statsec[statsec["era"] == "2024"].set_index("statsec")
    # a code that still exists in 2025 keeps the 2025 table's wijk
    kept = s24.index.intersection(s25.index)
    assert (s24.loc[kept, "wijk_methode"] == BY_TABLE).all()
    assert (s24.loc[kept, "wijk_code"] == s25[kept]).all()
    # a split sector (11001A052 -> 11001A05K) follows its successors when they share one wijk
    history = s24[s24["wijk_methode"] == BY_HISTORY]
    assert len(history) > 2_500
    stems = pd.Series(s25.index.str[:8], index=s25.index)
    for code, row in history.head(200).iterrows():
        successors = s25[stems == code[:8]]
        assert set(successors) == {row["wijk_code"]}, code
    # the centroid is the last resort, for a few hundred sectors only
    assert 0 < (s24["wijk_methode"] == BY_CENTROID).sum() < 500
