"""The settings in force: the environment's `Settings` with the database's overrides on top,
validated by `Settings` itself, so a value refused at start-up is refused here too."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from kbagent.config import Settings
from kbagent.errors import InvalidInput

log = logging.getLogger(__name__)


def _validate(base: Settings, overrides: Mapping[str, Any]) -> Settings:
    values = {name: getattr(base, name) for name in type(base).model_fields}
    values.update(overrides)
    return type(base).model_validate(values)


def invalid(exc: ValidationError) -> InvalidInput:
    """A 422 naming the setting; the value itself is never echoed (it may be a secret)."""
    errors = [
        {
            "field": str(err["loc"][0]) if err["loc"] else None,
            "msg": str(err["msg"]).removeprefix("Value error, "),
            "type": err["type"],
        }
        for err in exc.errors()
    ]
    first = errors[0]
    field = first["field"] or "settings"
    return InvalidInput(
        f"Invalid setting {field}: {first['msg']}.",
        {"field": field, "setting": f"KBAGENT_{field.upper()}", "errors": errors[:20]},
    )


def merged(base: Settings, overrides: Mapping[str, Any]) -> Settings:
    """`base` with `overrides`; `InvalidInput` (422) naming the first setting refused."""
    try:
        return _validate(base, overrides)
    except ValidationError as exc:
        raise invalid(exc) from None


def tolerant(base: Settings, overrides: Mapping[str, Any]) -> Settings:
    """`base` with every override it accepts: a stored value the environment now refuses (a
    model file gone, a narrower bound) is skipped and logged, never a process that fails."""
    if not overrides:
        return base
    kept = dict(overrides)
    while True:
        try:
            return _validate(base, kept)
        except ValidationError as exc:
            refused = {str(e["loc"][0]) for e in exc.errors() if e["loc"]} & set(kept)
            if not refused:
                log.error("stored settings refused as a whole; using the environment's")
                return base
            for name in sorted(refused):
                log.warning("stored setting %s refused; using the environment's value", name)
                del kept[name]
