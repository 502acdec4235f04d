/** The backend's error envelope, as a thrown error the UI can show readably. */
export interface ErrorEnvelope {
  error_code: string;
  message: string;
  details?: Record<string, unknown> | null;
  request_id?: string | null;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly details: Record<string, unknown>;

  constructor(status: number, envelope: ErrorEnvelope) {
    super(envelope.message || `Request failed (${status})`);
    this.name = "ApiError";
    this.status = status;
    this.code = envelope.error_code || "error";
    this.requestId = envelope.request_id ?? null;
    this.details = envelope.details ?? {};
  }
}

export function isEnvelope(value: unknown): value is ErrorEnvelope {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorEnvelope).error_code === "string" &&
    typeof (value as ErrorEnvelope).message === "string"
  );
}

/** Any failure as an ApiError: envelopes keep their code and request id. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isEnvelope(body)) return new ApiError(status, body);
  const detail =
    typeof body === "object" && body !== null && "detail" in body
      ? String((body as { detail: unknown }).detail)
      : null;
  return new ApiError(status, {
    error_code: status === 0 ? "network_error" : "http_error",
    message:
      detail ??
      (status === 0
        ? "The server could not be reached. Check your connection and try again."
        : `The server answered ${status}.`),
  });
}

/** A readable sentence for any thrown value (shown in toasts and error panels). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    // A 422 names its first field in the message; the others follow it.
    const fields = error.details["errors"];
    if (Array.isArray(fields) && fields.length > 1) {
      const parts = fields
        .slice(1)
        .map((f: { field?: string; msg?: string }) => [f.field, f.msg].filter(Boolean).join(": "))
        .filter(Boolean)
        .join("; ");
      if (parts) return `${error.message} (also ${parts})`;
    }
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The JSON in `text`, or null when it is not JSON (an error page from a proxy, say). */
export function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}
