# Samverkan: `make run` runs the portal, `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CONSTRAINTS := requirements/constraints.txt
export XDG_RUNTIME_DIR ?= /tmp/samverkan-runtime-$(shell id -u)

.PHONY: help install install-dev messages run test lint format bench lock clean stop-embedded

help:
	@echo "make run    - install, migrate, load demo data, start web + Celery worker + beat"
	@echo "make test   - install dev dependencies and run the whole test suite"
	@echo "make lint   - ruff check and format check"
	@echo "make bench  - run the benchmarks under bench/"

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c $(CONSTRAINTS) -e '.[embedded]'
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -c $(CONSTRAINTS) -e '.[embedded,dev]'
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Compile translations with Babel (pure Python: no GNU gettext needed on a fresh machine).
messages: $(VENV)/.installed-dev
	$(VENV)/bin/pybabel compile --statistics -d locale -D django

run: install-dev messages
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) manage.py runportal

test: install-dev messages
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: install-dev
	$(PY) -m bench

# Regenerate the lock (constraints) file after changing pyproject.toml; needs uv.
lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --extra embedded --universal \
	  --python-version 3.11 -c requirements/lts.in -o $(CONSTRAINTS)

stop-embedded:
	-test -f var/redis/redis.pid && kill $$(cat var/redis/redis.pid)

clean: stop-embedded
	rm -rf $(VENV) var
