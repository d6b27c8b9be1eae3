# Porras – see README.md. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORRAS := $(BIN)/porras
HOST   ?= 127.0.0.1:8000

.DEFAULT_GOAL := help
.PHONY: help install demo serve test lint format migrations-check translations translations-check \
        pytest pytest-postgres system-deps benchmarks mutation clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed ## create .venv and install Porras with its development tools

demo: install ## migrate, generate the demo county, print the logins and serve on $(HOST)
	$(PORRAS) migrate --no-input
	$(PORRAS) synth --size small --seed 1 --logins-out var/demo-logins.json
	$(PORRAS) insight schedule
	@echo "Porras serves on http://$(HOST)/ (stop with Ctrl-C); the task runner fills the figures"
	PORRAS_DEBUG=false $(PORRAS) db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	PORRAS_DEBUG=false $(PORRAS) runserver $(HOST)

serve: install ## serve the existing database on $(HOST), as production would (DEBUG off)
	PORRAS_DEBUG=false $(PORRAS) runserver $(HOST)

test: install lint migrations-check translations-check pytest pytest-postgres ## everything CI runs

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## fix what ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install ## fail when a model change has no migration
	env -u DATABASE_URL $(PORRAS) makemigrations --check --dry-run

translations: install system-deps ## extract messages into the fi/sv/en catalogues and compile them
	cd porras && ../$(PORRAS) makemessages -l fi -l sv -l en --no-obsolete --add-location=file
	$(BIN)/python scripts/check_translations.py --fill-english
	cd porras && ../$(PORRAS) compilemessages

translations-check: translations ## fail when any fi/sv/en message is untranslated or fuzzy
	$(BIN)/python scripts/check_translations.py

pytest: install system-deps ## the whole suite on SQLite, browser tests included
	env -u DATABASE_URL $(BIN)/pytest

pytest-postgres: install system-deps ## the suite (without browser tests) on PostgreSQL, when DATABASE_URL is set
	@if [ -n "$$DATABASE_URL" ]; then $(BIN)/pytest -m "not browser"; \
	else echo "DATABASE_URL is not set: PostgreSQL run skipped."; fi

system-deps: ## install the Debian packages the tests need (Chromium, gettext, Pango)
	@scripts/ensure-system-packages

mutation: install ## mutation testing of the access rules and services (slow; not in make test)
	env -u DATABASE_URL $(BIN)/mutmut run --max-children 2 || true
	$(BIN)/python scripts/mutation_report.py

benchmarks: install ## speed and memory figures, written to benchmarks/results/
	@ls benchmarks/*.py >/dev/null 2>&1 && for b in benchmarks/*.py; do $(BIN)/python $$b; done || echo "no benchmarks yet"

clean: ## remove the virtualenv, the database and caches
	rm -rf $(VENV) var mutants .pytest_cache .ruff_cache
