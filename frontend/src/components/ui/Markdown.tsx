import { useMemo } from "react";
import { renderMarkdown } from "./markdown";

/** Sanitised markdown (see markdown.ts): safe for text that came from the web. */
export function Markdown({ source, className = "" }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className={`prose-kb ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
