import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { authHandlers, envelope, url } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { AccountPage } from "./AccountPage";

const key = (id: number, name: string, extra = {}) => ({
  id, name, role: "viewer", prefix: `kbk_${id}abcdefg`, created_at: "2026-02-01T10:00:00Z",
  last_used_at: null, revoked_at: null, ...extra,
});

describe("AccountPage", () => {
  it("creates a key no stronger than its owner and shows its secret once", async () => {
    const keys = [key(1, "backup", { last_used_at: "2026-02-02T10:00:00Z" })];
    let sent: unknown = null;
    server.use(
      http.get(url("/auth/keys"), () => HttpResponse.json(keys)),
      http.post(url("/auth/keys"), async ({ request }) => {
        sent = await request.json();
        const made = key(2, "sync script", { role: "editor" });
        keys.push(made);
        return HttpResponse.json({ key: made, secret: "kbk_2abcdefg-the-whole-secret" }, { status: 201 });
      }),
      ...authHandlers("editor"),
    );
    renderAt(<AccountPage />);
    const list = await screen.findByRole("list", { name: "Your API keys" });
    expect(within(list).getByText(/last used/)).not.toHaveTextContent("last used never");
    const role = screen.getByLabelText("Key role");
    expect(within(role).getAllByRole("option").map((o) => o.textContent)).toEqual(["viewer", "editor"]);
    await userEvent.type(screen.getByLabelText("Key name"), "sync script");
    await userEvent.selectOptions(role, "editor");
    await userEvent.click(screen.getByRole("button", { name: "Create key" }));
    const shown = await screen.findByTestId("new-key");
    expect(shown).toHaveTextContent("you will not see it again");
    expect(within(shown).getByLabelText("Secret of the new key")).toHaveValue("kbk_2abcdefg-the-whole-secret");
    expect(sent).toEqual({ name: "sync script", role: "editor" });
    expect(await within(list).findByText("sync script")).toBeInTheDocument();
    await userEvent.click(within(shown).getByRole("button", { name: "Done" }));
    expect(screen.queryByText(/kbk_2abcdefg-the-whole-secret/)).toBeNull();
    expect(screen.queryByTestId("new-key")).toBeNull();
  });

  it("revokes a key only after confirmation", async () => {
    const revoked: string[] = [];
    server.use(
      ...authHandlers("admin"),
      http.get(url("/auth/keys"), () => HttpResponse.json([key(7, "old laptop"), key(8, "gone", { revoked_at: "2026-02-03T00:00:00Z" })])),
      http.delete(url("/auth/keys/:id"), ({ params }) => { revoked.push(String(params["id"])); return new HttpResponse(null, { status: 204 }); }),
    );
    renderAt(<AccountPage />);
    await userEvent.click(await screen.findByRole("button", { name: "Revoke old laptop" }));
    expect(screen.queryByRole("button", { name: "Revoke gone" })).toBeNull();
    const dialog = await screen.findByRole("dialog", { name: "Revoke “old laptop”?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(revoked).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Revoke old laptop" }));
    await userEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Revoke key" }));
    await expect.poll(() => revoked).toEqual(["7"]);
    expect(await screen.findByText("Key “old laptop” revoked.")).toBeInTheDocument();
  });

  it("changes the password, saying readably what went wrong first", async () => {
    const bodies: unknown[] = [];
    server.use(
      ...authHandlers("viewer"),
      http.get(url("/auth/keys"), () => HttpResponse.json([])),
      http.post(url("/auth/password"), async ({ request }) => {
        const body = (await request.json()) as { current_password: string };
        bodies.push(body);
        return body.current_password === "right-one"
          ? new HttpResponse(null, { status: 204 })
          : envelope("invalid_credentials", "The current password is wrong.", 401);
      }),
    );
    renderAt(<AccountPage />);
    await userEvent.type(await screen.findByLabelText("Current password"), "wrong-one");
    await userEvent.type(screen.getByLabelText("New password"), "brand-new-pw");
    await userEvent.type(screen.getByLabelText("Repeat the new password"), "brand-new-px");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("differ");
    expect(bodies).toEqual([]);
    const repeat = screen.getByLabelText("Repeat the new password");
    await userEvent.clear(repeat);
    await userEvent.type(repeat, "brand-new-pw");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The current password is wrong.");
    const current = screen.getByLabelText("Current password");
    await userEvent.clear(current);
    await userEvent.type(current, "right-one");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    expect(await screen.findByText(/Password changed/)).toBeInTheDocument();
    expect(bodies.at(-1)).toEqual({ current_password: "right-one", new_password: "brand-new-pw" });
    expect(screen.getByLabelText("Current password")).toHaveValue("");
  });

  it("says there is no account when authentication is off", async () => {
    server.use(http.get(url("/auth/status"), () => HttpResponse.json({ setup_required: false, auth_enabled: false })));
    renderAt(<AccountPage />);
    expect(await screen.findByText("Authentication is off")).toBeInTheDocument();
  });
});
