"""The house's layout, checked on the source with the AST.

- Dependency direction ``dashboard -> layers -> geodata``; only ``dashboard`` imports Streamlit.
- ``layers`` is a set of rooms with an order: a room imports only the rooms below it (see
  ``ROOMS``), and another room only through its facade (``from layers.analysis import x``).
- ``dashboard`` imports ``layers`` through the facades only, and no ``geodata`` internals.
- No import cycles anywhere (imports inside functions count: a cycle that works only because an
  import is deferred is still a knot).
- Private names and modules (``_x``) are not imported from another module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("geodata", "layers", "dashboard")
FORBIDDEN = {
    "geodata": {"streamlit", "folium", "branca", "streamlit_folium", "layers", "dashboard"},
    "layers": {"streamlit", "streamlit_folium", "dashboard"},
}
# Each room of ``layers`` and the rooms it may import (besides itself and ``geodata``).
ROOMS: dict[str, set[str]] = {
    "maps": set(),
    "indicators": set(),
    "initiatives": {"maps", "indicators"},
    "editing": {"maps", "indicators", "initiatives"},
    "analysis": {"maps", "indicators", "initiatives"},
    "planning": {"maps", "indicators", "initiatives", "analysis"},
    "views": {"maps", "indicators", "initiatives", "editing", "analysis", "planning"},
    "reports": {"maps", "indicators", "initiatives", "analysis", "planning"},
    "uploads": {"maps", "indicators", "initiatives", "analysis"},
    "cli": {
        "maps",
        "indicators",
        "initiatives",
        "editing",
        "analysis",
        "planning",
        "views",
        "reports",
        "uploads",
    },
}
# geodata modules that are internals of a sub-package: the dashboard uses the sub-package.
GEODATA_SUBPACKAGES = ("geodata.upload",)


def _sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in _sources()}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    return skipped


def _imports(path: Path) -> Iterator[tuple[str, list[str], int]]:
    """(module, imported names, line) of every absolute import outside ``if TYPE_CHECKING``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names], node.lineno


def _targets(module: str, names: list[str]) -> list[str]:
    """The project modules an import statement loads (``from pkg import sub`` loads ``pkg.sub``)."""
    known = _modules()
    found = [f"{module}.{name}" for name in names if f"{module}.{name}" in known]
    if len(found) < len(names) or not names:
        found.append(module)
    return [target for target in found if target in known]


def _top(name: str) -> str:
    return name.split(".", maxsplit=1)[0]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_upwards(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    for path in files:
        bad = {_top(module) for module, _, _ in _imports(path)} & FORBIDDEN[package]
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_only_dashboard_imports_streamlit():
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {".venv", "dashboard", "tests", "bench"} or "site-packages" in rel.parts:
            continue
        assert "streamlit" not in {_top(m) for m, _, _ in _imports(path)}, rel


def test_every_room_is_declared_and_has_a_docstring():
    rooms = {p.name for p in (ROOT / "layers").iterdir() if (p / "__init__.py").is_file()}
    assert rooms == set(ROOMS), "declare every room of layers/ in ROOMS (and nothing else)"
    for room in rooms:
        tree = ast.parse((ROOT / "layers" / room / "__init__.py").read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree) or ""
        assert "Lives here" in doc or "Typical use" in doc, f"layers/{room}: say what lives there"
    assert not [p.name for p in (ROOT / "layers").glob("*.py") if p.name != "__init__.py"], (
        "layers/ holds rooms only: put a module in the room of its concern"
    )


def test_rooms_import_only_rooms_below_and_through_facades():
    problems = []
    for path in sorted((ROOT / "layers").rglob("*.py")):
        rel = path.relative_to(ROOT)
        room = rel.parts[1]
        for module, _, line in _imports(path):
            parts = module.split(".")
            if parts[0] != "layers" or len(parts) < 2 or parts[1] == room:
                continue
            if parts[1] not in ROOMS[room]:
                problems.append(f"{rel}:{line} ({room}) imports {module}: not a room below")
            elif len(parts) > 2:
                problems.append(f"{rel}:{line} imports {module}: use the facade layers.{parts[1]}")
    assert not problems, "\n".join(problems)


def test_dashboard_imports_facades_only():
    problems = []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        rel = path.relative_to(ROOT)
        for module, _, line in _imports(path):
            parts = module.split(".")
            if parts[0] == "layers" and len(parts) != 2:
                problems.append(f"{rel}:{line} imports {module}: use the facade layers.{parts[1]}")
            if any(module.startswith(f"{sub}.") for sub in GEODATA_SUBPACKAGES):
                problems.append(f"{rel}:{line} imports the internal {module}")
    assert not problems, "\n".join(problems)


def test_no_private_names_imported_across_modules():
    problems = []
    for path in _sources():
        rel = path.relative_to(ROOT)
        for module, names, line in _imports(path):
            if _top(module) not in PACKAGES:
                continue
            private = [n for n in names if n.startswith("_")]
            private += [p for p in module.split(".") if p.startswith("_")]
            if private:
                problems.append(f"{rel}:{line} imports private {private} from {module}")
    assert not problems, "\n".join(problems)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@cache
def _explicit_all() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, path in _modules().items():
        out[name] = {
            t
            for module, names, _ in _imports(path)
            if _top(module) in PACKAGES
            for t in _targets(module, names)
        }
    return out


def test_no_import_cycles():
    graph = {name: {t for t in targets if t != name} for name, targets in _explicit_all().items()}
    cycles = _cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_cycle_detector_finds_a_knot():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
