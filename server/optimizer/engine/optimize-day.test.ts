import { describe, expect, it } from "vitest";
import { checkDayPlanFeasible } from "../testing/check-day-plan-feasible";
import { booking, seating, setupDay, TRIANGLE_OF_TWO_TOPS, table } from "../testing/day-scenario";
import { generateDay } from "../testing/generate-day";
import { optimizeDay } from "./optimize-day";

describe("optimizeDay", () => {
  const floor = setupDay({
    tables: [table("A1", 2), table("A2", 2), table("B1", 4), table("T1", 4, { zone: "terrace" })],
    adjacency: [["A1", "A2"]],
    config: { policy: { maxTablesPerPlan: 2, maxOverage: 2 } },
  });

  it("re-plans to seat more covers: moves a couple off the 4-top so a party of 4 fits (exact and heuristic)", async () => {
    const bookings = [
      booking("couple", { party: 2, from: "19:00", to: "20:30", tables: ["B1"] }),
      booking("four", { party: 4, from: "19:00", to: "21:00" }),
      booking("terrace", { party: 4, from: "19:00", to: "21:00", tables: ["T1"] }),
    ];
    for (const solver of ["exact", "heuristic"] as const) {
      const result = await floor.optimize(bookings, { solver });
      expect(seating(result)).toEqual(["couple→A1", "four→B1", "terrace→T1"]);
      expect(result.assignments.map((a) => a.change)).toEqual(["moved", "placed", "kept"]);
      expect(result.metrics).toEqual({
        seatedBookings: 3,
        seatedCovers: 10,
        wastedSeats: 0,
        mergedTables: 0,
        moves: 1,
        bumped: 0,
        zoneMisses: 0,
      });
      expect(result.baseline).toMatchObject({ seatedBookings: 2, seatedCovers: 6, wastedSeats: 2 });
      expect(result.unplaced).toEqual([]);
    }
  });

  it("reports the solver, optimality and a bound; exact proves the optimum on a small day", async () => {
    const result = await floor.optimize([booking("b", { party: 3, from: "19:00", to: "20:00" })], { solver: "exact" });
    expect(result).toMatchObject({ solver: "exact", optimal: true, gap: 0, coversUpperBound: 3, warnings: [] });
    expect(typeof result.durationMs).toBe("number");
    const heuristic = await floor.optimize([booking("b", { party: 3, from: "19:00", to: "20:00" })], {
      solver: "heuristic",
    });
    expect(heuristic).toMatchObject({ solver: "heuristic", optimal: false, gap: 0 });
  });

  it("bumps a small party for a bigger one by default, but never with keepSeated", async () => {
    const tiny = setupDay({ tables: [table("A", 4)], config: { policy: { maxOverage: 4 } } });
    const bookings = [
      booking("two", { party: 2, from: "19:00", to: "20:30", tables: ["A"] }),
      booking("four", { party: 4, from: "19:30", to: "21:00" }),
    ];
    const bumping = await tiny.optimize(bookings);
    expect(seating(bumping)).toEqual(["four→A"]);
    expect(bumping).toMatchObject({ unplaced: ["two"], bumped: ["two"] });
    expect(bumping.metrics).toMatchObject({ moves: 1, bumped: 1 });
    const keeping = await tiny.optimize(bookings, { keepSeated: true });
    expect(seating(keeping)).toEqual(["two→A"]);
    expect(keeping).toMatchObject({ unplaced: ["four"], bumped: [] });
  });

  it("keeps fixed bookings exactly where they are, even on an invalid plan, and plans around them", async () => {
    const result = await floor.optimize([
      booking("pinned", { party: 5, from: "19:00", to: "21:00", tables: ["B1"], fixed: true }),
      booking("other", { party: 4, from: "20:00", to: "21:00" }),
      booking("clash", { party: 2, from: "20:00", to: "21:00", tables: ["B1"], fixed: true }),
    ]);
    expect(seating(result)).toEqual(["pinned→B1", "other→T1", "clash→B1"]);
    expect(result.assignments.map((a) => a.change)).toEqual(["fixed", "placed", "fixed"]);
    expect(result.warnings).toEqual(["fixed bookings pinned and clash overlap on table B1"]);
  });

  it("breaks ties by waste, then merges, then moves, then zone preference", async () => {
    const ties = await floor.optimize([
      booking("snug", { party: 2, from: "19:00", to: "20:00" }), // A1 (no spare seat) over B1/T1
      booking("single", { party: 4, from: "19:00", to: "20:00" }), // B1 over the A1+A2 merge
      booking("stay", { party: 4, from: "21:00", to: "22:00", tables: ["T1"] }), // stays on T1
      booking("terrace", { party: 4, from: "22:00", to: "23:00", zone: "terrace" }), // T1 over B1
    ]);
    expect(seating(ties)).toEqual(["snug→A1", "single→B1", "stay→T1", "terrace→T1"]);
    expect(ties.metrics).toMatchObject({ wastedSeats: 0, mergedTables: 0, moves: 0, zoneMisses: 0 });
  });

  it("follows a configured objective order: with moves before merges nobody moves, the four merge instead", async () => {
    const bookings = [
      booking("couple", { party: 2, from: "19:00", to: "20:30", tables: ["B1"] }),
      booking("four", { party: 4, from: "19:00", to: "21:00" }),
      booking("terrace", { party: 4, from: "19:00", to: "21:00", tables: ["T1"] }),
    ];
    const result = await floor.optimize(bookings, { objective: ["covers", "moves", "merges"] });
    expect(seating(result)).toEqual(["couple→B1", "four→A1+A2", "terrace→T1"]);
    expect(result.metrics).toMatchObject({ moves: 0, mergedTables: 2 });
    const byDefault = await floor.optimize(bookings);
    expect(seating(byDefault)).toEqual(["couple→A1", "four→B1", "terrace→T1"]);
  });

  it("proves optimality by branch-and-bound when the LP bound is not tight (three merges on a triangle)", async () => {
    const triangle = setupDay(TRIANGLE_OF_TWO_TOPS);
    // The LP seats 1.5 parties of 4 (6 covers); only one pair of tables fits at a time.
    const fours = ["x", "y", "z"].map((id) => booking(id, { party: 4, from: "19:00", to: "21:00" }));
    const result = await triangle.optimize(fours, { solver: "exact" });
    expect(result).toMatchObject({ optimal: true, gap: 0, coversUpperBound: 4 });
    expect(result.assignments).toHaveLength(1);
  });

  it("handles empty days and days where everything is fixed", async () => {
    expect(await floor.optimize([])).toMatchObject({ assignments: [], unplaced: [], optimal: true, gap: 0 });
    const fixed = await floor.optimize([
      booking("f", { party: 2, from: "19:00", to: "20:00", tables: ["A1"], fixed: true }),
    ]);
    expect(fixed).toMatchObject({ unplaced: [], coversUpperBound: 2, gap: 0 });
  });

  it("returns a feasible plan even when the time limit cuts the exact solver short", async () => {
    const day = generateDay({ seed: 5, tableCount: 20, load: 1.1 });
    const result = await optimizeDay({ ...day, solver: "exact", timeLimitMs: 100 });
    const problems = checkDayPlanFeasible({
      venue: day.venue,
      policy: { maxTablesPerPlan: 3, maxOverage: 4, requireAdjacency: true, allowCrossZone: false },
      bookings: day.bookings,
      plan: result,
    });
    expect(problems).toEqual([]);
    expect(result.metrics.seatedCovers).toBeLessThanOrEqual(result.coversUpperBound);
  });
});
