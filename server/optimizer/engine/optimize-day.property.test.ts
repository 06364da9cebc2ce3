import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryDay, type TArbitraryDay } from "../testing/arbitrary-day";
import { checkDayPlanFeasible } from "../testing/check-day-plan-feasible";
import { solveDayBruteForce } from "../testing/solve-day-brute-force";
import { solveHeuristic } from "./heuristic/solve-heuristic";
import { buildDayModel } from "./model/build-day-model";
import { describePlan } from "./model/describe-plan";
import { optimizeDay } from "./optimize-day";
import type { TOptimizerMetrics, TOptimizerResult } from "./types";

const run = (day: TArbitraryDay, solver: "exact" | "heuristic") =>
  optimizeDay({
    venue: day.venue,
    config: { policy: day.policy },
    bookings: day.bookings,
    solver,
    timeLimitMs: 60_000,
  });

const vector = (m: TOptimizerMetrics) =>
  [m.seatedCovers, m.seatedBookings, -m.wastedSeats, -m.mergedTables, -m.moves, -m.zoneMisses].map((v) => v + 0); // no -0

const feasibility = (day: TArbitraryDay, result: TOptimizerResult) =>
  checkDayPlanFeasible({ venue: day.venue, policy: day.policy, bookings: day.bookings, plan: result });

describe("optimizeDay on random tiny days (independent checker, brute force)", () => {
  it("both solvers return feasible plans; the exact one matches the brute-force optimum on every criterion", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryDay(), async (day) => {
        const exact = await run(day, "exact");
        const heuristic = await run(day, "heuristic");
        expect(feasibility(day, exact)).toEqual([]);
        expect(feasibility(day, heuristic)).toEqual([]);
        expect(exact.optimal).toBe(true);
        expect(exact.gap).toBe(0);
        expect(vector(exact.metrics)).toEqual(solveDayBruteForce(day).score);
        expect(heuristic.metrics.seatedCovers).toBeLessThanOrEqual(exact.metrics.seatedCovers);
        expect(heuristic.coversUpperBound).toBeGreaterThanOrEqual(exact.metrics.seatedCovers);
      }),
      { numRuns: Number(process.env.RUNS ?? 60), seed: Number(process.env.SEED ?? 20260306) },
    );
  });

  it("is deterministic: the same day gives the same plan (durations aside)", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryDay({ maxTables: 6, maxBookings: 10 }), async (day) => {
        for (const solver of ["exact", "heuristic"] as const) {
          const { durationMs: _a, ...first } = await run(day, solver);
          const { durationMs: _b, ...second } = await run(day, solver);
          expect(second).toEqual(first);
        }
      }),
      { numRuns: 15, seed: 7 },
    );
  });

  it("the pure local search (no LP guide) also returns feasible plans", () => {
    fc.assert(
      fc.property(arbitraryDay({ maxTables: 6, maxBookings: 12 }), fc.nat(1000), (day, seed) => {
        const model = buildDayModel({ venue: day.venue, config: { policy: day.policy }, bookings: day.bookings });
        const { choice } = solveHeuristic({ model, seed, iterations: 200 });
        const plan = describePlan({ model, choice, bookings: day.bookings });
        expect(checkDayPlanFeasible({ venue: day.venue, policy: day.policy, bookings: day.bookings, plan })).toEqual(
          [],
        );
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it("with keepSeated, nobody loses a table as long as the current plan itself is valid", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryDay(), async (day) => {
        const current = {
          assignments: day.bookings.flatMap((b) =>
            b.tableIds ? [{ bookingId: b.id, tableIds: [...b.tableIds] }] : [],
          ),
          unplaced: day.bookings.filter((b) => !b.tableIds).map((b) => b.id),
        };
        const currentIsValid =
          checkDayPlanFeasible({ venue: day.venue, policy: day.policy, bookings: day.bookings, plan: current })
            .length === 0;
        for (const solver of ["exact", "heuristic"] as const) {
          const result = await optimizeDay({
            venue: day.venue,
            config: { policy: day.policy },
            bookings: day.bookings,
            solver,
            keepSeated: true,
          });
          expect(feasibility(day, result)).toEqual([]);
          if (currentIsValid) expect(result.bumped).toEqual([]);
        }
      }),
      { numRuns: 60, seed: 8 },
    );
  });
});
