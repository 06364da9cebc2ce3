import { describe, expect, it } from "vitest";
import type { TTimelineTable } from "@/server/availability/ops-availability-schema";
import { planFloor } from "./floor-layout";

let next = 0;
function table(zone: string, x: number, y: number): TTimelineTable {
  next += 1;
  return {
    id: `00000000-0000-4000-8000-${String(next).padStart(12, "0")}`,
    name: `${zone}${next}`,
    zone: { id: `00000000-0000-4000-9000-00000000000${zone === "A" ? 1 : 2}`, name: zone },
    capacity: 4,
    minParty: 1,
    mergeable: true,
    active: true,
    layout: { x, y, width: 0.9, height: 0.9, rotation: 0, shape: "rect" },
    segments: [],
  };
}

const overlaps = (a: { left: number; top: number; width: number; height: number }, b: typeof a) =>
  a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

describe("planFloor", () => {
  it("draws a room as it stands when its zones are apart and it fits", () => {
    const plan = planFloor([table("A", 0, 0), table("A", 2, 0), table("B", 0, 4), table("B", 2, 4)], 1200, 800);
    expect(plan.wrapped).toBe(false);
    const [a, b] = plan.zones;
    expect(a && b && overlaps(a, b)).toBe(false);
  });

  it("lays zones that stand on top of each other side by side, so none covers another", () => {
    // A room imported over an existing one: both zones start at the origin.
    const plan = planFloor([table("A", 0, 0), table("A", 2, 0), table("B", 0.5, 0.5), table("B", 2.5, 0.5)], 1200, 800);
    expect(plan.wrapped).toBe(true);
    const [a, b] = plan.zones;
    expect(a && b && overlaps(a, b)).toBe(false);
    const boxes = [...plan.tables.values()];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i] as never, boxes[j] as never)).toBe(false);
    }
  });
});
