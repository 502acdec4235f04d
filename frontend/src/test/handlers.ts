/** MSW handlers shared by tests: the auth API of the contract, with a signed-in editor. */
import { http, HttpResponse } from "msw";

export const ORIGIN = "http://localhost:3000";
export const url = (path: string) => `${ORIGIN}/api/v1${path}`;

export interface TestUser {
  id: number;
  username: string;
  role: "admin" | "editor" | "viewer";
  created_at: string;
  last_login_at: string | null;
}

export function user(role: TestUser["role"] = "editor"): TestUser {
  return { id: 1, username: "ada", role, created_at: "2026-01-01T00:00:00Z", last_login_at: null };
}

export function envelope(code: string, message: string, status: number) {
  return HttpResponse.json(
    { error_code: code, message, details: {}, request_id: "req-123" },
    { status },
  );
}

export function authHandlers(role: TestUser["role"] = "editor") {
  return [
    http.get(url("/auth/status"), () =>
      HttpResponse.json({ setup_required: false, auth_enabled: true }),
    ),
    http.get(url("/auth/me"), () => HttpResponse.json(user(role))),
  ];
}
