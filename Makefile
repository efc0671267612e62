# Kencana: `make run` for the app on this laptop, `make test` for the suite.
## The distribution's Python 3.11 where there is one: Debian builds it with profile-guided and
## link-time optimisation, which the suite measured 16 % less CPU than a plain source build.
PYTHON ?= $(firstword $(wildcard /usr/bin/python3.11) python3.11)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PORT := $(or $(KENCANA_PORT),8000)

.PHONY: run test faults install install-run lint migrate seed messages bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

## What running needs (requirements.txt); `make run` installs nothing more.
$(RUN_STAMP): requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $(RUN_STAMP)

## The test tools on top: Python's (requirements-dev.txt) and the browser tests' axe-core (npm).
$(STAMP): requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $(NODE_STAMP)

install-run: $(RUN_STAMP)

install: $(STAMP) $(NODE_STAMP)

.env:
	printf 'DEBUG=true\n' > .env

migrate: install-run .env
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo --if-empty

## Web server, Celery worker and Celery beat together, on SQLite and a file broker
## (KENCANA_PORT=8001 make run for another port).
run: seed
	@echo ""
	@echo "  Kencana: http://127.0.0.1:$(PORT)/"
	@echo "  Demo accounts (password kencana-demo): admin.balangan, staff.balangan,"
	@echo "  camat.paringin, camat.awayan, fasilitator.balang, spab.balang, admin.banjar, staff.banjar,"
	@echo "  prov.kalsel (BPBD Provinsi Kalimantan Selatan), bnpb.pusat (BNPB).   Ctrl-C stops everything."
	@echo ""
	KENCANA_PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile.dev

## The whole suite: SQLite without services, or PostgreSQL/Redis via DATABASE_URL/CELERY_BROKER_URL.
## Tests run in TEST_WORKERS processes, each on a test database kept between runs under var/
## (rebuilt when a migration changes; `pytest --create-db` forces it); those that start real
## broker and worker processes run afterwards, alone, since the queue is shared (only the modules
## that mark some, not the whole suite, are collected again for them). The compiled test
## modules (pytest rewrites their asserts) are kept between runs even where the environment sets
## PYTHONDONTWRITEBYTECODE: compiling them again took each process four seconds.
TEST_WORKERS ?= 3
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(VENV)/bin/pytest
SERIAL_MODULES = $(shell grep -rl --include='test_*.py' 'pytest.mark.serial' tests)
test: install .env
	$(PYTEST) -n $(TEST_WORKERS) --dist worksteal -m "not serial"
	$(PYTEST) -m serial $(SERIAL_MODULES)

## Seed each fault of tests/faults/faults.py on its own and check that its tests catch it.
faults: install .env
	$(PY) -m tests.faults.run

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

## Rebuild the Indonesian catalogue after changing user-facing text.
messages: install
	$(PY) manage.py makemessages -l id --no-location --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=var --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv
	$(PY) manage.py check_translations

## Benchmarks against gunicorn, PostgreSQL and Redis on 127.0.0.1 (docs/performance.md): a fresh
## synthetic country in the database kencana_bench, Redis dbs 3 and 2. `make bench SIZE=small` for CI.
SIZE ?= national
BENCH_SEED_national := --districts 514 --kecamatan-per-district 14 --periods 8
BENCH_SEED_small := --districts 6 --kecamatan-per-district 5 --periods 2 --movements 20000 --alerts 2000 --events 60 --impact-reports 600 --shelters 300 --shelter-counts 3000
BENCH_DIR := $(or $(KENCANA_VAR_DIR),var)/bench
BENCH_MANIFEST = $(BENCH_DIR)/synthetic-$(SIZE).json
bench: export DATABASE_URL := postgres://postgres@127.0.0.1:5432/kencana_bench
bench: export CELERY_BROKER_URL := redis://127.0.0.1:6379/3
bench: export CACHE_URL := redis://127.0.0.1:6379/2
bench: export DEBUG := false
bench: export SECRET_KEY = $(shell $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')
bench: export ALLOWED_HOSTS := 127.0.0.1
bench: export SECURE_SSL_REDIRECT := false
bench: export SESSION_COOKIE_SECURE := false
bench: export CSRF_COOKIE_SECURE := false
bench: export BENCH_FLOOR := true
bench: export LOG_LEVEL := WARNING
bench: export STATIC_ROOT := $(BENCH_DIR)/static
bench: install
	$(if $(BENCH_SEED_$(SIZE)),,$(error SIZE must be national or small, not $(SIZE)))
	psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS kencana_bench WITH (FORCE)" -c "CREATE DATABASE kencana_bench"
	redis-cli -h 127.0.0.1 -n 3 flushdb >/dev/null && redis-cli -h 127.0.0.1 -n 2 flushdb >/dev/null
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py seed_synthetic $(BENCH_SEED_$(SIZE)) --seed 1 --manifest $(BENCH_MANIFEST)
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py bench --size $(SIZE) --manifest $(BENCH_MANIFEST) --output $(BENCH_DIR)

clean:
	rm -rf var staticfiles .pytest_cache test-artifacts node_modules
