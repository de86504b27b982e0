"""Fetching: from a mirror, over HTTP (a local server serving the mirror), and failing clearly."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from geodata.catalogue import DELIJN, FILES, IRAIL, PIC, SOURCES, STATBEL
from geodata.fetch import FetchError, fetch, sha256_of
from geodata.settings import load_settings

SMALL = [f for f in FILES if f.path.endswith((".csv", ".prj", ".cpg"))]


@pytest.fixture(autouse=True)
def no_mirror_setting(monkeypatch):
    """These tests choose the mirror explicitly; CI's VERBONDEN_MIRROR must not leak in."""
    monkeypatch.delenv("VERBONDEN_MIRROR", raising=False)


@pytest.fixture
def mirror_server(mirror):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(mirror))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_catalogue_pins_upstream_commits_and_names_licences():
    assert len({f.path for f in FILES}) == len(FILES)
    for f in FILES:
        assert len(f.sha256) == 64
        assert f.source.licence and f.source.attribution
    pic = next(f for f in FILES if f.source is PIC and f.path.endswith("/gemeente.shp"))
    assert pic.url.endswith(
        "/3b1b6d8d3548e495f597db134f437f0d08898535/data_voor_swing/shapefiles/gemeente.shp"
    )
    irail = next(f for f in FILES if f.source is IRAIL and f.path.endswith("stations.csv"))
    assert "3239f07744f34778fa9c5289f369ebfa640ea83c" in irail.url
    assert all(f.url is None for f in FILES if f.source in (STATBEL, DELIJN))
    households = next(f for f in FILES if f.path.endswith("huishoudensgroei/data/huishoudens.csv"))
    assert households.url == (
        "https://raw.githubusercontent.com/gehuybre/data-blog/"
        "fa3ee40c541ace76e592a42de83be060cf047189/"
        "embuild-analyses/analyses/huishoudensgroei/data/huishoudens.csv"
    )
    survey = next(f for f in FILES if f.path.endswith("master_sm_df_20240506.RDS"))
    assert survey.url == (
        "https://raw.githubusercontent.com/methodmatters/vibe_of_flanders_part_2/"
        "7719c671366dfa301eac2e090b583bbba218ba64/Data/Derived/master_sm_df_20240506.RDS"
    )


def test_catalogue_checksums_match_the_mirror(mirror):
    for f in FILES:
        assert sha256_of(mirror / f.path) == f.sha256, f.path


def test_fetch_downloads_over_http_and_verifies(tmp_path, mirror_server):
    settings = load_settings(home=tmp_path, mirror=None)
    files = [f for f in SMALL if f.url is not None]
    overrides = {s.id: f"{mirror_server}/{s.mirror_prefix}" for s in SOURCES if s.upstream_base}
    report = fetch(settings, files=files, base_overrides=overrides)
    assert len(report.downloaded) == len(files)
    for f in files:
        assert sha256_of(settings.raw_dir / f.path) == f.sha256
    again = fetch(settings, files=files, base_overrides=overrides)
    assert len(again.up_to_date) == len(files)


def test_fetch_refuses_a_file_with_a_wrong_checksum(tmp_path, mirror_server):
    settings = load_settings(home=tmp_path, mirror=None)
    item = next(f for f in SMALL if f.source is IRAIL)
    bad = type(item)(path=item.path, sha256="0" * 64, source=item.source)
    with pytest.raises(FetchError, match="Controlegetal"):
        fetch(
            settings,
            files=[bad],
            base_overrides={"irail": f"{mirror_server}/{IRAIL.mirror_prefix}"},
        )
    assert not (settings.raw_dir / item.path).exists()


def test_offline_without_mirror_says_what_to_do(tmp_path):
    settings = load_settings(home=tmp_path, mirror=None)
    item = next(f for f in SMALL if f.source is IRAIL)
    with pytest.raises(FetchError, match="VERBONDEN_MIRROR"):
        fetch(
            settings,
            files=[item],
            base_overrides={"irail": "http://127.0.0.1:9/nothing"},
            timeout=2,
        )


def test_mirror_only_files_need_a_mirror(tmp_path):
    settings = load_settings(home=tmp_path, mirror=None)
    item = next(f for f in SMALL if f.source is STATBEL)
    with pytest.raises(FetchError, match="spiegelmap"):
        fetch(settings, files=[item])


def test_fetch_copies_from_mirror(tmp_path, mirror):
    settings = load_settings(home=tmp_path, mirror=mirror)
    report = fetch(settings, files=SMALL)
    assert len(report.copied) == len(SMALL)
