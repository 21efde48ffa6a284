# One command sets up and builds the site, one sets up and runs the tests.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	touch $@

site: setup
	$(PY) -m generator validate
	$(PY) -m generator build
	$(PY) -m generator bundle

test: setup
	bash scripts/system-deps.sh
	$(PY) -m ruff check generator tests $(wildcard bench)
	$(PY) -m ruff format --check generator tests $(wildcard bench)
	$(PY) -m mypy generator
	$(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check generator tests $(wildcard bench)
	$(PY) -m mypy generator

bench: setup
	$(PY) -m bench.run --sizes $(or $(N),100)

clean:
	rm -rf site build dist .pytest_cache .mypy_cache .ruff_cache
