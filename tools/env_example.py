"""Write `.env.example` from the settings themselves (kbagent.config.Settings): every
`KBAGENT_*` variable with its description and its default, commented out.

    PYTHONPATH=backend/src backend/.venv/bin/python tools/env_example.py > .env.example

backend/tests/deploy/test_static.py checks that the file lists every setting with its default.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from kbagent.config import Settings

HEADER = """\
# kbagent settings. For Docker Compose: `cd deploy && cp ../.env.example .env`, set
# POSTGRES_PASSWORD, then `docker compose up -d --build` (README: "Deployment with Docker
# Compose"). Without Docker, export the variables you need (`make run` needs none).
# Every KBAGENT_* setting is listed below with its default, commented out: uncomment to change.

# --- Docker Compose only (deploy/compose.yml; not kbagent settings) ---
# Password of the `kbagent` PostgreSQL role; compose refuses to start without one.
POSTGRES_PASSWORD=
# Host port nginx listens on (the web app, /api and /ws).
HTTP_PORT=8000
"""
# What deploy/compose.yml does with a setting for its topology.
COMPOSE_SETS = {
    "data_dir": "sets /data, the volume every service shares",
    "database_url": "sets the `db` service",
    "redis_url": "sets the `redis` service",
    "host": "sets 0.0.0.0 in the api containers",
    "port": "sets 8000 in the api containers",
    "trusted_proxies": "defaults to its network, 172.29.57.0/24, where nginx runs",
}


def env_value(value: Any) -> str:
    """A default as the environment variable that means it."""
    if value is None:
        return ""
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list | tuple):
        return json.dumps(value)
    if isinstance(value, Path):
        return str(value) if value.is_absolute() else f"./{value}"
    return str(value)


def default_of(name: str) -> Any:
    field = Settings.model_fields[name]
    return field.default_factory() if field.default_factory is not None else field.default  # type: ignore[call-arg]


def render() -> str:
    lines = [HEADER, "# --- kbagent (kbagent/config.py) ---"]
    for name, field in Settings.model_fields.items():
        lines.append("")
        if field.description:
            lines.append(f"# {field.description}")
        if name in COMPOSE_SETS:
            lines.append(f"# (Docker Compose {COMPOSE_SETS[name]}.)")
        lines.append(f"# KBAGENT_{name.upper()}={env_value(default_of(name))}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
