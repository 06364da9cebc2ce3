import { describe, expect, it } from "vitest";
import { booking, table } from "../../testing/day-scenario";
import { buildDayModel } from "../model/build-day-model";
import { findConflictCliques, sweepCliques } from "./find-conflict-cliques";

describe("findConflictCliques", () => {
  const model = buildDayModel({
    venue: { tables: [table("A", 4), table("B", 4)], adjacency: [] },
    bookings: [
      booking("early", { party: 2, from: "19:00", to: "20:00" }),
      booking("middle", { party: 2, from: "19:30", to: "21:00" }),
      booking("touching", { party: 2, from: "20:00", to: "21:00" }),
    ],
  });

  it("finds the maximal sets of overlapping windows; back-to-back windows never conflict", () => {
    expect(sweepCliques({ model, bookingIndices: [0, 1, 2] })).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(sweepCliques({ model, bookingIndices: [0, 2] })).toEqual([[0], [2]]);
  });

  it("writes one row per table and clique over the columns that would use that table", () => {
    const { colStart, rows } = findConflictCliques({ model });
    expect([...colStart]).toEqual([0, 2, 4, 6]);
    // Columns: early→A 0, early→B 1, middle→A 2, middle→B 3, touching→A 4, touching→B 5.
    expect(rows.map((r) => [...r].sort((a, b) => a - b))).toEqual([
      [0, 2],
      [2, 4],
      [1, 3],
      [3, 5],
    ]);
  });
});
