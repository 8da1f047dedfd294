# Two commands on a fresh machine: `make demo` (set-up + main job) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
START ?= 2026-11-30

.PHONY: demo test lint typecheck unit examples bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The main job: a plan for each example persona, printed for the first and written beside them.
demo: $(BIN)/.installed examples
	$(BIN)/rung plan examples/apm-b2b-saas.yaml --start $(START)

examples: $(BIN)/.installed
	@for f in examples/*.yaml; do \
	  $(BIN)/rung plan $$f --start $(START) -o examples/plans/$$(basename $$f .yaml).md || exit $$?; \
	  $(BIN)/rung plan $$f --start $(START) --format json -o examples/plans/$$(basename $$f .yaml).json || exit $$?; \
	done

test: lint typecheck unit

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench

typecheck: $(BIN)/.installed
	$(BIN)/mypy

unit: $(BIN)/.installed
	$(BIN)/pytest

bench: $(BIN)/.installed
	$(BIN)/python bench/bench_plans.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
