# The README's commands. `make run` sets up and serves the embedded opsplan; `make test` runs every test.
# Embedded means a PostgreSQL of opsplan's own, its data in var/postgres/ (opsplan/embedded_db.py, docs/database.md):
# `make run` starts it and leaves it running, `make stop` stops it, `make clean` stops it and deletes var/.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The test suite runs against real PostgreSQL and Redis (override to point elsewhere), split over TEST_WORKERS
# processes (pytest-xdist). Each has its own test database (test_opsplan_gw0, _gw1 …) and its own Redis database:
# TEST_REDIS_URL's for the first, the next ones for the others (tests/conftest.py).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/opsplan
TEST_REDIS_URL ?= redis://127.0.0.1:6379/12
TEST_WORKERS ?= 3

.PHONY: run setup db stop venv clients demo test lint audit messages vendor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# The pinned TypeScript toolchain the generated-client test builds with (clients/typescript, from its lock file).
TS_CLIENTS := clients/typescript
$(TS_CLIENTS)/node_modules/.package-lock.json: $(TS_CLIENTS)/package.json $(TS_CLIENTS)/package-lock.json
	cd $(TS_CLIENTS) && npm ci --prefer-offline --no-audit --no-fund --loglevel=error

clients: $(TS_CLIENTS)/node_modules/.package-lock.json

# Starts the embedded PostgreSQL unless DATABASE_URL (in the environment or .env) names another database.
db: venv
	$(BIN)/python -m opsplan.embedded_db start

setup: db
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo

run: setup
	@echo "opsplan serves on http://127.0.0.1:8000/ (Ctrl-C stops it; its database runs on until make stop)"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Stops the embedded PostgreSQL (nothing to do when there is no virtualenv: then nothing started it).
stop:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m opsplan.embedded_db stop; fi

# Two runs: every test but those that must run alone, in parallel; then those (marked faults or load), one at a
# time. Either failing fails the target; pytest's exit 5 (no tests collected) counts as a failure when neither run
# collected a test. PYTEST_ARGS goes to both (PYTEST_ARGS="-n0 -k permission" runs the first one serially).
test: venv clients
	export DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL); \
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --alone=skip $(PYTEST_ARGS); parallel=$$?; \
	$(BIN)/python -m pytest --alone=only $(PYTEST_ARGS) -n0; alone=$$?; \
	if [ $$parallel -eq 5 ] && [ $$alone -eq 5 ]; then echo "no tests were collected" >&2; exit 1; fi; \
	for rc in $$parallel $$alone; do [ $$rc -eq 0 ] || [ $$rc -eq 5 ] || exit $$rc; done

lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

# Known vulnerabilities (pip-audit) where its databases answer; otherwise every pin that is not the newest
# release of its series, since patch releases carry the security fixes (docs/security.md).
audit: venv
	$(BIN)/python scripts/audit.py

messages: venv
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py makemessages -d djangojs -l zh_Hans --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=static/vendor
	$(BIN)/python manage.py compilemessages --ignore=.venv

vendor:
	bash scripts/vendor_static.sh

clean: stop
	rm -rf $(VENV) var staticfiles $(TS_CLIENTS)/node_modules

# Benchmarks (docs/benchmarks.md): a throwaway database on DATABASE_URL's server, gunicorn on loopback.
.PHONY: bench
bench: venv
	$(BIN)/python bench/run.py
