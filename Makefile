# The two commands a newcomer needs: `make run` and `make test`.
# Everything lives in .venv, created with the first Python >= 3.11 found on PATH.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

PYTHON_FOR_VENV := $(shell for p in python3.13 python3.12 python3.11 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; \
	then command -v $$p; break; fi; done)

.PHONY: run serve front test lint format migrations-check messages bench bench-micro bench-search bench-health demo clean soak backup restore screenshots

# The browser-side checkers of the test suite (axe-core, vnu.jar) come from npm, pinned in
# package-lock.json; without npm the tests that need them are skipped and say so.
NODE_STAMP := node_modules/.installed

$(STAMP): pyproject.toml
	@test -n "$(PYTHON_FOR_VENV)" || { echo "Python 3.11 or newer is required"; exit 1; }
	@test -x $(PY) || $(PYTHON_FOR_VENV) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Development site on SQLite with demo content; prints the admin password once.
run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py ensure_superuser
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Production-style serving: collected, hashed static files behind gunicorn.
serve: $(STAMP)
	$(PY) manage.py collectstatic --noinput
	$(PY) manage.py migrate --noinput
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

# The shipped front server: nginx (deploy/nginx.conf) in front of gunicorn, in the foreground,
# on PORT (default 8080); same environment as `make serve`. Ctrl-C or SIGTERM stops both.
front: $(STAMP)
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput -v0
	PORT=$(if $(filter-out file,$(origin PORT)),$(PORT),8080) exec $(PY) deploy/front.py

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --ignore-scripts && touch $(NODE_STAMP); \
	else echo "npm not found: the axe-core and vnu.jar checks will be skipped"; fi

test: $(STAMP) $(NODE_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	PYTHONPATH=. $(VENV)/bin/lint-imports
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	PYTHONPATH=. $(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

migrations-check: $(STAMP)
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Regenerate the zh_Hans catalogue from the code and templates, then compile it.
messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --no-obsolete --no-wrap --no-location --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*'
	DEBUG=1 $(PY) manage.py compilemessages -l zh_Hans --ignore '.venv/*'

# The demo content without serving it; creates the superuser `admin` as `make run` does
# (its random password is printed once: `manage.py changepassword admin` sets another).
demo: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py ensure_superuser

# Side by side with the Wagtail anchor (../shared/anchors/wagtail): our site with the page
# cache off, warm, and through `make front`; prints the table with ratios (README, Performance).
bench: $(STAMP)
	$(PY) bench/anchor.py

# The in-process benchmarks: pages (test client), word check, search.
bench-micro: $(STAMP)
	$(PY) bench/run.py

bench-search: $(STAMP)
	$(PY) bench/search.py

# manage.py site_health over ARTICLES (10,000) generated articles (health/README.md).
bench-health: $(STAMP)
	$(PY) bench/site_health.py

# Load and fault test (gunicorn + its own PostgreSQL cluster and Redis, loopback only, about
# 3 x SOAK_SECONDS); not part of `make test`. See bench/soak.py.
soak: $(STAMP)
	$(PY) bench/soak.py

# Backup of the database and of public and private media, with a manifest of checksums
# (deploy/backup.py); `make restore FILE=backups/portal-....tar` puts one back into an
# empty database and empty media folders.
backup: $(STAMP)
	$(PY) deploy/backup.py backup $(if $(DIR),--dir $(DIR),)

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/portal-YYYYmmdd-HHMMSS.tar"; exit 2; }
	$(PY) deploy/backup.py restore "$(FILE)"

# Every page type at 320, 375 and 1440 px in the standard, elder and mourning modes, and
# each in elder mode at 320 px (elder-320-*.png), into var/screenshots/ (ignored
# by git): the accessibility audit takes them while it walks the demo site.
screenshots: $(STAMP) $(NODE_STAMP)
	rm -rf var/screenshots
	SCREENSHOTS_DIR=var/screenshots $(VENV)/bin/pytest tests/browser/test_a11y.py -q -k axe || true
	SCREENSHOTS_DIR=var/screenshots $(VENV)/bin/pytest tests/browser/test_elder_mode.py -q -k "fits and 320" || true
	@ls var/screenshots | wc -l | xargs echo "screenshots in var/screenshots:"

clean:
	rm -rf $(VENV) var .pytest_cache node_modules
