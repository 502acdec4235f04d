import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { envelope, url } from "@/test/handlers";
import { server } from "@/test/server";
import { onSessionLost, sessionFetch } from "./session";

function post(path: string) {
  return new Request(url(path), { method: "POST", body: JSON.stringify({ a: 1 }), headers: { "Content-Type": "application/json" } });
}

describe("sessionFetch", () => {
  it("sends the CSRF cookie as X-CSRF-Token on unsafe methods only", async () => {
    document.cookie = "kbagent_csrf=tok-1; path=/";
    const seen: (string | null)[] = [];
    server.use(
      http.all(url("/thing"), ({ request }) => {
        seen.push(request.headers.get("X-CSRF-Token"));
        return HttpResponse.json({});
      }),
    );
    await sessionFetch(post("/thing"));
    await sessionFetch(new Request(url("/thing")));
    expect(seen).toEqual(["tok-1", null]);
  });

  it("on session_expired refreshes once and retries with the new CSRF token and the same body", async () => {
    document.cookie = "kbagent_csrf=old; path=/";
    let refreshes = 0;
    const attempts: { csrf: string | null; body: string }[] = [];
    server.use(
      http.post(url("/auth/refresh"), () => {
        refreshes += 1;
        document.cookie = "kbagent_csrf=new; path=/";
        return HttpResponse.json({});
      }),
      http.post(url("/thing"), async ({ request }) => {
        attempts.push({ csrf: request.headers.get("X-CSRF-Token"), body: await request.text() });
        return attempts.length === 1 ? envelope("session_expired", "Your session expired.", 401) : HttpResponse.json({ ok: true });
      }),
    );
    const [a, b] = await Promise.all([sessionFetch(post("/thing")), sessionFetch(post("/thing"))]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(refreshes).toBe(1);
    expect(attempts[0]).toEqual({ csrf: "old", body: '{"a":1}' });
    expect(attempts.at(-1)).toEqual({ csrf: "new", body: '{"a":1}' });
  });

  it("reports the session lost when the refresh fails", async () => {
    const lost = vi.fn();
    const off = onSessionLost(lost);
    server.use(
      http.post(url("/auth/refresh"), () => envelope("session_expired", "expired", 401)),
      http.get(url("/thing"), () => envelope("session_expired", "expired", 401)),
    );
    const response = await sessionFetch(new Request(url("/thing")));
    expect(response.status).toBe(401);
    expect(lost).toHaveBeenCalledOnce();
    off();
  });

  it("a failed login is the login page's business, not a lost session", async () => {
    const lost = vi.fn();
    const off = onSessionLost(lost);
    server.use(http.post(url("/auth/login"), () => envelope("invalid_credentials", "Wrong username or password.", 401)));
    const response = await sessionFetch(post("/auth/login"));
    expect(response.status).toBe(401);
    expect(lost).not.toHaveBeenCalled();
    off();
  });

  it("a wrong current password on a password change keeps the session", async () => {
    const lost = vi.fn();
    const off = onSessionLost(lost);
    server.use(http.post(url("/auth/password"), () => envelope("invalid_credentials", "The current password is wrong.", 401)));
    const response = await sessionFetch(post("/auth/password"));
    expect(response.status).toBe(401);
    expect(lost).not.toHaveBeenCalled();
    off();
  });
});
