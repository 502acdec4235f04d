import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { envelope, url, user } from "@/test/handlers";
import { renderRoutes } from "@/test/render";
import { server } from "@/test/server";
import { SetupPage } from "./SetupPage";

describe("setup", () => {
  it("creates the first admin with the token from the link", async () => {
    let sent: unknown = null;
    server.use(
      http.get(url("/auth/status"), () => HttpResponse.json({ setup_required: true, auth_enabled: true })),
      http.post(url("/auth/setup"), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ user: user("admin"), csrf_token: "c", access_token: "a", access_expires_at: "2030-01-01T00:00:00Z", refresh_token: "r" }, { status: 201 });
      }),
    );
    const { router } = renderRoutes([{ path: "/setup", element: <SetupPage /> }, { path: "/", element: <p>home</p> }], "/setup?token=tok123");
    await screen.findByRole("heading", { name: "Create the first admin" });
    expect(screen.queryByLabelText(/Setup token/)).not.toBeInTheDocument();
    // The server's minimum is stated before the user meets it as a refusal.
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("At least 8 characters.");
    expect(screen.getByText("At least 8 characters.")).toBeVisible();
    await userEvent.type(screen.getByLabelText("Password"), "a-long-password");
    await userEvent.type(screen.getByLabelText("Repeat password"), "a-long-password");
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
    expect(sent).toEqual({ setup_token: "tok123", username: "admin", password: "a-long-password" });
  });

  it("shows why a used token is refused", async () => {
    server.use(
      http.get(url("/auth/status"), () => HttpResponse.json({ setup_required: true, auth_enabled: true })),
      http.post(url("/auth/setup"), () => envelope("setup_token_invalid", "The setup link is invalid or was used.", 403)),
    );
    renderRoutes([{ path: "/setup", element: <SetupPage /> }], "/setup?token=used");
    await userEvent.type(await screen.findByLabelText("Password"), "a-long-password");
    await userEvent.type(screen.getByLabelText("Repeat password"), "a-long-password");
    await userEvent.click(screen.getByRole("button", { name: "Create account" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The setup link is invalid or was used.");
  });
});
