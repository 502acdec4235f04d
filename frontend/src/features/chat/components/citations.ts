/** `[n]` in an answer becomes a link to source n (`#cite-n`) when source n exists. */
export function linkCitations(text: string, sourceNumbers: Set<number>): string {
  return text.replace(/\[(\d{1,3})\](?!\()/g, (match, n: string) =>
    sourceNumbers.has(Number(n)) ? `[\\[${n}\\]](#cite-${n})` : match,
  );
}

export function citationFromHref(href: string | null): number | null {
  const m = href?.match(/^#cite-(\d+)$/);
  return m ? Number(m[1]) : null;
}
