# Early Help case management — make targets. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LAUNCH := $(PY) -m earlyhelp.launcher
PYTEST_ARGS ?=
# The suite runs on this many processes (pytest-xdist); each has its own test database.
TEST_WORKERS ?= 2

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets and what each does
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-13s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/build/application.css: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run --silent build

# Copied from node_modules by the same build (the lead practitioner autocomplete).
static/build/accessible-autocomplete.min.js: node_modules/.installed
	npm run --silent build

.PHONY: deps
deps: $(VENV)/.installed node_modules/.installed static/build/application.css static/build/accessible-autocomplete.min.js ## Install Python and npm dependencies and build the stylesheet

.PHONY: run
run: deps ## Run the app with demo data, a Celery worker and beat (embedded PostgreSQL/Redis unless DATABASE_URL/REDIS_URL are set)
	$(LAUNCH) run

.PHONY: lint
lint: deps ## ruff (lint and format check), mypy, and import-linter's layer contracts
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports --no-cache

.PHONY: test
test: lint ## Lint, then the whole test suite against real PostgreSQL and Redis
	$(LAUNCH) exec -- $(PY) manage.py makemigrations --check --dry-run --settings=earlyhelp.settings.test
	$(LAUNCH) exec -- $(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Families in the bench data set (`make bench BENCH_FAMILIES=5000` while developing).
BENCH_FAMILIES ?= 100000

.PHONY: bench
bench: deps ## Build or reuse the bench database of BENCH_FAMILIES families; print the figures and write var/bench/latest.json
	$(LAUNCH) exec -- $(PY) -m tests.bench.run --families $(BENCH_FAMILIES) $(BENCH_ARGS)

.PHONY: bench-demo
bench-demo: deps ## The older benches on the demo borough (scorecard rollup, case PDF): print their figures
	$(LAUNCH) exec -- $(VENV)/bin/pytest tests/bench -p no:randomly -s -q -o addopts="" $(PYTEST_ARGS)

.PHONY: screenshots
screenshots: deps ## Take the screenshots in docs/screenshots/ again from the browser tests
	UPDATE_SCREENSHOTS=1 $(LAUNCH) exec -- $(VENV)/bin/pytest tests/e2e/test_practitioners_day.py -p no:randomly -q

.PHONY: drills
drills: deps ## Reliability drills on a stack of their own (var/drills/): figures to var/drills/latest.json
	$(PY) -m tests.drills.run $(DRILL_ARGS)

.PHONY: drills-quick
drills-quick: deps ## The database restart and broker outage drills only (about 3 minutes; CI runs them)
	$(PY) -m tests.drills.run --quick $(DRILL_ARGS)

.PHONY: format
format: deps ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: clean
clean: ## Remove the virtualenv, node_modules, built assets (keeps ./var data)
	rm -rf $(VENV) node_modules static/build
