/** Show a failed request as a toast: its readable message and request id. */
import { ApiError, errorMessage } from "./api/errors";
import { toast } from "./toast";

export function notifyError(error: unknown, action?: string): void {
  const message = errorMessage(error);
  const requestId = error instanceof ApiError && error.requestId ? `Request id: ${error.requestId}` : undefined;
  toast.error(action ? `${action}: ${message}` : message, requestId);
}
