# Everything installs itself: `make gen` and `make test` work on a bare machine with python3 + npm.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: gen test regen bench lint typecheck clean

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

# Rewrite the golden outputs on purpose (review the diff before committing).
regen: $(STAMP)
	$(PY) -m tests.golden.regen
	$(VENV)/bin/gen --spec specs/kombo.yaml

bench: $(STAMP)
	$(PY) benchmarks/import_time.py generated/kombo_api
	$(PY) benchmarks/generate.py

clean:
	rm -rf $(VENV) node_modules .mypy_cache .ruff_cache
