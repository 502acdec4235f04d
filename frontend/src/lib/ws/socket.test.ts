import { describe, expect, it, vi } from "vitest";
import { LiveSocket, UNAUTHORISED_CLOSE, type SocketStatus } from "./socket";

class FakeSocket {
  static OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(public url: string) {}
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  message(type: string, payload: unknown) {
    this.onmessage?.({ data: JSON.stringify({ type, payload }) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
}

function harness(overrides: Partial<ConstructorParameters<typeof LiveSocket>[0]> = {}) {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const statuses: SocketStatus[] = [];
  vi.stubGlobal("WebSocket", FakeSocket);
  const live = new LiveSocket({
    url: () => "ws://test/ws",
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s as unknown as WebSocket;
    },
    random: () => 0.5,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
    ...overrides,
  });
  live.onStatus((s) => statuses.push(s));
  return { live, sockets, timers, statuses };
}

describe("LiveSocket", () => {
  it("opens one connection and dispatches messages by type", () => {
    const { live, sockets } = harness();
    const seen: unknown[] = [];
    live.subscribe("phase_end", (p) => seen.push(p));
    live.start();
    live.start();
    expect(sockets).toHaveLength(1);
    sockets[0]!.open();
    sockets[0]!.message("phase_end", { id: 3, type: "phase_end" });
    sockets[0]!.message("other", { id: 4 });
    expect(seen).toEqual([{ id: 3, type: "phase_end" }]);
    expect(live.lastEventId).toBe(4);
  });

  it("reconnects with growing, jittered, capped delays and resumes after the last event id", () => {
    const { live, sockets, timers, statuses } = harness({ baseDelayMs: 100, maxDelayMs: 1000 });
    const resyncs: string[] = [];
    live.onResync((r) => resyncs.push(r));
    live.start();
    sockets[0]!.open();
    sockets[0]!.message("log", { id: 41 });
    sockets[0]!.message("log", { id: 42 });
    sockets[0]!.drop();
    expect(statuses.at(-1)).toBe("reconnecting");
    // Failed attempts back off: 100, 200, 400, 800, then capped at 1000 (random 0.5 -> 3/4 of it).
    for (let i = 0; i < 5; i++) {
      timers.at(-1)!.fn();
      sockets.at(-1)!.drop();
    }
    expect(timers.map((t) => t.ms)).toEqual([75, 150, 300, 600, 750, 750]);
    timers.at(-1)!.fn();
    const resumed = sockets.at(-1)!;
    expect(resumed.url).toBe("ws://test/ws?since=42");
    resumed.open();
    expect(statuses.at(-1)).toBe("open");
    expect(resyncs).toEqual(["reconnected"]);
    // After a successful open the backoff starts again from the first step.
    resumed.drop();
    expect(timers.at(-1)!.ms).toBe(75);
  });

  it("jitter spreads the delay between half and all of the ceiling", () => {
    const low = harness({ random: () => 0, baseDelayMs: 1000 }).live;
    const high = harness({ random: () => 1, baseDelayMs: 1000 }).live;
    expect(low.delayFor(2)).toBe(2000);
    expect(high.delayFor(2)).toBe(4000);
  });

  it("drops a replayed duplicate but keeps out-of-order events", () => {
    const { live, sockets } = harness();
    const ids: number[] = [];
    live.subscribe("*", (p) => ids.push((p as { id: number }).id));
    live.start();
    sockets[0]!.open();
    sockets[0]!.message("log", { id: 5 });
    sockets[0]!.message("log", { id: 3 });
    sockets[0]!.message("log", { id: 5 });
    expect(ids).toEqual([5, 3]);
    expect(live.lastEventId).toBe(5);
  });

  it("a resync message moves the resume point and asks listeners to refetch", () => {
    const { live, sockets, timers } = harness();
    const resyncs: string[] = [];
    live.onResync((r) => resyncs.push(r));
    live.start();
    sockets[0]!.open();
    sockets[0]!.message("log", { id: 10 });
    sockets[0]!.message("resync", { reason: "too_slow", resume_after: 90 });
    expect(resyncs).toEqual(["resync"]);
    sockets[0]!.drop(1013);
    timers.at(-1)!.fn();
    expect(sockets.at(-1)!.url).toBe("ws://test/ws?since=90");
  });

  it("renews the session on close 4401, else reports it lost and stops", async () => {
    let allowed = true;
    const lost = vi.fn();
    const { live, sockets } = harness({ refresh: async () => allowed, onSessionLost: lost });
    live.start();
    sockets[0]!.open();
    sockets[0]!.drop(UNAUTHORISED_CLOSE);
    await vi.waitFor(() => expect(sockets).toHaveLength(2));
    allowed = false;
    sockets[1]!.drop(UNAUTHORISED_CLOSE);
    await vi.waitFor(() => expect(lost).toHaveBeenCalledOnce());
    expect(live.status).toBe("closed");
    expect(sockets).toHaveLength(2);
  });

  it("send works only while open; stop closes without reconnecting", () => {
    const { live, sockets, timers } = harness();
    live.start();
    expect(live.send({ type: "chat.send", payload: {} })).toBe(false);
    sockets[0]!.open();
    expect(live.send({ type: "chat.send", payload: { a: 1 } })).toBe(true);
    expect(sockets[0]!.sent).toEqual(['{"type":"chat.send","payload":{"a":1}}']);
    live.stop();
    expect(timers).toHaveLength(0);
    expect(live.status).toBe("closed");
  });
});
