"""The shipped initiative inventory and the inventory reader, validator and placement."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from pyogrio import read_dataframe

from layers.initiatives.inventory import (
    ACTION_TYPES,
    EFFECTIVE_ELEMENTS,
    INVENTORY_COLUMNS,
    POLICY_DOMAINS,
    TARGET_GROUPS,
    default_inventory_path,
    initiatives_per_unit,
    inventory_template,
    inventory_to_csv,
    place_initiatives,
    read_inventory,
    validate_inventory,
)

SHAPEFILES = Path("provinciesincijfers/gebiedsniveaus/data_voor_swing/shapefiles")
SEED_NAME = "000_0e959cfd17af4c38.txt"
N_INITIATIVES = 32  # every initiative described in the VVSG publication (see docs/initiatives.md)


@pytest.fixture(scope="module")
def flemish_codes(mirror: Path) -> set[str]:
    table = read_dataframe(mirror / SHAPEFILES / "gemeente.dbf", read_geometry=False)
    return {c for c in table["geoitem"].astype(str) if not c.startswith("21")}


@pytest.fixture(scope="module")
def locality_owner(mirror: Path) -> dict[str, str]:
    """Deelgemeente and wijk code -> 2025 municipality (the one containing its inner point)."""
    deel = read_dataframe(mirror / SHAPEFILES / "deelgemeente.shp").to_crs(31370)
    wijk = read_dataframe(mirror / SHAPEFILES / "ggw7.shp").to_crs(31370)
    gem = read_dataframe(mirror / SHAPEFILES / "gemeente.shp").to_crs(31370)
    gem = gem.rename(columns={"geoitem": "gemeente"})
    owners: dict[str, str] = {}
    for layer in (deel, wijk):
        points = gpd.GeoDataFrame(
            {"code": layer["geoitem"]}, geometry=layer.representative_point(), crs=layer.crs
        )
        joined = gpd.sjoin(points, gem[["gemeente", "geometry"]], predicate="within")
        owners.update(dict(zip(joined["code"], joined["gemeente"], strict=True)))
    return owners


@pytest.fixture(scope="module")
def gemeente_layer(mirror: Path) -> gpd.GeoDataFrame:
    layer = read_dataframe(mirror / SHAPEFILES / "gemeente.shp")
    return layer.rename(columns={"geoitem": "code"})


@pytest.fixture(scope="module")
def shipped(flemish_codes, locality_owner):
    return read_inventory(
        default_inventory_path(),
        filename="initiatives.csv",
        known_codes=flemish_codes,
        known_locality_codes=locality_owner,
    )


@pytest.fixture(scope="module")
def seed_text(mirror: Path) -> str:
    path = mirror.parent / "seed" / SEED_NAME
    assert path.is_file(), f"seed document not found at {path}"
    return path.read_text(encoding="utf-8")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


# --- the shipped inventory -------------------------------------------------------------------


def test_shipped_file_has_the_schema_columns_in_order():
    header = default_inventory_path().read_text(encoding="utf-8").splitlines()[0]
    assert tuple(header.split(",")) == INVENTORY_COLUMNS


def test_shipped_inventory_is_valid_and_complete(shipped):
    df, messages = shipped
    assert [str(m) for m in messages] == []
    assert len(df) >= N_INITIATIVES
    assert df["geldig"].all()
    assert df["id"].is_unique
    for column in ("naam", "organisator", "beschrijving", "bron_url", "precisie"):
        assert (df[column].str.len() > 0).all(), column
    for column in ("doelgroepen", "actietypes", "effectieve_elementen", "beleidsdomein"):
        assert df[column].map(len).gt(0).all(), column


def test_shipped_values_come_from_the_vocabularies(shipped):
    df, _ = shipped
    vocab = {
        "doelgroepen": TARGET_GROUPS,
        "actietypes": ACTION_TYPES,
        "effectieve_elementen": EFFECTIVE_ELEMENTS,
        "beleidsdomein": POLICY_DOMAINS,
    }
    for column, terms in vocab.items():
        allowed = {t.id for t in terms}
        used = {v for values in df[column] for v in values}
        assert used <= allowed, (column, used - allowed)


def test_seven_effective_elements_with_dutch_explanations():
    assert [t.nummer for t in EFFECTIVE_ELEMENTS] == [1, 2, 3, 4, 5, 6, 7]
    assert len({t.id for t in EFFECTIVE_ELEMENTS}) == 7
    for term in (*EFFECTIVE_ELEMENTS, *TARGET_GROUPS, *ACTION_TYPES, *POLICY_DOMAINS):
        assert term.label
        assert term.uitleg.endswith(".")


def test_every_code_is_a_2025_flemish_municipality(shipped, flemish_codes):
    df, _ = shipped
    main = set(df.loc[df["gemeente_code"] != "", "gemeente_code"])
    listed = {c for codes in df["gemeenten"] for c in codes}
    assert main | listed <= flemish_codes
    # codes that disappeared on 1 January 2025 must not be used
    assert not (main | listed) & {"71022", "46003", "44048", "44043", "11007"}


def test_region_wide_initiatives_name_their_region_and_municipalities(shipped):
    df, _ = shipped
    regional = df[df["precisie"] == "regio"]
    assert len(regional) >= 3
    assert (regional["regio"] != "").all()
    assert regional["gemeenten"].map(len).ge(2).all()
    for _, row in regional.iterrows():
        assert row["gemeente_code"] in row["gemeenten"]
    neteland = df.set_index("id").loc["eenzaamheid-op-den-buiten-neteland"]
    assert set(neteland["gemeenten"]) == {"13010", "13011", "13012", "13029", "13044"}


@pytest.mark.parametrize(
    ("ident", "code", "locality"),
    [
        ("huis-van-het-kind-peer", "72030", ""),
        ("huis-van-het-kind-pelt", "72043", ""),
        ("samen-lezen-noorderwijk", "13011", "13011B"),
        ("kerstbezoek-morkhoven", "13011", "13011C"),
        ("herselt-bank-contactenactie", "13013", "13013W01"),
        ("herselt-nabestaanden", "13013", ""),
        ("gavere-markt", "44020", "44020A"),
        ("leuven-rouw-en-begraafplaatsen", "24062", ""),
        ("brugge-vierkant-tegen-eenzaamheid", "31005", ""),
        ("gent-telefoonster", "44021", ""),
        ("wzc-de-notelaar-beveren", "46030", "46003A"),
        ("wzc-hogevijf-hasselt", "71072", ""),
        ("wzc-aymonshof-dendermonde", "42006", ""),
        ("hasselt-brugfiguur-digitalisering", "71072", ""),
        ("motena-meer-dan-een-maaltijd", "36015", ""),
    ],
)
def test_municipality_as_the_publication_gives_it(shipped, ident, code, locality):
    row = shipped[0].set_index("id").loc[ident]
    assert row["gemeente_code"] == code
    assert row["locatie_code"] == locality


def test_impact_figures_are_kept(shipped):
    df = shipped[0].set_index("id")
    assert "151 alleenstaanden" in df.loc["kerstbezoek-morkhoven", "impact"]
    assert "600 huisbezoeken" in df.loc["herselt-babbellijn-huisbezoeken", "impact"]
    assert "223 huisbezoeken" in df.loc["hasselt-brugfiguur-digitalisering", "impact"]
    assert "66%" in df.loc["zorgband-beeldzorg", "impact"]
    assert "176" in df.loc["gent-jong-en-oud", "impact"]


def test_no_personal_contact_data_in_the_shipped_file():
    text = default_inventory_path().read_text(encoding="utf-8")
    assert not re.search(r"[\w.+-]+@[\w-]+\.\w+", text)
    assert "mailto:" not in text.lower()
    assert not re.search(r"\b0\d{2,3}[ .]?\d{2}[ .]?\d{2}[ .]?\d{2}\b", text)
    for person in ("Hamels", "Hinnekint", "Heylen", "Kesteloot", "Versmessen", "Knevels"):
        assert person not in text


def test_descriptions_are_not_copied_from_the_publication(shipped, seed_text):
    seed = _words(seed_text)
    windows = {tuple(seed[i : i + 12]) for i in range(len(seed) - 11)}
    for _, row in shipped[0].iterrows():
        words = _words(row["beschrijving"])
        copied = [
            words[i : i + 12] for i in range(len(words) - 11) if tuple(words[i : i + 12]) in windows
        ]
        assert not copied, (row["id"], " ".join(copied[0]))


def test_every_initiative_name_is_in_the_publication(shipped, seed_text):
    """Guards against inventing initiatives: a key word of each name occurs in the seed."""
    seed = seed_text.lower()
    keys = {
        "huis-van-het-kind-peer": "peer en pelt",
        "eenzaamheid-op-den-buiten-neteland": "eenzaamheid op den buiten",
        "samen-lezen-noorderwijk": "samen lezen",
        "gent-aromas-samen-koken": "aroma",
        "zorgband-beeldzorg": "beeldzorg",
        "wzc-heiveld-potkastclub": "potkastclub",
        "wzg-voorkempen-kinderopvang": "voorkempen",
        "wzc-edouard-remy-studenten": "edouard remy",
        "brugge-langste-stoel": "langste stoel",
    }
    ids = set(shipped[0]["id"])
    for ident, key in keys.items():
        assert ident in ids
        assert key in seed


# --- validation of analysts' files ----------------------------------------------------------


def _csv(*rows: dict[str, str]) -> bytes:
    frame = pd.DataFrame([{c: row.get(c, "") for c in INVENTORY_COLUMNS} for row in rows])
    return frame.to_csv(index=False).encode("utf-8")


GOOD = {
    "id": "babbel",
    "naam": "Babbelnamiddag",
    "gemeente_code": "44021",
    "doelgroepen": "ouderen",
    "actietypes": "ontmoeting",
    "effectieve_elementen": "ontmoeting",
    "beleidsdomein": "welzijn",
    "bron_url": "https://www.voorbeeld.be",
    "precisie": "gemeente",
}


def _errors(messages):
    return [m for m in messages if m.level == "error"]


def test_good_row_passes(flemish_codes):
    df, messages = read_inventory(_csv(GOOD), filename="eigen.csv", known_codes=flemish_codes)
    assert _errors(messages) == []
    assert df.loc[0, "doelgroepen"] == ("ouderen",)
    assert bool(df.loc[0, "geldig"])


def test_unknown_target_group_names_line_and_column(flemish_codes):
    bad = {**GOOD, "id": "b", "doelgroepen": "ouderen;marsmannetjes"}
    df, messages = read_inventory(_csv(GOOD, bad), filename="eigen.csv", known_codes=flemish_codes)
    [error] = _errors(messages)
    assert (error.line, error.column, error.file) == (3, "doelgroepen", "eigen.csv")
    assert "onbekende doelgroep 'marsmannetjes'" in error.message
    assert "mensen-met-dementie" in error.message  # lists the allowed values
    assert list(df["geldig"]) == [True, False]  # the bad row is kept, flagged


def test_labels_and_case_are_accepted_for_vocabulary_values(flemish_codes):
    row = {**GOOD, "doelgroepen": "Mensen met dementie; OUDEREN", "actietypes": "Signalen opvangen"}
    df, messages = read_inventory(_csv(row), filename="eigen.csv", known_codes=flemish_codes)
    assert _errors(messages) == []
    assert df.loc[0, "doelgroepen"] == ("mensen-met-dementie", "ouderen")
    assert df.loc[0, "actietypes"] == ("vroegdetectie",)


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("99999", "onbekende gemeentecode '99999'"),
        ("21004", "Brusselse gemeente"),
        ("Gent", "onbekende gemeentecode"),
    ],
)
def test_bad_municipality_code(flemish_codes, code, fragment):
    bad = {**GOOD, "gemeente_code": code}
    _, messages = read_inventory(_csv(bad), filename="eigen.csv", known_codes=flemish_codes)
    [error] = _errors(messages)
    assert (error.line, error.column) == (2, "gemeente_code")
    assert fragment in error.message


def test_pre_2025_code_is_rejected_without_resolver(flemish_codes):
    bad = {**GOOD, "gemeente_code": "71022"}  # Hasselt before the 2025 merger with Kortessem
    _, messages = read_inventory(_csv(bad), filename="eigen.csv", known_codes=flemish_codes)
    assert _errors(messages)[0].column == "gemeente_code"


def test_missing_name(flemish_codes):
    bad = {**GOOD, "naam": ""}
    df, messages = read_inventory(
        _csv(GOOD, {**bad, "id": "x"}), filename="eigen.csv", known_codes=flemish_codes
    )
    [error] = _errors(messages)
    assert (error.line, error.column, error.message) == (3, "naam", "naam ontbreekt.")
    assert len(df) == 2


def test_point_outside_flanders(flemish_codes):
    bad = {**GOOD, "precisie": "adres", "lat": "48.85", "lon": "2.35"}  # Paris
    _, messages = read_inventory(_csv(bad), filename="eigen.csv", known_codes=flemish_codes)
    [error] = _errors(messages)
    assert (error.line, error.column) == (2, "lat")
    assert "buiten Vlaanderen" in error.message


def test_swapped_lat_lon_gets_a_hint(flemish_codes):
    bad = {**GOOD, "precisie": "adres", "lat": "3.72", "lon": "51.05"}
    _, messages = read_inventory(_csv(bad), filename="eigen.csv", known_codes=flemish_codes)
    assert "omgewisseld" in _errors(messages)[0].message


def test_only_one_coordinate(flemish_codes):
    bad = {**GOOD, "precisie": "adres", "lat": "51,05"}
    _, messages = read_inventory(_csv(bad), filename="eigen.csv", known_codes=flemish_codes)
    [error] = _errors(messages)
    assert error.column == "lon"


def test_bad_precision_and_locality(flemish_codes):
    bad = {**GOOD, "precisie": "straat", "locatie_code": "Gentbrugge"}
    _, messages = read_inventory(_csv(bad), filename="eigen.csv", known_codes=flemish_codes)
    columns = {m.column for m in _errors(messages)}
    assert columns == {"precisie", "locatie_code"}


def test_locality_in_another_municipality(flemish_codes, locality_owner):
    bad = {**GOOD, "precisie": "plaats", "locatie_code": "13011B"}  # Noorderwijk is Herentals
    _, messages = read_inventory(
        _csv(bad),
        filename="eigen.csv",
        known_codes=flemish_codes,
        known_locality_codes=locality_owner,
    )
    [error] = _errors(messages)
    assert error.column == "locatie_code"
    assert "13011" in error.message


def test_contact_data_is_refused(flemish_codes):
    bad = {**GOOD, "beschrijving": "Bel Jan op 0476 12 34 56 of mail jan@voorbeeld.be"}
    _, messages = read_inventory(_csv(bad), filename="eigen.csv", known_codes=flemish_codes)
    [error] = _errors(messages)
    assert error.column == "beschrijving"
    assert "e-mailadres" in error.message


def test_duplicate_id(flemish_codes):
    _, messages = read_inventory(_csv(GOOD, GOOD), filename="eigen.csv", known_codes=flemish_codes)
    [error] = _errors(messages)
    assert (error.line, error.column) == (3, "id")
    assert "regel 2" in error.message


def test_missing_required_column_is_reported_on_the_header():
    data = b"id,naam,doelgroepen\nx,Iets,ouderen\n"
    df, messages = read_inventory(data, filename="eigen.csv")
    [error] = _errors(messages)
    assert (error.line, error.column) == (1, "gemeente_code")
    assert df.empty


def test_semicolon_file_from_excel_with_multiline_cell(flemish_codes):
    text = (
        "naam;gemeente_code;doelgroepen;beschrijving\n"
        'Eerste café;44021;ouderen;"twee\nregels"\n'
        "Tweede;44021;kabouters;kort\n"
    )
    df, messages = read_inventory(
        text.encode("cp1252"), filename="eigen.csv", known_codes=flemish_codes
    )
    [error] = _errors(messages)
    assert error.line == 4  # the multi-line cell pushes the second record to line 4
    assert list(df["regel"]) == [2, 4]
    assert df.loc[0, "precisie"] == "gemeente"  # inferred, with an info message
    assert df.loc[0, "id"].startswith("eerste-cafe")
    assert df.loc[0, "naam"] == "Eerste café"
    assert any("Windows-1252" in m.message for m in messages)


def test_excel_upload(flemish_codes, tmp_path):
    bad = {**GOOD, "id": "b", "doelgroepen": "robots"}
    frame = pd.DataFrame([{c: r.get(c, "") for c in INVENTORY_COLUMNS} for r in (GOOD, bad)])
    path = tmp_path / "eigen.xlsx"
    frame.to_excel(path, index=False)
    df, messages = read_inventory(path, filename="eigen.xlsx", known_codes=flemish_codes)
    [error] = _errors(messages)
    assert (error.line, error.column) == (3, "doelgroepen")
    assert list(df["geldig"]) == [True, False]


def test_unreadable_file_gives_a_message_not_a_traceback():
    df, messages = read_inventory(b"\x00\x01 not excel", filename="eigen.xlsx")
    assert df.empty
    assert messages[0].level == "error"
    assert "kan niet gelezen worden" in messages[0].message


def test_inventory_gets_the_upload_size_guard(flemish_codes, monkeypatch):
    monkeypatch.setattr("geodata.upload.limits.MAX_UPLOAD_BYTES", 100)
    df, messages = read_inventory(_csv(GOOD), filename="eigen.csv", known_codes=flemish_codes)
    assert df.empty
    [error] = messages
    assert error.level == "error" and "de grens is" in error.message


def test_workbook_is_recognised_by_its_content_not_its_name(flemish_codes, tmp_path):
    frame = pd.DataFrame([{c: GOOD.get(c, "") for c in INVENTORY_COLUMNS}])
    path = tmp_path / "eigen.xlsx"
    frame.to_excel(path, index=False)
    df, messages = read_inventory(path, filename="eigen.csv", known_codes=flemish_codes)
    assert _errors(messages) == []
    assert list(df["id"]) == ["babbel"] and list(df["regel"]) == [2]


def test_resolver_translates_names_and_old_codes(resolver):
    rows = ({**GOOD, "gemeente_code": "Gent"}, {**GOOD, "id": "b", "gemeente_code": "71022"})
    df, messages = read_inventory(_csv(*rows), filename="eigen.csv", resolver=resolver)
    assert _errors(messages) == []
    assert list(df["gemeente_code"]) == ["44021", "71072"]
    assert [m.line for m in messages if m.level == "warning"] == [2, 3]


def test_validate_inventory_on_a_plain_frame():
    frame = pd.DataFrame([{**GOOD, "doelgroepen": "ouderen;yeti"}])
    messages = validate_inventory(frame, known_codes={"44021"}, filename="tabel")
    assert [(m.line, m.column) for m in _errors(messages)] == [(2, "doelgroepen")]


def test_template_and_csv_round_trip(shipped, flemish_codes):
    template = inventory_template()
    assert tuple(template.columns) == INVENTORY_COLUMNS
    _, messages = read_inventory(
        inventory_to_csv(template), filename="sjabloon.csv", known_codes=flemish_codes
    )
    assert _errors(messages) == []
    again, messages = read_inventory(
        inventory_to_csv(shipped[0]), filename="kopie.csv", known_codes=flemish_codes
    )
    assert messages == []
    pd.testing.assert_frame_equal(again, shipped[0])


# --- placement --------------------------------------------------------------------------------


def test_points_fall_in_their_municipality_and_are_flagged_approximate(
    shipped, gemeente_layer, mirror
):
    deel = read_dataframe(mirror / SHAPEFILES / "deelgemeente.shp").rename(
        columns={"geoitem": "code"}
    )
    wijk = read_dataframe(mirror / SHAPEFILES / "ggw7.shp").rename(columns={"geoitem": "code"})
    points = place_initiatives(shipped[0], gemeente=gemeente_layer, deelgemeente=deel, wijk=wijk)
    assert points.crs.to_epsg() == 4326
    assert len(points) == len(shipped[0])
    assert points.geometry.notna().all()
    assert points["benaderd"].all()  # no exact addresses in the publication
    gem = gemeente_layer.to_crs(4326)
    joined = gpd.sjoin(
        points[["id", "gemeente_code", "geometry"]], gem[["code", "geometry"]], predicate="within"
    )
    assert len(joined) == len(points)
    assert (joined["gemeente_code"] == joined["code"]).all()
    source = points.set_index("id")["punt_bron"]
    assert source["samen-lezen-noorderwijk"] == "deelgemeente"
    assert source["herselt-bank-contactenactie"] == "wijk"
    assert source["zorgband-beeldzorg"] == "gemeente"
    noorderwijk = deel.to_crs(4326).set_index("code").loc["13011B", "geometry"]
    assert noorderwijk.contains(points.set_index("id").loc["samen-lezen-noorderwijk", "geometry"])


def test_exact_address_keeps_its_point(gemeente_layer, flemish_codes):
    row = {**GOOD, "precisie": "adres", "lat": "51.0543", "lon": "3.7174"}
    df, _ = read_inventory(_csv(row), filename="eigen.csv", known_codes=flemish_codes)
    points = place_initiatives(df, gemeente=gemeente_layer)
    assert points.loc[0, "punt_bron"] == "adres"
    assert not points.loc[0, "benaderd"]
    assert (points.loc[0, "geometry"].x, points.loc[0, "geometry"].y) == (3.7174, 51.0543)


def test_invalid_rows_are_not_placed(gemeente_layer, flemish_codes):
    bad = {**GOOD, "id": "b", "gemeente_code": "99999"}
    df, _ = read_inventory(_csv(GOOD, bad), filename="eigen.csv", known_codes=flemish_codes)
    points = place_initiatives(df, gemeente=gemeente_layer)
    assert list(points["id"]) == ["babbel"]


def test_initiatives_per_municipality_include_regional_members(shipped, gemeente_layer):
    points = place_initiatives(shipped[0], gemeente=gemeente_layer)
    table = initiatives_per_unit(points, gemeente_layer, code_column="code")
    olen = table[table["code"] == "13029"]
    assert list(olen["initiatief_id"]) == ["eenzaamheid-op-den-buiten-neteland"]
    assert list(olen["toewijzing"]) == ["regio"]
    gent = set(table.loc[table["code"] == "44021", "initiatief_id"])
    assert {"gent-telefoonster", "wzc-heiveld-potkastclub"} <= gent
    assert not table.duplicated(["code", "initiatief_id"]).any()


def test_initiatives_per_wijk(shipped, gemeente_layer, mirror):
    wijk = read_dataframe(mirror / SHAPEFILES / "ggw7.shp").rename(columns={"geoitem": "code"})
    gem = gemeente_layer.to_crs(wijk.crs)
    centres = gpd.GeoDataFrame(
        {"w": wijk["code"]}, geometry=wijk.representative_point(), crs=wijk.crs
    )
    owner = gpd.sjoin(centres, gem[["code", "geometry"]], predicate="within").set_index("w")["code"]
    wijk["gemeente_code"] = wijk["code"].map(owner)
    points = place_initiatives(shipped[0], gemeente=gemeente_layer, wijk=wijk)
    table = initiatives_per_unit(points, wijk, code_column="code", level="wijk")
    bergom = table[table["initiatief_id"] == "herselt-bank-contactenactie"]
    assert list(bergom["code"]) == ["13013W01"]
    assert list(bergom["toewijzing"]) == ["punt"]
    herselt_wide = table[table["initiatief_id"] == "herselt-nabestaanden"]
    assert set(herselt_wide["code"]) == set(wijk.loc[wijk["gemeente_code"] == "13013", "code"])
    assert set(herselt_wide["toewijzing"]) == {"gemeente"}


def test_a_record_with_a_nul_byte_is_reported_not_read(flemish_codes):
    other = {**GOOD, "id": "wandel", "naam": "Wandelclub"}
    data = _csv(GOOD, other).replace(b"Wandelclub", b"Wandel\x00club")
    df, messages = read_inventory(data, filename="eigen.csv", known_codes=flemish_codes)
    assert df["id"].tolist() == ["babbel"]
    nul = [m for m in messages if "NUL" in m.message]
    assert nul and nul[0].line == 3 and nul[0].level == "warning"
