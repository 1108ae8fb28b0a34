# The two Quick start commands are `make run` and `make test` (see README).
# Both create .venv with the pinned dependencies on first use; reruns skip what is done.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint check-python migrate notes screenshots lock bench clean

run: $(VENV)/.runtime-installed migrate notes
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check --quiet studysite tests benchmarks || { echo "Run: $(BIN)/ruff format studysite tests benchmarks"; exit 1; }
	$(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(VENV)/.runtime-installed migrate notes

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; run: make PYTHON=python3.11 ...")'

$(VENV)/bin/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.lock $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.dev-installed: requirements.lock requirements-dev.lock $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $(VENV)/.runtime-installed $@

migrate: $(VENV)/.runtime-installed
	@mkdir -p var
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --verbosity 0

# Loads the notes: renders every chapter into the chapter cache, reports broken notes
# and question files (file and line) through the system check framework, and syncs the
# question bank into the database (changed questions get a new version; none is deleted).
notes: $(VENV)/.runtime-installed migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py check --tag notes --tag questions
	DJANGO_DEBUG=1 $(BIN)/python manage.py sync_questions

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check studysite tests benchmarks

# Regenerate the lock files from pyproject.toml's ranges (needs the package index).
lock: check-python
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet .
	var/lockenv/bin/pip uninstall --quiet --yes studysite
	{ echo "# Runtime dependencies, pinned: what \`make run\` installs. Regenerate with \`make lock\`."; var/lockenv/bin/pip freeze; } > requirements.lock
	var/lockenv/bin/pip install --quiet ".[dev]"
	var/lockenv/bin/pip uninstall --quiet --yes studysite
	{ echo "# Test and development dependencies, pinned, on top of the runtime ones. Regenerate with \`make lock\`."; echo "-r requirements.lock"; var/lockenv/bin/pip freeze | grep -v -x -F -f requirements.lock; } > requirements-dev.lock
	rm -rf var/lockenv

screenshots: $(VENV)/.dev-installed
	$(BIN)/python tests/browser/screenshots.py

bench: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/history.py
	$(BIN)/python benchmarks/lighthouse.py   # needs npm (installs Lighthouse into var/)

clean:
	rm -rf $(VENV) var

# A read-only static copy of the notes (README, "Static export"):
#   make export [OUT=var/export] [BASE_URL=/path/] [PORTAL_URL=https://...]
OUT ?= var/export
.PHONY: export
# Pyodide (the live widgets) comes from npm, pinned by studysite/export/pyodide/package-lock.json.
PYODIDE := studysite/export/pyodide
$(PYODIDE)/node_modules/.package-lock.json: $(PYODIDE)/package-lock.json
	npm ci --prefix $(PYODIDE) --ignore-scripts --no-audit --no-fund

export: $(VENV)/.runtime-installed $(PYODIDE)/node_modules/.package-lock.json
	$(BIN)/python manage.py export_site $(OUT) $(if $(BASE_URL),--base-url $(BASE_URL)) $(if $(PORTAL_URL),--portal-url $(PORTAL_URL))
