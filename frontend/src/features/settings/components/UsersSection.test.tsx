import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { authHandlers, envelope, url, user } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { UsersSection } from "./UsersSection";

const bob = { id: 2, username: "bob", role: "viewer", created_at: "2026-01-02T00:00:00Z", last_login_at: "2026-03-01T09:30:00Z" };

function usersApi() {
  const users = [user("admin"), { ...bob }];
  const calls: { method: string; id?: string; body?: unknown }[] = [];
  server.use(
    ...authHandlers("admin"),
    http.get(url("/users"), () => HttpResponse.json(users)),
    http.post(url("/users"), async ({ request }) => {
      const body = (await request.json()) as { username: string; role: string };
      calls.push({ method: "POST", body });
      if (users.some((u) => u.username === body.username)) return envelope("duplicate", `A user named '${body.username}' exists.`, 409);
      const made = { id: 3, username: body.username, role: body.role as "viewer", created_at: "2026-04-01T00:00:00Z", last_login_at: null };
      users.push(made);
      return HttpResponse.json(made, { status: 201 });
    }),
    http.patch(url("/users/:id"), async ({ params, request }) => {
      const body = (await request.json()) as { role?: "viewer" };
      calls.push({ method: "PATCH", id: String(params["id"]), body });
      const found = users.find((u) => u.id === Number(params["id"]))!;
      if (body.role) found.role = body.role;
      return HttpResponse.json(found);
    }),
    http.delete(url("/users/:id"), ({ params }) => {
      calls.push({ method: "DELETE", id: String(params["id"]) });
      users.splice(users.findIndex((u) => u.id === Number(params["id"])), 1);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return calls;
}

describe("UsersSection", () => {
  it("lists users with role and last sign-in, and creates one (a duplicate is refused readably)", async () => {
    const calls = usersApi();
    renderAt(<UsersSection />);
    const list = await screen.findByRole("list", { name: "Users" });
    const bobRow = within(list).getByText("bob").closest("li")!;
    expect(within(bobRow).getByLabelText("Role of bob")).toHaveValue("viewer");
    expect(bobRow).not.toHaveTextContent("last sign-in never");
    const me = within(list).getByText("ada (you)").closest("li")!;
    expect(within(me).queryByRole("button", { name: /Delete/ })).toBeNull();
    expect(within(me).getByLabelText("Role of ada")).toBeDisabled();

    await userEvent.type(screen.getByLabelText("Username"), "bob");
    await userEvent.type(screen.getByLabelText("Password"), "long-enough");
    await userEvent.click(screen.getByRole("button", { name: "Create user" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("A user named 'bob' exists.");
    const name = screen.getByLabelText("Username");
    await userEvent.clear(name);
    await userEvent.type(name, "carol"); // the password typed is kept
    await userEvent.selectOptions(screen.getByLabelText("Role"), "editor");
    await userEvent.click(screen.getByRole("button", { name: "Create user" }));
    expect(await within(list).findByText("carol")).toBeInTheDocument();
    expect(calls.at(-1)).toEqual({ method: "POST", body: { username: "carol", password: "long-enough", role: "editor" } });
  });

  it("changes a role, resets a password and deletes after confirmation", async () => {
    const calls = usersApi();
    renderAt(<UsersSection />);
    await userEvent.selectOptions(await screen.findByLabelText("Role of bob"), "editor");
    expect(await screen.findByText("bob is now editor.")).toBeInTheDocument();
    expect(calls).toEqual([{ method: "PATCH", id: "2", body: { role: "editor" } }]);

    await userEvent.click(screen.getByRole("button", { name: "Reset password of bob" }));
    const dialog = await screen.findByRole("dialog", { name: "New password for bob" });
    const set = within(dialog).getByRole("button", { name: "Set password" });
    await userEvent.type(within(dialog).getByLabelText("New password"), "short");
    expect(set).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText("New password"), "-but-longer");
    await userEvent.click(set);
    await expect.poll(() => calls.at(-1)).toEqual({ method: "PATCH", id: "2", body: { password: "short-but-longer" } });

    await userEvent.click(await screen.findByRole("button", { name: "Delete bob" }));
    await userEvent.click(within(await screen.findByRole("dialog", { name: "Delete bob?" })).getByRole("button", { name: "Delete user" }));
    await expect.poll(() => calls.at(-1)).toEqual({ method: "DELETE", id: "2" });
    await expect.poll(() => screen.queryByText("bob")).toBeNull();
  });
});
