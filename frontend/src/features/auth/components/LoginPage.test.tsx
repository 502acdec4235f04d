import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { envelope, url, user } from "@/test/handlers";
import { renderRoutes } from "@/test/render";
import { server } from "@/test/server";
import { LoginPage } from "./LoginPage";
import { RequireAuth } from "./RequireAuth";

const routes = [
  { path: "/login", element: <LoginPage /> },
  { path: "/setup", element: <p>setup page</p> },
  { path: "/knowledge", element: <RequireAuth><p>the knowledge page</p></RequireAuth> },
];

describe("login", () => {
  it("an expired visit goes to login keeping the page, and signing in returns there", async () => {
    let signedIn = false;
    server.use(
      http.get(url("/auth/me"), () => (signedIn ? HttpResponse.json(user()) : envelope("not_authenticated", "Sign in first.", 401))),
      http.post(url("/auth/login"), async ({ request }) => {
        const body = (await request.json()) as { username: string; password: string };
        if (body.password !== "right") return envelope("invalid_credentials", "Wrong username or password.", 401);
        signedIn = true;
        return HttpResponse.json({ user: user(), csrf_token: "c", access_token: "a", access_expires_at: "2030-01-01T00:00:00Z", refresh_token: "r" });
      }),
    );
    const { router } = renderRoutes(routes, "/knowledge?q=mvcc");
    await waitFor(() => expect(router.state.location.pathname).toBe("/login"));
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent("/knowledge?q=mvcc")}`);

    await userEvent.type(await screen.findByLabelText("Username"), "ada");
    await userEvent.type(screen.getByLabelText("Password"), "wrong");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong username or password.");
    expect(screen.getByRole("alert")).toHaveTextContent("Request id: req-123");

    await userEvent.clear(screen.getByLabelText("Password"));
    await userEvent.type(screen.getByLabelText("Password"), "right");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("the knowledge page")).toBeInTheDocument();
    expect(router.state.location.pathname + router.state.location.search).toBe("/knowledge?q=mvcc");
  });

  it("first start sends everyone to setup", async () => {
    server.use(http.get(url("/auth/status"), () => HttpResponse.json({ setup_required: true, auth_enabled: true })));
    const { router } = renderRoutes(routes, "/knowledge");
    await waitFor(() => expect(router.state.location.pathname).toBe("/setup"));
  });
});
