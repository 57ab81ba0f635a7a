# The README's two commands: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
WANT := $(shell cat .python-version)
# The first Python >= 3.12 found: the one .python-version names (through
# pyenv, which these machines have), then any python3.13 / python3.12.
PYTHON ?= $(shell for p in "$$(pyenv root 2>/dev/null)/versions/$(WANT)"*/bin/python3 \
	python$(WANT) python3.13 python3.12 python3; do \
	command -v "$$p" >/dev/null 2>&1 \
	&& "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v "$$p"; break; }; done)
LOCK := requirements.lock
# uv (itself pinned in the lock) resolves pyproject.toml into uv.lock, which is
# exported to $(LOCK); it never needs to download a Python.
UV := UV_PYTHON_DOWNLOADS=never $(BIN)/uv
UV_EXPORT := $(UV) export --frozen --no-emit-project --quiet
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help python install messages prepare run dev test lock check-lock bench screenshots clean \
	stack stack-stop stack-test

help:
	@echo "make run    set everything up and serve the site on http://$(HOST):$(PORT)/"
	@echo "make test   lint and the whole test suite (what CI runs)"
	@echo "make dev    the same site with DEBUG on and auto-reload"
	@echo "make bench  every screen's throughput as a ratio to /livez (docs/bench.md)"
	@echo "make stack  nginx, two app servers, PostgreSQL and Redis (Debian packages)"
	@echo "make stack-test  that stack under load, with an app server killed"
	@echo "make lock   re-resolve pyproject.toml into uv.lock and $(LOCK)"

python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Accords needs Python 3.12 or newer ($(WANT) preferred, see .python-version)." >&2; \
		echo "Install it, for example with 'pyenv install $(WANT)', then run make again." >&2; \
		exit 1; \
	fi

# Dependencies come from requirements.lock only: every package, direct or
# transitive, pinned and checked against its hash, wheels only (nothing is
# built). .venv is made anew whenever the lock changes, so it holds exactly
# what the lock lists. The project itself is not installed: manage.py runs it
# from this folder.
$(BIN)/.installed: $(LOCK) | python
	@echo "Installing $(LOCK) into a new $(VENV) with $(PYTHON)"
	@rm -rf $(VENV)
	"$(PYTHON)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --only-binary :all: -r $(LOCK)
	@touch $@

install: $(BIN)/.installed

# The interface's translations: locale/*/LC_MESSAGES/django.po, compiled into
# the .mo files Django reads (never committed). Needs GNU gettext's msgfmt.
messages: install
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install gettext (apt-get install gettext) to compile the translations" >&2; exit 1; }
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py compilemessages --ignore .venv --verbosity 0

# A secret key for this checkout only; .env is never committed.
.env: | install
	@$(BIN)/python -c 'import secrets; print("DJANGO_SECRET_KEY=" + secrets.token_urlsafe(50))' > $@
	@echo "Generated a secret key into .env"

prepare: install messages .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py build_dataset
	$(BIN)/python manage.py ensure_admin

run: prepare
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Accords on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(BIN)/gunicorn accordsite.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

dev: prepare
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Tests use tests.settings (a throwaway secret key), so they need no .env.
test: install check-lock messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

# After changing dependencies in pyproject.toml. `--upgrade` moves every
# unpinned (transitive) package to its newest release too:
# make lock UV_LOCK_ARGS=--upgrade
lock: install
	$(UV) lock --python $(BIN)/python $(UV_LOCK_ARGS)
	$(UV_EXPORT) -o $(LOCK)

# uv.lock must match pyproject.toml, and $(LOCK) must be uv.lock's export.
check-lock: install
	@$(UV) lock --check --python $(BIN)/python --quiet \
		|| { echo "uv.lock is out of date with pyproject.toml: run make lock" >&2; exit 1; }
	@diff -u <(grep -v "^#" $(LOCK)) <($(UV_EXPORT) | grep -v "^#") \
		|| { echo "$(LOCK) is not the export of uv.lock: run make lock" >&2; exit 1; }

# On a database of its own, kept under ~/.cache/accords-bench between runs; see
# docs/bench.md. EVENTS=1000000, ROUNDS, DURATION, PATHS, DB=sqlite|postgres|both.
bench: install messages
	$(BIN)/python scripts/bench.py

# Several app servers behind nginx, sharing PostgreSQL and Redis: see
# scripts/stack.py. State in .stack/ (STACK_DIR); Ctrl-C or make stack-stop.
stack: install messages
	$(BIN)/python scripts/stack.py up

stack-stop:
	$(BIN)/python scripts/stack.py stop

stack-test: install messages
	$(BIN)/python scripts/stack.py test

screenshots: install
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .import_linter_cache
