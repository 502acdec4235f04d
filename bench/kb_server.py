"""`kbagent serve` with the hashed bag-of-words embedder wired in, in its own process.

The application gets its embedder from the AI layer; until that is wired, the search
benchmark serves the app through this launcher so vector and hybrid search are enabled.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    import uvicorn

    sys.path.insert(0, str(ROOT / "backend" / "tests"))
    from knowledge.fakes import HashEmbedder

    from kbagent.config import load_settings
    from kbagent.main import create_app

    settings = load_settings()
    app = create_app(settings)
    app.state.kb_embedder = HashEmbedder(settings.embedding_dim)
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")


@contextmanager
def serve(data_dir: Path, database_url: str, port: int) -> Iterator[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KBAGENT_")}
    env |= {
        "KBAGENT_DATA_DIR": str(data_dir),
        "KBAGENT_DATABASE_URL": database_url,
        "KBAGENT_LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, __file__, str(port)], env=env, stdout=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                httpx.get(f"{base}/api/v1/system/health", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the benchmark server did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


if __name__ == "__main__":
    main()
