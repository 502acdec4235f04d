from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class UsageTotals(BaseModel):
    run_id: str | None
    phase: str
    calls: int
    failures: int
    prompt_tokens: int
    completion_tokens: int
    latency_ms: float
    cost_usd: float | None  # None when no price is configured for any model used


class ItemUsage(BaseModel):
    """The model calls one item's pipeline steps made with one model for one model phase."""

    phase: str  # the model phase: vision, categorisation, kb_generation, embeddings
    model: str
    calls: int
    failures: int
    prompt_tokens: int
    completion_tokens: int
    latency_ms: float
    last_call_at: datetime | None


class ModelTotals(BaseModel):
    """Model calls of one phase and model over a time window."""

    phase: str
    model: str
    calls: int
    failures: int
    prompt_tokens: int
    completion_tokens: int
    latency_ms_avg: float
    latency_ms_max: float
    cost_usd: float | None  # None when no price is configured for the model


class UsageBucket(ModelTotals):
    """Model calls of one phase and model within one time bucket starting at `at`."""

    at: datetime


class ModelRead(BaseModel):
    name: str  # "backend:model"
    capabilities: list[str]
    context_window: int | None
    # From the capability self-test (ai/profile.py), once a phase or `kbagent ai models
    # --self-test` has run it; None until then.
    json_reliability: float | None = None
    tokens_per_second: float | None = None


class BackendModels(BaseModel):
    backend: str
    status: str  # "ok" or "down"
    detail: str | None = None
    models: list[ModelRead]
    by_capability: dict[str, list[str]]


class ModelCatalogue(BaseModel):
    backends: list[BackendModels]
    routes: dict[str, str]  # phase -> model chain
