"""Structured output: a Pydantic schema in, a validated object out.

The schema goes to the server's JSON/grammar mode (when it has one) and into the prompt; a reply
that is not valid JSON for the schema is sent back with the validation error for a repair, up
to `repairs` times.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from kbagent.ai.base import Completion, Message, Options, Usage
from kbagent.errors import AIServiceError

T = TypeVar("T", bound=BaseModel)

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


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


def instructions(schema: type[BaseModel]) -> str:
    return (
        "Reply with one JSON object and nothing else. It must validate against this JSON "
        f"schema:\n{json.dumps(schema.model_json_schema(), separators=(',', ':'))}"
    )


def generate_structured(
    chat: Callable[[list[Message], Options], Completion],
    schema: type[T],
    messages: list[Message],
    options: Options | None = None,
    repairs: int = 2,
) -> Structured[T]:
    """Ask `chat` (a routed or bound model) for `schema`; repair invalid replies."""
    base = options or Options()
    options = Options(base.max_tokens, base.temperature, schema.model_json_schema(), base.extra)
    conversation = [Message("system", instructions(schema)), *messages]
    prompt_tokens = completion_tokens = 0
    problem = ""
    for attempt in range(1, repairs + 2):
        completion = chat(conversation, options)
        prompt_tokens += completion.usage.prompt_tokens
        completion_tokens += completion.usage.completion_tokens
        try:
            value = schema.model_validate_json(extract_json(completion.text))
        except ValidationError as exc:
            problem = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'reply'}: {e['msg']}" for e in exc.errors()[:5]
            )
            conversation = [
                *conversation,
                Message("assistant", completion.text),
                Message(
                    "user",
                    f"That reply was invalid ({problem}). Reply again with only "
                    "the corrected JSON object.",
                ),
            ]
            continue
        total = Usage(prompt_tokens, completion_tokens)
        summed = Completion(completion.text, completion.model, total, completion.latency_s)
        return Structured(value, summed, attempt)
    raise AIServiceError(
        f"Model {completion.model} gave no valid {schema.__name__} after {repairs + 1} tries.",
        {
            "backend": completion.model.split(":", 1)[0],
            "model": completion.model,
            "cause": f"invalid structured output: {problem}",
        },
    )
