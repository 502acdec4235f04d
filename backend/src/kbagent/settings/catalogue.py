"""Which settings an admin may change at run time, how they are grouped, and which are secret.

Each is a field of `kbagent.config.Settings` (the environment's `KBAGENT_<NAME>` is its
default) and is validated by that class, so a value refused at start-up is refused here too.
What a process binds once at start (addresses, the database, the sealing key, auth) stays
environment-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Group = Literal["ai_backends", "models", "processing", "retention", "x_app"]


@dataclass(frozen=True)
class Editable:
    group: Group
    secret: bool = False


EDITABLE: dict[str, Editable] = {
    # AI backends
    "ollama_url": Editable("ai_backends"),
    "ollama_options": Editable("ai_backends"),
    "openai_base_url": Editable("ai_backends"),
    "openai_api_key": Editable("ai_backends", secret=True),
    "openai_json_mode": Editable("ai_backends"),
    "openai_extra_body": Editable("ai_backends"),
    "openai_context_window": Editable("ai_backends"),
    # The model chain of each phase
    "model_vision": Editable("models"),
    "model_categorisation": Editable("models"),
    "model_kb_generation": Editable("models"),
    "model_synthesis": Editable("models"),
    "model_chat": Editable("models"),
    "model_embeddings": Editable("models"),
    "chat_answer_strategy": Editable("models"),
    "model_prices": Editable("models"),
    # Processing preferences
    "synthesis_min_items": Editable("processing"),
    "synthesis_max_items": Editable("processing"),
    "synthesis_min_subcategories": Editable("processing"),
    "category_similarity": Editable("processing"),
    "vault_auto_sync": Editable("processing"),
    "pipeline_batch_size": Editable("processing"),
    "pipeline_max_attempts": Editable("processing"),
    "fetch_timeout_seconds": Editable("processing"),
    "fetch_max_bytes": Editable("processing"),
    "fetch_max_redirects": Editable("processing"),
    "media_max_bytes": Editable("processing"),
    # What pruning keeps (agent/retention.py) and the scheduled backups (backup/scheduled.py)
    "retain_runs": Editable("retention"),
    "retain_event_days": Editable("retention"),
    "retain_usage_days": Editable("retention"),
    "retain_item_versions": Editable("retention"),
    "backup_cron": Editable("retention"),
    "backup_keep": Editable("retention"),
    # The X app kbagent signs in to X with
    "x_client_id": Editable("x_app"),
    "x_client_secret": Editable("x_app", secret=True),
    "x_redirect_uri": Editable("x_app"),
}
SECRETS = frozenset(name for name, e in EDITABLE.items() if e.secret)
ROUTE_FIELDS = tuple(
    name for name in EDITABLE if name.startswith("model_") and name != "model_prices"
)
