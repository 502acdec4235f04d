/** "1 URL", "3 URLs": a count with its noun in the right number (English only, like the app). */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}
