import DOMPurify from "dompurify";
import { useMemo } from "react";

const MARKED_ONLY = /^(?:[^&<]|&(?:amp|lt|gt|quot|#x27|#39);|<mark>|<\/mark>)*$/;

/** Server-escaped text whose matches are in <mark> tags: only <mark> survives. Text that is
 * exactly that (the server's snippets) becomes React elements with no HTML parsing at all;
 * anything else goes through DOMPurify. A results page shows 50 snippets per keystroke. */
export function Highlighted({ html, className = "" }: { html: string; className?: string }) {
  const parts = useMemo(() => (MARKED_ONLY.test(html) ? markedParts(html) : null), [html]);
  const safe = useMemo(
    () => (parts ? "" : DOMPurify.sanitize(html, { ALLOWED_TAGS: ["mark"], ALLOWED_ATTR: [] })),
    [html, parts],
  );
  if (!parts) return <span className={className} dangerouslySetInnerHTML={{ __html: safe }} />;
  return (
    <span className={className}>
      {parts.map((part, i) => (part.mark ? <mark key={i}>{part.text}</mark> : part.text))}
    </span>
  );
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
