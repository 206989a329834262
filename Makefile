# Plakats: `make run` serves the app with demo data; `make test` runs every check and test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000

.PHONY: run test check lint format install install-dev migrate demo messages compilemessages clean browser screenshots

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.lock $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed compilemessages
install-dev: $(VENV)/.installed-dev compilemessages

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

# Refresh the screenshots in docs/ from the browser tests.
screenshots: install-dev browser
	PLAKATS_DOCS_SCREENSHOTS=1 $(BIN)/pytest -k "browser or renders_the_first_pages"

messages: install-dev
	$(MANAGE) makemessages --locale lv --ignore .venv --ignore build --no-obsolete
	$(MANAGE) makemessages --locale lv --domain djangojs --ignore .venv --ignore build --ignore staticfiles --no-obsolete

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
