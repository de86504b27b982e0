"""The warm-up of ``python -m dashboard`` (issue 14): the Kaart page's first look is computed in
the shared caches before anyone asks, so the first visitor's run only reads them."""

from __future__ import annotations

import importlib
import threading

import pytest
import streamlit as st

from dashboard import loaders


def _no_exception(at):
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture
def builds(monkeypatch):
    """The Kaart views and unit tables computed from here on (level of each)."""
    seen: list[tuple[str, str]] = []
    view, table = loaders._kaart_view, loaders._unit_table

    def counted_view(level, *args, **kwargs):
        seen.append(("view", level))
        return view(level, *args, **kwargs)

    def counted_table(level, *args, **kwargs):
        seen.append(("table", level))
        return table(level, *args, **kwargs)

    monkeypatch.setattr(loaders, "_kaart_view", counted_view)
    monkeypatch.setattr(loaders, "_unit_table", counted_table)
    return seen


def test_first_look_after_the_warm_up_is_read_from_the_shared_caches(app, builds):
    st.cache_data.clear()
    done: list[bool] = []
    warm = threading.Thread(target=lambda: done.append(loaders.warm_up()))  # as the server does
    warm.start()
    warm.join()
    assert done == [True]
    assert {("view", "gemeente"), ("view", "wijk")} <= set(builds)
    builds.clear()

    at = app.run()  # a first visitor: gemeente, the action gap, default weights
    _no_exception(at)
    assert at.selectbox(key="k_laag").value == "kloof"
    assert at.dataframe[0].value.shape[0] > 0  # the ranking
    at.radio(key="k_niveau").set_value("wijk").run()  # all wijken of Flanders
    _no_exception(at)
    assert at.selectbox(key="k_gebied").value == "vl"
    assert builds == []  # nothing computed again: the page met the warm-up's cache entries

    at.selectbox(key="k_laag").set_value("leeftijd_65plus").run()  # not warmed: computed now
    _no_exception(at)
    assert ("view", "wijk") in builds


def test_warm_up_is_skipped_without_a_store(tmp_path, monkeypatch, builds):
    monkeypatch.setenv("VERBONDEN_HOME", str(tmp_path))
    monkeypatch.delenv("VERBONDEN_DATABASE_URL", raising=False)
    assert loaders.warm_up() is False
    assert builds == []
    assert list(tmp_path.iterdir()) == []  # nothing built: the first visitor's run does that


def test_a_failing_warm_up_is_logged_and_leaves_the_server_running(monkeypatch, caplog):
    main = importlib.import_module("dashboard.__main__")

    def broken() -> bool:
        raise OSError("schijf vol")

    monkeypatch.setattr(main, "_runtime_running", lambda: True)
    monkeypatch.setattr(loaders, "warm_up", broken)
    caplog.set_level("ERROR")
    main._warm_up()  # returns: the server goes on, the first visitor computes the view
    assert "schijf vol" in caplog.text


def test_a_kaart_run_reads_the_saved_inventories_stamp_once(app, monkeypatch):
    at = app.run()
    _no_exception(at)
    reads: list[str] = []
    stamp = loaders.inventories.stamp

    def counted(url: str) -> str:
        reads.append(url)
        return stamp(url)

    monkeypatch.setattr(loaders.inventories, "stamp", counted)
    at.selectbox(key="k_laag").set_value("alleenwonend").run()
    _no_exception(at)
    assert len(reads) == 1
