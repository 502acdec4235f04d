import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

describe("renderMarkdown", () => {
  it("renders markdown with highlighted code", () => {
    const html = renderMarkdown("# Title\n\n```python\ndef f(): pass\n```");
    expect(html).toContain("<h1");
    expect(html).toContain('class="hljs language-python"');
    expect(html).toContain("hljs-keyword");
  });

  it("leaves XSS payloads inert", () => {
    const payloads = [
      "<script>window.pwned=1</script>",
      '<img src=x onerror="window.pwned=1">',
      "[click](javascript:window.pwned=1)",
      '<a href="javascript:alert(1)">x</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<svg><script>alert(1)</script></svg>',
      '<div style="background:url(javascript:alert(1))" onclick="alert(1)">d</div>',
      "<form action=/api><button>go</button></form>",
    ];
    const html = renderMarkdown(payloads.join("\n\n"));
    expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|<form|style=/i);
  });

  it("opens links in a new tab without an opener", () => {
    const html = renderMarkdown("[site](https://example.com)");
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it("keeps a vault link's text but not its target (it leads nowhere in the app)", () => {
    const html = renderMarkdown("See [Vacuum basics](../vacuum/README.md) and [x](https://e.org).");
    expect(html).toContain("Vacuum basics");
    expect(html).not.toContain("README.md");
    expect(html).toContain('href="https://e.org"');
  });
});
