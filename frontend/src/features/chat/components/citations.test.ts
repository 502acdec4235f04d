import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/components/ui/markdown";
import { citationFromHref, linkCitations } from "./citations";

describe("citations", () => {
  it("links known source numbers only", () => {
    const text = linkCitations("Postgres uses MVCC [1]. See also [2] and [9].", new Set([1, 2]));
    expect(text).toBe("Postgres uses MVCC [\\[1\\]](#cite-1). See also [\\[2\\]](#cite-2) and [9].");
    const html = renderMarkdown(text);
    expect(html).toContain('href="#cite-1"');
    expect(html).toContain(">[1]</a>");
    expect(html).not.toContain("#cite-9");
  });

  it("reads the source number back from a link", () => {
    expect(citationFromHref("#cite-12")).toBe(12);
    expect(citationFromHref("https://x")).toBeNull();
  });
});
