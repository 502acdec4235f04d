"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from redis.asyncio import Redis

from kbagent import __version__
from kbagent.agent.boot import open_runtime
from kbagent.agent.supervisor import Supervisor
from kbagent.api import api_router, metrics_router, public_router
from kbagent.auth.guard import AuthState
from kbagent.auth.startup import announce
from kbagent.config import Settings, load_settings
from kbagent.credentials.redaction import remember_settings
from kbagent.db import open_database
from kbagent.knowledge import embedding_space
from kbagent.sources.router import upload_limits
from kbagent.system.envelope import install_error_handlers
from kbagent.system.frontend import DEFAULT_DIST, FrontendMiddleware
from kbagent.system.gate import GateMiddleware
from kbagent.system.middleware import RequestContextMiddleware
from kbagent.system.sampler import HostSampler
from kbagent.system.security_headers import SecurityHeadersMiddleware
from kbagent.websocket import router as ws_router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()
    remember_settings(settings)  # configured secrets never reach a log line or an answer

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = open_database(
            settings.resolved_database_url, settings.database_lock_timeout_seconds
        )
        app.state.database = database
        app.state.auth = AuthState(settings, database)
        # Off the loop like all database work (the first request may already be waiting).
        await asyncio.to_thread(announce, settings, database)
        app.state.runtime = runtime = open_runtime(settings, database)
        supervisor = Supervisor(runtime, local=settings.redis_url is None)
        supervisor.start()
        sampler = HostSampler(settings, database)  # the Monitoring charts' history
        sampler.start()
        app.state.live_settings = runtime.live  # what `kbagent.deps.SettingsDep` answers
        # The knowledge endpoints' models (see knowledge/wiring.py), routed like the pipeline's,
        # unless whoever built the app set its own.
        if getattr(app.state, "kb_embedder", None) is None:
            # Only the configured model: a fallback's vectors would be of another space.
            def embed(texts: Sequence[str]) -> list[list[float]]:
                model = embedding_space.configured(runtime.settings).model
                return runtime.ai.embed(list(texts), model).vectors

            app.state.kb_embedder = embed
        app.state.redis = (
            Redis.from_url(settings.redis_url, socket_timeout=3, socket_connect_timeout=3)
            if settings.redis_url
            else None
        )
        try:
            yield
        finally:
            sampler.stop()
            supervisor.stop()
            if app.state.redis is not None:
                await app.state.redis.aclose()
            runtime.close()
            database.dispose()

    app = FastAPI(
        title="kbagent",
        version=__version__,
        description="Self-hosted knowledge-base AI agent.",
        lifespan=lifespan,
        redirect_slashes=False,
    )
    app.state.settings = settings
    install_error_handlers(app)
    # The web app at `/`, innermost: behind the gate, and its requests get ids and logs too.
    app.add_middleware(FrontendMiddleware, dist=settings.frontend_dist or DEFAULT_DIST)
    # Outermost last: security headers on every answer (errors too), then the request id and
    # access log, then the gate (Host, Origin, forwarded headers), then CORS, then the routes.
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origin_list),
            allow_credentials=True,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["authorization", "content-type", "x-csrf-token", "x-request-id"],
            expose_headers=["x-request-id", "retry-after"],
        )
    app.add_middleware(GateMiddleware, settings=settings)
    app.add_middleware(
        RequestContextMiddleware,
        max_body_bytes=settings.max_body_bytes,
        body_limits=upload_limits(settings),
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.include_router(public_router)
    app.include_router(api_router)
    app.include_router(metrics_router)
    app.include_router(ws_router)
    return app
