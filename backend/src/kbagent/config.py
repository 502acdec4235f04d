"""One validated settings object, read from `KBAGENT_*` environment variables.

Invalid settings stop start-up with one sentence naming the setting (see `load_settings`).
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from croniter import croniter
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
_LOCAL_CHAT_PHASES = ("categorisation", "kb_generation", "synthesis", "chat")
DEFAULT_ALLOWED_HOSTS = "127.0.0.1,localhost,[::1]"
_HOST_NAME = re.compile(r"^(\*|\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:\d{1,5})?$")
_ORIGIN = re.compile(r"^https?://(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:\d{1,5})?$")


def _comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class SettingsError(Exception):
    """Settings that cannot be used; the message names the setting."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KBAGENT_", extra="ignore", frozen=True)

    data_dir: Path = Field(default=Path("./data"), description="Where kbagent keeps its files.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file in the data directory."
    )
    redis_url: str | None = Field(default=None, description="Redis URL; enables Celery workers.")
    redis_prefix: str = Field(
        default="kbagent",
        pattern=r"^[A-Za-z0-9_.-]{1,64}$",
        description="Names kbagent's queue and channel in Redis, so installs can share one.",
    )
    host: str = "127.0.0.1"
    # The front door (system/gate.py): which Host names the server answers to, which other
    # origins may drive it from a browser, and which proxies may say who the client is.
    allowed_hosts: str = Field(
        default=DEFAULT_ALLOWED_HOSTS,
        description="Comma-separated host names (`name` or `name:port`) the server answers to; "
        "any other `Host` gets 400 (DNS rebinding). `*` allows every host.",
    )
    cors_origins: str = Field(
        default="",
        description="Comma-separated origins (`https://app.example.org`) allowed to call the API "
        "from a browser, with credentials. Empty: CORS closed, foreign origins refused.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses or CIDRs of reverse proxies whose "
        "X-Forwarded-For/-Proto/-Host headers are believed. Empty: none.",
    )
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: LogLevel = "INFO"
    max_body_bytes: int = Field(default=1_048_576, ge=1024, description="Largest JSON body.")
    pipeline_batch_size: int = Field(default=25, ge=1, le=1000)
    pipeline_max_attempts: int = Field(default=3, ge=1, le=20)
    database_lock_timeout_seconds: float = Field(
        default=5.0,
        gt=0,
        le=300,
        description="SQLite: longest wait for the write lock; past it a request gets 503 with "
        "Retry-After and a pipeline step is retried.",
    )
    pipeline_retry_base_seconds: float = Field(default=2.0, ge=0, le=300)
    pipeline_outage_seconds: float = Field(
        default=600.0,
        ge=0,
        le=86400,
        description="How long a run waits for a model that is down (connection refused, 5xx, "
        "429, timeouts) before failing items; renewed by every success.",
    )
    # 30 s: a run whose worker died shows as stalled (or resumes) within about half a minute;
    # its heartbeat is written every quarter of this, one UPDATE, even inside a slow item.
    run_stale_seconds: float = Field(default=30.0, ge=1, description="Heartbeat age of a dead run.")
    embedding_dim: int = Field(
        default=384,
        ge=1,
        le=16000,
        description="Vector size of KBAGENT_MODEL_EMBEDDINGS; a change re-embeds everything.",
    )
    # Retention: what pruning (after each run, and `kbagent prune`) keeps.
    retain_runs: int = Field(
        default=50, ge=1, description="Runs whose event log (run_events) is kept, newest first."
    )
    retain_event_days: float = Field(
        default=30, gt=0, description="Days events outside any run are kept."
    )
    retain_usage_days: float = Field(
        default=365, gt=0, description="Days AI usage records (ai_usage) are kept."
    )
    retain_item_versions: int = Field(
        default=50, ge=1, description="Versions kept per item: the first and the latest N."
    )
    # Backups (kbagent/backup): `kbagent backup`, the admin API, and the scheduled ones.
    backup_dir: Path | None = Field(
        default=None,
        description="Where backup archives are written and listed; default: `backups` in the "
        "data directory (kept across a restore).",
    )
    backup_keep: int = Field(
        default=7, ge=1, le=10_000, description="Scheduled backups kept, newest first."
    )
    backup_cron: str = Field(
        default="",
        max_length=100,
        description="When the scheduler takes a backup (cron, e.g. `0 3 * * *`); empty: never.",
    )
    metrics_sample_seconds: float = Field(
        default=60.0,
        ge=0,
        le=3600,
        description="How often each API process and worker samples its host (CPU, memory, "
        "disk, GPU, queue depth) for the Monitoring charts; 0: never. Samples are kept 8 days.",
    )
    ws_queue_events: int = Field(
        default=1000,
        ge=10,
        description="Live events buffered per WebSocket client; a client that falls further "
        "behind is told to resync and disconnected.",
    )
    # Knowledge base
    category_similarity: float = Field(
        default=0.85, gt=0, le=1, description="New categories this similar to one are refused."
    )
    category_join_similarity: float = Field(
        default=0.3,
        gt=0,
        le=1,
        description="Cosine to a category's centroid (from the corpus mean) to join it.",
    )
    category_main_similarity: float = Field(
        default=0.2,
        gt=0,
        le=1,
        description="Cosine to a main category's centroid to open a new subcategory in it.",
    )
    synthesis_min_items: int = Field(default=3, ge=1, description="Items before a synthesis.")
    synthesis_max_items: int = Field(default=50, ge=1, description="Sources per synthesis.")
    synthesis_min_subcategories: int = Field(
        default=2, ge=1, description="Subcategory syntheses before a main-category synthesis."
    )
    frontend_dist: Path | None = Field(
        default=None, description="The built web app served at `/`; default: frontend/dist."
    )
    vault_dir: Path | None = Field(
        default=None, description="Markdown vault; default: `vault` in the data directory."
    )
    vault_auto_sync: bool = Field(default=True, description="Refresh the vault on each change.")
    vault_git_remote: str | None = Field(
        default=None, description="Git remote the vault is pushed to (credentials never logged)."
    )

    # AI backends (kbagent.ai). A model is "backend:name"; a phase may list a fallback chain,
    # comma-separated, tried in order. With nothing set, the bundled offline models run.
    ollama_url: str | None = Field(
        default=None, description="Ollama server, e.g. http://localhost:11434."
    )
    openai_base_url: str | None = Field(
        default=None, description="Any OpenAI-compatible server: OpenAI, LocalAI, vLLM, llama.cpp."
    )
    openai_api_key: SecretStr | None = None
    openai_json_mode: Literal["json_schema", "json_object", "none"] = Field(
        default="json_schema", description="json_object for llama.cpp/LocalAI servers."
    )
    ollama_options: dict[str, Any] = Field(
        default_factory=dict, description='Ollama model options for every call: {"num_ctx": 8192}'
    )
    openai_context_window: int | None = Field(
        default=None,
        ge=256,
        description="Context window (tokens) of the OpenAI-compatible models; unset: 4096.",
    )
    openai_extra_body: dict[str, Any] = Field(
        default_factory=dict, description="Extra fields for every OpenAI-compatible request."
    )
    model_vision: str = ""
    model_categorisation: str = "local:smollm2"
    model_kb_generation: str = "local:smollm2"
    model_synthesis: str = "local:smollm2"
    model_chat: str = "local:smollm2"
    chat_answer_strategy: Literal["auto", "model", "extractive"] = Field(
        default="auto",
        description="Chat answers by the model, by quoting sources (extractive), or auto: "
        "extractive for models too weak to answer faithfully (chat/strategy.py).",
    )
    model_embeddings: str = "local:all-minilm-l6-v2"
    model_prices: dict[str, tuple[float, float]] = Field(
        default_factory=dict,
        description='USD per million prompt/completion tokens: {"openai:gpt-4o-mini": [0.15, 0.6]}',
    )
    ai_connect_timeout: float = Field(default=10.0, gt=0)
    ai_read_timeout: float = Field(
        default=300.0, gt=0, description="Longest silence from a model (slow local models)."
    )
    ai_max_duration: float = Field(default=1800.0, gt=0, description="Hard cap on one call.")
    ai_max_retries: int = Field(default=3, ge=0, le=10)
    ollama_concurrency: int = Field(
        default=4,
        ge=1,
        le=256,
        description="Requests the Ollama server serves at once (OLLAMA_NUM_PARALLEL): a run's "
        "phases keep that many of its calls in flight.",
    )
    openai_concurrency: int = Field(
        default=4,
        ge=1,
        le=256,
        description="Requests the OpenAI-compatible server serves at once (vLLM, llama.cpp "
        "`--parallel`): a run's phases keep that many of its calls in flight.",
    )
    ai_threads: int | None = Field(
        default=None, ge=1, description="llama.cpp threads; default: the usable cores, at most 8."
    )
    local_chat_model: Path | None = Field(
        default=None,
        description="A GGUF chat model file run in process, named `local:<file stem>`; the "
        "phases not routed elsewhere use it. Default: the bundled SmolLM2-135M.",
    )
    local_context_max: int = Field(
        default=4096,
        ge=256,
        le=1_048_576,
        description="Largest context window a local model is loaded with (its GGUF header "
        "gives its own; memory grows with the window).",
    )

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
    secret_key: SecretStr | None = Field(
        default=None,
        description="Fernet key encrypting stored credentials (several comma-separated, newest "
        "first, while `kbagent secrets rotate` moves to a new one); default: a generated key "
        "file (mode 0600) in the data directory.",
    )
    # Accounts and sessions (kbagent.auth).
    auth: Literal["enabled", "disabled"] = Field(
        default="enabled",
        description="`disabled` lets every request act as an admin; refused unless KBAGENT_HOST "
        "is a loopback address.",
    )
    access_token_minutes: float = Field(
        default=15, gt=0, le=1440, description="Lifetime of a session's access token."
    )
    refresh_token_days: float = Field(
        default=14, gt=0, le=365, description="Lifetime of a session's refresh token."
    )
    x_client_id: str | None = None
    x_client_secret: str | None = None
    x_redirect_uri: str = "http://127.0.0.1:8000/api/v1/sources/x/callback"
    x_api_base_url: str = "https://api.x.com"
    x_authorize_url: str = "https://x.com/i/oauth2/authorize"
    x_rate_limit_max_wait_seconds: float = Field(
        default=900, ge=0, description="Longest wait for an X rate-limit reset before giving up."
    )

    @model_validator(mode="before")
    @classmethod
    def _local_chat_routes(cls, data: Any) -> Any:
        """With a local GGUF file set, the generative phases left at their default use it."""
        if not isinstance(data, dict) or not data.get("local_chat_model"):
            return data
        name = f"local:{Path(str(data['local_chat_model'])).stem}"
        routed = {f"model_{phase}": name for phase in _LOCAL_CHAT_PHASES}
        return routed | data

    @field_validator("local_chat_model")
    @classmethod
    def _gguf_file(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"{value} is not a file (expected a .gguf model file)")
        return value

    @field_validator("backup_cron")
    @classmethod
    def _cron(cls, value: str) -> str:
        value = " ".join(value.split())
        if value and not croniter.is_valid(value):
            raise ValueError(f"{value!r} is not a cron expression (minute hour day month weekday)")
        return value

    @field_validator("ollama_url", "openai_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s):// URL")
        return value

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

    @field_validator("allowed_hosts")
    @classmethod
    def _allowed_hosts(cls, value: str) -> str:
        hosts = [h.lower() for h in _comma_list(value)]
        if not hosts:
            raise ValueError("list at least one host name, or `*` for any")
        for host in hosts:
            if not _HOST_NAME.match(host):
                raise ValueError(f"{host!r} is not a host name (`name` or `name:port`)")
        return ",".join(hosts)

    @field_validator("cors_origins")
    @classmethod
    def _cors_origins(cls, value: str) -> str:
        origins = [o.lower().rstrip("/") for o in _comma_list(value)]
        for origin in origins:
            if not _ORIGIN.match(origin):
                raise ValueError(f"{origin!r} is not an origin like https://app.example.org")
        return ",".join(origins)

    @field_validator("trusted_proxies")
    @classmethod
    def _trusted_proxies(cls, value: str) -> str:
        for network in _comma_list(value):
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                raise ValueError(f"{network!r} is not an IP address or CIDR") from None
        return ",".join(_comma_list(value))

    @field_validator("secret_key")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        keys = [k.strip() for k in value.get_secret_value().split(",") if k.strip()]
        if not keys:
            raise ValueError("must hold at least one key")
        for key in keys:
            try:
                if len(base64.urlsafe_b64decode(key.encode())) != 32:
                    raise ValueError
            except (ValueError, binascii.Error):
                raise ValueError(
                    "is not a Fernet key (32 url-safe base64-encoded bytes; "
                    "`kbagent secrets generate-key` makes one)"
                ) from None
        return value

    @model_validator(mode="after")
    def _auth_only_off_on_loopback(self) -> Settings:
        if self.auth == "disabled" and not is_loopback(self.host):
            raise ValueError(
                f"KBAGENT_AUTH=disabled is allowed only on a loopback address, not {self.host}"
            )
        return self

    @model_validator(mode="after")
    def _urls(self) -> Settings:
        url = self.database_url
        if url is not None and not url.startswith(("sqlite", "postgresql", "postgres://")):
            raise ValueError("KBAGENT_DATABASE_URL must be a sqlite:// or postgresql:// URL")
        if self.redis_url is not None and not self.redis_url.startswith(("redis://", "rediss://")):
            raise ValueError("KBAGENT_REDIS_URL must be a redis:// or rediss:// URL")
        return self

    @cached_property
    def allowed_host_list(self) -> tuple[str, ...]:
        return tuple(_comma_list(self.allowed_hosts))

    @cached_property
    def cors_origin_list(self) -> tuple[str, ...]:
        return tuple(_comma_list(self.cors_origins))

    @cached_property
    def trusted_proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(
            ipaddress.ip_network(n, strict=False) for n in _comma_list(self.trusted_proxies)
        )

    @cached_property
    def resolved_vault_dir(self) -> Path:
        return self.vault_dir if self.vault_dir is not None else self.data_dir / "vault"

    @cached_property
    def embedded_database_path(self) -> Path | None:
        """The SQLite file of the embedded default, or None when a database URL is set."""
        return None if self.database_url else (self.data_dir / "kbagent.db").resolve()

    @cached_property
    def resolved_backup_dir(self) -> Path:
        return self.backup_dir if self.backup_dir is not None else self.data_dir / "backups"

    @cached_property
    def resolved_database_url(self) -> str:
        if self.embedded_database_path is None:
            return str(self.database_url)
        return f"sqlite:///{self.embedded_database_path}"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
