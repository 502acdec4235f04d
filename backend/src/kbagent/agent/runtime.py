"""What run code needs in one process: settings, database, event bus and dispatcher.

`kbagent.agent.boot.open_runtime` builds one; this module only describes it, so the engine
that takes a runtime and the dispatcher that calls the engine do not import each other.

`settings` and `ai` are those in force now: an admin's change through the API
(`kbagent.settings`) reaches every process's runtime within seconds, without a restart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kbagent.agent.dispatch import Dispatcher
from kbagent.agent.events import Bus, emit
from kbagent.ai.live import LiveAI
from kbagent.ai.routing import AI
from kbagent.config import Settings
from kbagent.db import Database
from kbagent.settings.live import LiveSettings


@dataclass
class Runtime:
    live: LiveSettings
    database: Database
    bus: Bus
    models: LiveAI
    dispatcher: Dispatcher = field(init=False)

    @property
    def settings(self) -> Settings:
        return self.live.current()

    @property
    def ai(self) -> AI:
        return self.models.get(self.settings)

    def checked(self) -> tuple[Settings, AI]:
        """The settings and AI in force, checked now rather than remembered: a batch starts
        with every change committed before it (one indexed read)."""
        settings = self.live.refresh(force=True)
        return settings, self.models.get(settings)

    def emit(
        self,
        task_id: str | None,
        type_: str,
        message: str = "",
        *,
        level: str = "INFO",
        **data: Any,
    ) -> dict[str, Any]:
        return emit(self.database, self.bus, task_id, type_, message, level=level, **data)

    def close(self) -> None:
        self.models.close()
