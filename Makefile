# Carrefour — every target bootstraps what it needs (virtualenv, install, database).
# `make run` serves the platform at http://127.0.0.1:8000/ ; `make test` runs the whole suite.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
PYTEST_ARGS ?=
CLIENTS ?= 64
DURATION ?= 60
COUNT ?= 100000
BACKUP ?=

.DEFAULT_GOAL := help
.PHONY: help install run test test-db lint format check migrate seed db-start db-stop db-status bench-harvest clean \
	prod backup restore bench-load messages relevance

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: set PYTHON=python3.11 (or newer) and retry.")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install the platform (only when pyproject.toml changed)

run: $(STAMP) ## Run the platform (web + task worker) on the embedded database, with demo content (PORT=8000)
	PORT=$(PORT) $(PY) manage.py run_platform --port $(PORT)

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

messages: $(STAMP) ## Refresh locale/en from the marked strings and compile it (needs GNU gettext)
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=tests --ignore='*/tests/*'
	$(PY) manage.py compilemessages -l en --ignore=.venv

migrate: $(STAMP) ## Apply database migrations
	$(PY) manage.py migrate --noinput

seed: migrate ## Seed reference data, pages, admin account and demo projects (idempotent)
	$(PY) manage.py seed_platform

bench-harvest: $(STAMP) ## Benchmark the harvester on a generated loopback site (PAGES=200)
	$(PY) manage.py bench_harvest --pages $${PAGES:-200}

relevance: migrate ## Judged French queries: P@10, R@50, NDCG@10, zero results vs the previous search and Wagtail
	$(PY) manage.py search_relevance --groups

bench-search: migrate ## Seed to COUNT projects if needed (100000; resumable); p50/p95 of catalogue searches vs Wagtail search
	$(PY) manage.py seed_platform --demo-projects 0
	$(PY) manage.py bench_search --count $(COUNT)

db-start: $(STAMP) ## Start the embedded PostgreSQL (prints its URL)
	$(PY) -m community.embedded_db start

db-stop: $(STAMP) ## Stop the embedded PostgreSQL
	$(PY) -m community.embedded_db stop

db-status: $(STAMP) ## Is the embedded PostgreSQL running?
	$(PY) -m community.embedded_db status

prod: $(STAMP) ## Production stack locally (gunicorn + qcluster, production settings); needs SECRET_KEY, ALLOWED_HOSTS
	$(PY) -m community.ops.prodstack

backup: $(STAMP) ## Back up the database (pg_dump) and the media into BACKUP_DIR (./backups)
	$(PY) manage.py backup_create

restore: $(STAMP) ## Restore a backup, replacing database and media: make restore BACKUP=backups/carrefour-...
	$(PY) manage.py backup_restore $(BACKUP)

bench-load: $(STAMP) ## Load-test catalogue, project page, API on 127.0.0.1 (CLIENTS=64 DURATION=60)
	$(PY) -m community.ops.bench_load --clients $(CLIENTS) --duration $(DURATION)

clean: ## Remove the virtualenv and local state (database, media): asks nothing, keeps the code
	-$(PY) -m community.embedded_db stop
	rm -rf $(VENV) .data media static_collected .pytest_cache .ruff_cache
