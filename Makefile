# Front door of « Suivi TID ». `make run` and `make test` are the two README commands.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run serve test test-fast test-browser test-tableur test-proxy lint format build check chromium libreoffice haproxy clean bench

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $(VENV)/.runtime $@

## run: install the runtime and serve the dashboard (base built from data/seed on first start)
run: $(VENV)/.runtime
	$(PY) -m streamlit run dashboard.py

## serve: N Streamlit processes (N = number of cores; `make serve N=2`) behind HAProxy on PORT
## (8080), in the foreground: Ctrl-C stops them all. Config and logs in artifacts/serve/.
N ?= $(shell nproc)
PORT ?= 8080
serve: $(VENV)/.runtime haproxy
	@test -e "$${TID_DB:-data/tid.duckdb}" || $(PY) -m tid build
	$(PY) -m deploy serve --processus $(N) --port $(PORT)

## test: install everything (chromium, LibreOffice Calc, HAProxy included) and run lint + all tests
test: $(VENV)/.dev chromium libreoffice haproxy lint
	$(PY) -m pytest

## test-fast: the tests that start no server, no browser, no LibreOffice (AppTest, queries, CLI)
test-fast: $(VENV)/.dev
	$(PY) -m pytest -m "not e2e and not serveur and not tableur and not proxy"

## test-browser: only the real-browser tests (Playwright driving Debian's chromium)
test-browser: $(VENV)/.dev chromium
	$(PY) -m pytest -m e2e

## test-tableur: only our CSV and XLSX extracts opened in LibreOffice Calc (headless)
test-tableur: $(VENV)/.dev libreoffice
	$(PY) -m pytest -m tableur

## test-proxy: only the tests through HAProxy (2 Streamlit processes behind it, Chromium)
test-proxy: $(VENV)/.dev chromium haproxy
	$(PY) -m pytest -m proxy

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## bench: timings at 3 scales (real data, 10 000 and 100 000 projects), writes BENCHMARKS.md (< 15 min)
bench: $(VENV)/.dev
	$(PY) bench/bench.py

build: $(VENV)/.runtime
	$(PY) -m tid build

check: $(VENV)/.runtime
	$(PY) -m tid check

# Debian's chromium (Playwright cannot download its own browser on these machines).
chromium:
	@test -x /usr/bin/chromium || { \
		echo "Installation de chromium (apt-get, droits root requis)"; \
		apt-get install -y -qq chromium || { apt-get update -qq && apt-get install -y -qq chromium; }; }

# LibreOffice Calc without a screen: the `tableur` tests open our extracts in a real spreadsheet.
libreoffice:
	@test -x /usr/bin/soffice || { \
		echo "Installation de LibreOffice Calc (apt-get, droits root requis)"; \
		apt-get install -y -qq libreoffice-calc-nogui || { apt-get update -qq && apt-get install -y -qq libreoffice-calc-nogui; }; }

# HAProxy from Debian: `make serve` runs it as the current user, the `proxy` tests go through it.
haproxy:
	@test -x /usr/sbin/haproxy || { \
		echo "Installation de HAProxy (apt-get, droits root requis)"; \
		apt-get install -y -qq haproxy || { apt-get update -qq && apt-get install -y -qq haproxy; }; }

clean:
	rm -rf artifacts .pytest_cache data/tid.duckdb
