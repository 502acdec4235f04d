import { beforeEach, describe, expect, it } from "vitest";
import { useSelection } from "./selection";

describe("selection store", () => {
  beforeEach(() => useSelection.getState().clear());

  it("toggles, selects many and clears", () => {
    const s = useSelection.getState;
    s().toggle("a");
    s().toggle("b");
    s().toggle("a");
    expect([...s().selected]).toEqual(["b"]);
    s().setMany(["c", "d"], true);
    expect(s().selected.size).toBe(3);
    s().setMany(["b", "c"], false);
    expect([...s().selected]).toEqual(["d"]);
    s().clear();
    expect(s().selected.size).toBe(0);
  });
});
