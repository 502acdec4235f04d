import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { authHandlers, envelope, url } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { parseUrls } from "./AddUrls";
import { SourcesPage } from "./SourcesPage";

const REPORT = { format: "markdown", new: 1, unchanged: 0, updated: 0, failed: 1, failures: [{ ref: "row 3", reason: "no text" }], item_ids: ["a"] };

function handlers() {
  return [
    http.get(url("/agent/history"), () => HttpResponse.json({ items: [], total: 0, limit: 5, offset: 0 })),
    http.get(url("/sources/x/connection"), () => HttpResponse.json({ connected: false })),
    http.get(url("/sources/feeds"), () => HttpResponse.json({ items: [] })),
  ];
}

describe("SourcesPage", () => {
  it("splits pasted URLs on lines and separating commas, trimmed, without blanks or duplicates", () => {
    expect(parseUrls("https://a.example\r\n\n  https://b.example, https://a.example,https://c.example\n \nhttps://d.example/?tags=x,y,\n")).toEqual([
      "https://a.example", "https://b.example", "https://c.example", "https://d.example/?tags=x,y",
    ]);
  });

  it("keeps a line with spaces as one entry, so four lines are four URLs", async () => {
    server.use(...handlers());
    renderAt(<SourcesPage />);
    const box = await screen.findByLabelText(/Web pages to save/);
    await userEvent.type(box, "https://a.example\nnot a url\n\nhttps://b.example\nhttps://c.example x");
    expect(parseUrls((box as HTMLTextAreaElement).value)).toEqual(["https://a.example", "not a url", "https://b.example", "https://c.example x"]);
    expect(screen.getByRole("button", { name: "Add 4 URLs" })).toBeEnabled();
  });

  it("says one URL, not one URLs", async () => {
    server.use(...handlers(), http.post(url("/content/urls"), () =>
      HttpResponse.json({ report: { ...REPORT, failed: 0, failures: [] }, run_id: "r1" }, { status: 202 }),
    ));
    renderAt(<SourcesPage />);
    await userEvent.type(await screen.findByLabelText(/Web pages to save/), "https://a.example");
    await userEvent.click(screen.getByRole("button", { name: "Add 1 URL" }));
    expect(await screen.findByText("Queued 1 URL; fetching it now.")).toBeInTheDocument();
  });

  it("adds many URLs and shows the report", async () => {
    let sent: unknown = null;
    server.use(...handlers(), http.post(url("/content/urls"), async ({ request }) => {
      sent = await request.json();
      return HttpResponse.json({ report: { ...REPORT, failed: 0, failures: [] }, run_id: "r1" }, { status: 202 });
    }));
    renderAt(<SourcesPage />);
    await userEvent.type(await screen.findByLabelText(/Web pages to save/), "https://a.example\nhttps://b.example");
    await userEvent.click(screen.getByRole("button", { name: "Add 2 URLs" }));
    expect(await screen.findByTestId("import-report")).toHaveTextContent("1 new");
    expect(sent).toEqual({ urls: ["https://a.example", "https://b.example"] });
  });

  it("uploads dropped files and shows each report with the failure reasons", async () => {
    let requests = 0;
    server.use(...handlers(), http.post(url("/content/import"), async ({ request }) => {
      expect([...(await request.formData()).keys()]).toEqual(["file"]);
      // Files go one after another; the second is refused (jsdom's XHR drops the file name).
      if (++requests === 2) return envelope("validation_error", "This file is neither an archive nor a document.", 422);
      return HttpResponse.json(REPORT);
    }));
    renderAt(<SourcesPage />);
    const zone = await screen.findByTestId("dropzone");
    const good = new File(["# Note"], "note.md", { type: "text/markdown" });
    const bad = new File(["\x00"], "bad.bin");
    fireEvent.drop(zone, { dataTransfer: { files: [good, bad] } });
    const uploads = await screen.findByRole("list", { name: "Uploads" });
    expect(await within(uploads).findByTestId("import-report")).toHaveTextContent("1 new");
    expect(within(uploads).getByText(/no text/)).toBeInTheDocument();
    expect(await within(uploads).findByRole("alert")).toHaveTextContent("This file is neither an archive nor a document. (request id req-123)");
    const [done, failed] = within(uploads).getAllByRole("progressbar");
    expect(done).toHaveAttribute("data-status", "done");
    expect(done).toHaveAttribute("aria-valuetext", "done");
    // The refused file's bar is red and carries its reason, never a full green bar.
    expect(failed).toHaveAttribute("data-status", "failed");
    expect(failed).toHaveAttribute("aria-valuetext", "failed: This file is neither an archive nor a document.");
    expect(failed?.firstElementChild).toHaveClass("bg-red-600");
    expect(failed?.firstElementChild).not.toHaveClass("bg-green-600");
  });

  it("a viewer is told they cannot add sources", async () => {
    server.use(...authHandlers("viewer"), ...handlers());
    renderAt(<SourcesPage />);
    expect(await screen.findByText("You can read, not add")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Run the agent" })).not.toBeInTheDocument();
  });
});
