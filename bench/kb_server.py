"""`kbagent serve` with the hashed bag-of-words embedder wired in, in its own process.

The application gets its embedder from the AI layer; until that is wired, the search
benchmark serves the app through this launcher so vector and hybrid search are enabled.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
def serve(
    data_dir: Path, database_url: str, port: int, extra_env: dict[str, str] | None = None
) -> Iterator[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KBAGENT_")}
    env |= {
        "KBAGENT_DATA_DIR": str(data_dir),
        "KBAGENT_DATABASE_URL": database_url,
        "KBAGENT_LOG_LEVEL": "WARNING",
        **(extra_env or {}),
    }
    from harness import admin  # the caller has put backend/tests on the path
    from harness.server import serve_command

    from kbagent.config import load_settings

    admin.provision(load_settings(data_dir=data_dir, database_url=database_url))

    with serve_command([sys.executable, __file__, str(port)], env, port) as base:
        yield base


if __name__ == "__main__":
    main()
