"""The docs cannot drift from the code: the command line, the settings and the layout.

- ``docs/cli.md`` names every sub-command and every option the ``verbonden`` parser has, names no
  option it lacks, and each of its example command lines parses.
- ``README.md`` documents every ``VERBONDEN_*`` environment variable the code reads and every
  setting in ``.streamlit/config.toml``.
- ``README.md`` has a "Where is what" table naming every top-level package and every room of
  ``layers/``.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import re
import shlex
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = ROOT / "docs" / "cli.md"
README = ROOT / "README.md"
CODE_PACKAGES = ("geodata", "layers", "dashboard")
_SHELL_OPERATORS = {">", ">>", "2>", "<", "|", "&&", ";"}
_OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*)")


@cache
def _parser() -> argparse.ArgumentParser:
    """The parser ``verbonden`` really uses: captured from ``main`` instead of being rebuilt."""
    main_module = importlib.import_module("layers.cli.main")
    captured: list[argparse.ArgumentParser] = []

    def capture(parser: argparse.ArgumentParser, argv: object) -> int:
        captured.append(parser)
        return 0

    original = main_module.run
    main_module.run = capture
    try:
        main_module.main([])
    finally:
        main_module.run = original
    assert len(captured) == 1
    return captured[0]


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every (sub-)command as (words after ``verbonden``, its parser), the root first."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


def _long_options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    }


def _mentions(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def test_cli_doc_names_every_sub_command():
    doc = CLI_DOC.read_text(encoding="utf-8")
    commands = [" ".join(("verbonden", *path)) for path, _ in _commands(_parser()) if path]
    assert len(commands) >= 10  # data fetch/build/info, resolve, check, export ..., map
    missing = [command for command in commands if f"`{command}" not in doc]
    assert not missing, f"sub-commands missing from docs/cli.md: {missing}"


def test_cli_doc_names_every_option_of_every_sub_command():
    doc = CLI_DOC.read_text(encoding="utf-8")
    missing = [
        f"verbonden {' '.join(path)} {option}"
        for path, parser in _commands(_parser())
        for option in sorted(_long_options(parser))
        if not _mentions(doc, option)
    ]
    assert not missing, f"options missing from docs/cli.md: {missing}"


def test_cli_doc_names_no_option_that_does_not_exist():
    doc = CLI_DOC.read_text(encoding="utf-8")
    known = {"--help"} | {o for _, parser in _commands(_parser()) for o in _long_options(parser)}
    unknown = sorted(set(_OPTION.findall(doc)) - known)
    assert not unknown, f"docs/cli.md names options no command has: {unknown}"


def _examples(doc: str) -> list[str]:
    """The ``verbonden ...`` lines of the shell blocks (continuation lines joined)."""
    lines: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", doc, flags=re.DOTALL):
        joined = block.replace("\\\n", " ")
        lines += [line for line in joined.splitlines() if line.startswith("verbonden ")]
    return lines


def test_cli_doc_examples_parse(capsys):
    examples = _examples(CLI_DOC.read_text(encoding="utf-8"))
    assert len(examples) >= 10
    for line in examples:
        words = shlex.split(line, comments=True)[1:]
        redirect = [i for i, word in enumerate(words) if word in _SHELL_OPERATORS]
        argv = words[: redirect[0]] if redirect else words
        try:
            _parser().parse_args(argv)
        except SystemExit:  # argparse reports a usage error this way
            pytest.fail(f"example in docs/cli.md does not parse: {line}\n{capsys.readouterr().err}")


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "text"`` assignments."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Constant):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def _is_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def _environment_keys(tree: ast.Module) -> Iterator[ast.expr]:
    """The key expressions of ``os.environ[...]``, ``os.environ.get(...)``, ``os.getenv(...)``
    and ``... in os.environ``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_environ(node.value):
            yield node.slice
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            reads_environ = isinstance(func, ast.Attribute) and (
                func.attr == "getenv" or (_is_environ(func.value) and func.attr != "copy")
            )
            if reads_environ or (isinstance(func, ast.Name) and func.id == "getenv"):
                yield node.args[0]
        elif isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
            yield node.left


@cache
def _variables_read() -> frozenset[str]:
    names: set[str] = set()
    for package in CODE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            constants = _constants(tree)
            for key in _environment_keys(tree):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    names.add(key.value)
                elif isinstance(key, ast.Name) and key.id in constants:
                    names.add(constants[key.id])
    return frozenset(n for n in names if n.startswith("VERBONDEN_"))


def test_every_environment_variable_the_code_reads_is_in_the_readme():
    variables = _variables_read()
    assert {"VERBONDEN_HOME", "VERBONDEN_MIRROR"} <= variables  # the scan finds the known ones
    readme = README.read_text(encoding="utf-8")
    missing = sorted(v for v in variables if not _mentions(readme, v))
    assert not missing, f"environment variables missing from README.md: {missing}"


def test_every_streamlit_setting_is_in_the_readme():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    settings = [f"{section}.{key}" for section, values in config.items() for key in values]
    assert settings
    readme = README.read_text(encoding="utf-8")
    missing = [s for s in settings if f"`{s}`" not in readme]
    assert not missing, f".streamlit/config.toml settings missing from README.md: {missing}"


def _where_is_what() -> list[str]:
    """First cells of the table in the README's "Where is what" section."""
    readme = README.read_text(encoding="utf-8")
    match = re.search(r"^## Where is what\n(.*?)(?=^## |\Z)", readme, flags=re.M | re.DOTALL)
    assert match, "README.md has no '## Where is what' section"
    rows = [line for line in match.group(1).splitlines() if line.startswith("|")]
    return [row.split("|")[1].strip() for row in rows[2:]]  # past the header and its rule


def test_readme_where_is_what_lists_every_package_and_every_room():
    packages = sorted(p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file())
    rooms = sorted(p.parent.name for p in (ROOT / "layers").glob("*/__init__.py"))
    assert {"geodata", "layers", "dashboard"} <= set(packages)
    assert "maps" in rooms
    expected = [f"`{p}/`" for p in packages] + [f"`layers/{r}/`" for r in rooms]
    listed = _where_is_what()
    missing = [e for e in expected if e not in listed]
    assert not missing, f"missing from the README's 'Where is what' table: {missing}"
    stale = [cell for cell in listed if cell not in expected]
    assert not stale, f"the README's 'Where is what' table names what does not exist: {stale}"


def _readme_indicator_rows() -> dict[str, list[str]]:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| id | label (Dutch) | kind | levels | role | source (year) |") + 2
    rows: dict[str, list[str]] = {}
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        ident = cells[0].strip("`")
        assert ident not in rows, f"{ident} listed twice in the README's indicator table"
        rows[ident] = cells
    return rows


def test_readme_indicator_table_lists_every_measure_with_its_kind():
    from layers.indicators import REGISTRY

    rows = _readme_indicator_rows()
    assert set(rows) == set(REGISTRY), set(rows) ^ set(REGISTRY)
    for ident, spec in REGISTRY.items():
        _, label, kind, levels, role, source = rows[ident]
        assert label == spec.label, ident
        assert kind == spec.kind, ident
        assert levels == ", ".join(spec.levels), ident
        assert ("need default" in role) == bool(spec.need_default), ident
        assert ("default provision" in role) == spec.provision_view, ident
        assert source == f"{spec.source} ({spec.year})", ident
