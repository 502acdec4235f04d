"""A small HTTP server that follows Ollama's documented API, for testing the Ollama backend.

Endpoints: /api/chat, /api/generate, /api/embed, /api/tags, /api/show, /api/version; streaming
as NDJSON over chunked transfer encoding, the way Ollama sends it. Models with behaviour:

- `tiny` (chat, json), `eye` (chat + vision), `nomic-embed` (embeddings): answer normally;
- `slow`: waits `slow_s` before answering; `trickle`: streams a chunk every 0.1 s forever;
- `broken`: a malformed NDJSON line mid-stream; `cutoff`: the connection drops mid-stream;
- `flaky`: HTTP 503 for the first `flaky_failures` requests, then answers;
- anything else: 404 {"error": "model \"x\" not found, try pulling it first"}.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from harness.ports import free_port

MODELS: dict[str, dict[str, Any]] = {
    "tiny": {"capabilities": ["completion"], "context": 4096},
    "eye": {"capabilities": ["completion", "vision"], "context": 8192},
    "nomic-embed": {"capabilities": ["embedding"], "context": 2048},
    "slow": {"capabilities": ["completion"], "context": 2048},
    "trickle": {"capabilities": ["completion"], "context": 2048},
    "broken": {"capabilities": ["completion"], "context": 2048},
    "cutoff": {"capabilities": ["completion"], "context": 2048},
    "flaky": {"capabilities": ["completion"], "context": 2048},
}
REPLY_WORDS = ["Hello", " from", " the", " tiny", " model", "."]


class OllamaState:
    def __init__(self) -> None:
        self.slow_s = 3.0
        self.flaky_failures = 2
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.lock = threading.Lock()

    def flaky_should_fail(self) -> bool:
        with self.lock:
            hits = sum(
                1
                for path, body in self.requests
                if body.get("model") == "flaky" and path != "/api/show"
            )
            return hits <= self.flaky_failures


def _vector(text: str) -> list[float]:
    digest = hashlib.sha256(text.encode()).digest()
    return [b / 255 for b in digest[:8]]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: OllamaState

    def log_message(self, *_: Any) -> None:
        pass

    # -- plumbing --------------------------------------------------------------------------
    def _json(self, status: int, data: Any) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _line(self, event: dict[str, Any]) -> None:
        self._chunk(json.dumps(event).encode() + b"\n")

    def _end_stream(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _drop(self) -> None:
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    # -- API -------------------------------------------------------------------------------
    def do_GET(self) -> None:
        if self.path == "/api/tags":
            models = [
                {"name": f"{name}:latest", "model": f"{name}:latest", "details": {"family": "x"}}
                for name in MODELS
            ]
            self._json(200, {"models": models})
        elif self.path == "/api/version":
            self._json(200, {"version": "0.12.0"})
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        with self.state.lock:
            self.state.requests.append((self.path, body))
        model = str(body.get("model", "")).removesuffix(":latest")
        if model not in MODELS:
            message = f'model "{model}" not found, try pulling it first'
            self._json(404, {"error": message})
            return
        generating = self.path != "/api/show"
        if generating and model == "flaky" and self.state.flaky_should_fail():
            self._json(503, {"error": "server busy"})
            return
        if generating and model == "slow":
            time.sleep(self.state.slow_s)
        if self.path == "/api/show":
            info = MODELS[model]
            self._json(
                200,
                {
                    "capabilities": info["capabilities"],
                    "model_info": {
                        "general.architecture": "llama",
                        "llama.context_length": info["context"],
                    },
                },
            )
        elif self.path == "/api/embed":
            texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
            self._json(
                200,
                {
                    "model": model,
                    "embeddings": [_vector(t) for t in texts],
                    "prompt_eval_count": sum(len(t.split()) for t in texts),
                },
            )
        elif self.path in ("/api/chat", "/api/generate"):
            self._generate(model, body)
        else:
            self._json(404, {"error": "not found"})

    def _reply_text(self, model: str, body: dict[str, Any]) -> str:
        if body.get("format") is not None:
            return json.dumps({"title": "From the schema", "count": 3})
        if model == "eye":
            images = [i for m in body.get("messages", []) for i in m.get("images", [])]
            return f"I see {len(images)} image(s)."
        return "".join(REPLY_WORDS)

    def _generate(self, model: str, body: dict[str, Any]) -> None:
        chat = self.path == "/api/chat"
        prompt_count = len(json.dumps(body.get("messages") or body.get("prompt")).split())
        final = {
            "model": model,
            "done": True,
            "done_reason": "stop",
            "prompt_eval_count": prompt_count,
            "eval_count": len(REPLY_WORDS),
        }
        if not body.get("stream", True):
            text = self._reply_text(model, body)
            piece = (
                {"message": {"role": "assistant", "content": text}} if chat else {"response": text}
            )
            self._json(200, final | piece)
            return
        self._start_stream()
        words = REPLY_WORDS if model != "trickle" else iter(lambda: "tick ", None)
        for index, word in enumerate(words):
            if model == "broken" and index == 2:
                self._chunk(b'{"message": {"content": "oops"\n')
            if model == "cutoff" and index == 3:
                self._drop()
                return
            if model == "trickle":
                time.sleep(0.1)
            piece = (
                {"message": {"role": "assistant", "content": word}} if chat else {"response": word}
            )
            try:
                self._line({"model": model, "done": False} | piece)
            except (BrokenPipeError, ConnectionResetError):
                return  # the client cancelled
        self._line(
            final
            | ({"message": {"role": "assistant", "content": ""}} if chat else {"response": ""})
        )
        self._end_stream()


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # dropped connections are the point of some models here


@contextmanager
def run_ollama() -> Iterator[tuple[str, OllamaState]]:
    state = OllamaState()
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = QuietServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
