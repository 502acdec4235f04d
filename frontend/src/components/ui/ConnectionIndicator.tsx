import { live, useSocketStatus } from "@/lib/ws/live";

const LABEL = {
  idle: ["Live updates off", "bg-slate-400"],
  connecting: ["Connecting…", "bg-amber-500"],
  open: ["Live", "bg-green-600"],
  reconnecting: ["Reconnecting…", "bg-amber-500"],
  closed: ["Offline", "bg-red-600"],
} as const;

/** The live connection's state; when it is down, a click reconnects at once. */
export function ConnectionIndicator() {
  const status = useSocketStatus();
  const [label, colour] = LABEL[status];
  const down = status === "reconnecting" || status === "closed";
  return (
    <button
      type="button"
      onClick={() => live.reconnectNow()}
      disabled={!down}
      title={down ? "Live updates are interrupted. Click to reconnect now." : label}
      aria-label={`Connection: ${label}`}
      data-status={status}
      className="flex items-center gap-1.5 rounded-md px-2 py-1 text-xs disabled:cursor-default"
    >
      <span className={`inline-block h-2.5 w-2.5 rounded-full ${colour}`} aria-hidden="true" />
      <span className="hidden md:inline">{label}</span>
    </button>
  );
}
