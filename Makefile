# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test check build bench browser-deps clean

$(VENV)/.stamp-runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

## Build the store (if data/ changed) and start the dashboard on http://localhost:$(PORT)
run: $(VENV)/.stamp-runtime
	$(PY) -m core build
	$(PY) -m compileall -q app.py core ui pages
	$(PY) -m streamlit run app.py --server.port $(PORT)

## Build the DuckDB store from data/ (saved scenarios are kept)
build: $(VENV)/.stamp-runtime
	$(PY) -m core build

## Run every test, browser tests included (installs Chromium via apt-get if missing)
test: $(VENV)/.stamp-dev browser-deps
	$(PY) -m pytest

## Tests plus lint
check: test
	$(VENV)/bin/ruff check .

## Debian's chromium for the browser tests (Playwright's own download does not work here)
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium; \
	  else sudo apt-get update -q && sudo apt-get install -y -q chromium; fi; }

## Speed against a floor app in the same run (figures go to docs/performance.md): slider
## under AppTest, every page's first render, slider and toggle in Chromium, a fresh start, the search
bench: $(VENV)/.stamp-dev browser-deps
	$(PY) bench/scenario_latency.py
	$(PY) bench/scenario_latency.py --scale national
	$(PY) bench/replica_latency.py
	$(PY) bench/replica_latency.py --scale national
	$(PY) bench/page_render.py
	$(PY) bench/browser_latency.py --replica
	$(PY) bench/startup.py
	$(PY) bench/search_latency.py

clean:
	rm -rf $(VENV) data/klyngeblik.duckdb data/klyngeblik.duckdb.wal tests/artifacts
