/** Marks an item whose source delivered a cut text (X exports retweets as "RT @user: …"). */
export const TRUNCATED_EXPLANATION =
  "The source cut this text short. It is completed automatically when a richer source of the same post is imported (the X API sync or an exporter file).";

export function TruncatedBadge() {
  return (
    <span
      data-testid="truncated-badge"
      title={TRUNCATED_EXPLANATION}
      className="inline-flex shrink-0 items-center rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100"
    >
      Truncated
      <span className="sr-only">: {TRUNCATED_EXPLANATION}</span>
    </span>
  );
}
