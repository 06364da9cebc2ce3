import type { Db } from "@/server/infra/db/open-db";
import { parsePlannerConfig } from "@/server/planner";
import type { TOptimizerMetrics, TSolverChoice } from "./engine/types";
import { loadDayForOptimizer } from "./load-day-for-optimizer";
import { optimizeDayOffThread } from "./optimize-day-off-thread";
import { parseOptimizerSettings } from "./optimizer-settings";

export type TOptimizerMove = {
  bookingId: string;
  reference: string;
  partySize: number;
  change: "moved" | "placed";
  fromTableIds: string[];
  toTableIds: string[];
  /** The booking's window (ISO), to tell which moves depend on which; absent in runs stored before it was kept. */
  startsAt?: string;
  endsAt?: string;
};

export type TPreviewResult = {
  runId: string;
  baseline: TOptimizerMetrics;
  proposed: TOptimizerMetrics;
  moves: TOptimizerMove[];
  solver: string;
  optimal: boolean;
  gap: number;
  durationMs: number;
  warnings: string[];
};

/**
 * Re-plans a restaurant-day and stores the proposal as an `optimizer_runs` row (status previewed): the baseline
 * and proposed metrics, the moves, and a fence of every movable booking's version. Nothing else changes; ops look
 * at the preview and apply it (applyOptimizerRun), which refuses if any of those bookings changed meanwhile.
 * Bookings that already have tables are never unseated: a placed booking may move, not lose its table.
 * With `runId` (a run queued by startOptimizerRun) the proposal is written into that row instead of a new one.
 */
export async function previewDay({
  db,
  restaurantId,
  serviceDate,
  servicePeriodId = null,
  createdBy,
  solver = "auto",
  timeLimitMs,
  runId,
  now = new Date(),
}: {
  db: Db;
  restaurantId: string;
  serviceDate: string;
  servicePeriodId?: string | null;
  createdBy: string;
  solver?: TSolverChoice;
  /** Overrides the restaurant's optimizer setting. */
  timeLimitMs?: number;
  runId?: string;
  now?: Date;
}): Promise<TPreviewResult> {
  const { loaded, bookings } = await loadDayForOptimizer(db.kysely, { restaurantId, serviceDate, servicePeriodId });
  const settings = parseOptimizerSettings(
    (
      await db.kysely
        .selectFrom("restaurants")
        .select("optimizer_config")
        .where("id", "=", restaurantId)
        .executeTakeFirstOrThrow()
    ).optimizer_config,
  );
  // Off this thread: a preview runs inside a job worker or, embedded, the web process itself.
  const result = await optimizeDayOffThread({
    venue: loaded.venue,
    config: parsePlannerConfig(loaded.plannerConfig),
    bookings,
    solver,
    timeLimitMs: timeLimitMs ?? settings.timeLimitMs,
    freeze: { asOf: now.getTime(), freezeMs: settings.freezeMinutes * 60_000 },
    keepSeated: true,
  });
  const byId = new Map(bookings.map((b) => [b.id, b]));
  const moves: TOptimizerMove[] = result.assignments.flatMap((a): TOptimizerMove[] => {
    if (a.change !== "moved" && a.change !== "placed") return [];
    const booking = byId.get(a.bookingId);
    if (!booking) return [];
    return [
      {
        bookingId: a.bookingId,
        reference: booking.reference,
        partySize: booking.partySize,
        change: a.change,
        fromTableIds: [...(booking.tableIds ?? [])],
        toTableIds: [...a.tableIds].sort(),
        startsAt: new Date(booking.start).toISOString(),
        endsAt: new Date(booking.end).toISOString(),
      },
    ];
  });
  const fence = Object.fromEntries(bookings.filter((b) => !b.fixed).map((b) => [b.id, b.stateVersion]));
  const proposal = {
    status: "previewed" as const,
    solver: result.solver,
    baseline_metrics: JSON.stringify(result.baseline),
    proposed_metrics: JSON.stringify({
      ...result.metrics,
      optimal: result.optimal,
      gap: result.gap,
      coversUpperBound: result.coversUpperBound,
      durationMs: result.durationMs,
    }),
    moves: JSON.stringify(moves),
    plan_fence: JSON.stringify(fence),
    reason: result.warnings.length ? result.warnings.join("; ") : null,
  };
  const run = runId
    ? await db.kysely
        .updateTable("optimizer_runs")
        .set(proposal)
        .where("id", "=", runId)
        .where("restaurant_id", "=", restaurantId)
        .returning("id")
        .executeTakeFirstOrThrow()
    : await db.kysely
        .insertInto("optimizer_runs")
        .values({
          ...proposal,
          restaurant_id: restaurantId,
          service_date: serviceDate,
          service_period_id: servicePeriodId,
          created_by: createdBy,
          applied_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
  return {
    runId: run.id,
    baseline: result.baseline,
    proposed: result.metrics,
    moves,
    solver: result.solver,
    optimal: result.optimal,
    gap: result.gap,
    durationMs: result.durationMs,
    warnings: result.warnings,
  };
}
