"""Structured output: a Pydantic schema in, a validated object out.

The full JSON schema goes once, to the server's JSON/grammar mode (when it has one); the prompt
carries only a compact field list, because a schema in the prompt costs hundreds of tokens
that small context windows do not have. A reply that is not valid for the schema is answered
with the validation error for a repair, up to `repairs` times; each repair restarts from the
original conversation (never the growing history) and stays inside the token budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from kbagent.ai.base import Completion, Message, Options, Usage
from kbagent.ai.budget import Budget
from kbagent.errors import AIServiceError

T = TypeVar("T", bound=BaseModel)

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)
_BAD_REPLY_CHARS = 600  # of an invalid reply quoted back in a repair turn
_EOF = "EOF while parsing"  # pydantic's message for JSON that stops before it is closed
_TYPES = {"string": "text", "integer": "integer", "number": "number", "boolean": "true/false"}


@dataclass(frozen=True)
class Structured(Generic[T]):
    value: T
    completion: Completion  # the last reply; usage summed over every attempt
    attempts: int


def extract_json(text: str) -> str:
    """The JSON object in a reply that may wrap it in prose or a code fence."""
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1)
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if start != -1 and end > start else text.strip()


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return dict(root.get("$defs", {}).get(ref.removeprefix("#/$defs/"), {}))
    branches = [b for b in node.get("anyOf", []) if b.get("type") != "null"]
    return _resolve(branches[0], root) if branches else node


def _shape(node: dict[str, Any], root: dict[str, Any]) -> str:
    node = _resolve(node, root)
    if "enum" in node:
        return "one of " + "|".join(map(str, node["enum"]))
    kind = node.get("type", "object")
    if kind == "array":
        return f"list of {_shape(node.get('items', {}), root)}"
    if kind == "object":
        fields = node.get("properties", {})
        return "{" + ", ".join(f"{n}: {_shape(f, root)}" for n, f in fields.items()) + "}"
    return _TYPES.get(str(kind), str(kind))


def field_list(schema: dict[str, Any]) -> str:
    """The schema as one line per field, e.g. `- tags: list of text (3-6 short topic tags)`."""
    required = set(schema.get("required", []))
    lines = []
    for name, node in schema.get("properties", {}).items():
        note = str(node.get("description") or "")
        if name not in required:
            note = f"{note}; optional" if note else "optional"
        lines.append(f"- {name}: {_shape(node, schema)}" + (f" ({note})" if note else ""))
    return "\n".join(lines)


@cache
def json_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """The schema's JSON schema, built once per schema class (it costs more than a model call's
    own HTTP work). Shared: callers must not change it."""
    return schema.model_json_schema()


@cache
def instructions(schema: type[BaseModel]) -> str:
    return "Reply with one JSON object and nothing else. Its fields:\n" + field_list(
        json_schema(schema)
    )


def with_instructions(schema: type[BaseModel], messages: list[Message]) -> list[Message]:
    """The instructions joined to the caller's system message (one system turn, not two)."""
    if messages and messages[0].role == "system":
        first = messages[0]
        joined = Message("system", f"{first.content}\n\n{instructions(schema)}", first.images)
        return [joined, *messages[1:]]
    return [Message("system", instructions(schema)), *messages]


def repair_turn(
    conversation: list[Message], reply: str, problem: str, budget: Budget | None, answer: int
) -> list[Message]:
    """The conversation for the next try: the original one, the (shortened) invalid reply and
    what was wrong with it; without the reply when that would not fit the window, and plainly
    the original conversation when even the correction does not fit."""
    fix = f"That reply was invalid ({problem[:300]}). Reply again with only the corrected JSON."
    quoted = reply if len(reply) <= _BAD_REPLY_CHARS else reply[:_BAD_REPLY_CHARS] + " …"
    candidates = [
        [*conversation, Message("assistant", quoted), Message("user", fix)],
        [
            *conversation[:-1],
            Message(conversation[-1].role, f"{conversation[-1].content}\n\n({fix})"),
        ],
    ]
    for candidate in candidates:
        if budget is None or budget.fits(candidate, answer):
            return candidate
    return conversation


def generate_structured(
    chat: Callable[[list[Message], Options], Completion],
    schema: type[T],
    messages: list[Message],
    options: Options | None = None,
    repairs: int = 2,
    budget: Budget | None = None,
) -> Structured[T]:
    """Ask `chat` (a routed or bound model) for `schema`; repair invalid replies."""
    base = options or Options()
    options = Options(base.max_tokens, base.temperature, json_schema(schema), base.extra)
    original = with_instructions(schema, messages)
    conversation = original
    prompt_tokens = completion_tokens = 0
    problem = ""
    attempt = 0
    while attempt <= repairs:
        attempt += 1
        completion = chat(conversation, options)
        prompt_tokens += completion.usage.prompt_tokens
        completion_tokens += completion.usage.completion_tokens
        try:
            value = schema.model_validate_json(extract_json(completion.text))
        except ValidationError as exc:
            problem = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'reply'}: {e['msg']}" for e in exc.errors()[:5]
            )
            if _EOF in problem:
                # The reply stopped mid-object: it ran out of tokens (small models ramble
                # until the limit); asked again, it would run out the same way.
                break
            answer = options.max_tokens or 512
            conversation = repair_turn(original, completion.text, problem, budget, answer)
            continue
        total = Usage(prompt_tokens, completion_tokens)
        summed = Completion(completion.text, completion.model, total, completion.latency_s)
        return Structured(value, summed, attempt)
    raise AIServiceError(
        f"Model {completion.model} gave no valid {schema.__name__} after {attempt} tries.",
        {
            "backend": completion.model.split(":", 1)[0],
            "model": completion.model,
            "cause": f"invalid structured output: {problem}",
        },
    )
