# Everyday commands. `make run` and `make test` work on a fresh machine (see README.md).
PYTHON ?= python3.13
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test test-fast browser lint format bench bench-load install assets clean check-deploy compose-config \
	backup restore

install: $(INSTALLED) assets

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $@

assets: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

## Sets up and runs the portal with demo data on http://127.0.0.1:8000 (Ctrl-C stops all).
run: install
	bin/dev-run

## Sets up and runs the whole suite against PostgreSQL and Redis (local servers by default).
test: install lint
	$(BIN)/python -m pytest -p no:cacheprovider

## The suite without the browser tests.
test-fast: install
	$(BIN)/python -m pytest -m "not browser"

browser: install
	$(BIN)/python -m pytest -m browser

## ruff, the layers between apps (import-linter contracts in pyproject.toml) and the kernel's types.
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m bench

## gunicorn as in docker-compose.yml under 50 logged-in people for 60 s on the million values
## (CPU-heavy: never part of `make test`). Smaller first: make bench-load LOAD="--shape tiny --users 5 --duration 10"
bench-load: install
	$(BIN)/python -m bench.load $(LOAD)

check-deploy: $(INSTALLED)
	DEBUG=false SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=portail-sg.paris.fr \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

## Dumps the portal's data (DATABASE_URL, else the local SQLite) into a timestamped file of BACKUP_DIR.
backup: $(INSTALLED)
	$(BIN)/python manage.py backup

## Restores FILE into an empty database (FORCE=1 replaces a non-empty one's content).
restore: $(INSTALLED)
	@test -n "$(FILE)" || { echo "Indiquez le fichier : make restore FILE=var/backups/portail-….dump"; exit 2; }
	$(BIN)/python manage.py restore $(if $(filter 1,$(FORCE)),--force) "$(FILE)"

compose-config:
	docker-compose config --quiet

clean:
	rm -rf $(VENV) node_modules staticfiles var
