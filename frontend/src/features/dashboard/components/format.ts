/** "45 s", "3 min 20 s", "2 h 5 min"; null for unknown. */
export function formatDuration(seconds: number | null | undefined): string | null {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return null;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** "0.7 items/s", "12 items/min" for slow phases; null for unknown. */
export function formatRate(perSecond: number | null | undefined): string | null {
  if (perSecond == null || !Number.isFinite(perSecond) || perSecond <= 0) return null;
  if (perSecond < 0.1) return `${(perSecond * 60).toFixed(1)} items/min`;
  return `${perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond)} items/s`;
}

/** The time between two ISO instants (or until now), in seconds. */
export function elapsed(from: string | null | undefined, to?: string | null, now = Date.now()): number | null {
  if (!from) return null;
  const end = to ? Date.parse(to) : now;
  const start = Date.parse(from);
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, (end - start) / 1000) : null;
}

export const STATUS_LABEL: Record<string, string> = {
  pending: "Waiting to start",
  running: "Running",
  paused: "Paused",
  stalled: "Stalled (no worker is on it; it resumes when one is back)",
  completed: "Completed",
  completed_with_failures: "Completed with failures",
  cancelled: "Stopped",
};
