"""AI backends behind one small interface; see `base` for the model and `routing` for phases."""

from kbagent.ai.base import (
    Backend,
    Capabilities,
    Completion,
    Embeddings,
    Message,
    ModelInfo,
    Options,
    Stream,
    Usage,
)
from kbagent.ai.routing import AI, PHASES, Phase, UsageRecord
from kbagent.ai.structured import Structured

__all__ = [
    "AI",
    "PHASES",
    "Backend",
    "Capabilities",
    "Completion",
    "Embeddings",
    "Message",
    "ModelInfo",
    "Options",
    "Phase",
    "Stream",
    "Structured",
    "Usage",
    "UsageRecord",
]
