"""Verbonden — the Streamlit entry point: page setup, data readiness and navigation."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard import loaders, session  # noqa: E402 - after the path fix above
from dashboard.text import md  # noqa: E402
from dashboard.upload_flow import program_fault_boundary  # noqa: E402
from dashboard.widgets import dutch_widget_texts  # noqa: E402
from geodata.fetch import FetchError  # noqa: E402
from geodata.files import WriteError  # noqa: E402
from geodata.store import StoreError  # noqa: E402

st.set_page_config(
    page_title="Verbonden",
    page_icon=str(Path(__file__).resolve().parent / "assets" / "icon.png"),
    layout="wide",
)

loaders.begin_run()
loaders.vendor_assets()
try:
    loaders.store_path()
except (FetchError, FileNotFoundError, PermissionError) as error:
    st.title("Verbonden")
    st.error(
        "De open data konden niet worden klaargezet, dus het dashboard kan nog niets tonen.\n\n"
        f"{md(error)}\n\n"
        "Zonder internet: zet VERBONDEN_MIRROR op een map met de open data (bv. ../shared/data) "
        "en start opnieuw."
    )
    st.stop()
except (StoreError, WriteError) as error:  # damaged store, or a home folder that is not writable
    st.title("Verbonden")
    st.error(f"Het dashboard kan de gegevensopslag niet gebruiken.\n\n{md(error)}")
    st.stop()

session.restore_workset()  # a reload or a shared link keeps the uploads (``?werkset=``)
if notice := session.workset_notice():
    st.warning(md(notice), icon=":material/cloud_off:")

PAGES = Path(__file__).resolve().parent / "views"
navigation = st.navigation(
    [
        st.Page(
            PAGES / "kaart.py", title="Kaart", icon=":material/map:", url_path="kaart", default=True
        ),
        st.Page(
            PAGES / "gemeente.py",
            title="Gemeente",
            icon=":material/account_balance:",
            url_path="gemeente",
        ),
        st.Page(
            PAGES / "plannen.py",
            title="Plannen",
            icon=":material/add_location_alt:",
            url_path="plannen",
        ),
        st.Page(
            PAGES / "inventaris.py",
            title="Inventaris",
            icon=":material/inventory_2:",
            url_path="inventaris",
        ),
        st.Page(
            PAGES / "eigen_data.py",
            title="Eigen data",
            icon=":material/upload_file:",
            url_path="eigen-data",
        ),
        st.Page(
            PAGES / "over_de_data.py",
            title="Over de data",
            icon=":material/info:",
            url_path="over-de-data",
        ),
    ]
)
with st.sidebar:
    st.caption(
        "Verbonden helpt lokale besturen zien waar het risico op eenzaamheid hoog is en waar "
        "zorgzame-buurtacties ontbreken. Bronnen: Statbel, Provincies in Cijfers, iRail; "
        "inspirerende initiatieven uit 'Verbonden met (n)iemand' (VVSG)."
    )
dutch_widget_texts()
with program_fault_boundary(page=navigation.title):  # no traceback ever reaches a user
    navigation.run()
