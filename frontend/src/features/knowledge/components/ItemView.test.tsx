import { fireEvent, screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { url } from "@/test/handlers";
import { renderAt } from "@/test/render";
import { server } from "@/test/server";
import { ItemView } from "./ItemView";

const ITEM = {
  id: "k1", content_item_id: "c1", display_title: "Tidepool notes", summary: null,
  enhanced_content: "Sea stars eat mussels.", main_category: "Ecology", sub_category: "Tidepools", tags: [],
  source_url: null, version: 1, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-02T00:00:00Z",
  media_paths: ["media/ab/abc.png", "media/cd/cde.jpg", "media/ef/efg.mp4"],
  media: [
    { index: 0, path: "media/ab/abc.png", description: "An ochre sea star on a mussel bed." },
    { index: 1, path: "media/cd/cde.jpg", description: null },
    { index: 2, path: "media/ef/efg.mp4", description: "A clip of the tide coming in." },
  ],
  model: "openai:writer",
  truncated: false,
};

function showItem(item: object = ITEM) {
  server.use(http.get(url("/knowledge/items/:id"), () => HttpResponse.json(item)));
  return renderAt(<ItemView id="k1" onClose={() => {}} />);
}

describe("ItemView media and model", () => {
  it("shows each image lazily from the media endpoint, its description as alt text and caption", async () => {
    showItem();
    await screen.findByRole("heading", { name: "Tidepool notes", level: 2 });
    const media = screen.getByTestId("item-media");
    const described = within(media).getByRole("img", { name: "An ochre sea star on a mussel bed." });
    expect(described).toHaveAttribute("loading", "lazy");
    expect(described.getAttribute("src")).toMatch(/\/api\/v1\/knowledge\/items\/k1\/media\/0$/);
    expect(within(media).getByText("An ochre sea star on a mussel bed.", { selector: "figcaption" })).toBeInTheDocument();
    // Without a description the alt text still says what it is.
    const plain = within(media).getByRole("img", { name: "Image 2 of “Tidepool notes”" });
    expect(plain.getAttribute("src")).toMatch(/\/media\/1$/);
    // Not an image: a download link, never an <img>.
    const link = within(media).getByRole("link", { name: "Download efg.mp4" });
    expect(link.getAttribute("href")).toMatch(/\/media\/2$/);
    expect(within(media).getByText("A clip of the tide coming in.")).toBeInTheDocument();
    expect(within(media).getAllByRole("img")).toHaveLength(2);
  });

  it("an image that fails to load says so instead of a broken picture", async () => {
    showItem();
    const img = await screen.findByRole("img", { name: "An ochre sea star on a mussel bed." });
    fireEvent.error(img);
    expect(await screen.findByRole("link", { name: "Image 1 could not be loaded (abc.png)" })).toBeInTheDocument();
    expect(screen.queryByRole("img", { name: "An ochre sea star on a mussel bed." })).not.toBeInTheDocument();
  });

  it("shows the model that wrote the note, or that a person did", async () => {
    const { unmount } = showItem();
    expect(await screen.findByTestId("item-model")).toHaveTextContent("openai:writer");
    unmount();
    showItem({ ...ITEM, model: null, media: [], media_paths: [] });
    expect(await screen.findByTestId("item-model")).toHaveTextContent("a person");
    expect(screen.queryByTestId("item-media")).not.toBeInTheDocument();
  });
});

describe("ItemView truncated badge", () => {
  it("says a cut text is truncated and will be completed from a richer source", async () => {
    showItem({ ...ITEM, truncated: true });
    await screen.findByRole("heading", { name: "Tidepool notes", level: 2 });
    const badge = screen.getByTestId("truncated-badge");
    expect(badge).toHaveTextContent("Truncated");
    expect(badge).toHaveAttribute("title", expect.stringMatching(/completed .* richer source/));
    expect(screen.getByTestId("truncated-note")).toHaveTextContent(/cut this text short/);
  });

  it("shows no badge on a whole text", async () => {
    showItem();
    await screen.findByRole("heading", { name: "Tidepool notes", level: 2 });
    expect(screen.queryByTestId("truncated-badge")).not.toBeInTheDocument();
    expect(screen.queryByTestId("truncated-note")).not.toBeInTheDocument();
  });
});
