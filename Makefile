# Raqib — two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
SYSTEM_PACKAGES := gettext chromium fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 poppler-utils

.PHONY: demo test lint typecheck migrations-check messages translations-check compilemessages \
        test-sqlite test-postgres system-deps venv clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

# Debian packages the product and its tests need (msgfmt, Chromium for browser tests, Pango
# for WeasyPrint). Installed only when missing; needs root, as on the department's servers.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	    || { echo "Could not install:$$missing (run as root, or install them by hand)"; exit 1; }; \
	fi

compilemessages: venv
	cd raqib && ../$(MANAGE) compilemessages --ignore='.venv' -v0

demo: venv system-deps compilemessages
	mkdir -p var
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) seed_demo
	@echo "Raqib is starting on http://127.0.0.1:8000/ (Ctrl+C to stop)."
	$(MANAGE) runserver 127.0.0.1:8000

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

migrations-check: venv
	DJANGO_SETTINGS_MODULE=raqib.settings.test $(MANAGE) makemigrations --check --dry-run -v1

# Refresh catalogues from the source (developers run this, then translate what is new).
messages: venv
	$(BIN)/python scripts/translations.py update

translations-check: venv
	$(BIN)/python scripts/translations.py check

test-sqlite: venv system-deps compilemessages
	env -u DATABASE_URL $(BIN)/pytest -n 2

test-postgres: venv system-deps compilemessages
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "Running the suite again on $$DATABASE_URL"; $(BIN)/pytest -n 2; \
	else echo "DATABASE_URL is not set: PostgreSQL run skipped."; fi

test: lint typecheck migrations-check translations-check test-sqlite test-postgres

clean:
	rm -rf $(VENV) var
