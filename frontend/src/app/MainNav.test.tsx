import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { authHandlers } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { MainNav } from "./MainNav";

describe("MainNav", () => {
  it("on a phone, a menu button naming the page opens every page, Settings included, and closes on the pick", async () => {
    server.use(...authHandlers("admin"));
    const { router } = renderAt(<MainNav />, "/knowledge/items/abc");
    const nav = screen.getByRole("navigation", { name: "Main" });
    const button = within(nav).getByRole("button", { name: "Menu: Knowledge" });
    expect(button).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(button);
    expect(button).toHaveAttribute("aria-expanded", "true");
    const menu = document.getElementById(button.getAttribute("aria-controls") ?? "");
    expect(menu).not.toBeNull();
    await waitFor(() => expect(within(menu!).getAllByRole("link").map((a) => a.textContent)).toEqual(["Dashboard", "Knowledge", "Sources", "Chat", "Monitoring", "Settings"]));
    await userEvent.click(within(menu!).getByRole("link", { name: "Settings" }));
    expect(router.state.location.pathname).toBe("/settings");
    await waitFor(() => expect(button).toHaveAttribute("aria-expanded", "false"));
    expect(within(nav).getByRole("button", { name: "Menu: Settings" })).toBeInTheDocument();
  });

  it("leaves Settings out for a non-admin", async () => {
    server.use(...authHandlers("editor"));
    renderAt(<MainNav />, "/chat");
    await userEvent.click(screen.getByRole("button", { name: "Menu: Chat" }));
    const menu = document.getElementById(screen.getByRole("button", { name: "Menu: Chat" }).getAttribute("aria-controls") ?? "")!;
    await waitFor(() => expect(within(menu).getByRole("link", { name: "Monitoring" })).toBeInTheDocument());
    expect(within(menu).queryByRole("link", { name: "Settings" })).toBeNull();
  });
});
