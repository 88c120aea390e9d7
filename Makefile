# `make run` opens the app on the bundled articles; `make test` runs the checks and the tests.
# Both create .venv themselves on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint dist bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/reader

lint: $(STAMP)
	$(VENV)/bin/ruff check reader tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/bench_entities.py
	$(PY) bench/bench_search.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/bench_window.py

dist: $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	$(VENV)/bin/pyinstaller --noconfirm --clean build.spec

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
