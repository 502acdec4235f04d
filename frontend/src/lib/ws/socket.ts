/**
 * One WebSocket connection to `/ws` for the whole app.
 *
 * - Reconnects with exponential backoff and full jitter (a crowd of clients does not return
 *   in lockstep after a restart).
 * - Resumes with `?since=<last event id>` so no persisted event is lost across a reconnect.
 * - Tells listeners to resync (refetch server state) after a reconnect and on a `resync` message.
 * - Close code 4401 means the session ended: renew it once, else report the session lost.
 */
export type SocketStatus = "idle" | "connecting" | "open" | "reconnecting" | "closed";

export interface SocketMessage {
  type: string;
  payload: unknown;
}

type Handler = (payload: unknown, message: SocketMessage) => void;

export interface SocketOptions {
  url: () => string;
  createSocket?: (url: string) => WebSocket;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Renew the session after a 4401 close; false means it is gone. */
  refresh?: () => Promise<boolean>;
  onSessionLost?: () => void;
}

export const UNAUTHORISED_CLOSE = 4401;
const SEEN_LIMIT = 2000;

export class LiveSocket {
  private ws: WebSocket | null = null;
  private handlers = new Map<string, Set<Handler>>();
  private statusListeners = new Set<(status: SocketStatus) => void>();
  private resyncListeners = new Set<(reason: string) => void>();
  private timer: unknown = null;
  private attempt = 0;
  private everOpened = false;
  private stopped = true;
  private seen = new Set<number>();
  private readonly opts: Required<Omit<SocketOptions, "refresh" | "onSessionLost">> &
    Pick<SocketOptions, "refresh" | "onSessionLost">;
  status: SocketStatus = "idle";
  lastEventId: number | null = null;

  constructor(options: SocketOptions) {
    this.opts = {
      createSocket: (url) => new WebSocket(url),
      random: Math.random,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      ...options,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.opts.clearTimer(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.close(1000, "client stopped");
    }
    this.setStatus("closed");
  }

  /** Connect now (the user pressed "reconnect"), skipping the wait. */
  reconnectNow(): void {
    if (this.stopped || this.status === "open" || this.status === "connecting") return;
    if (this.timer !== null) this.opts.clearTimer(this.timer);
    this.timer = null;
    this.open();
  }

  send(message: SocketMessage): boolean {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  subscribe(type: string, handler: Handler): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  onStatus(listener: (status: SocketStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onResync(listener: (reason: string) => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  /** The delay before reconnect attempt `attempt` (0-based): full jitter over a capped exponential. */
  delayFor(attempt: number): number {
    const ceiling = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** attempt);
    return Math.round(ceiling / 2 + (this.opts.random() * ceiling) / 2);
  }

  private url(): string {
    const base = this.opts.url();
    if (this.lastEventId === null) return base;
    return `${base}${base.includes("?") ? "&" : "?"}since=${this.lastEventId}`;
  }

  private open(): void {
    this.setStatus(this.everOpened ? "reconnecting" : "connecting");
    const ws = this.opts.createSocket(this.url());
    this.ws = ws;
    ws.onopen = () => {
      const resumed = this.everOpened;
      this.attempt = 0;
      this.everOpened = true;
      this.setStatus("open");
      if (resumed) this.emitResync("reconnected");
    };
    ws.onmessage = (event: MessageEvent) => this.receive(event.data);
    ws.onclose = (event: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (event.code === UNAUTHORISED_CLOSE) {
        void this.renew();
        return;
      }
      this.schedule();
    };
  }

  private async renew(): Promise<void> {
    this.setStatus("reconnecting");
    const ok = this.opts.refresh ? await this.opts.refresh() : false;
    if (this.stopped) return;
    if (ok) {
      this.open();
    } else {
      this.stopped = true;
      this.setStatus("closed");
      this.opts.onSessionLost?.();
    }
  }

  private schedule(): void {
    this.setStatus("reconnecting");
    const delay = this.delayFor(this.attempt);
    this.attempt += 1;
    this.timer = this.opts.setTimer(() => {
      this.timer = null;
      if (!this.stopped) this.open();
    }, delay);
  }

  private receive(data: unknown): void {
    let message: SocketMessage;
    try {
      const parsed: unknown = JSON.parse(String(data));
      if (typeof parsed !== "object" || parsed === null || !("type" in parsed)) return;
      message = parsed as SocketMessage;
    } catch {
      return;
    }
    const payload = message.payload as { id?: unknown; resume_after?: unknown } | null;
    if (message.type === "resync") {
      if (typeof payload?.resume_after === "number") this.lastEventId = payload.resume_after;
      this.emitResync("resync");
    } else if (payload && typeof payload.id === "number" && !message.type.startsWith("chat.")) {
      // Persisted run events carry a numeric id: the highest is the point to resume from.
      // (Events from several workers may arrive out of id order: only exact repeats are dropped.)
      if (this.seen.has(payload.id)) return;
      this.seen.add(payload.id);
      if (this.seen.size > SEEN_LIMIT) {
        const oldest = this.seen.values().next().value;
        if (oldest !== undefined) this.seen.delete(oldest);
      }
      this.lastEventId = Math.max(this.lastEventId ?? 0, payload.id);
    }
    for (const handler of this.handlers.get(message.type) ?? []) handler(message.payload, message);
    for (const handler of this.handlers.get("*") ?? []) handler(message.payload, message);
  }

  private emitResync(reason: string): void {
    for (const listener of this.resyncListeners) listener(reason);
  }

  private setStatus(status: SocketStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
