# Two commands for a fresh Linux machine with Python 3.11:
#   make demo   - set up and run the main job (demo directory on http://127.0.0.1:8000)
#   make test   - set up and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench setup clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(BIN)/therapist-finder demo

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/bench_store.py

clean:
	rm -rf $(VENV) data build *.egg-info
