import { describe, expect, it } from "vitest";
import { markdownToText } from "./markdownText";

describe("markdownToText", () => {
  it("removes emphasis, code ticks and link syntax, keeping the words and the link text", () => {
    expect(markdownToText("*Write-Ahead Logging* keeps **durability**")).toBe("Write-Ahead Logging keeps durability");
    expect(markdownToText("see [``` CREATE INDEX ```](x.html) and `VACUUM`")).toBe("see CREATE INDEX and VACUUM");
    expect(markdownToText("![a diagram](d.png) ~~old~~ _new_ __bold__")).toBe("a diagram old new bold");
    expect(markdownToText("## Heading\n> quoted\n- item one\n1. first")).toBe("Heading\nquoted\nitem one\nfirst");
  });

  it("leaves what only looks like Markdown: snake_case, arithmetic, brackets", () => {
    expect(markdownToText("set max_wal_size = 2 * 3 [sic]")).toBe("set max_wal_size = 2 * 3 [sic]");
  });

  it("drops halves of constructs a snippet cut through", () => {
    expect(markdownToText("ahead logging** keeps the *log")).toBe("ahead logging keeps the log");
    expect(markdownToText("INDEX](https://example.org/x.html) builds")).toBe("INDEX builds");
  });
});
