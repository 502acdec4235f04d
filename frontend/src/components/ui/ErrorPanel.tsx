import { ApiError, errorMessage } from "@/lib/api/errors";

/** A failed request as a readable message with its request id, and a way to recover. */
export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <div role="alert" className="m-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
      <p className="font-medium">{errorMessage(error)}</p>
      {requestId && <p className="mt-1 font-mono text-xs">Request id: {requestId}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry} className="mt-2 underline focus-visible:outline-2 focus-visible:outline-indigo-500">
          Try again
        </button>
      )}
    </div>
  );
}
