# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# pytest-xdist workers for `make test`. Most of the suite waits (on servers, browsers, the
# replay's clock), so more workers than the machine's 2 cores pay: BENCHMARKS.md, "The test suite".
TEST_WORKERS      ?= 4
FAST_TEST_WORKERS ?= 2
PYTEST_PARALLEL    = -n $(TEST_WORKERS) --dist loadgroup

.PHONY: run test test-fast lint format install install-test migrate seed bench clean

$(BIN)/activate: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

# axe-core for the accessibility checks in the browser tests (package.json, pinned)
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(BIN)/activate
install-test: $(VENV)/.test-installed node_modules/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_replay
	$(BIN)/python manage.py ensure_anchor

run: seed
	$(BIN)/python manage.py serve --host $(HOST) --port $(PORT)

# Everything: ruff (lint, then format check: pyproject.toml), pytest on $(TEST_WORKERS) workers
# (pure, Django, live sites, browsers), then the JavaScript suite, which runs even when pytest
# failed. Exits non-zero if any failed; pytest's
# own code is said in words (1 tests failed, 2 interrupted, 3 internal error, 4 usage error,
# 5 no test collected: an empty suite is a broken one, never a pass).
test: install-test lint
	@status=0; \
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS) || status=$$?; \
	node --import ./jstests/static_paths.mjs --test jstests/ || { [ $$status -ne 0 ] || status=1; echo "make test: the JavaScript suite failed"; }; \
	$(call say_pytest_status); \
	exit $$status

# The pure and in-process Django tests (no live site, no browser) and the JavaScript suite.
test-fast: install-test lint
	@status=0; \
	$(BIN)/python -m pytest -n $(FAST_TEST_WORKERS) --dist loadgroup -m "pure or django" $(PYTEST_ARGS) || status=$$?; \
	node --import ./jstests/static_paths.mjs --test jstests/ || { [ $$status -ne 0 ] || status=1; echo "make test-fast: the JavaScript suite failed"; }; \
	$(call say_pytest_status); \
	exit $$status

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

say_pytest_status = case $$status in \
	  2) echo "make test: pytest was interrupted (exit 2)";; \
	  3) echo "make test: pytest hit an internal error (exit 3)";; \
	  4) echo "make test: pytest was called wrongly (exit 4)";; \
	  5) echo "make test: pytest collected no test (exit 5): the suite is broken";; \
	esac

bench: install-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache .hypothesis
