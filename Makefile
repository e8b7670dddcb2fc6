# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install migrate demo run test lint format bench system-packages clean

$(STAMP): pyproject.toml
	@echo "installing into $(VENV) (a minute or two, once)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	@$(BIN)/accredo db upgrade

demo: migrate
	@$(BIN)/accredo demo load

run: demo
	@echo "next, in another terminal: .venv/bin/accredo demo sit --learner YOUR-NAME (README: Quick start)"
	@$(BIN)/accredo serve --host 127.0.0.1 --port 8000

system-packages:
	@sh .ci/system-packages

# Coverage gates per pure core (branch coverage over the whole suite); see pyproject.toml.
# The unit tests alone reach both (itembank 95.48%, credentials 95.81% on 2026-11-26).
ITEMBANK_COVERAGE_GATE = 95
CREDENTIALS_COVERAGE_GATE = 95

# One worker per CPU (pytest-xdist), a test module per worker at a time so module fixtures
# start once; each worker starts its own PostgreSQL.
test: install system-packages lint
	$(BIN)/pytest -q -n auto --dist loadfile --cov --cov-report=
	$(BIN)/coverage report --include='itembank/*' --fail-under=$(ITEMBANK_COVERAGE_GATE)
	$(BIN)/coverage report --include='credentials/*' --fail-under=$(CREDENTIALS_COVERAGE_GATE)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy service itembank credentials migrations tests

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Each benchmark is a module (python -m) so it imports the tests package from a fresh clone;
# wrk and PostgreSQL come from system-packages, and PostgreSQL benches start their own server.
bench: install system-packages
	@for bench in tests/benchmarks/bench_*.py; do module=$$(echo $$bench | sed 's|/|.|g; s|\.py$$||'); echo "== $$module"; $(BIN)/python -m $$module || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
