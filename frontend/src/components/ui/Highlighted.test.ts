import { describe, expect, it } from "vitest";
import { decodeEscaped } from "./Highlighted";

describe("decodeEscaped", () => {
  it("decodes what the server's escaping writes, once", () => {
    expect(decodeEscaped("Item &lt;7&gt; &amp;amp; &quot;q&quot; &#x27;s")).toBe(`Item <7> &amp; "q" 's`);
    expect(decodeEscaped("plain title")).toBe("plain title");
  });

  it("falls back to the HTML parser for anything else (tags removed, other entities decoded)", () => {
    expect(decodeEscaped("a <b>bold</b> &eacute; &#233;")).toBe("a bold é é");
  });
});
