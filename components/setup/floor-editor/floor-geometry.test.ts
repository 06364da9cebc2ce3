import { describe, expect, it } from "vitest";
import type { TFloorTable } from "@/server/setup/floor/floor-plan-schema";
import { edgeGap, linkNeighbours, nextTableLabel, snap, toggleLink } from "./floor-geometry";

const table = (id: string, x: number, y: number, extra: Partial<TFloorTable> = {}): TFloorTable => ({
  id,
  zoneId: "z",
  label: id,
  capacity: 4,
  minParty: 1,
  mergeable: true,
  onlineBookable: true,
  active: true,
  priority: 0,
  x,
  y,
  width: 0.8,
  height: 0.8,
  rotation: 0,
  shape: "rect",
  ...extra,
});

describe("floor geometry", () => {
  it("snaps to 10 cm without float noise", () => {
    expect(snap(0.1 + 0.2)).toBe(0.3);
    expect(snap(1.249)).toBe(1.2);
    expect(snap(-0.26)).toBe(-0.3);
  });

  it("measures the gap between edges, rotation included", () => {
    expect(edgeGap(table("a", 0, 0), table("b", 1, 0))).toBeCloseTo(0.2);
    expect(edgeGap(table("a", 0, 0), table("b", 0.5, 0))).toBe(0);
    expect(edgeGap(table("a", 0, 0), table("b", 1, 1))).toBeCloseTo(Math.hypot(0.2, 0.2));
    // A 2 m × 0.8 m table turned 90° is 2 m tall: its right edge stays 0.4 m from its centre.
    const long = table("a", 0, 0, { width: 2, rotation: 90 });
    expect(edgeGap(long, table("b", 1.7, 0))).toBeCloseTo(0.3);
  });

  it("links every pair within N cm once, keeping existing links", () => {
    const tables = [table("a", 0, 0), table("b", 1, 0), table("c", 2, 0), table("d", 5, 0)];
    const { adjacency, added } = linkNeighbours(tables, [["a", "b"]], 20);
    expect(added).toBe(1);
    expect(adjacency).toEqual([
      ["a", "b"],
      ["b", "c"],
    ]);
    expect(linkNeighbours(tables, [], 10).added).toBe(0);
  });

  it("toggles links in either direction", () => {
    expect(toggleLink([], "b", "a")).toEqual([["a", "b"]]);
    expect(toggleLink([["a", "b"]], "b", "a")).toEqual([]);
    expect(toggleLink([], "a", "a")).toEqual([]);
  });

  it("names new tables T<n> with a free number", () => {
    expect(nextTableLabel([])).toBe("T1");
    expect(nextTableLabel([{ label: "T2" }, { label: "x" }])).toBe("T3");
    expect(nextTableLabel([{ label: "t2" }])).toBe("T3");
  });
});
