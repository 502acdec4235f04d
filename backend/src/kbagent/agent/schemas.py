from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kbagent.agent.phases import RunMode
from kbagent.ai.schemas import ItemUsage

PhaseName = Literal[
    "fetch", "cache", "media", "categorise", "generate", "embed", "synthesis", "export", "git"
]
ItemPhaseName = Literal["cache", "media", "categorise", "generate", "embed"]
ModelPhase = Literal["vision", "categorisation", "kb_generation", "synthesis", "chat", "embeddings"]
RunStatus = Literal[
    "pending",
    "running",
    "paused",
    "stalled",
    "completed",
    "completed_with_failures",
    "cancelled",
]
# A run in one of these has ended for good; `completed_with_failures` finished every phase but
# some items (or a whole-run phase) failed: the run is over, yet not a success to report as one.
TERMINAL: tuple[RunStatus, ...] = ("completed", "completed_with_failures", "cancelled")


class RunConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mode: RunMode = "full"
    skip_phases: list[PhaseName] = Field(default_factory=list, max_length=8)
    force_phases: list[PhaseName] = Field(
        default_factory=list, max_length=8, description="Redo these phases for items done already."
    )
    models: dict[ModelPhase, str] = Field(
        default_factory=dict, description="Per-run model override per phase, e.g. `ollama:llama3`."
    )
    synthesis_min_items: int | None = Field(default=None, ge=1, le=1000)
    synthesis_max_items: int | None = Field(default=None, ge=1, le=10000)
    x_full_sync: bool = Field(
        default=False, description="Fetch every X bookmark, not only those newer than stored."
    )
    refresh_feeds: bool = Field(
        default=True,
        description="The fetch phase refreshes every subscribed RSS/Atom feed (conditional "
        "GETs); the cache phase then fetches the new entries' pages.",
    )

    @field_validator("models")
    @classmethod
    def _model_names(cls, value: dict[str, str]) -> dict[str, str]:
        for phase, name in value.items():
            if not name.strip() or len(name) > 200:
                raise ValueError(f"model name for {phase} must be 1-200 characters")
        return value


class PhaseProgress(BaseModel):
    name: str
    state: Literal["waiting", "running", "finished"]
    total: int | None
    done: int
    failed: int
    skipped: int = 0
    items_per_second: float | None
    eta_seconds: float | None
    error: str | None = None
    outcome: dict[str, Any] | None = Field(
        default=None, description="What a whole-run phase did (fetch, synthesis, export, git)."
    )


class FailureReason(BaseModel):
    phase: str
    reason: str = Field(description="One example message of the group.")
    count: int


class FailureSummary(BaseModel):
    """What failed in a run: counted per phase, reasons grouped (numbers and ids aside)."""

    failed_items: int = 0
    by_phase: dict[str, int] = Field(default_factory=dict)
    failed_phases: list[str] = Field(
        default_factory=list, description="Whole-run phases (synthesis, export) that failed."
    )
    phase_problems: dict[str, int] = Field(
        default_factory=dict,
        description="Whole-run phases that finished with some of their work failed (a feed "
        "that could not be read in fetch): how many problems each reported.",
    )
    top_reasons: list[FailureReason] = Field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.failed_items or self.failed_phases or self.phase_problems)


class RunRead(BaseModel):
    id: str
    task_type: str
    status: RunStatus
    config: dict[str, Any] | None
    current_phase: str | None
    progress_percentage: int
    phases: list[PhaseProgress]
    failures: FailureSummary
    eta_seconds: float | None
    result_data: dict[str, Any] | None
    error_message: str | None
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    heartbeat_at: datetime | None


class RunPage(BaseModel):
    items: list[RunRead]
    total: int
    limit: int
    offset: int


class RetryResult(BaseModel):
    reset_items: int
    run: RunRead


class ItemPhaseRead(BaseModel):
    name: str
    state: Literal["done", "failed", "skipped", "pending"]
    attempts: int
    model: str | None = Field(description="The model that did the step (`backend:model`).")
    error: str | None
    updated_at: datetime | None
    run_id: str | None
    summary: str | None = Field(description="What the step produced, in a few words.")


class ItemPipelineRead(BaseModel):
    """One item through the pipeline: each per-item phase, and the model calls made for it."""

    item_id: str
    title: str
    processing_state: str
    phases: list[ItemPhaseRead]
    usage: list[ItemUsage]


class FailedItem(BaseModel):
    """One item that failed in a run: where, why, after how many attempts."""

    content_item_id: str
    title: str
    phase: str
    error: str | None
    attempts: int
    updated_at: datetime


class FailedItemPage(BaseModel):
    items: list[FailedItem]
    total: int
    limit: int
    offset: int


class ItemRetryResult(BaseModel):
    reset_phases: list[str]
    run: RunRead


class EventRead(BaseModel):
    id: int
    task_id: str | None
    ts: datetime
    level: str
    type: str
    message: str
    data: dict[str, Any]


class EventPage(BaseModel):
    items: list[EventRead]
    total: int
    limit: int
    offset: int


class ScheduleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    cron: str = Field(min_length=1, max_length=100, examples=["0 3 * * *"])
    config: RunConfig = Field(default_factory=RunConfig)
    enabled: bool = True


class ScheduleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    cron: str | None = Field(default=None, min_length=1, max_length=100)
    config: RunConfig | None = None
    enabled: bool | None = None


class CronPreview(BaseModel):
    cron: str
    description: str = Field(description="The expression in words.")
    next_runs: list[datetime] = Field(description="The next five times it fires (UTC).")


class ScheduleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    cron: str
    config: dict[str, Any]
    enabled: bool
    next_run_at: datetime | None
    last_run_at: datetime | None
    last_task_id: str | None
    created_at: datetime
