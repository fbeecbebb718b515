# Everything installs itself: `make gen` and `make test` work on a bare machine with python3 + npm.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: gen test test-fast regen bench fuzz lint typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

gen: $(STAMP)
	$(VENV)/bin/gen --spec specs/kombo.yaml

lint: $(STAMP)
	$(PY) -m ruff check generator tests benchmarks templates/runtime
	$(PY) -m ruff format --check generator templates/runtime

typecheck: $(STAMP)
	$(PY) -m mypy generator

test: $(STAMP) $(NODE_STAMP) lint typecheck
	$(PY) -m pytest -q

# The fast loop while working (under a minute): no slow tests, few Hypothesis examples.
test-fast: $(STAMP) $(NODE_STAMP)
	HYPOTHESIS_PROFILE=fast $(PY) -m pytest -q -m "not slow"

# Rewrite the golden outputs on purpose (review the diff before committing).
regen: $(STAMP)
	$(PY) -m tests.golden.regen
	$(VENV)/bin/gen --spec specs/kombo.yaml

# Mutation fuzzing (tests/fuzz/fuzzer.py): FUZZ_COUNT mutants of the test specs and, where it
# exists, of $(SHARED)/corpus; failing mutants are saved in fuzz-failures/. `make test` runs 20.
FUZZ_COUNT ?= 500
FUZZ_SEED ?= 1
fuzz: $(STAMP)
	$(PY) -m tests.fuzz.fuzzer --count $(FUZZ_COUNT) --seed $(FUZZ_SEED) \
		$(if $(wildcard $(SHARED)/corpus),--corpus $(SHARED)/corpus)

# Peers for the benchmarks live in a venv of their own (never in .venv: gen does not need them).
BENCH_VENV := .bench-venv
BENCH_STAMP := $(BENCH_VENV)/.installed
SHARED ?= ../shared
PEERS := openapi-python-client==0.29.1 datamodel-code-generator==0.89.0 pydantic==2.14.4 \
	msgspec==0.22.0 jsonschema==4.26.0 fastjsonschema==2.22.3 pyyaml==6.0.4 ruff==0.17.6

$(BENCH_STAMP):
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet $(PEERS)
	touch $(BENCH_STAMP)

# By hand only (needs $(SHARED), which exists on our machines): prints ratios against the peers.
bench: $(STAMP) $(BENCH_STAMP)
	$(PY) benchmarks/import_time.py generated/kombo_api
	$(PY) benchmarks/import_time.py --peer-venv $(BENCH_VENV) --generate \
		$(SHARED)/corpus/qdrant-api.json $(SHARED)/corpus/discord-openapi.json \
		$(SHARED)/corpus/stripe-spec3.yaml
	$(PY) benchmarks/generate.py --peer-venv $(BENCH_VENV)
	$(PY) benchmarks/first_call.py
	$(BENCH_VENV)/bin/python $(SHARED)/bench/bench_models.py --spec specs/kombo.yaml \
		--candidate benchmarks/kombo_candidate.py --sizes 10000 --mem-size 0

clean:
	rm -rf $(VENV) $(BENCH_VENV) node_modules .mypy_cache .ruff_cache
