"""Issue 11, bugs 6-8: summing shares, merged-code messages, the ordinary Dutch Excel CSV."""

from __future__ import annotations

import math

from geodata.upload import UploadOptions, read_upload

SHARES = "nis;gemeente;Aandeel (%)\n71057;Tessenderlo;11,2\n71069;Ham;9,8\n44021;Gent;12,0\n"
COUNTS_AND_SHARE = (
    "nis;gemeente;leden;inwoners;Aandeel (%)\n"
    "71057;Tessenderlo;600;6000;10,0\n"
    "71069;Ham;100;2000;5,0\n"
    "44021;Gent;50;1000;5,0\n"
)
# Antwerpen's own row is unreadable ('abc'); Borsbeek's (a 2024 code) is fine.
MERGED_REJECTED = "nis;gemeente;leden\n11002;Antwerpen;abc\n11007;Borsbeek;12\n44021;Gent;1.234\n"
# An ordinary CSV saved by Excel in nl-BE: ';', Windows-1252, CRLF, decimal commas in one
# column and thousands dots in another.
EXCEL_NL = (
    "NIS-code;Gemeente;Aandeel alleenwonend;Inwoners\r\n"
    "11002;Antwerpen;12,5;529.247\r\n"
    "44021;Gent;14,1;265.086\r\n"
    "12025;Mechelen;9,8;87.654\r\n"
    "21004;Brussel (buiten Vlaanderen);8,0;188.737\r\n"
    "31005;Brugge;13,0;119.000\r\n"
    "24062;Leuven;abc;102.275\r\n"
).encode("cp1252")
EXCEL_NL = EXCEL_NL.replace(b"Brussel (buiten Vlaanderen)", "Brussel (é)".encode("cp1252"))


def _read(resolver, text: str | bytes, **options):
    data = text.encode() if isinstance(text, str) else text
    return read_upload(data, filename="f.csv", resolver=resolver, options=UploadOptions(**options))


def _values(result, column: str) -> dict[str, float]:
    table = result.table
    return dict(zip(table["code"], table[column], strict=True))


# --- bug 6: "optellen" adds up percentages ---------------------------------------------------


def test_bug6_sum_is_refused_for_a_percentage_column(resolver):
    result = _read(resolver, SHARES, aggregation="sum")
    values = _values(result, "Aandeel (%)") if result.table is not None else {}
    assert values.get("71071") != 21.0
    assert "71071" not in values or math.isnan(values["71071"])
    assert any("wordt niet opgeteld" in m.message for m in result.report.messages)
    # nothing silently dropped: both rows of Antwerpen are listed with the reason
    reasons = result.report.rejected_rows["reason"].tolist()
    assert len(reasons) == 2
    assert all("kan niet opgeteld worden" in r for r in reasons)
    assert result.report.rows_in == result.report.rows_matched + 2


def test_bug6_share_is_recognised_by_its_values_too(resolver):
    text = "nis;gemeente;bereik\n71057;Tessenderlo;12,5 %\n71069;Ham;9,5 %\n44021;Gent;3 %\n"
    result = _read(resolver, text, aggregation="sum")
    assert "bereik" in result.choices["share_columns"]
    assert "71071" not in _values(result, "bereik")


def test_bug6_merge_is_chosen_per_column_and_a_rate_comes_from_its_parts(resolver):
    result = _read(
        resolver,
        COUNTS_AND_SHARE,
        column_merges=(("leden", "sum"), ("inwoners", "sum"), ("Aandeel (%)", "rate")),
        numerator="leden",
        denominator="inwoners",
    )
    table = result.table.set_index("code")
    assert table.at["71071", "leden"] == 700
    assert table.at["71071", "inwoners"] == 8000
    assert table.at["71071", "Aandeel (%)"] == 700 / 8000 * 100  # not 10 + 5
    assert table.at["44021", "Aandeel (%)"] == 5.0
    assert result.report.rows_matched == 3


def test_bug6_summing_a_share_per_column_is_refused_while_counts_are_summed(resolver):
    result = _read(
        resolver, COUNTS_AND_SHARE, column_merges=(("leden", "sum"), ("Aandeel (%)", "sum"))
    )
    table = result.table.set_index("code")
    assert table.at["71071", "leden"] == 700
    assert math.isnan(table.at["71071", "Aandeel (%)"])
    assert math.isnan(table.at["71071", "inwoners"])  # no choice for it: left empty, said so
    texts = " ".join(m.message for m in result.report.messages)
    assert "'Aandeel (%)' wordt niet opgeteld" in texts
    assert "inwoners worden niet samengevoegd" in texts


# --- bug 7: merged-code messages wrong or garbled ---------------------------------------------


def test_bug7_a_rejected_part_is_named_as_rejected_not_missing(resolver):
    result = _read(resolver, MERGED_REJECTED)
    texts = [m.message for m in result.report.messages]
    assert not any("Antwerpen (11002) ontbreekt" in t for t in texts), texts
    merger = next(t for t in texts if "sinds 2025" in t)
    assert "Antwerpen (11002) staat in het bestand" in merger
    assert "regel 2" in merger and "'abc' is geen getal" in merger


def test_bug7_an_incomplete_merger_is_not_coloured_with_one_part(resolver):
    result = _read(resolver, MERGED_REJECTED, decimal=",")
    assert result.table is not None
    assert "11002" not in set(result.table["code"])  # not Borsbeek's 12 as Antwerpen
    rejected = result.report.rejected_rows.set_index("line")["reason"]
    assert "onvolledige fusie" in rejected[3]


def test_bug7_no_placeholder_text_reaches_the_report(resolver):
    for options in ({}, {"decimal": ","}, {"aggregation": "sum"}):
        result = _read(resolver, MERGED_REJECTED + "99999;Nergens;3\n", **options)
        for message in result.report.messages:
            assert "(#)" not in message.message, message.message
            assert "'...'" not in message.message, message.message


# --- bug 8: an ordinary Dutch Excel CSV is rejected --------------------------------------------


def test_bug8_dutch_excel_csv_reads_with_the_inferred_convention(resolver):
    result = _read(resolver, EXCEL_NL)
    report = result.report
    assert report.usable
    table = result.table.set_index("code")
    assert table.at["11002", "Inwoners"] == 529247
    assert table.at["11002", "Aandeel alleenwonend"] == 12.5
    assert table.at["31005", "Inwoners"] == 119000
    note = result.choices["number_convention"]
    assert "decimale komma" in note and "'Aandeel alleenwonend'" in note and "'Inwoners'" in note
    assert any(m.message == note for m in report.messages)


def test_bug8_one_columns_problem_keeps_the_other_columns_values(resolver):
    result = _read(resolver, EXCEL_NL)
    table = result.table.set_index("code")
    assert table.at["24062", "Inwoners"] == 102275  # Leuven's share 'abc' is unreadable
    assert math.isnan(table.at["24062", "Aandeel alleenwonend"])
    leuven = next(m for m in result.report.messages if m.line == 7)
    assert "'abc' is geen getal" in leuven.message and "blijft leeg" in leuven.message
    assert result.report.rows_malformed == 0


def test_bug8_a_column_without_evidence_still_follows_a_chosen_decimal(resolver):
    result = _read(resolver, EXCEL_NL, decimal=".")
    assert "number_convention" not in result.choices
