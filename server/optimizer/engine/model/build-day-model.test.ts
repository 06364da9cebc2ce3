import { describe, expect, it } from "vitest";
import { at, booking, table } from "../../testing/day-scenario";
import { buildDayModel } from "./build-day-model";

const venue = {
  tables: [
    table("A", 2),
    table("B", 4),
    table("C", 8, { minParty: 5 }),
    table("D", 4),
    table("X", 4, { active: false }),
  ],
  adjacency: [
    ["A", "B"],
    ["B", "D"],
  ] as [string, string][],
};
const config = { policy: { maxTablesPerPlan: 3, maxOverage: 2 } };
const keysOf = (model: ReturnType<typeof buildDayModel>, i = 0) => model.bookings[i]?.options.map((o) => o.unit.key);

describe("buildDayModel", () => {
  it("offers planner units with party ≤ capacity ≤ party + maxOverage, minParty met, inactive tables never", () => {
    const model = buildDayModel({ venue, config, bookings: [booking("b", { party: 3, from: "19:00", to: "20:30" })] });
    // A+B (6) contains B (4), which seats 3 alone: dominated and dropped. C's minimum party is 5.
    expect(keysOf(model)).toEqual(["B", "D"]);
    const big = buildDayModel({ venue, config, bookings: [booking("b", { party: 6, from: "19:00", to: "20:30" })] });
    // Best first: no spare seat (A+B), then 2 spare on one table (C) before 2 spare on a merge (B+D).
    expect(keysOf(big)).toEqual(["A+B", "C", "B+D"]);
  });

  it("keeps a dominated merge when it is where the booking sits now (staying is not a move)", () => {
    const model = buildDayModel({
      venue,
      config: { policy: { maxOverage: 4 } },
      bookings: [booking("b", { party: 3, from: "19:00", to: "20:30", tables: ["B", "A"] })],
    });
    expect(keysOf(model)).toContain("A+B");
    expect(model.bookings[0]?.options.find((o) => o.unit.key === "A+B")?.isCurrent).toBe(true);
    expect(model.bookings[0]?.hadTables).toBe(true);
    expect(model.warnings).toEqual([]);
  });

  it("treats fixed bookings as pre-occupied tables, with half-open windows", () => {
    const model = buildDayModel({
      venue,
      config,
      bookings: [
        booking("fixed", { party: 4, from: "19:00", to: "20:30", tables: ["B"], fixed: true }),
        booking("during", { party: 3, from: "20:00", to: "21:00" }),
        booking("after", { party: 3, from: "20:30", to: "22:00" }),
      ],
    });
    expect(model.bookings[0]?.fixed).toBe(true);
    expect(model.bookings[0]?.options).toEqual([]);
    expect(keysOf(model, 1)).toEqual(["D"]);
    expect(keysOf(model, 2)).toEqual(["B", "D"]);
  });

  it("fixes placed bookings starting inside the freeze window, and only those", () => {
    const model = buildDayModel({
      venue,
      config,
      freeze: { asOf: at("18:45"), freezeMs: 30 * 60_000 },
      bookings: [
        booking("soon", { party: 2, from: "19:00", to: "20:00", tables: ["A"] }),
        booking("later", { party: 2, from: "19:30", to: "21:00", tables: ["B"] }),
        booking("waiting", { party: 2, from: "19:00", to: "20:00" }),
      ],
    });
    expect(model.bookings.map((b) => b.fixed)).toEqual([true, false, false]);
  });

  it("warns about fixed collisions, fixed bookings without tables and current plans that are no longer valid", () => {
    const model = buildDayModel({
      venue,
      config,
      bookings: [
        booking("f1", { party: 2, from: "19:00", to: "20:00", tables: ["A"], fixed: true }),
        booking("f2", { party: 2, from: "19:30", to: "21:00", tables: ["A"], fixed: true }),
        booking("f3", { party: 2, from: "19:30", to: "21:00", fixed: true }),
        booking("m", { party: 2, from: "21:00", to: "22:00", tables: ["C"] }),
      ],
    });
    expect(model.warnings).toEqual([
      "booking f3 is fixed but has no tables: left unplaced",
      "fixed bookings f1 and f2 overlap on table A",
      "booking m: current tables C are not a valid plan now; re-planned",
    ]);
    expect(model.bookings[2]).toMatchObject({ fixed: false, options: [] });
  });

  it("ranks options by the objective's per-option criteria and puts keepSeated first when asked", () => {
    const model = buildDayModel({
      venue,
      config: { policy: { maxTablesPerPlan: 3, maxOverage: 4 } },
      bookings: [booking("b", { party: 2, from: "19:00", to: "20:00", tables: ["D"] })],
      keepSeated: true,
    });
    expect(model.objective).toEqual(["keepSeated", "covers", "bookings", "waste", "merges", "moves", "zone"]);
    // Waste first (A wastes 0), then moves: D (current) before B although B sorts first by key.
    expect(keysOf(model)).toEqual(["A", "D", "B"]);
    expect(model.bookings[0]?.options.map((o) => o.rankClass)).toEqual([0, 1, 2]);
  });
});
