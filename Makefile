# Samverkan: `make run` runs the portal, `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CONSTRAINTS := requirements/constraints.txt
export XDG_RUNTIME_DIR ?= /tmp/samverkan-runtime-$(shell id -u)

.PHONY: help install install-dev messages run test test-latest lint format bench lock clean stop-embedded
# The newest Python/Django pair the portal is kept working on (besides the 5.2 LTS lock).
PYTHON_LATEST ?= $(shell p=$$(pyenv prefix 3.13 2>/dev/null) && echo $$p/bin/python3 || command -v python3.13)
VENV_LATEST := .venv-latest

help:
	@echo "make run    - install, migrate, load demo data, start web + Celery worker + beat"
	@echo "make test   - install dev dependencies and run the whole test suite"
	@echo "make lint   - ruff check, format check and the import layers (import-linter)"
	@echo "make test-latest - the suite on Python 3.13 and the newest Django"
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
# Compiled only when a catalogue changed: two suites may run at once (.ci/run), and a process
# of one must never read a catalogue the other is rewriting.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))
messages: $(MO_FILES)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed-dev
	$(VENV)/bin/pybabel compile --statistics -l $* -i $< -o $@

run: install-dev messages
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) manage.py runportal

test: install-dev messages
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) -m pytest $(PYTEST_ARGS)

# The suite on the newest Python and the newest Django release, without the lock file.
test-latest:
	test -x $(VENV_LATEST)/bin/python || $(PYTHON_LATEST) -m venv $(VENV_LATEST)
	$(VENV_LATEST)/bin/pip install --quiet --upgrade pip
	$(VENV_LATEST)/bin/pip install --quiet --upgrade -e '.[embedded,dev]'
	$(VENV_LATEST)/bin/pip install --quiet --upgrade 'Django<6.2' 2>&1 | grep -v "dependency conflicts\|requires Django" || true
	@for po in locale/*/LC_MESSAGES/django.po; do \
	  [ "$${po%.po}.mo" -nt "$$po" ] || $(VENV_LATEST)/bin/pybabel compile -i "$$po" -o "$${po%.po}.mo"; \
	done
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(VENV_LATEST)/bin/python -c "import django, sys; print('Django', django.get_version(), 'on Python', sys.version.split()[0])"
	$(VENV_LATEST)/bin/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

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

# Stops the embedded Redis (without writing a dump); PostgreSQL stops with its last user.
stop-embedded:
	-test -f var/redis/redis.pid && $(PY) -c 'from pathlib import Path; \
	  from devtools.embedded import stop_redis; stop_redis(Path("var/redis"))'

clean: stop-embedded
	rm -rf $(VENV) $(VENV_LATEST) var
