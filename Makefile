# Every target does its own set-up, so `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export SEMGREP_ENABLE_VERSION_CHECK := 0
export SEMGREP_SEND_METRICS := off

.PHONY: setup demo test test-rules test-fast bench lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The CPU build of torch is cached on these machines; pin it here only, pyproject keeps a range.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[hf,sandbox,dev]'
	touch $(STAMP)

demo: setup
	$(BIN)/codeeval scan benchmarks/examples/

test: setup test-rules
	$(BIN)/pytest -q

# Every Semgrep rule against its annotated test file (# ruleid: / # ok:).
test-rules: setup
	$(BIN)/semgrep --metrics off --test --quiet $(CURDIR)/rules/

test-fast: setup
	$(BIN)/pytest -q -m "not slow and not docker"

bench: setup
	$(BIN)/python benchmarks/perf/bench_scan.py

lint: setup
	$(BIN)/ruff check codeeval tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache
