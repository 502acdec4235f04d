import DOMPurify from "dompurify";
import { useMemo } from "react";

/** Server-escaped text whose matches are in <mark> tags: only <mark> survives. */
export function Highlighted({ html, className = "" }: { html: string; className?: string }) {
  const safe = useMemo(() => DOMPurify.sanitize(html, { ALLOWED_TAGS: ["mark"], ALLOWED_ATTR: [] }), [html]);
  return <span className={className} dangerouslySetInnerHTML={{ __html: safe }} />;
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
