import { describe, expect, it } from "vitest";
import { countOf } from "./plural";

describe("countOf", () => {
  it("uses the singular for one and the plural otherwise", () => {
    expect(countOf(1, "URL")).toBe("1 URL");
    expect(countOf(0, "URL")).toBe("0 URLs");
    expect(countOf(2, "entry", "entries")).toBe("2 entries");
    expect(countOf(1, "entry", "entries")).toBe("1 entry");
    expect(countOf(1200, "item")).toBe("1,200 items");
  });
});
