"""A streaming model whose pace and death are controlled: for cancel and mid-stream failure.

OpenAI-compatible (`/v1/models`, streamed `/v1/chat/completions`); it answers like the
deterministic model server (citing the first numbered source), one word per `word_delay`
seconds, and with `die_after` set it drops the connection after that many words.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from harness.openai_server import reply_for
from harness.ports import free_port


@dataclass
class Pace:
    word_delay: float = 0.0
    die_after: int | None = None
    padding: int = 0  # extra words after the reply, to make a long answer
    requests: int = 0


class _Handler(BaseHTTPRequestHandler):
    pace: Pace
    protocol_version = "HTTP/1.1"

    def log_message(self, *_: Any) -> None:
        pass

    def do_GET(self) -> None:
        payload = json.dumps({"object": "list", "data": [{"id": "writer"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        self.pace.requests += 1
        words = [w + " " for w in reply_for(body.get("messages", [])).split()]
        words += ["more "] * self.pace.padding
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for index, word in enumerate(words):
                if self.pace.die_after is not None and index >= self.pace.die_after:
                    self.wfile.flush()
                    self.connection.close()  # the backend dies mid-answer
                    return
                event = {"choices": [{"index": 0, "delta": {"content": word}}]}
                self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                self.wfile.flush()
                time.sleep(self.pace.word_delay)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@contextmanager
def run_stream_model() -> Iterator[tuple[str, Pace]]:
    pace = Pace()
    server = _Server(("127.0.0.1", free_port()), type("H", (_Handler,), {"pace": pace}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", pace
    finally:
        server.shutdown()
        server.server_close()
