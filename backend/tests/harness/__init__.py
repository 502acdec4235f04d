"""Real services for tests and benchmarks: PostgreSQL + pgvector, Redis, uvicorn."""
