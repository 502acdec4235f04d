import { describe, expect, it } from "vitest";
import { mergeLog } from "../stores/liveRuns";
import { elapsed, formatDuration, formatRate } from "./format";

describe("run formatting", () => {
  it("says durations the way people read them", () => {
    expect(formatDuration(null)).toBeNull();
    expect(formatDuration(-1)).toBeNull();
    expect(formatDuration(45.4)).toBe("45 s");
    expect(formatDuration(200)).toBe("3 min 20 s");
    expect(formatDuration(180)).toBe("3 min");
    expect(formatDuration(7500)).toBe("2 h 5 min");
  });

  it("gives slow phases a per-minute rate", () => {
    expect(formatRate(0)).toBeNull();
    expect(formatRate(0.05)).toBe("3.0 items/min");
    expect(formatRate(0.7)).toBe("0.7 items/s");
    expect(formatRate(25.2)).toBe("25 items/s");
  });

  it("measures elapsed time up to now for a running run", () => {
    expect(elapsed("2026-01-01T00:00:00Z", "2026-01-01T00:01:30Z")).toBe(90);
    expect(elapsed("2026-01-01T00:00:00Z", null, Date.parse("2026-01-01T00:00:10Z"))).toBe(10);
    expect(elapsed(null)).toBeNull();
  });

  it("merges the stored log with live events, newest first, without duplicates", () => {
    const e = (id: number) => ({ id, task_id: "r", ts: "2026-01-01T00:00:00Z", level: "INFO", type: "item_done", message: "", data: {} });
    expect(mergeLog([e(3), e(2)], [e(3), e(4), e(5)]).map((x) => x.id)).toEqual([5, 4, 3, 2]);
    expect(mergeLog([e(2)], [e(3)], 1).map((x) => x.id)).toEqual([3]);
  });
});
