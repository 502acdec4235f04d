/**
 * Markdown syntax removed from a fragment of text, for places that show it plain (search
 * snippets): emphasis, code ticks, headings, quotes and list markers go; a link or image keeps
 * its text. Snippets are cut out of documents, so half a construct (an emphasis opened before
 * the cut) is removed too. Lighter than rendering: no parser, a few regular expressions.
 */
const RULES: [RegExp, string][] = [
  [/!?\[([^\]]*)\]\([^)]*\)/g, "$1"], // [text](url), ![alt](src)
  [/!?\[([^\]]*)\]\[[^\]]*\]/g, "$1"], // [text][ref]
  [/\]\([^)\s]*\)/g, ""], // the end of a link whose start was cut off
  [/`+/g, ""], // inline code and fences
  [/(^|\n)[ \t]*(?:#{1,6}|>+|[-+*]|\d+[.)])[ \t]+/g, "$1"], // headings, quotes, list items
  [/(\*{1,3}|~~)(?=\S)([^]*?\S)\1/g, "$2"], // *em*, **strong**, ***both***, ~~struck~~
  [/(^|[^\p{L}\p{N}_])(_{1,3})(?=\S)([^]*?\S)\2(?![\p{L}\p{N}_])/gu, "$1$3"], // _em_, not snake_case
  [/(^|\s)\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?=\s|$)/g, "$1"], // an emphasis cut in half
  [/[ \t]{2,}/g, " "],
];

export function markdownToText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out.trim();
}
