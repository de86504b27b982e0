"""The Inventaris page: anonymous users read, an editor unlocks with the access code, edits,
saves; a fresh session (another user) sees the saved version, and the Gemeente page counts it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geodata import inventories
from geodata.database import dispose_all
from geodata.settings import load_settings
from geodata.store import read_attributes
from layers.editing import Editor, save_inventory, saved_inventory, set_access_code
from tests.dashboard.conftest import APP

CODE = "11002"  # Antwerpen, the page's default
SECRET = "juiste-toegangscode"


@pytest.fixture
def own_home(settings, tmp_path: Path, monkeypatch) -> Path:
    """A home folder with the test store (linked) and its own, empty inventory database."""
    home = tmp_path / "home"
    home.mkdir()
    for name in ("verbonden.gpkg", "raw", "cache"):
        (home / name).symlink_to(settings.home / name)
    monkeypatch.setenv("VERBONDEN_HOME", str(home))
    monkeypatch.setenv("VERBONDEN_MIRROR", str(settings.mirror))
    monkeypatch.delenv("VERBONDEN_DATABASE_URL", raising=False)
    yield home
    dispose_all()
    inventories.forget_engines()


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240).run()
    at.switch_page("views/inventaris.py").run()
    assert not at.exception, at.exception
    return at


def _save_button(at: AppTest) -> bool:
    return any(b.key == f"inv_bewaar_{CODE}" for b in at.button)


def _texts(elements) -> str:
    return "\n".join(e.value for e in elements).replace("\\", "")  # md() escapes


def test_anonymous_reads_only_and_a_wrong_code_is_refused(own_home: Path) -> None:
    url = load_settings().inventory_url
    set_access_code(url, CODE, "Jan", SECRET)
    at = _page()
    assert "nog geen eigen overzicht" in _texts(at.info)
    assert not _save_button(at), "anonymous users get no editor"
    at.text_input(key=f"inv_toegang_{CODE}").input("fout-geraden").run()
    at.button(key=f"inv_ontgrendel_{CODE}").click().run()
    assert not at.exception
    assert "niet juist voor deze gemeente" in _texts(at.error)
    assert not _save_button(at)


def test_editor_unlocks_adds_a_point_saves_and_everyone_sees_it(own_home: Path) -> None:
    url = load_settings().inventory_url
    set_access_code(url, CODE, "Jan", SECRET)
    wijken = read_attributes(own_home / "verbonden.gpkg", "wijk")
    wijk = str(wijken.loc[wijken["gemeente_code"] == CODE, "code"].iloc[0])
    at = _page()
    at.text_input(key=f"inv_toegang_{CODE}").input(SECRET).run()
    at.button(key=f"inv_ontgrendel_{CODE}").click().run()
    assert not at.exception, at.exception
    assert "U bewerkt dit overzicht als Jan" in _texts(at.success)
    assert _save_button(at)
    at.selectbox(key=f"inv_plaats_{CODE}").set_value(wijk)
    at.text_input(key=f"inv_nieuw_{CODE}").input("Babbelcafé in de wijk").run()
    at.button(key=f"inv_voegtoe_{CODE}").click().run()
    assert not at.exception, at.exception
    assert "toegevoegd" in _texts(at.info)
    at.button(key=f"inv_bewaar_{CODE}").click().run()
    assert not at.exception, at.exception
    assert "Bewaard als versie 1 (1 initiatief)" in _texts(at.success)
    saved = saved_inventory(url, CODE)
    assert saved is not None and list(saved.table["locatie_code"]) == [wijk]

    # Another user, after a restart of the app's connections: reads version 1, cannot edit.
    dispose_all()
    inventories.forget_engines()
    other = _page()
    assert "Versie 1, bewaard op" in _texts(other.info)
    assert "Jan (toegangscode)" in _texts(other.info)
    assert "Babbelcafé in de wijk" in set(other.dataframe[0].value["Naam"])
    assert not _save_button(other)
    history = other.dataframe[1].value
    assert list(history["Versie"]) == [1] and "1 toegevoegd" in history["Wat"].iloc[0]

    # The Gemeente page of that other user counts the saved inventory as Antwerpen's provision.
    other.switch_page("views/gemeente.py").run()
    assert not other.exception, other.exception
    captions = _texts(other.caption)
    assert "bewaard in Verbonden (versie 1" in captions
    # ... and so does Kaart's action gap.
    other.switch_page("views/kaart.py").run()
    assert not other.exception, other.exception
    assert "Het eigen overzicht van 1 gemeente(n), bewaard op de pagina Inventaris" in _texts(
        other.caption
    )


def test_a_save_on_top_of_another_editors_save_is_refused_and_restore_works(
    own_home: Path,
) -> None:
    url = load_settings().inventory_url
    set_access_code(url, CODE, "Jan", SECRET)
    at = _page()
    at.text_input(key=f"inv_toegang_{CODE}").input(SECRET).run()
    at.button(key=f"inv_ontgrendel_{CODE}").click().run()
    at.text_input(key=f"inv_nieuw_{CODE}").input("Eerste versie").run()
    at.button(key=f"inv_voegtoe_{CODE}").click().run()
    at.button(key=f"inv_bewaar_{CODE}").click().run()
    assert "Bewaard als versie 1" in _texts(at.success)
    # Meanwhile another editor saves version 2 (another session, another app server).
    other = Editor(code=CODE, name="An", via="toegangscode")
    save_inventory(url, CODE, pd.DataFrame({"naam": ["Van An"]}), expected_version=1, editor=other)
    at.text_input(key=f"inv_nieuw_{CODE}").input("Tweede van Jan").run()
    at.button(key=f"inv_voegtoe_{CODE}").click().run()
    at.button(key=f"inv_bewaar_{CODE}").click().run()
    assert not at.exception, at.exception
    errors = _texts(at.error)
    assert "An (toegangscode) heeft het overzicht van gemeente 11002 intussen bewaard" in errors
    assert "NIET bewaard" in errors
    saved = saved_inventory(url, CODE)
    assert saved is not None and list(saved.table["naam"]) == ["Van An"]  # An's save is intact
    assert "Intussen werd versie 2 bewaard" in _texts(at.warning)  # and Jan's table stays
    at.button(key=f"inv_bewaar_{CODE}").click().run()  # saving again is refused again
    assert "NIET bewaard" in _texts(at.error)
    at.button(key=f"inv_opnieuw_{CODE}").click().run()
    assert not _texts(at.warning)
    # Jan sees version 2 now and restores his version 1 as version 3.
    at.run()
    assert "Versie 2, bewaard op" in _texts(at.info)
    at.selectbox(key=f"inv_versie_{CODE}").set_value(1)
    at.button(key=f"inv_herstel_{CODE}").click().run()
    assert not at.exception, at.exception
    assert "Versie 1 teruggezet als versie 3" in _texts(at.success)
    restored = saved_inventory(url, CODE)
    assert restored is not None and list(restored.table["naam"]) == ["Eerste versie"]


def test_sign_in_is_offered_only_when_the_deployment_configures_it(own_home: Path) -> None:
    at = _page()
    assert not [b for b in at.button if b.key == "inv_aanmelden"]  # no [auth]: no sign-in
    configured = AppTest.from_file(APP, default_timeout=240)
    configured.secrets["auth"] = {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "test-geheim",
        "client_id": "verbonden",
        "client_secret": "geheim",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
    configured.run()
    configured.switch_page("views/inventaris.py").run()
    assert not configured.exception, configured.exception
    assert [b for b in configured.button if b.key == "inv_aanmelden"]
    assert not _save_button(configured)  # not signed in: still read-only
