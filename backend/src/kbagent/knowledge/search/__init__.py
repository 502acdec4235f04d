"""Hybrid search over KB items: full-text (BM25), vectors, and reciprocal rank fusion."""
