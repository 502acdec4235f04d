"""Typed errors, raised in services and rendered once as the design's `ErrorResponse`.

KbagentError                      500 system_error
├── InvalidInput                  422 validation_error
├── NotFound                      404 not_found
├── Duplicate                     409 duplicate
├── PayloadTooLarge               413 payload_too_large
├── NotAuthenticated              401 not_authenticated
│   ├── SessionExpired            401 session_expired
│   └── InvalidCredentials        401 invalid_credentials
├── PermissionDenied              403 permission_denied
├── Forbidden                     403 forbidden
│   ├── CsrfFailed                403 csrf_failed
│   └── SetupTokenInvalid         403 setup_token_invalid
├── RateLimited                   429 rate_limited
├── ServiceUnavailable            503 service_unavailable
├── AIServiceError                502 ai_service_error
└── ProcessingError               500 processing_error
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, Field


class ErrorCode(StrEnum):
    VALIDATION_ERROR = "validation_error"
    NOT_FOUND = "not_found"
    DUPLICATE = "duplicate"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    PERMISSION_DENIED = "permission_denied"
    NOT_AUTHENTICATED = "not_authenticated"
    SESSION_EXPIRED = "session_expired"
    INVALID_CREDENTIALS = "invalid_credentials"
    FORBIDDEN = "forbidden"
    CSRF_FAILED = "csrf_failed"
    SETUP_TOKEN_INVALID = "setup_token_invalid"
    RATE_LIMITED = "rate_limited"
    SERVICE_UNAVAILABLE = "service_unavailable"
    AI_SERVICE_ERROR = "ai_service_error"
    PROCESSING_ERROR = "processing_error"
    SYSTEM_ERROR = "system_error"


class ErrorResponse(BaseModel):
    success: bool = False
    error_code: ErrorCode
    message: str
    details: dict[str, Any] = Field(default_factory=dict)
    timestamp: datetime
    request_id: str


class KbagentError(Exception):
    status_code: ClassVar[int] = 500
    error_code: ClassVar[ErrorCode] = ErrorCode.SYSTEM_ERROR

    def __init__(
        self, message: str, details: dict[str, Any] | None = None, *, retryable: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}
        # True when trying again later may succeed (a model down, a 429): the pipeline
        # retries these with backoff instead of failing the item.
        self.retryable = retryable

    @property
    def headers(self) -> dict[str, str]:
        """Response headers the error needs (a 401's challenge, a 429's Retry-After)."""
        return {}


class InvalidInput(KbagentError):
    status_code = 422
    error_code = ErrorCode.VALIDATION_ERROR


class NotFound(KbagentError):
    status_code = 404
    error_code = ErrorCode.NOT_FOUND


class Duplicate(KbagentError):
    status_code = 409
    error_code = ErrorCode.DUPLICATE


class PayloadTooLarge(KbagentError):
    status_code = 413
    error_code = ErrorCode.PAYLOAD_TOO_LARGE


class NotAuthenticated(KbagentError):
    status_code = 401
    error_code = ErrorCode.NOT_AUTHENTICATED

    @property
    def headers(self) -> dict[str, str]:
        return {"WWW-Authenticate": "Bearer"}


class SessionExpired(NotAuthenticated):
    error_code = ErrorCode.SESSION_EXPIRED


class InvalidCredentials(NotAuthenticated):
    error_code = ErrorCode.INVALID_CREDENTIALS


class Forbidden(KbagentError):
    status_code = 403
    error_code = ErrorCode.FORBIDDEN


class CsrfFailed(Forbidden):
    error_code = ErrorCode.CSRF_FAILED


class SetupTokenInvalid(Forbidden):
    error_code = ErrorCode.SETUP_TOKEN_INVALID


class RateLimited(KbagentError):
    status_code = 429
    error_code = ErrorCode.RATE_LIMITED

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message, {"retry_after_seconds": retry_after_seconds}, retryable=True)
        self.retry_after_seconds = retry_after_seconds

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}


class PermissionDenied(KbagentError):
    status_code = 403
    error_code = ErrorCode.PERMISSION_DENIED


class ServiceUnavailable(KbagentError):
    status_code = 503
    error_code = ErrorCode.SERVICE_UNAVAILABLE


class AIServiceError(KbagentError):
    status_code = 502
    error_code = ErrorCode.AI_SERVICE_ERROR


class ProcessingError(KbagentError):
    status_code = 500
    error_code = ErrorCode.PROCESSING_ERROR
