# `make run` opens the app on the bundled articles; `make test` runs the checks (ruff, mypy, the
# import layers) and the tests, and prints the coverage of the modules not fully covered.
# Both create .venv themselves on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint dist dist-check bench clean

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
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q --cov=reader --cov-report=term:skip-covered

bench: $(STAMP)
	$(PY) bench/bench_entities.py
	$(PY) bench/bench_search.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/bench_window.py

# `make dist` builds the standalone program into dist/reader/ (see build.spec);
# `make dist-check` builds it and runs the smoke test of the built program.
DIST_STAMP := $(VENV)/.installed-dist

$(DIST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dist]'
	touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN build.spec
	@du -sh dist/reader

dist-check: dist
	scripts/smoke_dist.sh --no-build

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis .coverage
