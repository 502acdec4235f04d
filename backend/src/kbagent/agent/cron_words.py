"""A cron expression in words, for the schedule form's preview ("At 03:00, every day").

Covers what people write: single values, lists, ranges and steps in each of the five fields,
and the common shapes read naturally; anything else is still described field by field.
Validation is croniter's (schedules.next_fire); this only words an expression it accepts.
"""

from __future__ import annotations

DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_NAMES = {name[:3].lower(): i for i, name in enumerate(DAYS)} | {"7": 0}
_MONTH_NAMES = {name[:3].lower(): i + 1 for i, name in enumerate(MONTHS)}


def _name(field: str, value: str) -> str:
    try:
        if field == "weekday":
            index = _NAMES.get(value)
            return DAYS[index if index is not None else int(value) % 7]
        if field == "month":
            return MONTHS[(_MONTH_NAMES.get(value) or int(value)) - 1]
    except (ValueError, IndexError):
        return value  # a dialect's extra (5L, 15W): said as written
    return value


def _part(field: str, text: str) -> str:
    """One comma-separated part of a field, in words."""
    if "/" in text:
        base, step = text.split("/", 1)
        unit = {"minute": "minutes", "hour": "hours", "day": "days", "month": "months"}.get(
            field, "days"
        )
        start = "" if base in ("*", "") else f" from {_part(field, base)}"
        return f"every {step} {unit}{start}"
    if "-" in text:
        low, high = text.split("-", 1)
        return f"{_name(field, low)} to {_name(field, high)}"
    return _name(field, text)


def _field(field: str, text: str) -> str:
    return ", ".join(_part(field, p) for p in text.split(","))


_CHARS = set("0123456789*/,-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _plain(text: str) -> bool:
    return text.isdigit()


def describe(cron: str) -> str:
    fields = cron.split()
    if len(fields) != 5 or not all(set(f) <= _CHARS for f in fields):
        return f"As the cron expression {cron} says"  # @daily, seconds fields, other dialects
    minute, hour, day, month, weekday = (f.lower() for f in fields)
    if _plain(minute) and hour.startswith("*/"):
        when = f"Every {hour[2:]} hours at minute {int(minute)}"
    elif _plain(minute) and _plain(hour):
        when = f"At {int(hour):02d}:{int(minute):02d}"
    elif _plain(minute) and hour == "*":
        when = f"At minute {int(minute)} of every hour"
    elif minute == "*" and hour == "*":
        when = "Every minute"
    elif minute.startswith("*/") and hour == "*":
        when = f"Every {minute[2:]} minutes"
    elif _plain(minute):
        when = f"At minute {int(minute)} past hour {_field('hour', hour)}"
    else:
        when = f"At minute {_field('minute', minute)}"
        if hour != "*":
            when += f" past hour {_field('hour', hour)}"
    days = []
    if day == "l":
        days.append("on the last day of the month")
    elif day != "*":
        days.append(f"on day {_field('day', day)} of the month")
    if weekday != "*":
        days.append(f"on {_field('weekday', weekday)}")
    if month != "*":
        days.append(f"in {_field('month', month)}")
    if not days:
        days.append("every day")
    return f"{when}, {' and '.join(days[:2])}{' ' + days[2] if len(days) > 2 else ''}"
