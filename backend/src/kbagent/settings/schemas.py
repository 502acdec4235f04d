"""The settings API's bodies. `SettingsValues` has one field per editable setting (a test holds
it to `catalogue.EDITABLE` and to the types of `kbagent.config.Settings`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from kbagent.ai.schemas import BackendModels
from kbagent.settings.catalogue import Group

JsonMode = Literal["json_schema", "json_object", "none"]
AnswerStrategy = Literal["auto", "model", "extractive"]
Source = Literal["default", "environment", "database"]


class SettingsValues(BaseModel):
    """The settings in force; a secret shows only whether it is set (`****` and its last four
    characters when long enough to tell keys apart)."""

    ollama_url: str | None
    ollama_options: dict[str, Any]
    openai_base_url: str | None
    openai_api_key: str | None
    openai_json_mode: JsonMode
    openai_extra_body: dict[str, Any]
    openai_context_window: int | None
    model_vision: str
    model_categorisation: str
    model_kb_generation: str
    model_synthesis: str
    model_chat: str
    model_embeddings: str
    chat_answer_strategy: AnswerStrategy
    model_prices: dict[str, tuple[float, float]]
    synthesis_min_items: int
    synthesis_max_items: int
    synthesis_min_subcategories: int
    category_similarity: float
    vault_auto_sync: bool
    pipeline_batch_size: int
    pipeline_max_attempts: int
    fetch_timeout_seconds: float
    fetch_max_bytes: int
    fetch_max_redirects: int
    media_max_bytes: int
    retain_runs: int
    retain_event_days: float
    retain_usage_days: float
    retain_item_versions: int
    backup_cron: str
    backup_keep: int
    x_client_id: str | None
    x_client_secret: str | None
    x_redirect_uri: str


class SettingsChange(BaseModel):
    """Settings to set: a field left out keeps its value, a field sent is set (null where the
    setting may be empty: no Ollama, no key). Secrets are write-only: send the new value, or
    leave the field out to keep it."""

    model_config = ConfigDict(extra="forbid")

    ollama_url: str | None = None
    ollama_options: dict[str, Any] | None = None
    openai_base_url: str | None = None
    openai_api_key: SecretStr | None = None
    openai_json_mode: JsonMode | None = None
    openai_extra_body: dict[str, Any] | None = None
    openai_context_window: int | None = None
    model_vision: str | None = Field(default=None, max_length=1000)
    model_categorisation: str | None = Field(default=None, max_length=1000)
    model_kb_generation: str | None = Field(default=None, max_length=1000)
    model_synthesis: str | None = Field(default=None, max_length=1000)
    model_chat: str | None = Field(default=None, max_length=1000)
    model_embeddings: str | None = Field(default=None, max_length=1000)
    chat_answer_strategy: AnswerStrategy | None = None
    model_prices: dict[str, tuple[float, float]] | None = None
    synthesis_min_items: int | None = None
    synthesis_max_items: int | None = None
    synthesis_min_subcategories: int | None = None
    category_similarity: float | None = None
    vault_auto_sync: bool | None = None
    pipeline_batch_size: int | None = None
    pipeline_max_attempts: int | None = None
    fetch_timeout_seconds: float | None = None
    fetch_max_bytes: int | None = None
    fetch_max_redirects: int | None = None
    media_max_bytes: int | None = None
    retain_runs: int | None = None
    retain_event_days: float | None = None
    retain_usage_days: float | None = None
    retain_item_versions: int | None = None
    backup_cron: str | None = Field(default=None, max_length=100)
    backup_keep: int | None = None
    x_client_id: str | None = Field(default=None, max_length=500)
    x_client_secret: SecretStr | None = Field(default=None, max_length=500)
    x_redirect_uri: str | None = Field(default=None, max_length=2000)

    def changes(self) -> dict[str, Any]:
        """The fields sent, secrets in clear."""
        sent = self.model_fields_set & set(SettingsChange.model_fields)
        values = {name: getattr(self, name) for name in sent}
        return {
            k: v.get_secret_value() if isinstance(v, SecretStr) else v for k, v in values.items()
        }


class SettingsUpdate(SettingsChange):
    """A change; a name in `reset` goes back to the environment's value (or the default)."""

    reset: list[str] = Field(
        default_factory=list, max_length=100, description="Settings back to the environment's."
    )


class SettingInfo(BaseModel):
    name: str
    group: Group
    secret: bool
    source: Source  # where the value in force comes from
    environment_variable: str  # its default (`KBAGENT_<NAME>`), used when not overridden
    description: str | None
    updated_at: datetime | None  # of the override, when `source` is database
    updated_by: str | None


class SettingsRead(BaseModel):
    version: int  # moves with every change; every process applies a change within seconds
    values: SettingsValues
    fields: list[SettingInfo]


class ConnectionTest(BackendModels):
    """A backend's answer to "test connection": its models and their capabilities."""

    latency_ms: float | None = None


class ConnectionRequest(SettingsChange):
    """Values to try before saving them (left out: the settings in force)."""


def _plain(value: Any) -> Any:
    return value.get_secret_value() if isinstance(value, SecretStr) else value
