/** Live run events from the WebSocket, per run (client state; the server keeps the record). */
import { create } from "zustand";
import type { RunEvent } from "../api/runs";

export const KEPT_PER_RUN = 300;

export interface CurrentItem {
  phase: string;
  itemId: string;
  at: string;
}

interface LiveRunsState {
  events: Record<string, RunEvent[]>;
  current: Record<string, CurrentItem>;
  push: (event: RunEvent) => void;
  clear: () => void;
}

export const useLiveRuns = create<LiveRunsState>((set, get) => ({
  events: {},
  current: {},
  push: (event) => {
    const runId = event.task_id;
    if (!runId) return;
    const { events, current } = get();
    const earlier = events[runId] ?? [];
    if (earlier.some((e) => e.id === event.id)) return; // a replay after reconnect
    const kept = [...earlier, event].slice(-KEPT_PER_RUN);
    const itemId = typeof event.data["item_id"] === "string" ? event.data["item_id"] : null;
    const phase = typeof event.data["phase"] === "string" ? event.data["phase"] : null;
    const next = { ...current };
    if (itemId && phase) next[runId] = { phase, itemId, at: event.ts };
    if (event.type === "run_end") delete next[runId];
    set({ events: { ...events, [runId]: kept }, current: next });
  },
  clear: () => set({ events: {}, current: {} }),
}));

/** Persisted events (newest first, from the API) followed by the live ones not yet among them,
 * newest first, at most `limit`. */
export function mergeLog(persisted: RunEvent[], live: RunEvent[], limit = 200): RunEvent[] {
  const seen = new Set(persisted.map((e) => e.id));
  const fresh = live.filter((e) => !seen.has(e.id));
  return [...fresh, ...persisted].sort((a, b) => b.id - a.id).slice(0, limit);
}
