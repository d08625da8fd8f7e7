# Two commands for a fresh Linux machine with Python 3.11:
#   make demo   - set up and run the main job (demo directory on http://127.0.0.1:8000)
#   make test   - set up and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Debian packages: Pango for WeasyPrint's PDFs; Chromium for the browser tests.
DEB_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
DEB_TEST    := chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test bench setup setup-test clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON) -m venv $(VENV)

# Installs only what is missing, so a machine that has everything needs no network.
define deb_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

$(VENV)/.installed: pyproject.toml package.json package-lock.json | $(BIN)/python
	$(call deb_install,$(DEB_RUNTIME))
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@if [ -f package.json ]; then npm ci --ignore-scripts --no-audit --no-fund --silent || npm install --ignore-scripts --no-audit --no-fund --silent; fi
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(call deb_install,$(DEB_TEST))
	touch $@

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

demo: setup
	$(BIN)/therapist-finder demo

test: setup-test
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/bench_store.py

clean:
	rm -rf $(VENV) data build *.egg-info node_modules
