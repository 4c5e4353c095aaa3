# Quick start: `make run` (the demo cluster on SQLite) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The demo operator account's password; the demo is for a laptop, never a server.
DEMO_ADMIN_PASSWORD ?= Jdz-demo-2026

.PHONY: setup run test lint

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

run: setup
	mkdir -p var
	$(PY) manage.py migrate --no-input -v0
	DEMO_ADMIN_PASSWORD=$(DEMO_ADMIN_PASSWORD) $(PY) manage.py load_demo
	$(PY) manage.py collectstatic --no-input -v0
	LOCAL_DOMAIN_PORT=$(PORT) $(PY) manage.py list_sites
	$(PY) manage.py runserver 0.0.0.0:$(PORT)

test: setup
	scripts/test.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
