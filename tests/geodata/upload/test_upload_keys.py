from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.upload.aggregate import combine_rows
from geodata.upload.keys import components_2024, detect_key_column, detect_year_column, resolve_keys


def test_key_column_found_by_content(resolver):
    cells = pd.DataFrame(
        {
            "kleur": ["rood", "blauw", "groen"],
            "plaats": ["Gent", "Anvers", "11007"],
            "waarde": ["1", "2", "3"],
        },
        dtype=object,
    )
    best, candidates = detect_key_column(cells, resolver)
    assert best is not None and best.name == "plaats"
    assert candidates[0].score == 1.0


def test_no_key_column(resolver):
    cells = pd.DataFrame({"kleur": ["rood", "blauw"], "n": ["1", "2"]}, dtype=object)
    best, _ = detect_key_column(cells, resolver)
    assert best is None


def test_year_column():
    cells = pd.DataFrame({"jaar": ["2023", "2024"], "waarde": ["1", "2"]})
    assert detect_year_column(cells) == "jaar"
    assert detect_year_column(pd.DataFrame({"jaar": ["x", "y"]})) is None


def test_resolve_keys_kinds_levels_and_reasons(resolver):
    values = pd.Series(
        [
            "11002",
            "Anvers",
            "11007",
            "44021W01",
            "11001A00-",
            "Totaal",
            "Deurne",
            "21004",
            "Atlantis",
        ]
    )
    keys = resolve_keys(values, resolver)
    assert keys["status"].tolist() == [
        "ok",
        "ok",
        "ok",
        "ok",
        "ok",
        "total",
        "ambiguous",
        "unknown",
        "unknown",
    ]
    assert keys["code"].tolist()[:5] == ["11002", "11002", "11002", "44021W01", "11001"]
    assert keys["level"].tolist()[:5] == ["gemeente", "gemeente", "gemeente", "wijk", "gemeente"]
    assert "Brussel" in keys["reason"].iloc[7]
    assert "dubbelzinnig" in keys["reason"].iloc[6]
    assert keys.loc[2, "unit"] == "11007"


def _combine(resolver, refs, values, **kw):
    keys = resolve_keys(pd.Series(refs), resolver)
    frame = pd.DataFrame({"v": values}, dtype=float)
    return combine_rows(
        keys,
        frame,
        np.arange(2, len(refs) + 2),
        filename="f",
        components=components_2024(resolver),
        **kw,
    )


def test_merge_needs_an_explicit_choice(resolver):
    combined = _combine(resolver, ["71057", "71069", "44021"], [10, 1, 5])
    assert sorted(combined.unused) == [0, 1]
    assert combined.choices["needs_aggregation"] is True
    assert combined.table["code"].tolist() == ["44021"]


def test_merge_sum(resolver):
    combined = _combine(resolver, ["71057", "71069", "44021"], [10, 1, 5], aggregation="sum")
    assert dict(zip(combined.table["code"], combined.table["v"], strict=True)) == {
        "71071": 11,
        "44021": 5,
    }
    assert not combined.unused


def test_sum_with_a_missing_part_is_left_empty(resolver):
    combined = _combine(resolver, ["71057", "71069"], [10, np.nan], aggregation="sum")
    assert np.isnan(combined.table["v"].iloc[0])
    assert any("onvolledige som" in m.message for m in combined.messages)


def test_incomplete_merger_is_reported(resolver):
    combined = _combine(resolver, ["11002", "37012", "37018"], [10, 1, 2], aggregation="sum")
    assert any("Borsbeek (11007) ontbreekt" in m.message for m in combined.messages)
    assert combined.choices["incomplete_mergers"] == ["11002"]


def test_duplicates_refused_or_chosen(resolver):
    refused = _combine(resolver, ["Gent", "44021", "11002"], [1, 2, 3])
    assert sorted(refused.unused) == [0, 1]
    first = _combine(resolver, ["Gent", "44021"], [1, 2], duplicates="first")
    assert first.table["v"].tolist() == [1] and list(first.unused) == [1]
    last = _combine(resolver, ["Gent", "44021"], [1, 2], duplicates="last")
    assert last.table["v"].tolist() == [2]
    summed = _combine(resolver, ["Gent", "44021"], [1, 2], duplicates="sum")
    assert summed.table["v"].tolist() == [3]


def test_rate_recomputed_from_numerator_and_denominator(resolver):
    keys = resolve_keys(pd.Series(["37012", "37018", "44021"]), resolver)
    values = pd.DataFrame(
        {"t": [600, 1300, 15000], "n": [6300, 14500, 265000], "pct": [9.52, 8.97, 5.66]},
        dtype=float,
    )
    combined = combine_rows(
        keys,
        values,
        np.arange(2, 5),
        filename="f",
        aggregation="rate",
        numerator="t",
        denominator="n",
        rate_column="pct",
    )
    table = combined.table.set_index("code")
    assert table.at["37021", "pct"] == 1900 / 20800 * 100
    assert table.at["44021", "pct"] == 5.66


def test_rate_without_columns_falls_back_to_refusal(resolver):
    combined = _combine(
        resolver, ["71057", "71069"], [1, 2], aggregation="rate", numerator="x", denominator="y"
    )
    assert any(m.level == "error" and "teller" in m.message for m in combined.messages)
    assert sorted(combined.unused) == [0, 1]
