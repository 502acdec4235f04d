"""uvicorn's HTTP protocol, answering requests it cannot parse with the error envelope.

A request line or header that is not valid HTTP never reaches the app: uvicorn answers it
itself with a plain-text 400. Clients of this API parse one error shape, so that answer is
the JSON envelope too (still a 400: the request is not HTTP, let alone a valid one).
"""

from __future__ import annotations

import uuid

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kbagent.errors import ErrorCode, InvalidInput
from kbagent.system.envelope import error_body


class _Malformed(InvalidInput):
    status_code = 400
    error_code = ErrorCode.VALIDATION_ERROR


def malformed_response(message: str) -> bytes:
    request_id = uuid.uuid4().hex
    status, body = error_body(_Malformed(f"Malformed HTTP request: {message}"), request_id)
    head = (
        f"HTTP/1.1 {status} Bad Request\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        f"x-request-id: {request_id}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


class EnvelopeHttpProtocol(HttpToolsProtocol):
    def send_400_response(self, msg: str) -> None:
        self.transport.write(malformed_response(msg))
        self.transport.close()
