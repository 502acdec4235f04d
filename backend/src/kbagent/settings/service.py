"""Reading and changing the settings in force. A change is validated whole (by
`kbagent.config.Settings`, plus what only makes sense at run time: a route must name a
configured backend), stored with secrets sealed, stamped with a new version, and audited, in
the caller's unit of work."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kbagent.ai.registry import backend_keys
from kbagent.ai.routing import parse_chain
from kbagent.audit import service as audit
from kbagent.config import Settings
from kbagent.credentials import sealing
from kbagent.credentials.redaction import mask, redact_strings, redact_value
from kbagent.errors import AIServiceError, InvalidInput
from kbagent.settings import repository
from kbagent.settings.catalogue import EDITABLE, ROUTE_FIELDS, SECRETS
from kbagent.settings.live import stored_overrides
from kbagent.settings.merge import merged, tolerant
from kbagent.settings.schemas import (
    SettingInfo,
    SettingsRead,
    SettingsUpdate,
    SettingsValues,
    Source,
)

# Phases that may have no model: images then go undescribed.
OPTIONAL_ROUTES = frozenset({"model_vision"})


def _values(settings: Settings) -> SettingsValues:
    values: dict[str, Any] = {}
    for name in EDITABLE:
        value = getattr(settings, name)
        # Secrets masked; a password in a URL or a key-named field of the extra parameters too.
        values[name] = mask(value) if name in SECRETS else redact_value(name, value)
    return SettingsValues.model_validate(values)


def read(session: Session, base: Settings) -> SettingsRead:
    rows = {row.name: row for row in repository.overrides(session)}
    overrides = stored_overrides(session, base)
    settings = tolerant(base, overrides)
    fields = []
    for name, editable in EDITABLE.items():
        row = rows.get(name) if name in overrides else None  # an override in force
        if row is not None:
            source: Source = "database"
        elif name in base.model_fields_set:
            source = "environment"
        else:
            source = "default"
        fields.append(
            SettingInfo(
                name=name,
                group=editable.group,
                secret=editable.secret,
                source=source,
                environment_variable=f"KBAGENT_{name.upper()}",
                description=type(base).model_fields[name].description,
                updated_at=row.updated_at if row is not None else None,
                updated_by=row.updated_by if row is not None else None,
            )
        )
    return SettingsRead(
        version=repository.version(session), values=_values(settings), fields=fields
    )


def problems(settings: Settings) -> dict[str, str]:
    """What the settings' own validation cannot see: routes to backends that are not
    configured, a synthesis that could never start."""
    found: dict[str, str] = {}
    configured = set(backend_keys(settings))
    for name in ROUTE_FIELDS:
        try:
            chain = parse_chain(getattr(settings, name))
        except AIServiceError as exc:
            found[name] = exc.message
            continue
        if not chain and name not in OPTIONAL_ROUTES:
            found[name] = "name at least one model, as backend:model"
        missing = sorted({backend for backend, _ in chain} - configured)
        if missing:
            found[name] = (
                f"backend {missing[0]} is not configured "
                f"(set {'ollama_url' if missing[0] == 'ollama' else 'openai_base_url'})"
                if missing[0] in ("ollama", "openai")
                else f"there is no backend {missing[0]} (local, ollama or openai)"
            )
    if settings.synthesis_min_items > settings.synthesis_max_items:
        found["synthesis_min_items"] = "must not exceed synthesis_max_items"
    return found


def _check(before: Settings, after: Settings, changed: set[str]) -> None:
    """Refuse what this change breaks (something already broken in the environment does not
    block changing anything else)."""
    old = problems(before)
    for name, message in problems(after).items():
        if name in changed or name not in old:
            raise InvalidInput(
                f"Invalid setting {name}: {message}.",
                {"field": name, "setting": f"KBAGENT_{name.upper()}"},
            )


def update(session: Session, base: Settings, body: SettingsUpdate) -> SettingsRead:
    changes = body.changes()
    for name in body.reset:
        if name not in EDITABLE:
            raise InvalidInput(
                f"Invalid setting {name}: not a setting that can be changed here.",
                {"field": name},
            )
        if name in changes:
            raise InvalidInput(f"Invalid setting {name}: both set and reset.", {"field": name})
    if not changes and not body.reset:
        return read(session, base)
    current = stored_overrides(session, base)
    before = tolerant(base, current)
    proposed = {k: v for k, v in current.items() if k not in body.reset} | changes
    after = merged(base, proposed)
    _check(before, after, set(changes) | set(body.reset))

    actor = audit.actor_var.get()
    by = actor.name if actor else None
    stored = after.model_dump(mode="json", include=set(changes) - SECRETS)
    for name in changes:
        if name in SECRETS:
            plain = getattr(after, name)
            plain = plain.get_secret_value() if hasattr(plain, "get_secret_value") else plain
            sealed = sealing.seal(base, {"value": plain}) if plain else None
            repository.put(session, name, sealed=sealed, by=by)
        else:
            repository.put(session, name, value=stored[name], by=by)
    for name in body.reset:
        repository.delete(session, name)
    version = repository.bump(session)
    shown = {name: "***" if name in SECRETS else stored[name] for name in changes}
    audit.record(
        session,
        "settings.update",
        "settings",
        {"changed": redact_strings(shown), "reset": sorted(body.reset), "version": version},
    )
    return read(session, base)
