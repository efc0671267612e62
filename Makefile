# Kencana: `make run` for the app on this laptop, `make test` for the suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: run test install lint migrate seed messages bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

.env:
	printf 'DEBUG=true\n' > .env

migrate: install .env
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo --if-empty

## Web server, Celery worker and Celery beat together, on SQLite and a file broker.
run: seed
	@echo ""
	@echo "  Kencana: http://127.0.0.1:8000/"
	@echo "  Demo accounts (password kencana-demo): admin.balangan, staff.balangan,"
	@echo "  camat.paringin, camat.awayan, staff.banjar.   Ctrl-C stops everything."
	@echo ""
	$(VENV)/bin/honcho start -f Procfile.dev

## The whole suite: SQLite without services, or PostgreSQL/Redis via DATABASE_URL/CELERY_BROKER_URL.
test: install .env
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

## Rebuild the Indonesian catalogue after changing user-facing text.
messages: install
	$(PY) manage.py makemessages -l id --no-location --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=var --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv
	$(PY) manage.py check_translations

clean:
	rm -rf var staticfiles .pytest_cache test-artifacts
