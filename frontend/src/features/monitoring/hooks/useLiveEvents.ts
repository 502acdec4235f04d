import { useEffect, useRef } from "react";
import { live } from "@/lib/ws/live";
import type { LogEvent } from "../api/logs";

function isLogEvent(payload: unknown): payload is LogEvent {
  const p = payload as Partial<LogEvent> | null;
  return !!p && typeof p.id === "number" && typeof p.type === "string" && typeof p.level === "string" && typeof p.message === "string";
}

/** Call `onEvent` with each persisted run event the WebSocket delivers, while `enabled`. */
export function useLiveEvents(enabled: boolean, onEvent: (event: LogEvent) => void): void {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    if (!enabled) return;
    return live.subscribe("*", (payload) => {
      if (isLogEvent(payload)) handler.current(payload);
    });
  }, [enabled]);
}
