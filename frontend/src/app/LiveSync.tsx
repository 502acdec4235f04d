import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { live } from "@/lib/ws/live";

/** Server state follows live events: a finished phase or run refreshes what it changed, and a
 * reconnect or `resync` refetches everything on screen. */
const CHANGES = new Set(["phase_end", "run_end", "item_done", "item_failed"]);

export function LiveSync() {
  const queryClient = useQueryClient();
  useEffect(() => {
    live.start();
    const offResync = live.onResync(() => void queryClient.invalidateQueries());
    const offEvents = live.subscribe("*", (_payload, message) => {
      if (CHANGES.has(message.type)) {
        void queryClient.invalidateQueries({ queryKey: ["knowledge"] });
        void queryClient.invalidateQueries({ queryKey: ["runs"] });
      }
    });
    return () => {
      offResync();
      offEvents();
      live.stop();
    };
  }, [queryClient]);
  return null;
}
