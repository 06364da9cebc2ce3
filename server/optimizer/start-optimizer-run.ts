import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import type { JobQueue } from "@/server/infra/queue/create-queue";
import type { TSolverChoice } from "./engine/types";

export const OPTIMIZER_JOB = "optimizer.run";

/** A requested run's job: solve the queued run `runId`. */
export type TOptimizerRunRequested = { runId: string };

/**
 * POST /api/ops/optimizer/runs: records a queued preview run of a restaurant-day (optionally one service) and
 * queues its job in the same transaction (outbox): the run exists if and only if its job does. The job
 * (optimizer-job.ts) solves it off the request; the dashboard follows it over the ops stream. Once committed, the
 * job is announced so an idle worker takes it now rather than at its next poll.
 */
export async function startOptimizerRun({
  db,
  queue,
  restaurantId,
  serviceDate,
  servicePeriodId = null,
  solver = "auto",
  timeLimitMs,
  createdBy,
}: {
  db: Db;
  queue: Pick<JobQueue, "enqueue" | "announce">;
  restaurantId: string;
  serviceDate: string;
  servicePeriodId?: string | null;
  solver?: TSolverChoice;
  timeLimitMs?: number;
  createdBy: string;
}): Promise<{ runId: string; version: number }> {
  const run = await db.transaction(async (tx) => {
    if (servicePeriodId) {
      const period = await tx
        .selectFrom("service_periods")
        .select("id")
        .where("id", "=", servicePeriodId)
        .where("restaurant_id", "=", restaurantId)
        .executeTakeFirst();
      if (!period) {
        throw new DomainError("NOT_FOUND", `service ${servicePeriodId} not found`, {
          hint: "Pick one of the restaurant's services, or leave it out for the whole day",
        });
      }
    }
    const run = await tx
      .insertInto("optimizer_runs")
      .values({
        restaurant_id: restaurantId,
        service_date: serviceDate,
        service_period_id: servicePeriodId,
        status: "queued",
        solver,
        baseline_metrics: "{}",
        proposed_metrics: "{}",
        moves: "[]",
        plan_fence: "{}",
        requested: JSON.stringify({ solver, ...(timeLimitMs ? { timeLimitMs } : {}) }),
        reason: null,
        created_by: createdBy,
        applied_at: null,
      })
      .returning(["id", "version"])
      .executeTakeFirstOrThrow();
    await queue.enqueue(tx, {
      name: OPTIMIZER_JOB,
      payload: { runId: run.id } satisfies TOptimizerRunRequested,
      options: { singletonKey: `${OPTIMIZER_JOB}:${run.id}` },
    });
    return { runId: run.id, version: run.version };
  });
  queue.announce(OPTIMIZER_JOB);
  return run;
}
