/**
 * Session upkeep for every request: the CSRF header on unsafe methods, one refresh on
 * `session_expired` (shared by concurrent requests), and a single place that says "signed out".
 */
import { CSRF_HEADER, csrfToken, needsCsrf } from "./csrf";
import { isEnvelope } from "./errors";

export const API_PREFIX = "/api/v1";
type Listener = () => void;
const lostListeners = new Set<Listener>();
let refreshing: Promise<boolean> | null = null;

/** Called when the session cannot be renewed (the app then shows the login page). */
export function onSessionLost(listener: Listener): () => void {
  lostListeners.add(listener);
  return () => lostListeners.delete(listener);
}

export function sessionLost(): void {
  for (const listener of lostListeners) listener();
}

export function apiOrigin(): string {
  return typeof window !== "undefined" ? window.location.origin : "";
}

export function withCsrf(request: Request): Request {
  if (!needsCsrf(request.method)) return request;
  const token = csrfToken();
  if (!token) return request;
  const headers = new Headers(request.headers);
  headers.set(CSRF_HEADER, token);
  return new Request(request, { headers });
}

/** Renew the access token once for everyone waiting; true when it worked. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const response = await fetch(`${apiOrigin()}${API_PREFIX}/auth/refresh`, {
        method: "POST",
        credentials: "same-origin",
        headers: withCsrfHeaders({ "Content-Type": "application/json" }),
        body: "{}",
      });
      return response.ok;
    } catch {
      return false;
    } finally {
      queueMicrotask(() => {
        refreshing = null;
      });
    }
  })();
  return refreshing;
}

export function withCsrfHeaders(headers: Record<string, string>): Record<string, string> {
  const token = csrfToken();
  return token ? { ...headers, [CSRF_HEADER]: token } : headers;
}

async function errorCode(response: Response): Promise<string | null> {
  try {
    const body: unknown = await response.clone().json();
    return isEnvelope(body) ? body.error_code : null;
  } catch {
    return null;
  }
}

const NO_REFRESH = ["/auth/login", "/auth/refresh", "/auth/setup", "/auth/status"];

/** `fetch` with the session rules; used by the generated client and by uploads. */
export async function sessionFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  const response = await fetch(withCsrf(input));
  if (response.status !== 401) return response;
  const path = new URL(input.url).pathname;
  if (NO_REFRESH.some((p) => path.endsWith(p))) return response;
  const code = await errorCode(response);
  // A wrong current password (changing one's password) is a refusal, not a lost session.
  if (code === "invalid_credentials") return response;
  if (code === "session_expired" && (await refreshSession())) {
    const again = await fetch(withCsrf(retry));
    if (again.status === 401) sessionLost();
    return again;
  }
  sessionLost();
  return response;
}
