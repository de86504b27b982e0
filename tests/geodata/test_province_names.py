"""Province names in the store carry no " (Prov.)" suffix (issue 11: "Provincie Antwerpen
(Prov.)" in the Kaart's area list and the side panel)."""

from __future__ import annotations

from geodata.areas import province_name
from geodata.store import read_attributes


def test_province_name_drops_the_source_suffix():
    assert province_name("Antwerpen (Prov.)") == "Antwerpen"
    assert province_name("Vlaams-Brabant") == "Vlaams-Brabant"


def test_store_province_names_have_no_suffix(store_path):
    gemeente = read_attributes(store_path, "gemeente")
    names = set(gemeente["provincie"].astype(str))
    assert "Antwerpen" in names
    assert not any("Prov." in name for name in names), names
    provincie = read_attributes(store_path, "provincie")
    assert not any("Prov." in name for name in provincie["naam"].astype(str))
