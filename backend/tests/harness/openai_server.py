"""A deterministic model server speaking the OpenAI-compatible wire protocol.

It stands in for a real model wherever a test or benchmark needs kbagent's own behaviour and
not a model's: the pipeline, chat and their benchmarks. It is a real HTTP server, so it works
from any process (API, Celery workers). Wire format: `GET /v1/models`,
`POST /v1/chat/completions` (JSON or SSE streaming; `response_format` json_schema answered with
an object valid for the schema), `POST /v1/embeddings` (hashed bag-of-words unit vectors).
Notes (`KBItemDraft`, `PartialNote`) are built from the prompt's own sentences, so they read
like notes. With `context_window` set, a request whose prompt and `max_tokens` exceed it gets
the 400 a real server sends (tokens counted as 4 characters, as common tokenizers average).

`POST /v1/_control` with `{"down": true}` or `{"delay": 0.5}` changes the state from another
process; it answers the state and how many model requests were `received` (`{}` just reads).
Run standalone: `python -m harness.openai_server PORT [DELAY_SECONDS]`.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ai.fake import fake_vector, instance_for

from harness.ports import free_port

# "weak" answers like a model too small to be trusted: it fails the capability self-test.
MODELS = ("writer", "writer-vision", "embedder", "weak")
# What `POST /v1/_control` may set: a model that is down, or slow.
CONTROLLABLE = frozenset({"down", "delay"})
_SCHEMA_IN_PROMPT = re.compile(r"JSON schema:\n(\{.*\})", re.S)
_SOURCE = re.compile(r"^\[(\d+)\] (.+)$", re.M)


class State:
    def __init__(self, delay: float = 0.0, dim: int = 384) -> None:
        self.delay = delay  # seconds before each answer: a slow model
        self.dim = dim
        self.down = False  # every request gets 503
        # Streaming pace, for cancel and mid-stream failure tests:
        self.word_delay = 0.0  # seconds between streamed words
        self.die_after: int | None = None  # drop the connection after this many words
        self.padding = 0  # extra words after the reply, to make a long answer
        self.reply: str | None = None  # a fixed chat reply instead of the grounded-looking one
        self.chat_requests = 0
        self.self_tests = 0  # of chat_requests: capability self-test questions
        self.context_window: int | None = None  # tokens; None: unlimited
        self.largest_request = 0  # tokens of the largest prompt + max_tokens seen
        # Every POST as received (path, headers, JSON body): tests assert on what was sent.
        self.requests: deque[dict[str, Any]] = deque(maxlen=2000)
        self.received = 0  # model requests ever received (the deque keeps only the last ones)
        self.lock = threading.Lock()
        # How many POSTs it serves at once (None: any number; more wait their turn), and the
        # most it was seen serving at once: tests assert on overlap, never on time.
        self.parallel: int | None = None
        self.in_flight = 0
        self.peak_in_flight = 0
        self._slots: threading.BoundedSemaphore | None = None

    def slots(self) -> threading.BoundedSemaphore | None:
        with self.lock:
            if self.parallel is not None and (
                self._slots is None or self._slots._initial_value != self.parallel  # type: ignore[attr-defined]
            ):
                self._slots = threading.BoundedSemaphore(self.parallel)
            return self._slots if self.parallel is not None else None


def reply_for(messages: list[dict[str, Any]]) -> str:
    """A grounded-looking answer: cite the first numbered source the prompt offers."""
    text = "\n".join(str(m.get("content", "")) for m in messages)
    sources = _SOURCE.findall(text)
    if sources:
        number, title = sources[0]
        return f"According to your notes, {title.strip()} covers this [{number}]."
    question = str(messages[-1].get("content", "")) if messages else ""
    return f"You asked: {question[:200]}"


def categorise(messages: list[dict[str, Any]]) -> dict[str, Any]:
    """Items file under the first word of their title (the digest's first line), so
    categories fill up predictably: the stand-in always names a new category."""
    prompt = str(messages[-1].get("content", "")) if messages else ""
    title = re.search(r"^Item:\n(.+)$", prompt, re.M)
    word = re.sub(r"\W+", "", (title.group(1).split() or ["misc"])[0].lower()) if title else "misc"
    return {"choice": 0, "main_category": "software", "sub_category": word or "misc"}


def self_test_answer(messages: list[dict[str, Any]]) -> dict[str, int]:
    """The stand-in passes the capability self-test, as an able model would."""
    from kbagent.ai.profile import SELF_TESTS

    prompt = str(messages[-1].get("content", "")) if messages else ""
    for item, _, answer in SELF_TESTS:
        if item in prompt:
            return {"choice": answer}
    return {"choice": 0}


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _content_sentences(messages: list[dict[str, Any]]) -> list[str]:
    prompt = str(messages[-1].get("content", "")) if messages else ""
    content = prompt.split("Content:\n", 1)[-1]
    found: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=[-*#] )", content):  # paragraphs and list items
        if block.lstrip().startswith(("|", "`")):
            continue
        prose = " ".join(block.lstrip("-#* ").split())
        found += [s for s in _SENTENCE_END.split(prose) if 4 <= len(s.split()) <= 50]
    return found


def note(messages: list[dict[str, Any]], schema_title: str) -> dict[str, Any]:
    """A note that quotes the prompt: the first sentences, then the rest as one section."""
    found = _content_sentences(messages) or ["The source has no sentences to note here."]
    if schema_title == "PartialNote":
        return {"key_points": found[:3]}
    prompt = str(messages[-1].get("content", ""))
    title = re.search(r"^Title: (.+)$", prompt, re.M)
    words = [w for w in re.findall(r"[a-z]{5,}", " ".join(found).lower())]
    tags = sorted(set(words), key=lambda w: (-words.count(w), w))[:3] or ["notes"]
    return {
        "title": title.group(1).strip() if title else found[0][:80],
        "meta_description": found[0][:160],
        "introduction": " ".join(found[:2]),
        "sections": [{"heading": "In detail", "paragraphs": found[2:6] or found[:1]}],
        "tags": tags,
    }


def _tokens(body: dict[str, Any]) -> int:
    text = "".join(str(m.get("content", "")) for m in body.get("messages", []))
    return len(text) // 4 + 8 * len(body.get("messages", [])) + int(body.get("max_tokens") or 0)


def _schema(body: dict[str, Any]) -> dict[str, Any] | None:
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return dict(fmt["json_schema"]["schema"])
    if fmt.get("type") == "json_object":
        if isinstance(fmt.get("schema"), dict):
            return dict(fmt["schema"])
        for message in body.get("messages", []):
            found = _SCHEMA_IN_PROMPT.search(str(message.get("content", "")))
            if found:
                return dict(json.loads(found.group(1)))
    return None


class Handler(BaseHTTPRequestHandler):
    state: State
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm on, the client's delayed
    # ACK stalls every response by ~40 ms, which would be charged to kbagent in benchmarks.
    disable_nagle_algorithm = True

    def log_message(self, *_: Any) -> None:
        pass

    def _json(self, status: int, data: Any) -> None:
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/v1/models":
            self._json(
                200, {"object": "list", "data": [{"id": m, "object": "model"} for m in MODELS]}
            )
        else:
            self._json(404, {"error": {"message": "not found"}})

    def do_POST(self) -> None:
        slots = self.state.slots()
        if slots is not None:
            slots.acquire()
        with self.state.lock:
            self.state.in_flight += 1
            self.state.peak_in_flight = max(self.state.peak_in_flight, self.state.in_flight)
        try:
            self._post()
        finally:
            with self.state.lock:
                self.state.in_flight -= 1
            if slots is not None:
                slots.release()

    def _post(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        if self.path == "/v1/_control":  # another process (the browser test) sets the state
            with self.state.lock:
                for name in CONTROLLABLE & body.keys():
                    setattr(self.state, name, body[name])
            answer = {name: getattr(self.state, name) for name in sorted(CONTROLLABLE)}
            self._json(200, {**answer, "received": self.state.received})
            return
        with self.state.lock:
            self.state.received += 1
            self.state.requests.append(
                {"path": self.path, "headers": dict(self.headers.items()), "body": body}
            )
        if self.state.down:
            self._json(503, {"error": {"message": "model server overloaded"}})
            return
        if self.state.delay:
            time.sleep(self.state.delay)
        if self.path == "/v1/embeddings":
            texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
            data = [
                {"object": "embedding", "index": i, "embedding": fake_vector(t, self.state.dim)}
                for i, t in enumerate(texts)
            ]
            tokens = sum(len(t.split()) for t in texts)
            self._json(
                200,
                {
                    "object": "list",
                    "data": data,
                    "model": body.get("model"),
                    "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
                },
            )
        elif self.path == "/v1/chat/completions":
            tokens = _tokens(body)
            with self.state.lock:
                self.state.chat_requests += 1
                self.state.largest_request = max(self.state.largest_request, tokens)
            window = self.state.context_window
            if window is not None and tokens > window:
                message = f"This model's maximum context length is {window} tokens; the request"
                self._json(400, {"error": {"message": f"{message} has {tokens}."}})
                return
            self._chat(body)
        else:
            self._json(404, {"error": {"message": "not found"}})

    def _reply(self, messages: list[dict[str, Any]]) -> str:
        return reply_for(messages) if self.state.reply is None else self.state.reply

    def _chat(self, body: dict[str, Any]) -> None:
        messages = body.get("messages", [])
        schema = _schema(body)
        seed = json.dumps(messages[-1:])
        if schema and schema.get("title") == "CategoryPick":
            text = json.dumps(categorise(messages))
        elif schema and schema.get("title") in ("KBItemDraft", "PartialNote"):
            text = json.dumps(note(messages, str(schema["title"])))
        elif schema and schema.get("title") == "Pick":
            with self.state.lock:
                self.state.self_tests += 1
            able = body.get("model") != "weak"
            text = json.dumps(self_test_answer(messages) if able else {"choice": 0})
        else:
            text = json.dumps(instance_for(schema, seed)) if schema else self._reply(messages)
        usage = {
            "prompt_tokens": len(json.dumps(messages).split()),
            "completion_tokens": len(text.split()),
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        if not body.get("stream"):
            choice = {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": text},
            }
            self._json(
                200,
                {
                    "id": "fake",
                    "object": "chat.completion",
                    "model": body.get("model"),
                    "choices": [choice],
                    "usage": usage,
                },
            )
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        words = (re.findall(r"\S+\s*", text) or [text]) + [" more"] * self.state.padding
        try:
            for index, word in enumerate(words):
                if self.state.die_after is not None and index >= self.state.die_after:
                    self.wfile.flush()
                    self.connection.close()  # the model server dies mid-answer
                    return
                if self.state.word_delay:
                    time.sleep(self.state.word_delay)
                event = {
                    "id": "fake",
                    "object": "chat.completion.chunk",
                    "model": body.get("model"),
                    "choices": [{"index": 0, "delta": {"content": word}}],
                }
                self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                self.wfile.flush()
            last = {
                "id": "fake",
                "object": "chat.completion.chunk",
                "model": body.get("model"),
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                "usage": usage,
            }
            self.wfile.write(f"data: {json.dumps(last)}\n\ndata: [DONE]\n\n".encode())
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextmanager
def run_openai_server(delay: float = 0.0, port: int | None = None) -> Iterator[tuple[str, State]]:
    """Yields (base URL ending in /v1, state)."""
    state = State(delay)
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = _Server(("127.0.0.1", port or free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", state
    finally:
        server.shutdown()
        server.server_close()


def model_settings(base_url: str) -> dict[str, Any]:
    """Settings that route every phase to this server."""
    return {
        "openai_base_url": base_url,
        "openai_json_mode": "json_schema",
        "model_vision": "openai:writer-vision",
        "model_categorisation": "openai:writer",
        "model_kb_generation": "openai:writer",
        "model_synthesis": "openai:writer",
        "model_chat": "openai:writer",
        "model_embeddings": "openai:embedder",
    }


if __name__ == "__main__":
    with run_openai_server(float(sys.argv[2]) if len(sys.argv) > 2 else 0.0, int(sys.argv[1])):
        threading.Event().wait()
