import { loadBookingRules } from "@/server/booking/load-booking-rules";
import { periodsOnDate } from "@/server/booking/periods-on-date";
import { defineJob, type TEnqueue, type TJobDefinition } from "@/server/infra/queue/job-definition";
import { toZonedParts } from "@/server/time/zoned-time";
import type { TSolverChoice } from "./engine/types";
import { previewDay } from "./preview-day";
import { OPTIMIZER_JOB, type TOptimizerRunRequested } from "./start-optimizer-run";

/**
 * The `optimizer.run` queue carries three payloads:
 * - `{}` — a tick of OPTIMIZER_CRON: fans out ONE job per restaurant (its local today), so a slow or failing
 *   restaurant neither delays nor retries the others, and several workers share the ticks' work;
 * - `{restaurantId, serviceDate?}` — previews that restaurant-day, each active service on its own;
 * - `{runId}` — solves a run a manager queued (POST /api/ops/optimizer/runs): running → previewed, or failed.
 * Only previews: applying stays a human decision. The solver runs on a worker thread (previewDay →
 * optimizeDayOffThread), so the process's event loop stays free.
 */
export type TOptimizerJobPayload = { restaurantId?: string; serviceDate?: string; runId?: string };

export function createOptimizerRunJob({ enqueue }: { enqueue: TEnqueue }): TJobDefinition<TOptimizerJobPayload> {
  return defineJob<TOptimizerJobPayload>({
    name: OPTIMIZER_JOB,
    run: async (given, { db, log }) => {
      // A schedule's tick may carry no data at all.
      const payload: TOptimizerJobPayload = given ?? {};
      if (payload.runId) return solveRequestedRun({ db, log, runId: payload.runId });
      if (!payload.restaurantId) {
        const restaurants = await db.kysely
          .selectFrom("restaurants")
          .select(["id", "timezone"])
          .orderBy("id")
          .execute();
        const now = new Date();
        await db.transaction(async (tx) => {
          for (const restaurant of restaurants) {
            const serviceDate = payload.serviceDate ?? toZonedParts(now, restaurant.timezone).date;
            await enqueue(tx, {
              name: OPTIMIZER_JOB,
              payload: { restaurantId: restaurant.id, serviceDate },
              options: { singletonKey: `${OPTIMIZER_JOB}:${restaurant.id}:${serviceDate}` },
            });
          }
        });
        log?.info({ restaurants: restaurants.length }, "optimizer previews fanned out per restaurant");
        return { fannedOut: restaurants.length };
      }
      const restaurant = await db.kysely
        .selectFrom("restaurants")
        .select(["id", "timezone"])
        .where("id", "=", payload.restaurantId)
        .executeTakeFirst();
      if (!restaurant) return { runs: [] };
      const serviceDate = payload.serviceDate ?? toZonedParts(new Date(), restaurant.timezone).date;
      // The services that run that date (date exceptions applied): nothing to plan on a closed day.
      const rules = await loadBookingRules(db.kysely, restaurant.id);
      const periods = rules ? periodsOnDate(rules, serviceDate) : [];
      const runs: string[] = [];
      for (const period of periods) {
        const preview = await previewDay({
          db,
          restaurantId: restaurant.id,
          serviceDate,
          servicePeriodId: period.id,
          createdBy: OPTIMIZER_JOB,
        });
        log?.info(
          { restaurantId: restaurant.id, serviceDate, runId: preview.runId, moves: preview.moves.length },
          "optimizer preview stored",
        );
        runs.push(preview.runId);
      }
      return { runs };
    },
  });
}

async function solveRequestedRun({
  db,
  log,
  runId,
}: Parameters<TJobDefinition["run"]>[1] & { runId: TOptimizerRunRequested["runId"] }) {
  const run = await db.kysely
    .selectFrom("optimizer_runs")
    .select(["id", "restaurant_id", "service_date", "service_period_id", "status", "requested", "created_by"])
    .where("id", "=", runId)
    .executeTakeFirst();
  // Gone, or already solved by an earlier attempt of this job: nothing to do.
  if (!run || (run.status !== "queued" && run.status !== "running")) return { runId, skipped: true };
  if (run.status === "queued") {
    // Claimed once: a duplicate delivery of the same job finds it running and leaves it to the first.
    const claimed = await db.kysely
      .updateTable("optimizer_runs")
      .set({ status: "running" })
      .where("id", "=", runId)
      .where("status", "=", "queued")
      .returning("id")
      .executeTakeFirst();
    if (!claimed) return { runId, skipped: true };
  }
  const requested = run.requested as { solver?: TSolverChoice; timeLimitMs?: number };
  try {
    const preview = await previewDay({
      db,
      runId,
      restaurantId: run.restaurant_id,
      serviceDate: String(run.service_date),
      servicePeriodId: run.service_period_id,
      createdBy: run.created_by,
      solver: requested.solver ?? "auto",
      timeLimitMs: requested.timeLimitMs,
    });
    log?.info({ runId, moves: preview.moves.length, solver: preview.solver }, "optimizer run previewed");
    return { runId, moves: preview.moves.length };
  } catch (error) {
    // A failure is the run's answer (the dashboard shows it); a retry would fail the same way.
    log?.warn({ err: error, runId }, "optimizer run failed");
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    await db.kysely
      .updateTable("optimizer_runs")
      .set({ status: "failed", reason: `The optimizer failed: ${message}` })
      .where("id", "=", runId)
      .execute();
    return { runId, failed: true };
  }
}
