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
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help python install prepare run dev test bench screenshots clean

help:
	@echo "make run    set everything up and serve the site on http://$(HOST):$(PORT)/"
	@echo "make test   lint and the whole test suite (what CI runs)"
	@echo "make dev    the same site with DEBUG on and auto-reload"
	@echo "make bench  page and API throughput against a trivial view"

python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Accords needs Python 3.12 or newer ($(WANT) preferred, see .python-version)." >&2; \
		echo "Install it, for example with 'pyenv install $(WANT)', then run make again." >&2; \
		exit 1; \
	fi

# Rebuilt when pyproject.toml changes, or when .venv holds an older Python.
$(BIN)/.installed: pyproject.toml | python
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		echo "Replacing $(VENV): it was made with a Python older than 3.12."; rm -rf $(VENV); fi
	@[ -x $(BIN)/python ] || "$(PYTHON)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(BIN)/.installed

# A secret key for this checkout only; .env is never committed.
.env: | install
	@$(BIN)/python -c 'import secrets; print("DJANGO_SECRET_KEY=" + secrets.token_urlsafe(50))' > $@
	@echo "Generated a secret key into .env"

prepare: install .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py ensure_admin

run: prepare
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Accords on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(BIN)/gunicorn accordsite.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

dev: prepare
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install .env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

bench: prepare
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python scripts/bench.py

screenshots: prepare
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
