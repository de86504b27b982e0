# Verbonden — developer entry points. `make run` starts the dashboard, `make test` runs the tests.
# Each target creates or updates the virtual environment it needs (.venv) from pyproject.toml.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
# Offline use: point VERBONDEN_MIRROR at a folder with the open data; ../shared/data when present.
VERBONDEN_MIRROR ?= $(abspath $(wildcard ../shared/data))
export VERBONDEN_MIRROR

.PHONY: run test test-fast lint format bench data system-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m dashboard --server.port $(PORT)

# Browser tests need Debian's chromium, the proxy tests nginx, the shared-store tests PostgreSQL with
# PostGIS (a throwaway server on 127.0.0.1); install them when missing (root/sudo).
system-deps:
	@{ command -v chromium && command -v pdftotext && { command -v nginx || test -x /usr/sbin/nginx; } && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf && ls /usr/share/postgresql/*/extension/postgis.control; } >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core poppler-utils nginx-light postgresql-15 postgresql-15-postgis-3; }

# The default run, then the large generated upload files (`slow`: about a minute; CI runs both).
test: $(STAMP) system-deps
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest -m slow

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not e2e"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

data: $(STAMP)
	$(BIN)/verbonden data build

bench: $(STAMP) system-deps
	$(BIN)/python bench/run.py
	$(BIN)/python bench/planning.py
	$(BIN)/python bench/cluster_load.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .verbonden-home test-artifacts
