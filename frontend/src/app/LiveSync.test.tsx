import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ConnectionIndicator } from "@/components/ui/ConnectionIndicator";

class FakeSocket {
  static OPEN = 1;
  static last: FakeSocket | null = null;
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.last = this;
  }
  send() {}
  close() {}
}

describe("LiveSync", () => {
  it("connects once, shows the state, and refetches server data on resync and after run events", async () => {
    vi.stubGlobal("WebSocket", FakeSocket);
    const { LiveSync, ITEM_REFRESH_MS } = await import("./LiveSync");
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, "invalidateQueries");
    render(
      <QueryClientProvider client={client}>
        <LiveSync />
        <ConnectionIndicator />
      </QueryClientProvider>,
    );
    const socket = FakeSocket.last!;
    expect(socket.url).toMatch(/^ws:\/\/localhost:3000\/ws$/);
    expect(screen.getByRole("button", { name: "Connection: Connecting…" })).toBeInTheDocument();
    act(() => {
      socket.readyState = 1;
      socket.onopen?.();
    });
    expect(screen.getByRole("button", { name: "Connection: Live" })).toBeDisabled();
    act(() => socket.onmessage?.({ data: JSON.stringify({ type: "phase_end", payload: { id: 7, type: "phase_end" } }) }));
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ["knowledge"] });
    invalidate.mockClear();
    act(() => socket.onmessage?.({ data: JSON.stringify({ type: "resync", payload: { reason: "too_slow", resume_after: 7 } }) }));
    expect(invalidate).toHaveBeenCalledWith();
    // A run's own changes refresh at once; item events at most once a second, whatever their rate.
    invalidate.mockClear();
    act(() => socket.onmessage?.({ data: JSON.stringify({ type: "run_paused", payload: { id: 8, type: "run_paused" } }) }));
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ["runs"] });
    invalidate.mockClear();
    vi.useFakeTimers();
    act(() => {
      for (let id = 9; id < 209; id += 1) socket.onmessage?.({ data: JSON.stringify({ type: "item_done", payload: { id, type: "item_done" } }) });
    });
    expect(invalidate).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(ITEM_REFRESH_MS));
    expect(invalidate.mock.calls).toEqual([[{ queryKey: ["runs"] }], [{ queryKey: ["knowledge"] }]]);
    // No timer refreshes anything while nothing happens.
    invalidate.mockClear();
    act(() => vi.advanceTimersByTime(120_000));
    expect(invalidate).not.toHaveBeenCalled();
    // A reconnect refetches everything on screen: what happened meanwhile is not missed.
    act(() => socket.onclose?.({ code: 1006 }));
    expect(screen.getByRole("button", { name: "Connection: Reconnecting…" })).toBeEnabled();
    act(() => vi.advanceTimersByTime(60_000));
    const again = FakeSocket.last!;
    expect(again).not.toBe(socket);
    act(() => {
      again.readyState = 1;
      again.onopen?.();
    });
    expect(invalidate).toHaveBeenCalledWith();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
});
