# Carrefour — every target bootstraps what it needs (virtualenv, install, database).
# `make run` serves the platform at http://127.0.0.1:8000/ ; `make test` runs the whole suite.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install run test test-db lint format check migrate seed db-start db-stop db-status bench-harvest clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: set PYTHON=python3.11 (or newer) and retry.")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install the platform (only when pyproject.toml changed)

run: $(STAMP) ## Run the platform (web + task worker) on the embedded database, with demo content
	$(PY) manage.py run_platform --port $(PORT)

test: $(STAMP) ## Run the whole test suite (unit, cross-app, browser) on the embedded database
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## Lint and check formatting (ruff)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP) ## Format the code (ruff)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(STAMP) ## Django system checks and missing-migration check
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

migrate: $(STAMP) ## Apply database migrations
	$(PY) manage.py migrate --noinput

seed: migrate ## Seed reference data, pages, admin account and demo projects (idempotent)
	$(PY) manage.py seed_platform

bench-harvest: $(STAMP) ## Benchmark the harvester on a generated loopback site (PAGES=200)
	$(PY) manage.py bench_harvest --pages $${PAGES:-200}

db-start: $(STAMP) ## Start the embedded PostgreSQL (prints its URL)
	$(PY) -m community.embedded_db start

db-stop: $(STAMP) ## Stop the embedded PostgreSQL
	$(PY) -m community.embedded_db stop

db-status: $(STAMP) ## Is the embedded PostgreSQL running?
	$(PY) -m community.embedded_db status

clean: ## Remove the virtualenv and local state (database, media): asks nothing, keeps the code
	-$(PY) -m community.embedded_db stop
	rm -rf $(VENV) .data media static_collected .pytest_cache .ruff_cache
