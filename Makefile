# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install install-test migrate seed bench clean

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

test: install-test
	$(BIN)/python -m pytest
	node --test jstests/

bench: install-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache .hypothesis
