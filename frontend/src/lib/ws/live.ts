/** The app's one LiveSocket, and hooks to read its status and events. */
import { useEffect, useSyncExternalStore } from "react";
import { refreshSession, sessionLost } from "../api/session";
import { LiveSocket, type SocketStatus } from "./socket";

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}/ws`;
}

export const live = new LiveSocket({
  url: socketUrl,
  refresh: refreshSession,
  onSessionLost: sessionLost,
});

export function useSocketStatus(): SocketStatus {
  return useSyncExternalStore(
    (notify) => live.onStatus(notify),
    () => live.status,
    () => live.status,
  );
}

/** Call `handler` for each message of `type` while the component is mounted. */
export function useSocketEvent(type: string, handler: (payload: unknown) => void): void {
  useEffect(() => live.subscribe(type, handler), [type, handler]);
}
