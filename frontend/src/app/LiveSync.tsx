import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { live } from "@/lib/ws/live";

/** Server state follows live events, never a timer: a run's own changes (queued, started,
 * paused, resumed, stalled, a phase begun or ended, the end) refresh the runs at once; item
 * events, which come by the hundred per second in a large run, refresh runs and knowledge at
 * most once per `ITEM_REFRESH_MS`. A reconnect or a `resync` refetches everything on screen,
 * so an event missed while disconnected is not missed. */
const RUN_CHANGES = new Set(["run_queued", "run_start", "run_paused", "run_resumed", "run_stalled", "run_end", "phase_start", "phase_end"]);
const KNOWLEDGE_CHANGES = new Set(["run_end", "phase_end"]);
const ITEM_CHANGES = new Set(["item_done", "item_failed", "item_skipped"]);
export const ITEM_REFRESH_MS = 1000;

export function LiveSync() {
  const queryClient = useQueryClient();
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | null = null;
    const refreshRuns = () => void queryClient.invalidateQueries({ queryKey: ["runs"] });
    const refreshKnowledge = () => void queryClient.invalidateQueries({ queryKey: ["knowledge"] });
    live.start();
    const offResync = live.onResync(() => void queryClient.invalidateQueries());
    const offEvents = live.subscribe("*", (_payload, message) => {
      if (RUN_CHANGES.has(message.type)) refreshRuns();
      if (KNOWLEDGE_CHANGES.has(message.type)) refreshKnowledge();
      if (ITEM_CHANGES.has(message.type) && pending === null) {
        pending = setTimeout(() => {
          pending = null;
          refreshRuns();
          refreshKnowledge();
        }, ITEM_REFRESH_MS);
      }
    });
    return () => {
      if (pending !== null) clearTimeout(pending);
      offResync();
      offEvents();
      live.stop();
    };
  }, [queryClient]);
  return null;
}
