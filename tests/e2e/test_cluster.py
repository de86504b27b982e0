"""Two app servers on one PostGIS behind nginx (``deploy/nginx-cluster.conf``), all on 127.0.0.1.

The store is built into a throwaway PostGIS (``postgis_settings``); :mod:`bench.cluster` starts
two dashboards, each with its own home folder and the same ``VERBONDEN_DATABASE_URL``, and nginx
with the shipped cluster config. The tests check that both servers read the store from the
shared database (a municipality renamed there is shown by both), that an inventory an editor
saves through server A's Inventaris page is at once on server B (its Inventaris page and, as the
municipality's provision, its Gemeente page), while an editor on server B who started from the
older version is refused with the Dutch conflict message (no lost update), that a session's
requests stick to one server (route cookie), that the proxy keeps the security headers of the
single-server config, and that when a server dies the other keeps serving: a browser session
through nginx gets a drawn map again.
"""

from __future__ import annotations

import html
import os
import re
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text

from geodata.database import engine
from geodata.postgis import SCHEMA
from geodata.settings import Settings
from tests.e2e.test_nginx_proxy import assert_security_headers
from tests.layers.maps.browser_side import unit_names

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Locator, Page

    from bench.cluster import Cluster
    from tests.e2e.conftest import PageLog

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[2]
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
TIMEOUT = 120_000
CODE, SHARED_NAME = "11002", "Antwerpen Gedeeld Dertien"
JAN, AN = ("Jan", "toegang-jan-server-a"), ("An", "toegang-an-server-b")


def _rename_in_store(url: str, code: str, name: str) -> str:
    """Rename municipality ``code`` in the shared store's tables (``verbonden data build`` wrote
    them); each server reads the store from the database on its first session. Returns the old
    name."""
    with engine(url).begin() as conn:
        old = conn.execute(
            text(f"SELECT naam FROM {SCHEMA}.gemeente WHERE code = :code"), {"code": code}
        ).scalar_one()
        for table in ("gemeente", "gemeente_display"):
            conn.execute(
                text(f"UPDATE {SCHEMA}.{table} SET naam = :name WHERE code = :code"),
                {"name": name, "code": code},
            )
    return str(old)


@pytest.fixture(scope="module")
def cluster(
    postgis_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    """Two app servers and nginx; the store's rename is written once both are up."""
    from bench.cluster import nginx_binary, running_cluster

    if nginx_binary() is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light; 'make system-deps')")
    url = postgis_settings.database_url
    assert url is not None and postgis_settings.mirror is not None
    env = dict(os.environ)
    env.update(
        VERBONDEN_DATABASE_URL=url,
        VERBONDEN_MIRROR=str(postgis_settings.mirror),
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")])),
    )
    env.pop("VERBONDEN_TILES", None)
    homes = [tmp_path_factory.mktemp(f"app{i}") for i in (1, 2)]
    # before the servers start: each reads the shared store when it warms up its first look
    old = _rename_in_store(url, CODE, SHARED_NAME)
    try:
        with running_cluster(
            env=env,
            homes=homes,
            prefix=tmp_path_factory.mktemp("nginx-cluster"),
            log_dir=REPO_ROOT / "test-artifacts" / "cluster",
        ) as running:
            yield running
    finally:
        _rename_in_store(url, CODE, old)


async def _kaart(base: str, headers: dict[str, str]) -> str:
    """One Kaart run over the websocket at ``base``; returns the map component's arguments."""
    from bench.load import Client, stream

    async with stream(base, headers) as socket:
        run = await Client(socket, query="niveau=gemeente&laag=kloof").run(timeout=180)
    assert not run.errors, run.errors
    return run.map_args


def kaart(base: str, **headers: str) -> str:
    """:func:`_kaart` from synchronous code."""
    from bench.load import run_coroutine

    return run_coroutine(_kaart(base, headers))


def shown_name(base: str, args: str, code: str, **headers: str) -> str:
    """The name the map shows for ``code``: the one in the shapes file the map names (fetched
    from ``base`` as the browser does; a restyle only repeats a name that differs from it)."""
    found = re.search(r"/app/static/geo/[\w.-]+\.json", args)
    assert found, "the map names its shapes file"
    request = urllib.request.Request(base + found.group(0), headers=headers)
    with urllib.request.urlopen(request, timeout=60) as answer:
        return html.unescape(unit_names(answer.read())[code])


def test_a_change_in_the_shared_store_is_shown_by_both_servers(cluster: Cluster) -> None:
    for server in reversed(cluster.servers):
        args = kaart(server.url)
        assert shown_name(server.url, args, CODE) == SHARED_NAME, (
            f"{server.name} does not show the shared store's name"
        )


def test_a_session_sticks_to_one_app_server(cluster: Cluster) -> None:
    routes: list[str] = []
    for _ in range(16):
        status, headers, _ = cluster.get("/")
        assert status == 200
        found = re.search(r"verbonden_route=([^;,\s]+)", headers.get("set-cookie", ""))
        assert found, headers
        routes.append(found.group(1))
    for route in routes:
        for path in ("/", "/_stcore/health", "/app/static/vendor/leaflet/leaflet.js"):
            status, headers, _ = cluster.get(path, route=route)
            assert status == 200, path
            assert "verbonden_route" not in headers.get("set-cookie", "")
    # a whole session (its websocket too) through the proxy with one route
    through = {"Authorization": cluster.authorization, "Cookie": f"verbonden_route={routes[0]}"}
    assert shown_name(cluster.url, kaart(cluster.url, **through), CODE, **through) == SHARED_NAME
    seen = cluster.routes()
    servers = {server.url.removeprefix("http://") for server in cluster.servers}
    for route in routes:
        assert len(seen[route]) == 1, (route, seen[route])
    assert set().union(*(seen[r] for r in routes)) == servers, "both servers take sessions"


def test_the_cluster_proxy_sends_the_security_headers(cluster: Cluster) -> None:
    status, headers, _ = cluster.get("/")
    assert status == 200
    assert_security_headers(headers)
    cookie = headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    status, _, _ = cluster.get("/_stcore/metrics")
    assert status == 404


def test_the_cluster_config_keeps_every_header_of_the_single_server_config() -> None:
    single = (REPO_ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    multi = (REPO_ROOT / "deploy" / "nginx-cluster.conf").read_text(encoding="utf-8")
    kept = [
        line.strip()
        for line in single.splitlines()
        if line.strip().startswith(
            ("add_header", "proxy_hide_header", "set $verbonden_csp", "auth_basic", "client_max")
        )
    ]
    assert len(kept) >= 10
    for line in kept:
        assert line in multi, line


def _context(browser: Browser, page_log: PageLog) -> BrowserContext:
    """A browser context that reaches only 127.0.0.1 (a tall window: screenshots show the page)."""
    from bench.chromium import block_non_local

    context = browser.new_context(viewport={"width": 1280, "height": 2600}, locale="nl-BE")
    block_non_local(context, page_log.blocked.append)
    context.on("page", lambda p: p.on("pageerror", lambda e: page_log.page_errors.append(str(e))))
    return context


def _key(page: Page, key: str, element: str) -> Locator:
    """The ``element`` (input, button) of the widget with this Streamlit key."""
    return page.locator(f".st-key-{key} {element}")


def _text(page: Page, text: str) -> None:
    """Wait until ``text`` is shown."""
    page.get_by_text(text).first.wait_for(timeout=TIMEOUT)


def _in_table(page: Page, text: str) -> None:
    """Wait until a table (``st.dataframe``; its accessible cells) shows ``text``."""
    page.wait_for_function(
        """(t) => Array.from(document.querySelectorAll("[data-testid='stDataFrame']"))
            .some((d) => d.textContent.includes(t))""",
        arg=text,
        timeout=TIMEOUT,
    )


def _unlock_and_add(page: Page, base: str, secret: str, name: str) -> None:
    """On the Inventaris page of ``CODE`` at ``base``: unlock with ``secret`` and add an
    initiative ``name`` for the whole municipality to the table (not saved yet)."""
    page.goto(f"{base}/inventaris?gemeente={CODE}")
    access = _key(page, f"inv_toegang_{CODE}", "input")
    access.wait_for(timeout=TIMEOUT)
    access.fill(secret)
    access.press("Enter")
    _key(page, f"inv_ontgrendel_{CODE}", "button").click()
    _text(page, "U bewerkt dit overzicht als")
    field = _key(page, f"inv_nieuw_{CODE}", "input")
    field.fill(name)
    field.press("Enter")
    _key(page, f"inv_voegtoe_{CODE}", "button").click()
    _text(page, "toegevoegd; vul de andere kolommen aan en bewaar")


def test_an_inventory_saved_through_server_a_is_used_on_server_b_without_lost_update(
    browser: Browser,
    page_log: PageLog,
    cluster: Cluster,
    postgis_settings: Settings,
    artifacts_dir: Path,
) -> None:
    from layers.editing import saved_inventory, set_access_code

    url = postgis_settings.inventory_url
    for editor, secret in (JAN, AN):
        set_access_code(url, CODE, editor, code=secret)
    before = saved_inventory(url, CODE)
    version = (before.version if before else 0) + 1
    tag = uuid.uuid4().hex[:8]
    jans, ans = f"Buurtbabbel Jan {tag}", f"Praatcafé An {tag}"
    server_a, server_b = (server.url for server in cluster.servers)
    context = _context(browser, page_log)
    try:
        # An opens the inventory on server B and starts editing; then Jan saves through server A.
        on_b = context.new_page()
        _unlock_and_add(on_b, server_b, AN[1], ans)
        on_a = context.new_page()
        _unlock_and_add(on_a, server_a, JAN[1], jans)
        _key(on_a, f"inv_bewaar_{CODE}", "button").click()
        _text(on_a, f"Bewaard als versie {version}")
        _text(on_a, f"Versie {version}, bewaard op")

        # An saves on server B, on top of the older version: refused, nothing overwritten.
        _key(on_b, f"inv_bewaar_{CODE}", "button").click()
        _text(on_b, f"Jan (toegangscode) heeft het overzicht van gemeente {CODE} intussen bewaard")
        _text(on_b, "Uw wijzigingen zijn NIET bewaard en niets werd overschreven")
        on_b.screenshot(path=artifacts_dir / "cluster-conflict-server-b.png", full_page=True)
        saved = saved_inventory(url, CODE)
        assert saved is not None and saved.version == version
        assert jans in set(saved.table["naam"]) and ans not in set(saved.table["naam"])

        # A reader on server B: the Inventaris page shows Jan's version, read-only ...
        reader = context.new_page()
        reader.goto(f"{server_b}/inventaris?gemeente={CODE}")
        _text(reader, f"Versie {version}, bewaard op")
        _in_table(reader, jans)
        assert _key(reader, f"inv_bewaar_{CODE}", "button").count() == 0
        reader.screenshot(path=artifacts_dir / "cluster-inventaris-server-b.png", full_page=True)
        # ... and the Gemeente page counts it as the municipality's own provision.
        reader.goto(f"{server_b}/gemeente?gemeente={CODE}")
        _text(reader, f"bewaard in Verbonden (versie {version}")
        _in_table(reader, jans)
        reader.wait_for_function(  # the wijk map, for the screenshot
            """(sel) => { const f = document.querySelector(sel); const d = f && f.contentDocument;
                return !!d && d.querySelectorAll('path.leaflet-interactive').length > 0; }""",
            arg=MAP_FRAME,
            timeout=TIMEOUT,
        )
        reader.screenshot(path=artifacts_dir / "cluster-gemeente-server-b.png", full_page=True)
        for shown in (on_a, on_b, reader):
            assert shown.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()
    assert not page_log.blocked, page_log.blocked
    assert not page_log.page_errors, page_log.page_errors


def _drawn(page: object) -> int:
    page.wait_for_function(  # type: ignore[attr-defined]
        """(sel) => { const f = document.querySelector(sel);
            const d = f && f.contentDocument; const w = f && f.contentWindow;
            return !!(d && d.body && d.body.getAttribute('data-vb-units') && w.vbUnits
                && w.vbUnits.getLayers().length > 100); }""",
        arg=MAP_FRAME,
        timeout=TIMEOUT,
    )
    return int(
        page.evaluate(  # type: ignore[attr-defined]
            """(sel) => document.querySelector(sel).contentDocument
                .querySelectorAll('path.leaflet-interactive').length""",
            MAP_FRAME,
        )
    )


def test_when_a_server_dies_the_other_keeps_serving_the_map(
    browser: Browser, page_log: PageLog, cluster: Cluster, artifacts_dir: Path
) -> None:
    from bench.chromium import block_non_local
    from bench.cluster import PASSWORD, USER

    context = browser.new_context(
        viewport={"width": 1100, "height": 760},
        locale="nl-BE",
        http_credentials={"username": USER, "password": PASSWORD},
    )
    block_non_local(context, page_log.blocked.append)
    page = context.new_page()
    page.on("pageerror", lambda error: page_log.page_errors.append(str(error)))
    try:
        page.goto(cluster.url + "/?niveau=gemeente&laag=kloof")
        assert _drawn(page) > 100
        route = next(c["value"] for c in context.cookies() if c["name"] == "verbonden_route")
        (served,) = cluster.routes()[route]
        index = next(
            i for i, s in enumerate(cluster.servers) if s.url.endswith(served.split(":")[-1])
        )
        cluster.stop_server(index)  # the server of this session dies
        page.reload()
        assert _drawn(page) > 100
        page.screenshot(path=artifacts_dir / "kaart-na-uitval.png", full_page=True)
        fresh = context.new_page()
        fresh.goto(cluster.url + "/?niveau=gemeente&laag=alleenwonend")
        assert _drawn(fresh) > 100
    finally:
        context.close()
    survivor = cluster.servers[1 - index].url.removeprefix("http://")
    assert cluster.routes()[route] >= {survivor}
    assert not page_log.blocked, page_log.blocked
