# Two commands on a fresh machine: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
CLI := $(VENV)/bin/corporate-parenting
# Never let uv fetch a Python build from the internet: use the machine's 3.11.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help run test stop lint format docs clean dashboards

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

# System libraries the packs need: Pango for WeasyPrint's PDFs, and Chromium for the browser
# tests. Installed from Debian when missing and we may (root with apt-get); otherwise we say
# what to install.
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
define need_packages
	@missing=""; for pkg in $(1); do dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "ok installed" || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing$$missing from Debian"; \
	    (apt-get install -y --no-install-recommends $$missing >/dev/null 2>&1 || \
	     (apt-get update -qq && apt-get install -y --no-install-recommends $$missing >/dev/null)); \
	  elif ! command -v dpkg-query >/dev/null; then \
	    echo "Not a Debian system: make sure$$missing (or your system's equivalents) are installed"; \
	  else echo "Please install:$$missing (e.g. sudo apt-get install$$missing)"; exit 1; fi; \
	fi
endef

.PHONY: system-pdf system-browser
system-pdf:
	$(call need_packages,$(PDF_LIBS))

system-browser:
	$(call need_packages,$(PDF_LIBS) chromium)

run: $(VENV)/.synced system-pdf ## generate data, start the embedded PostgreSQL, run panel_refresh, publish
	$(CLI) run

test: $(VENV)/.synced system-browser ## the same set-up, then the test suite (installs Chromium if missing)
	$(VENV)/bin/python -m pytest

dashboards: $(VENV)/.synced ## start Superset locally with the dashboards loaded (after `make run`)
	$(CLI) dashboards start

stop: ## stop the embedded PostgreSQL
	@if [ -x $(CLI) ]; then $(CLI) db stop; fi

lint: $(VENV)/.synced ## ruff and sqlfluff
	$(VENV)/bin/ruff check plugins dags tests expectations
	$(VENV)/bin/ruff format --check plugins dags tests expectations
	source <($(CLI) env) && $(VENV)/bin/sqlfluff lint dbt_project/models

format: $(VENV)/.synced ## apply ruff formatting and fixes
	$(VENV)/bin/ruff check --fix plugins dags tests expectations
	$(VENV)/bin/ruff format plugins dags tests expectations

clean: stop ## remove the environment and all local state (data, database, published pages)
	@if [ -x $(CLI) ]; then $(CLI) dashboards stop; fi
	rm -rf $(VENV) $(TOOLS) .superset-venv var dbt_project/target dbt_project/logs
