"""Fixtures for the upload tests: the generated corpus and the gemeente layer."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import geopandas as gpd
import pytest

from geodata.store import read_layer

CORPUS_SCRIPT = Path(__file__).resolve().parents[2] / "corpus" / "make_corpus.py"


def load_corpus_module() -> ModuleType:
    """Import tests/corpus/make_corpus.py (a script folder, not a package)."""
    spec = importlib.util.spec_from_file_location("verbonden_make_corpus", CORPUS_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def corpus_module() -> ModuleType:
    return load_corpus_module()


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory, corpus_module: ModuleType) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    corpus_module.make_corpus(folder)
    return folder


@pytest.fixture(scope="session")
def gemeenten(store_path: Path) -> gpd.GeoDataFrame:
    return read_layer(store_path, "gemeente", columns=["code"])
