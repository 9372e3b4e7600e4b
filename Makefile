# Partsdesk: everything a person does is a make target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test test-sqlite test-postgres install lint format messages bench run clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

## The store on SQLite with the demo catalog, at http://$(HOST):$(PORT)/
demo: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo --if-empty
	DEBUG=1 $(BIN)/python manage.py load_demo_accounts
	DEBUG=1 $(BIN)/python manage.py load_demo_prices
	DEBUG=1 $(BIN)/python manage.py load_demo_shop
	DEBUG=1 $(BIN)/python manage.py load_demo_orders
	DEBUG=1 $(BIN)/python manage.py load_demo_money
	@echo ""
	@echo "  Partsdesk is starting at http://$(HOST):$(PORT)/"
	@echo "  Try a search: http://$(HOST):$(PORT)/search/?q=oc+90"
	@echo "  The API docs: http://$(HOST):$(PORT)/api/v1/docs"
	@echo "  Sign in as a customer: ivan@example.com / demo-customer-ivan (more in README.md)"
	@echo "  Mail the shop sends is written to var/mail/"
	@echo ""
	DEBUG=1 SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(BIN)/python manage.py runserver $(HOST):$(PORT)

## The whole suite on SQLite, then on PostgreSQL when TEST_DATABASE_URL is set.
test: install
	@if [ "$${CI:-}" = "true" ] && [ -z "$${TEST_DATABASE_URL:-}" ]; then \
		echo "CI=true requires TEST_DATABASE_URL (the PostgreSQL run)"; exit 1; fi
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$${TEST_DATABASE_URL:-}" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "TEST_DATABASE_URL is not set: the PostgreSQL run is skipped"; fi

test-sqlite: install
	@echo "== tests on SQLite"
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	@echo "== tests on PostgreSQL ($${TEST_DATABASE_URL})"
	DATABASE_URL="$${TEST_DATABASE_URL}" $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Extract the texts to translate and compile the catalogs (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages --locale ru --locale en --ignore '.venv/*' --ignore 'bench/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

## The search benchmark at 2 million offers on SQLite (see bench/README.md for more).
bench: install
	$(BIN)/python -m bench.search --db sqlite --offers 2000000 --json

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
