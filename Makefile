# Two commands on a fresh machine: `make demo` (set-up + main job) and `make test`.
PYTHON ?= python3
PORT ?= 8000
AXE := tests/node_modules/axe-core/axe.min.js
VENV ?= .venv
BIN := $(VENV)/bin
START ?= 2027-01-04

.PHONY: demo plan-example test system-check system-packages lint typecheck unit e2e screenshots \
	test-postgres test-deploy examples bench bench-cli bench-web bench-pages bench-import \
	bench-org bench-lint clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The main job: the web app on SQLite with the demo organisation (prints the address and logins).
# `make demo PORT=8080` serves on another port.
demo: $(BIN)/.installed
	$(BIN)/rung demo --serve --port $(PORT)

# A plan for each example persona, printed for the first and written beside them.
plan-example: $(BIN)/.installed examples
	$(BIN)/rung plan examples/apm-b2b-saas.yaml --start $(START)

examples: $(BIN)/.installed
	@for f in examples/*.yaml; do \
	  $(BIN)/rung plan $$f --start $(START) -o examples/plans/$$(basename $$f .yaml).md || exit $$?; \
	  $(BIN)/rung plan $$f --start $(START) --format json -o examples/plans/$$(basename $$f .yaml).json || exit $$?; \
	done

test: system-check lint typecheck unit

# The Debian packages the tests need (chromium, poppler-utils, Pango, HarfBuzz's subsetter,
# fonts): `system-check` stops naming what is missing, `system-packages` installs it.
system-check:
	@$(PYTHON) tests/system_packages.py check

system-packages:
	$(PYTHON) tests/system_packages.py install

# Style, then the import boundaries (core independent; io and render never import web or cli).
lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports --no-logo

typecheck: $(BIN)/.installed
	$(BIN)/mypy

# Every test, one worker per core, with the line coverage of src/rung (the floor is in
# pyproject.toml).
unit: $(BIN)/.installed $(AXE)
	$(BIN)/pytest -n auto --cov --cov-report=term

# axe-core, which the browser tests run on every page (npm, pinned in tests/package-lock.json).
$(AXE): tests/package.json tests/package-lock.json
	npm ci --prefix tests --no-audit --no-fund
	touch $@

# Browser tests only (Playwright driving /usr/bin/chromium).
e2e: $(BIN)/.installed $(AXE)
	$(BIN)/pytest -m e2e

# The browser tests, with their screenshots copied into docs/screenshots (otherwise they stay
# in a temporary folder).
screenshots: $(BIN)/.installed $(AXE)
	RUNG_SCREENSHOTS=docs/screenshots $(BIN)/pytest -m e2e

# The web and browser tests on PostgreSQL (pytest-django creates the test_rung database).
DATABASE_URL_PG ?= postgresql://postgres@127.0.0.1:5432/rung
test-postgres: $(BIN)/.installed $(AXE)
	DATABASE_URL=$(DATABASE_URL_PG) $(BIN)/pytest tests/web tests/e2e

# docs/deploy.md followed block by block (as root: a throwaway user, nginx, PostgreSQL roles
# and databases named DEPLOY_DB*, all removed afterwards); see tests/deploy/run_guide.py.
DEPLOY_DB ?= rung_deploy
test-deploy: $(BIN)/.installed
	$(BIN)/python tests/deploy/run_guide.py --db $(DEPLOY_DB)

bench: $(BIN)/.installed
	$(BIN)/python bench/bench_plans.py

# Whole-process start-up of `rung --help`, one plan and a 16-PM batch, against `python -c pass`.
bench-cli: $(BIN)/.installed
	$(BIN)/python bench/bench_cli.py

# The linter on the corpus of plans from elsewhere: precision, recall and ms per plan.
bench-lint: $(BIN)/.installed
	$(BIN)/python bench/bench_lint.py

bench-web: $(BIN)/.installed
	$(BIN)/python bench/bench_web.py

# Server time of every kind of page, in process (the template engine's share).
bench-pages: $(BIN)/.installed
	$(BIN)/python bench/bench_pages.py

bench-import: $(BIN)/.installed
	$(BIN)/python bench/bench_import.py

# Seeds its own database (rung_bench_org) on the PostgreSQL at 127.0.0.1:5432.
bench-org: $(BIN)/.installed
	$(BIN)/python bench/bench_org_views.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .rung .import_linter_cache .coverage \
	  tests/node_modules
