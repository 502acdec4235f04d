"""Settings as the `KBAGENT_*` environment of a child process (`kbagent serve`, workers)."""

from __future__ import annotations

import json
import os

from pydantic import SecretStr

from kbagent.config import Settings


def settings_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KBAGENT_")}
    env["KBAGENT_DATABASE_URL"] = settings.resolved_database_url
    for name in settings.model_fields_set:
        value = getattr(settings, name)
        if value is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, dict | list | tuple):
            value = json.dumps(value)
        env[f"KBAGENT_{name.upper()}"] = str(value)
    env.update(extra)
    return env
