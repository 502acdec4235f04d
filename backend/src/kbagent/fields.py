"""Field types the request schemas share, so hostile input is refused at the boundary (422).

Every value a request schema accepts must be storable on both databases: no NUL characters
(PostgreSQL text and JSONB refuse them), no lone surrogates (not UTF-8), integers inside the
64-bit range SQLite binds and the 32-bit range of PostgreSQL `integer` columns, and free-form
JSON bounded in depth and size. Partial updates may omit a field, but a field that is never
NULL in the database may not be sent as `null`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field

MAX_JSON_DEPTH = 20
MAX_JSON_NODES = 10_000
MAX_OFFSET = 10_000_000
MAX_INT32 = 2**31 - 1


def storable_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode (no lone surrogates)") from None
    return value


def _check_json(value: Any) -> None:
    """Walk a decoded JSON value iteratively (a recursive walk could itself overflow)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > MAX_JSON_NODES:
            raise ValueError(f"has more than {MAX_JSON_NODES} values")
        if depth > MAX_JSON_DEPTH:
            raise ValueError(f"is nested deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(node, str):
            storable_text(node)
        elif isinstance(node, int) and not isinstance(node, bool):
            if abs(node) > 2**63 - 1:
                raise ValueError("holds an integer outside the 64-bit range")
        elif isinstance(node, dict):
            for key, item in node.items():
                storable_text(str(key))
                stack.append((item, depth + 1))
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)


def storable_json(value: Any) -> Any:
    _check_json(value)
    return value


def not_null(value: Any) -> Any:
    """For `field_validator(..., mode="before")` on partial updates: omit, don't null."""
    if value is None:
        raise ValueError("may be omitted but not null")
    return value


Text = Annotated[str, AfterValidator(storable_text)]
JsonObject = Annotated[dict[str, Any], AfterValidator(storable_json)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
Version = Annotated[int, Field(ge=1, le=MAX_INT32)]
