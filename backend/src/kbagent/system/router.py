from __future__ import annotations

from fastapi import APIRouter, Request

from kbagent import __version__
from kbagent.ai.registry import health_parts
from kbagent.errors import ServiceUnavailable
from kbagent.system.envelope import error_responses
from kbagent.system.health import HealthReport, check_health

router = APIRouter(prefix="/system", tags=["system"])


@router.get("/health", responses=error_responses(503))
async def health(request: Request) -> HealthReport:
    """Each part's state; 503 (with the same parts in `details`) when a required part is down."""
    report = await check_health(
        request.app.state.database.engine,
        request.app.state.redis,
        __version__,
        await health_parts(request.app.state.ai),
    )
    if report.status == "down":
        down = [name for name, part in report.parts.items() if part.status == "down"]
        raise ServiceUnavailable(
            f"Required part down: {', '.join(down)}.", report.model_dump(mode="json")
        )
    return report
