import { describe, expect, it } from "vitest";
import { optimizeDay } from "./engine/optimize-day";
import { optimizeDayOffThread } from "./optimize-day-off-thread";
import { checkDayPlanFeasible } from "./testing/check-day-plan-feasible";
import { generateDay } from "./testing/generate-day";

/** What generateDay's config means (maxTablesPerPlan 3, maxOverage 4, the rest defaults). */
const GENERATED_POLICY = { maxTablesPerPlan: 3, maxOverage: 4, requireAdjacency: true, allowCrossZone: false };

describe("optimizeDayOffThread", () => {
  it("solves on a worker thread: the same proven optimum, while this thread's event loop keeps running", async () => {
    const day = generateDay({ seed: 1, tableCount: 20, load: 1.1 });
    const input = { venue: day.venue, config: day.config, bookings: day.bookings, solver: "exact" as const };
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 5);
    const started = performance.now();
    const offThread = await optimizeDayOffThread({ ...input, timeLimitMs: 20_000 });
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // A blocked event loop would run the timer once at the end; here it fires all along.
    expect(ticks).toBeGreaterThan(Math.min(20, elapsed / 5 / 4));
    expect(offThread.optimal).toBe(true);
    const inThread = await optimizeDay({ ...input, timeLimitMs: 20_000 });
    expect(offThread.metrics.seatedCovers).toBe(inThread.metrics.seatedCovers);
    expect(
      checkDayPlanFeasible({ venue: day.venue, policy: GENERATED_POLICY, bookings: day.bookings, plan: offThread }),
    ).toEqual([]);
  });

  it("reports a failure inside the thread as a rejected promise", async () => {
    // A venue that is not one (as a caller bypassing the input parser might send): the thread's TypeError comes back.
    const broken = { venue: null, bookings: [] } as unknown as Parameters<typeof optimizeDayOffThread>[0];
    await expect(optimizeDayOffThread(broken)).rejects.toThrow(/optimizer thread failed/);
  });
});
