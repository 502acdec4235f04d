"""The `Vector` column type: pgvector on PostgreSQL, packed float32 bytes on SQLite.

Storage only; searching the stored vectors is `knowledge/search/vectors.py`.

On SQLite, similarity search loads the packed vectors into numpy (exact search is ~6 ms over
100k x 384 here), so the storage format is plain little-endian float32, one row per chunk.

The ORM column has no fixed size: the embedding model decides it (`KBAGENT_EMBEDDING_DIM`).
On PostgreSQL the column is typed `vector(N)` by the migrations and re-typed when the model
changes (knowledge/embedding_space.py); on SQLite any length packs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pgvector.sqlalchemy import VECTOR
from sqlalchemy import LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class Vector(TypeDecorator[list[float]]):
    impl = LargeBinary
    cache_ok = True

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(VECTOR(self.dim))
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        array = np.asarray(value, dtype="<f4")
        if array.ndim != 1 or (self.dim is not None and array.shape[0] != self.dim):
            raise ValueError(f"expected a vector of {self.dim} floats, got shape {array.shape}")
        if dialect.name == "postgresql":
            return array
        return array.tobytes()

    def process_result_value(self, value: Any, dialect: Dialect) -> list[float] | None:
        if value is None:
            return None
        if isinstance(value, bytes | bytearray | memoryview):
            array = np.frombuffer(bytes(value), dtype="<f4")
        else:
            array = np.asarray(value, dtype=np.float32)
        return [float(x) for x in array]
