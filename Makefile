# One virtual environment in .venv, made from pyproject.toml; every target uses it.
# After `make setup`, the command is .venv/bin/bookcase (or `source .venv/bin/activate`, then bookcase).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: setup run test lint check bench readme clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The main job: serve the bundled partnerships (home page, HTTP API) on http://localhost:8000/.
PORT ?= 8000
run: setup
	$(BIN)/bookcase serve --port $(PORT)

test: setup
	$(BIN)/python -m pytest

# Lint and types: CI fails on either (.ci/run).
lint: setup
	$(BIN)/ruff check graph_model loaders queries api visualisations tests
	$(BIN)/mypy

check: lint test

# Benchmarks are not tests: run on demand, through the one command. SCALES=s,m,n for the full table.
SCALES ?= s,m
bench: setup
	$(BIN)/bookcase benchmark --scales $(SCALES)

# Rewrite the README's generated tables (schema, commands, queries, scales) from the code.
readme: setup
	$(BIN)/python -m api.cli.reference

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
