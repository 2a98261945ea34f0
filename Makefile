# One virtual environment in .venv, made from pyproject.toml; every target uses it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: setup run test bench lint clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# The main job: for now, validate the bundled York partnership and summarise it.
run: setup
	$(BIN)/bookcase validate york
	$(BIN)/bookcase show york

test: setup
	$(BIN)/python -m pytest

# Benchmarks are not tests: run on demand. SCALES=s,m,n for the full table.
SCALES ?= s,m
bench: setup
	$(BIN)/python -m queries.benchmark --scales $(SCALES)

lint: setup
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/ruff check graph_model loaders queries api visualisations tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
