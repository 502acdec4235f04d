"""One chat turn: store the question, retrieve, stream the answer, store the answer once.

The model interface is synchronous, so the model is read in a thread whose chunks cross to the
event loop through a queue. The answer is written to the database only when it ends: as
`complete`, or as `failed`/`cancelled` with its error, so no half-written answer ever looks
complete. Nothing relevant retrieved means an explicit not-found answer, without a model call.

Every answer cites: a weak model's answer is not asked for (the extractive answer, quotes of
the sources, is streamed instead), and a model answer whose citations the sources do not
support is replaced by the extractive answer (a `chat.replaced` event carries the new text
before `chat.done`). `metrics.strategy` records which one answered (chat/strategy.py).
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio.to_thread
from sqlalchemy.orm import Session

from kbagent.ai import profile as profiles
from kbagent.ai.base import Completion, Options
from kbagent.ai.routing import AI
from kbagent.chat import citing, context, extractive, grounding, retrieval, service
from kbagent.chat.inflight import Inflight, Live
from kbagent.chat.schemas import MessageRead, MessageStatus
from kbagent.chat.strategy import Strategy, extractive_first
from kbagent.config import Settings
from kbagent.db import Database, new_id
from kbagent.errors import KbagentError
from kbagent.knowledge.search.vectors import Embedder

log = logging.getLogger(__name__)
HISTORY = 6
NOT_FOUND = (
    "This is not in your knowledge base: none of your saved items or syntheses covers it, "
    "so I won't guess. Try other words, or add a source about it."
)
_STREAM_PIECE = re.compile(r"(?:\S+\s*){1,8}|\s+")  # the extractive answer, eight words a token

T = TypeVar("T")
Emit = Callable[[str, dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class ChatEnv:
    """What answering needs; `ai` and `settings` are looked up at each use, so an admin's
    change (a chat model, the answer strategy) reaches a chat already open."""

    database: Database
    live_ai: Callable[[], AI]
    embedder: Embedder | None
    live_settings: Callable[[], Settings]
    inflight: Inflight

    @property
    def ai(self) -> AI:
        return self.live_ai()

    @property
    def settings(self) -> Settings:
        return self.live_settings()


@dataclass(frozen=True)
class _Prepared:
    session_id: str
    question: str
    model: str | None
    history: list[tuple[str, str]]
    user_message: MessageRead | None


def _prepare(
    session: Session, session_id: str, content: str, model: str | None, retry_of: str | None
) -> _Prepared:
    user_message = None
    if retry_of is not None:
        session_id, content = service.take_for_retry(session, retry_of)
        chat = service.get_session(session, session_id)
        history = service.history(session, session_id, HISTORY + 1)
        if history and history[-1] == ("user", content):
            history = history[:-1]
    else:
        chat = service.open_session(session, session_id)
        history = service.history(session, session_id, HISTORY)
        row = service.add_user_message(session, session_id, content)
        user_message = MessageRead.model_validate(row)
    return _Prepared(session_id, content, model or chat.model, history, user_message)


async def run_turn(
    env: ChatEnv,
    session_id: str,
    content: str,
    model: str | None,
    emit: Emit,
    *,
    retry_of: str | None = None,
    message_id: str | None = None,
) -> MessageRead:
    """Answer one question; events go to `emit`; returns the stored answer."""
    started = time.perf_counter()
    prepared = await _write(env, _prepare, session_id, content, model, retry_of)
    message_id = message_id or new_id()
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

    def put(kind: str, value: Any) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, (kind, value))

    cancel = threading.Event()
    with env.inflight.lock:
        env.inflight.turns[message_id] = Live(cancel, lambda: put("cancel", None))
    listening = True

    async def send(kind: str, payload: dict[str, Any]) -> None:
        nonlocal listening
        if not listening:
            return
        try:
            await emit(kind, payload)
        except Exception:  # the client went away: stop the model, still store the answer
            listening = False
            cancel.set()

    try:
        await send(
            "chat.typing",
            {
                "session_id": prepared.session_id,
                "message_id": message_id,
                "user_message": prepared.user_message.model_dump(mode="json")
                if prepared.user_message
                else None,
            },
        )
        return await _answer(env, prepared, message_id, cancel, queue, put, send, started)
    finally:
        with env.inflight.lock:
            env.inflight.turns.pop(message_id, None)


async def _answer(
    env: ChatEnv,
    prepared: _Prepared,
    message_id: str,
    cancel: threading.Event,
    queue: asyncio.Queue[tuple[str, Any]],
    put: Callable[[str, Any], None],
    send: Emit,
    started: float,
) -> MessageRead:
    metrics: dict[str, Any] = {}
    previous = [c for r, c in prepared.history if r == "user"]
    query = retrieval.rewrite(prepared.question, previous)
    found = await anyio.to_thread.run_sync(_retrieve, env, query)
    metrics["retrieval_ms"] = round((time.perf_counter() - started) * 1000, 3)
    if not found:
        metrics["strategy"] = Strategy.NOT_FOUND.value
        await send("chat.token", {"message_id": message_id, "text": NOT_FOUND})
        return await _finish(
            env, prepared, message_id, NOT_FOUND, MessageStatus.COMPLETE, None, [], None,
            citing.stats(query, None), metrics, send,
        )  # fmt: skip
    model = prepared.model
    ctx: context.Context | None = None
    parts: list[str] = []
    completion: Completion | None = None
    error: str | None = None
    quote = False
    try:
        window = env.ai.capabilities("chat", model).context_window
        ctx = context.build(found, context.budget(window, prepared.question, prepared.history))
        reliable = await anyio.to_thread.run_sync(_reliable, env, model)
        quote = extractive_first(env.settings.chat_answer_strategy, reliable, window)
        if not quote:
            prompt = context.messages(ctx, prepared.question, prepared.history)

            def work() -> None:
                try:
                    options = Options(max_tokens=context.ANSWER_TOKENS)
                    stream = env.ai.stream("chat", prompt, options, model=model, cancel=cancel)
                    with stream:
                        for chunk in stream:
                            put("token", chunk)
                        put("end", stream.completion)
                except KbagentError as exc:
                    put("error", exc.message)
                except Exception as exc:
                    log.warning("chat stream failed", exc_info=True)
                    put("error", f"{type(exc).__name__}: {exc}")

            threading.Thread(target=work, name=f"chat-{message_id}", daemon=True).start()
            while True:
                kind, value = await queue.get()
                if kind == "token":
                    if not parts:
                        metrics["ttft_ms"] = round((time.perf_counter() - started) * 1000, 3)
                    parts.append(value)
                    await send("chat.token", {"message_id": message_id, "text": value})
                elif kind == "end":
                    completion = value
                    break
                elif kind == "error":
                    error = str(value)
                    break
                else:  # cancel
                    break
    except KbagentError as exc:
        error = exc.message
    if quote and ctx is not None:
        return await _quote(env, prepared, message_id, query, ctx, metrics, send, started)
    text = completion.text if completion is not None else "".join(parts)
    metrics["total_ms"] = round((time.perf_counter() - started) * 1000, 3)
    metrics["chunks"] = len(parts)
    if completion is not None:
        metrics["prompt_tokens"] = completion.usage.prompt_tokens
        metrics["completion_tokens"] = completion.usage.completion_tokens
    used = ctx.sources if ctx else []
    text, cited = citing.citations(text, len(used))
    metrics["strategy"] = Strategy.MODEL.value
    if completion is not None and not cancel.is_set():
        text, cited = await _verified(env, prepared.question, text, used, metrics)
        if metrics["strategy"] != Strategy.MODEL.value:
            await send("chat.replaced", {"message_id": message_id, "text": text})
    if cancel.is_set() and error is None and (completion is None or not completion.text):
        status = MessageStatus.CANCELLED
    elif completion is None or cancel.is_set():
        status = MessageStatus.CANCELLED if error is None else MessageStatus.FAILED
    else:
        status = MessageStatus.COMPLETE
    if status is MessageStatus.FAILED and error is None:
        error = "The model stopped before finishing the answer."
    model_used = completion.model if completion is not None else model
    return await _finish(
        env, prepared, message_id, text, status, model_used, citing.sources(used, cited), error,
        citing.stats(query, ctx), metrics, send,
    )  # fmt: skip


async def _verified(
    env: ChatEnv,
    question: str,
    text: str,
    used: list[retrieval.Retrieved],
    metrics: dict[str, Any],
) -> tuple[str, set[int]]:
    """The model's answer if a citation of it is supported, else the extractive answer."""
    verdict = grounding.check(text, used)
    metrics["unsupported_citations"] = verdict.unsupported
    if verdict.supported:
        return verdict.text, verdict.supported
    metrics["strategy"] = Strategy.EXTRACTIVE_FALLBACK.value
    metrics["rejected_answer"] = text[:2000]
    return await anyio.to_thread.run_sync(extractive.answer, question, used, env.embedder)


async def _quote(
    env: ChatEnv,
    prepared: _Prepared,
    message_id: str,
    query: str,
    ctx: context.Context,
    metrics: dict[str, Any],
    send: Emit,
    started: float,
) -> MessageRead:
    """The extractive answer, streamed like a model's, with no model call."""
    text, cited = await anyio.to_thread.run_sync(
        extractive.answer, prepared.question, ctx.sources, env.embedder
    )
    metrics["strategy"] = Strategy.EXTRACTIVE.value
    metrics["ttft_ms"] = round((time.perf_counter() - started) * 1000, 3)
    pieces = _STREAM_PIECE.findall(text)
    for piece in pieces:
        await send("chat.token", {"message_id": message_id, "text": piece})
    metrics["chunks"] = len(pieces)
    metrics["total_ms"] = round((time.perf_counter() - started) * 1000, 3)
    return await _finish(
        env, prepared, message_id, text, MessageStatus.COMPLETE, None,
        citing.sources(ctx.sources, cited), None, citing.stats(query, ctx), metrics, send,
    )  # fmt: skip


def _reliable(env: ChatEnv, model: str | None) -> bool | None:
    """The profile's verdict on the model that would answer (the session's, or the phase's)."""
    if env.settings.chat_answer_strategy != "auto":
        return None
    found = profiles.profile(env.ai, "chat", env.settings.data_dir, model)
    return None if found.json_reliability is None else found.reliable


def _retrieve(env: ChatEnv, query: str) -> list[retrieval.Retrieved]:
    with env.database.reader() as session:
        return retrieval.retrieve(session, query, env.embedder, env.settings)


async def _finish(
    env: ChatEnv,
    prepared: _Prepared,
    message_id: str,
    text: str,
    status: MessageStatus,
    model: str | None,
    sources: list[dict[str, Any]],
    error: str | None,
    stats: dict[str, Any],
    metrics: dict[str, Any],
    send: Emit,
) -> MessageRead:
    def store(session: Session) -> MessageRead:
        row = service.add_assistant_message(
            session, message_id, prepared.session_id, text, status=status, model=model,
            sources=sources, context_stats=stats, error=error, metrics=metrics,
        )  # fmt: skip
        return MessageRead.model_validate(row)

    # Shielded: a client that disconnects must not stop the answer being stored.
    with anyio.CancelScope(shield=True):
        stored = await _write(env, store)
        kind = {"complete": "chat.done", "failed": "chat.failed", "cancelled": "chat.cancelled"}
        payload: dict[str, Any] = {"message": stored.model_dump(mode="json")}
        if status is MessageStatus.FAILED:
            payload["retry"] = f"/api/v1/chat/messages/{message_id}/retry"
        await send(kind[status.value], payload)
    return stored


async def _write(env: ChatEnv, fn: Callable[..., T], *args: Any) -> T:
    def work() -> T:
        with env.database.writer() as session:
            result = fn(session, *args)
            session.commit()
            return result

    return await anyio.to_thread.run_sync(work)
