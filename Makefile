# Dateline: the only commands a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW ?= data/raw
OUT ?= data/processed
BENCH_ARGS ?=   # e.g. BENCH_ARGS='--sizes 10000 100000' for the 100k memory check

.PHONY: setup run test lint bench docs clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -e '.[test]'
	touch $(STAMP)

run: setup
	$(BIN)/dateline run --raw $(RAW) --out $(OUT)

test: setup
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check dateline flows schemas tests
	$(BIN)/mypy

bench: setup
	@if [ -f bench/timex_bench.py ]; then $(BIN)/python bench/timex_bench.py; \
	else echo "bench: bench/timex_bench.py does not exist yet: nothing to run"; fi
	$(BIN)/python bench/run_bench.py $(BENCH_ARGS)

docs: setup
	$(BIN)/python -m dateline.dictionary
	@if [ -x /usr/bin/chromium ]; then $(BIN)/python bench/screenshot_report.py; \
	else echo "docs: /usr/bin/chromium missing: docs/report-seeds.png not refreshed"; fi

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache .hypothesis bench/out
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
