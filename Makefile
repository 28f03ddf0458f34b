# Two commands are all the set-up there is: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PORT ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run serve backup restore dev test install install-test messages makemessages migrate demo static browser check format clean

help:
	@echo "make run    serve the demo site on http://127.0.0.1:$(PORT) (SQLite, DEBUG off)"
	@echo "make serve  the production stack: gunicorn, production settings, PostgreSQL (README: Production)"
	@echo "make backup back up the database and media into backups/ (make restore BACKUP=dir puts one back)"
	@echo "make dev    Django's development server with DEBUG on"
	@echo "make test   run the whole test suite (PostgreSQL when DATABASE_URL is set)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the declared dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --editable .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --editable ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Compiled with Babel (already a dependency), so no system gettext is needed.
messages: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -D django -d locale

# Extracting strings needs GNU gettext (apt-get install gettext).
makemessages: $(VENV)/.installed
	$(MANAGE) makemessages --locale it --locale en --ignore ".venv/*" --no-obsolete

migrate: $(VENV)/.installed
	$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) createcachetable

static: $(VENV)/.installed
	$(MANAGE) collectstatic --noinput --verbosity 0

demo: migrate
	$(MANAGE) load_demo_content --create-admin

# The production server (gunicorn) on the SQLite demo, DEBUG off: what a newcomer sees is what readers get.
run: messages migrate static
	$(MANAGE) load_demo_content --create-admin
	@echo "Serving http://127.0.0.1:$(PORT)/ (Italian: /it/, English: /en/, admin: /admin/); Ctrl-C stops"
	DJANGO_SETTINGS_MODULE=cio_site.settings.dev DJANGO_DEBUG=false PORT=$(PORT) HOST=127.0.0.1 \
		WEB_CONCURRENCY=$${WEB_CONCURRENCY:-2} $(BIN)/gunicorn --config gunicorn.conf.py

# Production: refuses to start without SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (bin/serve).
serve: messages
	PORT=$(PORT) bin/serve

backup: $(VENV)/.installed
	$(MANAGE) backup

restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "make restore BACKUP=backups/<folder>"; exit 2; }
	$(MANAGE) restore "$(BACKUP)"

dev: messages migrate
	$(MANAGE) load_demo_content --create-admin
	DJANGO_DEBUG=true $(MANAGE) runserver 127.0.0.1:$(PORT)

# Browser tests drive Debian's Chromium, in its headless shell (the lighter build Playwright itself
# uses for headless runs; /usr/bin/chromium when only that is installed). Installed when we can
# (root), never Playwright's download.
browser:
	@if [ ! -x /usr/bin/chromium-headless-shell ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				chromium chromium-headless-shell) >/dev/null; \
		elif [ ! -x /usr/bin/chromium ]; then \
			echo "Chromium is missing: browser tests will be skipped (sudo apt-get install chromium-headless-shell)"; \
		fi; \
	fi

# One pytest worker per core, each with its own test database.
test: install-test messages browser
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

TEMPLATES_FILES = $(shell git ls-files '*/templates/*.html')

# Lint, formatting and Django's own checks: what CI runs before the tests.
check: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $(TEMPLATES_FILES)
	DJANGO_SETTINGS_MODULE=cio_site.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=cio_site.settings.test $(MANAGE) makemigrations --check --dry-run

# Apply the formatting that `make check` expects.
format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $(TEMPLATES_FILES)

clean:
	rm -rf $(VENV) staticfiles
