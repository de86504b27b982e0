"""Smoke test of the benchmark's helpers (bench/): no browser, no server, no timing."""

from __future__ import annotations

import csv

import pytest

from bench.browser import is_map_frame
from bench.load import percentile
from bench.report import (
    MEASURES,
    TARGETS,
    format_value,
    markdown_table,
    median,
    phase_table,
    summarise,
)
from bench.workloads import write_check_csv


def test_check_csv_has_the_requested_rows_with_codes_in_turn(tmp_path):
    codes = ["11001", "11002", "44021"]
    path = write_check_csv(tmp_path / "rows.csv", codes, rows=1_000)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == ["NIS-code", "waarde"]
    assert len(rows) == 1_001
    assert [r[0] for r in rows[1:7]] == codes * 2
    assert all("," in r[1] and "." not in r[1] for r in rows[1:])  # decimal comma
    assert path.read_text(encoding="utf-8") == write_check_csv(
        tmp_path / "again.csv", codes, rows=1_000
    ).read_text(encoding="utf-8")  # reproducible


def test_check_csv_refuses_an_empty_code_list(tmp_path):
    with pytest.raises(ValueError, match="no codes"):
        write_check_csv(tmp_path / "rows.csv", [])


def test_table_has_one_row_per_measure_with_medians_spreads_ratios_and_verdicts():
    samples = {
        "naive": {"cold_start": [30.0, 32.0, 34.0], "bytes_first": [35e6]},
        "static": {"cold_start": [0.3, 0.4, None]},
        "empty": {"cold_start": [2.0, 3.0, 2.5]},
        "empty_served": {"cold_start": [1.75]},
        "product": {"cold_start": [5.0, 3.0, 3.5], "bytes_first": [1.5e6]},
    }
    rows = summarise(samples)
    by_key = {row["key"]: row for row in rows}
    cold = by_key["cold_start"]
    assert cold["median"] == {
        "naive": 32.0,
        "static": pytest.approx(0.35),
        "empty": 2.5,
        "empty_served": 1.75,
        "product": 3.5,
    }
    assert cold["spread"]["product"] == (3.0, 5.0)
    assert cold["product_over_naive"] == pytest.approx(3.5 / 32.0)
    assert cold["product_over_empty"] == pytest.approx(1.4)
    assert cold["product_over_empty_served"] == pytest.approx(2.0)
    assert cold["within_budget"] is False  # 3.5 s <= 4 s, but 1.4x empty > 1.3x
    assert by_key["bytes_first"]["within_budget"] is False  # 1.5 MB > 1 MB
    assert by_key["wijk_first"]["within_budget"] is None  # not measured

    table = markdown_table(rows).splitlines()
    assert table[0].startswith(
        "| measure | naive | static | empty | empty_served | product | product/empty | "
        "product/empty_served |"
    )
    assert len(table) == 2 + len(MEASURES)
    assert all(line.count("|") == 13 for line in table)
    cold_line = next(line for line in table if line.startswith("| cold start"))
    assert (
        "| 32.00 s (30.00–34.00) | 0.35 s (0.30–0.40) | 2.50 s (2.00–3.00) | 1.75 s "
        "| 3.50 s (3.00–5.00) | 1.40x | 2.00x | 0.11x | 10x |" in cold_line
    )
    assert cold_line.endswith("| **no** |")
    bytes_line = next(line for line in table if line.startswith("| map bytes, first"))
    assert "35.00 MB" in bytes_line and "1.50 MB" in bytes_line and "**no**" in bytes_line
    assert TARGETS == ("naive", "static", "empty", "empty_served", "product")


def test_phase_table_shows_each_step_per_visit_and_target():
    samples = {
        "empty": {"phase_second_ws_open": [1.0, 1.2], "phase_second_drawn": [2.0, 2.2]},
        "product": {"phase_second_ws_open": [1.1], "phase_second_shapes_fetched": [3.0]},
    }
    lines = phase_table(samples).splitlines()
    assert (
        lines[0]
        == "| step (s since navigation) | second session: empty | second session: product |"
    )
    assert "| websocket open | 1.10 s (1.00–1.20) | 1.10 s |" in lines
    assert "| shapes file fetched | — | 3.00 s |" in lines


def test_percentiles_of_the_load_scenario():
    assert percentile([], 0.95) is None
    assert percentile([2.0], 0.95) == 2.0
    assert percentile([float(i) for i in range(1, 101)], 0.5) == pytest.approx(50.5, abs=0.5)
    assert percentile([float(i) for i in range(1, 101)], 0.95) == pytest.approx(95.0, abs=0.5)


def test_values_and_medians_are_formatted_for_people():
    assert format_value(None, "s") == "—"
    assert format_value(283_391, "bytes") == "283 KB"
    assert format_value(512, "bytes") == "512 B"
    assert format_value(263.4, "MB") == "263 MB"
    assert median([None, float("nan")]) is None
    assert median([3, 1, 2]) == 2


def test_only_messages_carrying_the_map_component_count_as_map_bytes():
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    component = message.delta.new_element.component_instance
    component.component_name = "streamlit_folium.st_folium"
    component.json_args = '{"script": "' + "x" * 200 + '"}'
    assert is_map_frame(message.SerializeToString())

    component.component_name = "other.component"
    assert not is_map_frame(message.SerializeToString())
    markdown = ForwardMsg()
    markdown.delta.new_element.markdown.body = "y" * 200
    assert not is_map_frame(markdown.SerializeToString())
    assert not is_map_frame("a text frame " * 20)
    assert not is_map_frame(b"\xff" * 100)
