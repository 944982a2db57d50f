# Raqib — two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: demo test lint jslint typecheck migrations-check messages translations-check compilemessages \
        test-sqlite test-postgres system-deps node-deps venv clean bench-data bench chaos load bench-http

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

# axe-core, injected by the browser tests for the accessibility checks, and ESLint + Prettier
# for the observer app's JavaScript (all pinned in package-lock.json).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node-deps: system-deps node_modules/.installed

# Debian packages the product and its tests need: msgfmt, Chromium for browser tests, Pango
# for WeasyPrint, poppler for checking PDFs, npm for axe-core. Each is installed only when its
# command (or library) is missing; needs root, as on the department's servers.
SYSTEM_NEEDS := msgfmt:gettext /usr/bin/chromium:chromium pdffonts:poppler-utils \
                npm:npm lib:libpango-1.0-0 lib:libpangoft2-1.0-0
system-deps:
	@missing=""; for need in $(SYSTEM_NEEDS); do cmd=$${need%%:*}; pkg=$${need#*:}; \
	  if [ "$$cmd" = lib ]; then dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	  else command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$pkg"; fi; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	    || { echo "Could not install:$$missing (run as root, or install them by hand)"; exit 1; }; \
	fi

compilemessages: venv
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

demo: venv system-deps compilemessages
	mkdir -p var
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) seed_demo
	@echo "Raqib is starting on http://127.0.0.1:8000/ (Ctrl+C to stop)."
	$(MANAGE) runserver 127.0.0.1:8000

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The observer app's JavaScript: ESLint (eslint.config.js) and Prettier (.prettierrc.json).
JS_FILES := "raqib/observer/static/observer/**/*.js" eslint.config.js
jslint: node-deps
	node_modules/.bin/eslint raqib/observer/static/observer/
	node_modules/.bin/prettier --check $(JS_FILES)

typecheck: venv
	$(BIN)/mypy

migrations-check: venv
	DJANGO_SETTINGS_MODULE=raqib.settings.test $(MANAGE) makemigrations --check --dry-run -v1

# Refresh catalogues from the source (developers run this, then translate what is new).
messages: venv
	$(BIN)/python scripts/translations.py update

translations-check: venv
	$(BIN)/python scripts/translations.py check

test-sqlite: venv system-deps node-deps compilemessages
	env -u DATABASE_URL $(BIN)/pytest -n 2

test-postgres: venv system-deps node-deps compilemessages
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "Running the suite again on $$DATABASE_URL"; $(BIN)/pytest -n 2; \
	else echo "DATABASE_URL is not set: PostgreSQL run skipped."; fi

test: lint jslint typecheck migrations-check translations-check test-sqlite test-postgres

# National-scale benchmark (docs/benchmarks.md): drops and rebuilds the PostgreSQL database
# raqib_bench on 127.0.0.1 (5,000 points, 100,000 reports, 1,000,000 survey answers), then
# times every dashboard filter combination and the semester PDF.
bench-data: venv system-deps compilemessages
	$(BIN)/python bench/generate.py
bench: venv system-deps compilemessages
	$(BIN)/python bench/run.py

# Sync robustness for releases (docs/benchmarks.md, issue 19): the chaos run with 300 reports
# on SQLite and, if DATABASE_URL is set, PostgreSQL; plus correction bytes and 16 writers.
chaos: venv system-deps node-deps compilemessages
	$(BIN)/python bench/sync.py

# Load test (docs/benchmarks.md, issue 18): 200 survey respondents, 50 observers syncing reports
# with photos and 10 staff on dashboards for 5 minutes, against gunicorn with the production
# settings on the raqib_bench database (`make bench-data` first); exits 1 on any failed request.
# Locust comes with the `bench` extra. LOAD_ARGS="--duration 30s --users 26" for a short try.
$(VENV)/.bench-installed: $(VENV)/.installed pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev,bench]"
	touch $@
load: $(VENV)/.bench-installed system-deps compilemessages
	$(BIN)/python bench/load.py $(LOAD_ARGS)

# Over HTTP under gunicorn with the production settings (docs/benchmarks.md, issue 18): survey
# ingestion against bare baselines with wrk (R2), every dashboard case against DuckDB (R1).
bench-http: $(VENV)/.bench-installed system-deps compilemessages
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) || \
	  { echo "Could not install wrk (run as root, or install it by hand)"; exit 1; }
	$(BIN)/python bench/http_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var node_modules
