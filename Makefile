# Plakats: `make run` serves the app with demo data; `make test` runs every check and test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000

.PHONY: loadtest crashtest audit run test check lint format install install-dev migrate demo messages compilemessages clean browser screenshots vendor bench

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed compilemessages vendor
install-dev: $(VENV)/.installed-dev compilemessages vendor

# Front-end libraries (Leaflet, its marker clustering; axe-core for accessibility
# tests) come from the npm registry at install time, pinned by package-lock.json,
# never from a CDN. Only the files the pages load are copied into static/vendor/
# (gitignored), with their licences.
VENDOR := static/vendor
vendor: $(VENDOR)/leaflet/leaflet.js node_modules/axe-core/axe.min.js

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/leaflet/leaflet.js: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster
	mkdir -p $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
		node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images \
		node_modules/leaflet/LICENSE $(VENDOR)/leaflet/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js \
		node_modules/leaflet.markercluster/dist/leaflet.markercluster.js.map \
		node_modules/leaflet.markercluster/dist/MarkerCluster.css \
		node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css \
		node_modules/leaflet.markercluster/MIT-LICENCE.txt $(VENDOR)/leaflet.markercluster/
	touch $@

compilemessages: $(BIN)/activate
	$(MANAGE) compilemessages --ignore .venv --ignore build --verbosity 0

migrate: install
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

demo: migrate
	$(MANAGE) load_demo --if-empty

run: demo
	@$(MANAGE) demo_logins
	DEBUG=true $(MANAGE) runserver $(HOST)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: lint
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
browser:
	@command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium and poppler-utils for the browser and PDF tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils; }

test: check browser
	$(BIN)/pytest

# The REST API's tests alone, schemathesis fuzzing of every operation included.
# `make test` runs them as well (it runs every test), and .ci/run runs `make test`.
test-api: install-dev
	$(BIN)/pytest plakats/api

# Refresh the screenshots in docs/ from the browser tests.
screenshots: install-dev browser
	PLAKATS_DOCS_SCREENSHOTS=1 $(BIN)/pytest plakats -k "browser or renders_the_first_pages"
	PLAKATS_DOCS_SCREENSHOTS=1 $(BIN)/pytest e2e

# The national-scale benchmark (bench/run.py): SCALE=10k|100k|1m|all; PostgreSQL with
# DATABASE_URL=postgres://…; BENCH_ARGS for more (--rebuild, --keep, --repeat N, --no-doc).
SCALE ?= 10k
bench: install-dev
	$(PY) -m bench --scale $(SCALE) $(BENCH_ARGS)

# Reliability (docs/reliability.md): 50 users against gunicorn, then the checker;
# kill -9 in the middle of a large import and dispatch. PostgreSQL with DATABASE_URL.
LOAD_ARGS ?= --users 50 --seconds 60
loadtest: install-dev
	$(PY) reliability/loadtest.py $(LOAD_ARGS)

crashtest: install-dev
	$(PY) reliability/crash.py $(CRASH_ARGS)

# Supply chain and static security checks (bandit, pip-audit); CI runs it.
audit: install-dev
	scripts/audit.sh

messages: install-dev
	$(MANAGE) makemessages --locale lv --ignore .venv --ignore build --no-obsolete
	$(MANAGE) makemessages --locale lv --domain djangojs --ignore .venv --ignore build --ignore staticfiles --no-obsolete
	# Russian covers only the venue-facing pages (test_russian_pages.py says which).
	$(MANAGE) makemessages --locale ru --ignore .venv --ignore build --no-obsolete

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache node_modules $(VENDOR)/leaflet $(VENDOR)/leaflet.markercluster
