import { useEffect } from "react";
import { live } from "@/lib/ws/live";
import type { RunEvent } from "../api/runs";
import { useLiveRuns } from "../stores/liveRuns";

function isRunEvent(payload: unknown): payload is RunEvent {
  const p = payload as Partial<RunEvent> | null;
  return !!p && typeof p.id === "number" && typeof p.type === "string" && typeof p.data === "object" && p.data !== null;
}

/** Feed every run event the WebSocket delivers into the live store while mounted. */
export function useLiveRunFeed(): void {
  useEffect(
    () =>
      live.subscribe("*", (payload) => {
        if (isRunEvent(payload)) useLiveRuns.getState().push(payload);
      }),
    [],
  );
}
