# PCRS: the commands the README shows. Everything runs inside .venv/, built from uv.lock.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
PORT ?= 8000
STAMP := $(VENV)/.synced

.PHONY: demo dev test lint bench serve format clean help system-libs

help:
	@echo "make demo   set up, migrate SQLite, load demo data, serve on http://127.0.0.1:$(PORT)"
	@echo "            (granian, DEBUG off, static by WhiteNoise, the task worker; Ctrl-C stops all)"
	@echo "make dev    the development server with DEBUG on (auto-reload), no worker"
	@echo "make test   set up and run every test (browser tests need /usr/bin/chromium)"
	@echo "make lint   ruff, mypy, import-linter"
	@echo "make bench  run the benchmarks and write docs/benchmarks.md"

$(PY):
	@PYTHON=$$(scripts/find-python) && echo "Creating $(VENV) with $$PYTHON" && "$$PYTHON" -m venv $(VENV)

$(STAMP): $(PY) uv.lock pyproject.toml
	@$(PY) -m pip install --quiet --disable-pip-version-check "uv==0.13.8"
	@UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --quiet --python $(PY)
	@touch $(STAMP)

venv: $(STAMP)

# WeasyPrint (the reports' PDFs, docs/adr/0140) loads Pango and a font from the system.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
system-libs:
	@if ! { /sbin/ldconfig -p 2>/dev/null || ldconfig -p; } | grep 'libpangoft2-1.0.so.0' >/dev/null \
	    || [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing $(PDF_LIBS) for the reports' PDFs"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq $(PDF_LIBS) >/dev/null; \
	  else \
	    echo "The reports' PDFs need Pango: apt-get install $(PDF_LIBS) (as root); pages work without it."; \
	  fi; \
	fi

demo: $(STAMP) system-libs
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	PORT=$(PORT) scripts/serve

# The production server and the task worker, without (re)loading the demo data.
serve: $(STAMP) system-libs
	PORT=$(PORT) scripts/serve

dev: $(STAMP) system-libs
	$(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP) system-libs
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(STAMP)
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
