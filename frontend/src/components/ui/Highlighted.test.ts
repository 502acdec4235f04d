import { render } from "@testing-library/react";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { decodeEscaped, Highlighted } from "./Highlighted";

describe("decodeEscaped", () => {
  it("decodes what the server's escaping writes, once", () => {
    expect(decodeEscaped("Item &lt;7&gt; &amp;amp; &quot;q&quot; &#x27;s")).toBe(`Item <7> &amp; "q" 's`);
    expect(decodeEscaped("plain title")).toBe("plain title");
  });

  it("falls back to the HTML parser for anything else (tags removed, other entities decoded)", () => {
    expect(decodeEscaped("a <b>bold</b> &eacute; &#233;")).toBe("a bold é é");
  });
});

describe("Highlighted", () => {
  it("shows the server's snippets as text with marks, and sanitises anything else", () => {
    const snippet = render(createElement(Highlighted, { html: "a &lt;b&gt; <mark>tide</mark> &amp; <mark>pool</mark>s" }));
    expect(snippet.container.innerHTML).toBe("<span class=\"\">a &lt;b&gt; <mark>tide</mark> &amp; <mark>pool</mark>s</span>");
    const hostile = render(createElement(Highlighted, { html: 'x <img src=x onerror="alert(1)"><mark>y</mark>' }));
    expect(hostile.container.querySelector("img")).toBeNull();
    expect(hostile.container.querySelector("mark")?.textContent).toBe("y");
  });

  it("shows a Markdown snippet as plain text, keeping the marks even inside the syntax", () => {
    const snippet = render(createElement(Highlighted, {
      html: "*<mark>Write</mark>-Ahead Logging* and [``` CREATE <mark>INDEX</mark> ```](x.html) &amp; `a_b`",
      markdown: true,
    }));
    expect(snippet.container.textContent).toBe("Write-Ahead Logging and CREATE INDEX & a_b");
    expect([...snippet.container.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["Write", "INDEX"]);
    const hostile = render(createElement(Highlighted, { html: '**x** <img src=x onerror="alert(1)"><mark>y</mark>', markdown: true }));
    expect(hostile.container.querySelector("img")).toBeNull();
    expect(hostile.container.textContent).toBe("x y");
  });
});
