import DOMPurify from "dompurify";
import { useMemo } from "react";

/** Server-escaped text whose matches are in <mark> tags: only <mark> survives. */
export function Highlighted({ html, className = "" }: { html: string; className?: string }) {
  const safe = useMemo(() => DOMPurify.sanitize(html, { ALLOWED_TAGS: ["mark"], ALLOWED_ATTR: [] }), [html]);
  return <span className={className} dangerouslySetInnerHTML={{ __html: safe }} />;
}

/** Server-escaped text shown as plain text (entities decoded, tags removed). */
export function decodeEscaped(html: string): string {
  const doc = new DOMParser().parseFromString(html, "text/html");
  return doc.body.textContent ?? "";
}
