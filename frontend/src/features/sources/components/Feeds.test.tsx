import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { envelope, url } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { Feeds } from "./Feeds";

const FEED = {
  id: "f1",
  url: "https://blog.example/atom.xml",
  title: "Storage notes",
  site_url: "https://blog.example/",
  status: "not_modified",
  error: null,
  items_added: 3,
  etag: '"v1"',
  last_modified: null,
  checked_at: "2026-12-07T10:00:00Z",
  created_at: "2026-12-07T09:00:00Z",
};
const REPORT = { format: "feed", new: 2, unchanged: 0, updated: 0, failed: 0, failures: [], item_ids: [] };

describe("Feeds", () => {
  it("lists feeds, subscribes, and refuses a private address with the server's reason", async () => {
    let feeds = [FEED];
    const sent: unknown[] = [];
    server.use(
      http.get(url("/sources/feeds"), () => HttpResponse.json({ items: feeds })),
      http.post(url("/sources/feeds"), async ({ request }) => {
        const body = (await request.json()) as { url: string };
        sent.push(body);
        if (body.url.includes("10.0.0.1")) return envelope("validation_error", "Refused to fetch from 10.0.0.1: it resolves to a private address.", 422);
        const added = { ...FEED, id: "f2", url: body.url, title: "Ops log", status: "ok" };
        feeds = [...feeds, added];
        return HttpResponse.json({ feed: added, not_modified: false, report: REPORT, run_id: "r1" }, { status: 201 });
      }),
    );
    renderAt(<Feeds canEdit />);
    const list = await screen.findByRole("list", { name: "Feeds" });
    expect(within(list).getByText("Storage notes")).toBeInTheDocument();
    expect(within(list).getByText(/3 items · unchanged since the last fetch/)).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText("Feed URL"), "https://ops.example/rss.xml");
    await userEvent.click(screen.getByRole("button", { name: "Subscribe" }));
    expect(await within(list).findByText("Ops log")).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText("Feed URL"), "http://10.0.0.1/feed");
    await userEvent.click(screen.getByRole("button", { name: "Subscribe" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("private address");
    expect(sent).toEqual([{ url: "https://ops.example/rss.xml" }, { url: "http://10.0.0.1/feed" }]);
    expect(screen.getByRole("link", { name: "Export OPML" })).toHaveAttribute("href", "/api/v1/sources/feeds/opml");
  });

  it("imports an OPML file and shows the report; removes a feed after confirming", async () => {
    let feeds = [FEED];
    let uploaded: string[] = [];
    server.use(
      http.get(url("/sources/feeds"), () => HttpResponse.json({ items: feeds })),
      http.post(url("/sources/feeds/opml"), async ({ request }) => {
        uploaded = [...(await request.formData()).keys()];
        return HttpResponse.json({ report: { ...REPORT, format: "opml", unchanged: 1 }, run_id: "r2" });
      }),
      http.delete(url("/sources/feeds/f1"), () => {
        feeds = [];
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderAt(<Feeds canEdit />);
    await screen.findByRole("list", { name: "Feeds" });
    const opml = new File(['<opml version="2.0"><body/></opml>'], "feeds.opml", { type: "text/x-opml" });
    fireEvent.change(screen.getByLabelText("OPML file"), { target: { files: [opml] } });
    expect(await screen.findByTestId("import-report")).toHaveTextContent("2 new · 1 unchanged");
    expect(uploaded).toEqual(["file"]);

    await userEvent.click(screen.getByRole("button", { name: "Remove" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog).toHaveTextContent("The items it brought in stay.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove" }));
    expect(await screen.findByText("No feeds yet")).toBeInTheDocument();
  });

  it("a viewer sees the feeds but no way to change them", async () => {
    server.use(http.get(url("/sources/feeds"), () => HttpResponse.json({ items: [FEED] })));
    renderAt(<Feeds canEdit={false} />);
    expect(await screen.findByText("Storage notes")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Refresh" })).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Feed URL")).not.toBeInTheDocument();
  });
});
