"""One validated settings object, read from `KBAGENT_*` environment variables.

Invalid settings stop start-up with one sentence naming the setting (see `load_settings`).
"""

from __future__ import annotations

import ipaddress
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class SettingsError(Exception):
    """Settings that cannot be used; the message names the setting."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KBAGENT_", extra="ignore", frozen=True)

    data_dir: Path = Field(default=Path("./data"), description="Where kbagent keeps its files.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file in the data directory."
    )
    redis_url: str | None = Field(default=None, description="Redis URL; enables Celery workers.")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: LogLevel = "INFO"
    max_body_bytes: int = Field(default=1_048_576, ge=1024, description="Largest JSON body.")
    embedding_model: str = "all-minilm-l6-v2"
    embedding_dim: int = Field(default=384, ge=1, le=16000)

    # Sources (imports, web pages, X). Caps keep hostile input from filling memory or disk.
    upload_max_bytes: int = Field(default=200 * 1024 * 1024, ge=1024, description="Largest upload.")
    fetch_timeout_seconds: float = Field(default=20.0, gt=0, le=300)
    fetch_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    fetch_max_redirects: int = Field(default=5, ge=0, le=20)
    fetch_allow_hosts: str = Field(
        default="",
        description="Comma-separated hosts (`host` or `host:port`) exempt from the private-address "
        "guard, e.g. a local test server. Empty: only public addresses are fetched.",
    )
    media_max_bytes: int = Field(default=50 * 1024 * 1024, ge=1024)
    import_max_uncompressed_bytes: int = Field(default=2 * 1024**3, ge=1024)
    secret_key: str | None = Field(
        default=None,
        description="Fernet key encrypting stored credentials; default: a generated key file "
        "(mode 0600) in the data directory.",
    )
    x_client_id: str | None = None
    x_client_secret: str | None = None
    x_redirect_uri: str = "http://127.0.0.1:8000/api/v1/sources/x/callback"
    x_api_base_url: str = "https://api.x.com"
    x_authorize_url: str = "https://x.com/i/oauth2/authorize"
    x_rate_limit_max_wait_seconds: float = Field(
        default=900, ge=0, description="Longest wait for an X rate-limit reset before giving up."
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        if value in ("localhost", ""):
            return value or "127.0.0.1"
        try:
            ipaddress.ip_address(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not an IP address") from exc
        return value

    @model_validator(mode="after")
    def _urls(self) -> Settings:
        url = self.database_url
        if url is not None and not url.startswith(("sqlite", "postgresql", "postgres://")):
            raise ValueError("KBAGENT_DATABASE_URL must be a sqlite:// or postgresql:// URL")
        if self.redis_url is not None and not self.redis_url.startswith(("redis://", "rediss://")):
            raise ValueError("KBAGENT_REDIS_URL must be a redis:// or rediss:// URL")
        return self

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'kbagent.db').resolve()}"


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning a validation failure into one readable sentence."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "settings"
        name = f"KBAGENT_{field.upper()}" if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"Invalid setting {name}: {message}.") from None
