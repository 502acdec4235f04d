"""Loaded by every Python process the pipeline bench starts (its directory leads PYTHONPATH):
counts the process's SQL statements and write transactions with SQLAlchemy event listeners and
writes them with the process's CPU time to `$KBBENCH_STATS_DIR/<pid>.json` every 0.2 s.

Bench-only instrumentation: kbagent itself knows nothing of it.
"""

from __future__ import annotations

import json
import os
import threading
import time
from typing import Any

_DIR = os.environ.get("KBBENCH_STATS_DIR")
_WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE")


def _install(directory: str) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    counts = {"sql": 0, "write_txn": 0, "txn": 0}
    shapes: dict[str, int] = {}  # with KBBENCH_SQL_SHAPES set: statements by their start
    keep_shapes = bool(os.environ.get("KBBENCH_SQL_SHAPES"))
    lock = threading.Lock()

    def executed(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        head = statement.lstrip()[:16].upper()
        if head.startswith("BEGIN") and not head.startswith("BEGIN IMMEDIATE"):
            return
        if head.startswith(_WRITES) or "FOR UPDATE" in statement[-40:].upper():
            conn.info["kbbench_wrote"] = True
        with lock:
            counts["sql"] += 0 if head.startswith("BEGIN") else 1
            if keep_shapes:
                shape = " ".join(statement.split())[:90]
                shapes[shape] = shapes.get(shape, 0) + 1

    def ended(conn: Any) -> None:
        wrote = conn.info.pop("kbbench_wrote", False)
        with lock:
            counts["txn"] += 1
            counts["write_txn"] += 1 if wrote else 0

    def rolled_back(conn: Any) -> None:
        conn.info.pop("kbbench_wrote", None)

    event.listen(Engine, "before_cursor_execute", executed)
    event.listen(Engine, "commit", ended)
    event.listen(Engine, "rollback", rolled_back)

    def dump() -> None:
        path = os.path.join(directory, f"{os.getpid()}.json")
        while True:
            with lock:
                data: dict[str, Any] = dict(counts, cpu_s=time.process_time())
                if keep_shapes:
                    data["shapes"] = dict(shapes)
            with open(path + ".tmp", "w") as out:
                json.dump(data, out)
            os.replace(path + ".tmp", path)
            time.sleep(0.2)

    def start() -> None:
        threading.Thread(target=dump, daemon=True, name="kbbench-stats").start()

    def forked() -> None:  # a pool child: its own counts (its CPU time starts at zero)
        counts.update(sql=0, write_txn=0, txn=0)
        start()

    os.register_at_fork(after_in_child=forked)
    start()


if _DIR:
    _install(_DIR)
