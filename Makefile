# `make run` opens the app on the bundled articles; `make test` runs the checks (ruff, mypy, the
# import layers) and the tests, and prints the coverage of the modules not fully covered.
# Both create .venv themselves on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-cluster lint dist dist-check bench bench-large train-ner clean

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

# The Dask test: the recogniser on a local cluster of two worker processes (about a minute on 2 cores).
CLUSTER_STAMP := $(VENV)/.installed-cluster

$(CLUSTER_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,cluster]'
	touch $(CLUSTER_STAMP)

test-cluster: $(CLUSTER_STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m cluster

bench: $(STAMP)
	$(PY) bench/bench_entities.py
	$(PY) bench/bench_search.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/bench_window.py

# The benchmarks at 100,000 articles. The libraries and files are built once into BENCH_DIR and reused:
# the first run takes about 4 minutes on 2 cores (building them included), later runs about 3.
BENCH_DIR ?= /tmp/reader-bench

bench-large: $(STAMP)
	mkdir -p $(BENCH_DIR)
	QT_QPA_PLATFORM=offscreen $(PY) bench/bench_window.py --articles 100000 --db $(BENCH_DIR)/window-100000.sqlite
	$(PY) bench/bench_search.py --articles 100000 --db $(BENCH_DIR)/search-100000.sqlite
	$(PY) bench/bench_import.py --files 100000 --dir $(BENCH_DIR)/md-100000
	$(PY) bench/bench_recognition.py

# The NER component fine-tuned on WiNER-fr news (CC BY 4.0), written to resources/ner/ (6.4 MB), which
# the reader loads over fr_core_news_md's own NER. About 8 minutes on 2 cores. TRAIN_YEARS picks the years
# learnt from and NER_OUT where it goes: `make train-ner TRAIN_YEARS=2016 DEV_YEARS=2017 NER_OUT=/tmp/ner-2016`
# shows the other year's score every epoch, and `python -m reader.entities.evaluate DIR --ner /tmp/ner-2016`
# scores the whole pipeline with it.
WINER ?= ../shared/eval/winer-fr
TRAIN_YEARS ?= 2016 2017
DEV_YEARS ?=
NER_EPOCHS ?= 12
NER_OUT ?= resources/ner

train-ner: $(STAMP)
	$(PY) scripts/train_ner.py --epochs $(NER_EPOCHS) --out $(NER_OUT) \
		--train $(addprefix $(WINER)/,$(TRAIN_YEARS)) $(if $(DEV_YEARS),--dev $(addprefix $(WINER)/,$(DEV_YEARS)))

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
