import DOMPurify from "dompurify";
import { useMemo } from "react";
import { markdownToText } from "./markdownText";

const MARKED_ONLY = /^(?:[^&<]|&(?:amp|lt|gt|quot|#x27|#39);|<mark>|<\/mark>)*$/;

/** Server-escaped text whose matches are in <mark> tags: only <mark> survives. Text that is
 * exactly that (the server's snippets) becomes React elements with no HTML parsing at all;
 * anything else goes through DOMPurify. A results page shows 50 snippets per keystroke. */
export function Highlighted({ html, className = "", markdown = false }: {
  html: string;
  className?: string;
  /** The text is Markdown (a search snippet of an article): show it plain, marks kept. */
  markdown?: boolean;
}) {
  const parts = useMemo(() => {
    if (markdown) return withoutMarkdown(markedParts(MARKED_ONLY.test(html) ? html : sanitize(html)));
    return MARKED_ONLY.test(html) ? markedParts(html) : null;
  }, [html, markdown]);
  const safe = useMemo(() => (parts ? "" : sanitize(html)), [html, parts]);
  if (!parts) return <span className={className} dangerouslySetInnerHTML={{ __html: safe }} />;
  return (
    <span className={className}>
      {parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : part.text))}
    </span>
  );
}

function sanitize(html: string): string {
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: ["mark"], ALLOWED_ATTR: [] });
}

// Private-use characters standing for the marks while the Markdown is removed from the whole
// text: a match often sits inside the syntax ("*<mark>Write</mark>-Ahead*").
const OPEN = "\uE000";
const CLOSE = "\uE001";

function withoutMarkdown(parts: { text: string; mark: boolean }[]): { text: string; mark: boolean }[] {
  const joined = parts.map((p) => (p.mark ? `${OPEN}${p.text}${CLOSE}` : p.text)).join("");
  const plain: { text: string; mark: boolean }[] = [];
  let mark = false;
  for (const piece of markdownToText(joined).split(/([\uE000\uE001])/)) {
    if (piece === OPEN) mark = true;
    else if (piece === CLOSE) mark = false;
    else if (piece) plain.push({ text: piece, mark });
  }
  return plain;
}

/** Escaped text with <mark> tags as decoded pieces, each marked or not (tags that do not
 * pair up are dropped, as a sanitiser would). */
function markedParts(html: string): { text: string; mark: boolean }[] {
  const parts: { text: string; mark: boolean }[] = [];
  let mark = false;
  for (const piece of html.split(/(<\/?mark>)/)) {
    if (piece === "<mark>") mark = true;
    else if (piece === "</mark>") mark = false;
    else if (piece) parts.push({ text: decodeEscaped(piece), mark });
  }
  return parts;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'" };
const ONLY_KNOWN = /^(?:[^&<]|&amp;|&lt;|&gt;|&quot;|&#x27;|&#39;)*$/;

/** Server-escaped text shown as plain text (entities decoded, tags removed). Text with no tags
 * and only the entities the server's escaping writes is decoded directly (a results page
 * decodes 50 titles per answer; parsing a document for each cost more than the rest). */
export function decodeEscaped(html: string): string {
  if (ONLY_KNOWN.test(html)) return html.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (e) => ENTITIES[e]!);
  const doc = new DOMParser().parseFromString(html, "text/html");
  return doc.body.textContent ?? "";
}
