"""Issue 12: the read budget answers hostile files fast and within memory, measured on
``verbonden check`` in its own process (wall time and peak RSS). The sizes of the issue run
with ``-m slow``; the default run uses smaller files that hit the same limits."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from openpyxl import Workbook

from bench.hostile import large_xlsx, points_csv
from bench.workloads import measured_run, verbonden_command, write_check_csv
from geodata.upload.excel import read_excel_rows
from geodata.upload.limits import MAX_ROWS, ReadBudget
from geodata.upload.report import UploadRejectedError

ROOT = Path(__file__).resolve().parents[3]
SECONDS = 15.0
PEAK_MB = 1024.0
CODES = ["11001", "11002", "44021", "31005", "12025", "71072", "24062", "46003"]


def _slow(request: pytest.FixtureRequest) -> None:
    expression = str(request.config.getoption("markexpr") or "")
    if "slow" not in expression or "not slow" in expression:
        pytest.skip("groot gegenereerd bestand: draai met -m slow")


def _check(path: Path, store_path: Path, *extra: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [*verbonden_command(), "check", str(path), "--store", str(store_path), *extra]
    return measured_run(argv, env=env, timeout=300)


def _write_rows(path: Path, rows: int) -> Path:
    """``rows`` rows of a few codes, each code repeated (the issue's 49 MB file: 4,310,910)."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("gemeente;waarde\n")
        step = 100_000
        for start in range(0, rows, step):
            handle.writelines(
                f"{CODES[i % len(CODES)]};{i % 997}\n"
                for i in range(start, min(rows, start + step))
            )
    return path


def _write_wide(path: Path, columns: int, rows: int) -> Path:
    """A CSV of ``columns`` value columns and ``rows`` rows."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(";".join(["gemeente", *(f"v{i}" for i in range(columns))]) + "\n")
        values = ";".join(str(i % 1000) for i in range(columns))
        for r in range(rows):
            handle.write(f"{CODES[r % len(CODES)]};{values}\n")
    return path


def _assert_budget(run: dict[str, object], returncode: int) -> None:
    assert run["returncode"] == returncode, run
    assert float(str(run["seconds"])) < SECONDS, run
    assert float(str(run["peak_mb"])) < PEAK_MB, run


def test_ten_thousand_columns_are_refused_fast(tmp_path, store_path):
    _assert_budget(_check(_write_wide(tmp_path / "breed.csv", 10_000, 50), store_path), 1)


def test_too_many_rows_are_refused_fast(tmp_path, store_path):
    _assert_budget(_check(_write_rows(tmp_path / "lang.csv", MAX_ROWS + 100_000), store_path), 1)


def test_the_ordinary_100000_row_csv_stays_fast(tmp_path, store_path):
    path = write_check_csv(tmp_path / "gewoon.csv", CODES)
    _assert_budget(_check(path, store_path, "--duplicates", "sum"), 0)


def test_excel_rows_are_counted_against_the_budget():
    wb = Workbook()
    ws = wb.active
    ws.append(["gemeente", "waarde"])
    for i in range(500):
        ws.append([CODES[i % len(CODES)], i])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(UploadRejectedError) as caught:
        read_excel_rows(
            buffer.getvalue(), filename="w.xlsx", budget=ReadBudget("w.xlsx", max_rows=100)
        )
    assert "splits het bestand" in caught.value.messages[0].message.lower()


@pytest.mark.slow
def test_slow_49_mb_csv_of_4_3_million_rows(tmp_path, store_path, request):
    _slow(request)
    _assert_budget(_check(_write_rows(tmp_path / "groot.csv", 4_310_910), store_path), 1)


@pytest.mark.slow
def test_slow_400_value_columns_of_26228_rows(tmp_path, store_path, request):
    _slow(request)
    _assert_budget(_check(_write_wide(tmp_path / "breed.csv", 400, 26_228), store_path), 1)


@pytest.mark.slow
def test_slow_30_mb_xlsx_of_1_3_million_rows(tmp_path, store_path, request):
    _slow(request)
    path = large_xlsx(tmp_path / "groot.xlsx", CODES)
    assert path.stat().st_size > 15_000_000
    _assert_budget(_check(path, store_path), 1)


@pytest.mark.slow
def test_slow_a_million_points(tmp_path, store_path, request):
    _slow(request)
    path = points_csv(tmp_path / "punten.csv")
    _assert_budget(_check(path, store_path, "--kind", "ontmoetingsplaatsen"), 1)


def test_the_issue_s_excel_and_points_generators_hit_the_same_limits(tmp_path, store_path):
    # the default run: the generators of the slow tests at a size that still crosses a limit
    xlsx = large_xlsx(tmp_path / "klein.xlsx", CODES, rows=MAX_ROWS + 10)
    _assert_budget(_check(xlsx, store_path), 1)
    points = points_csv(tmp_path / "punten.csv", rows=MAX_ROWS + 10)
    _assert_budget(_check(points, store_path, "--kind", "ontmoetingsplaatsen"), 1)


def test_a_large_excel_sheet_without_saved_size_is_refused_before_it_is_parsed(monkeypatch):
    monkeypatch.setattr("geodata.upload.limits.MAX_UNSIZED_SHEET_BYTES", 10_000)
    wb = Workbook(write_only=True)  # writes no <dimension>: openpyxl would parse it all to size it
    ws = wb.create_sheet("Data")
    for i in range(2_000):
        ws.append([CODES[i % len(CODES)], i])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(UploadRejectedError) as caught:
        read_excel_rows(buffer.getvalue(), filename="w.xlsx")
    text = caught.value.messages[0].message
    assert "afmetingen" in text and "bewaar het als CSV" in text
