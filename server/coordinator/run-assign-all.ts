import { enqueueBookingEffects } from "@/server/booking/enqueue-booking-effects";
import { findBookingView } from "@/server/booking/find-booking-view";
import { defineJob, type TJobContext, type TJobDefinition } from "@/server/infra/queue/job-definition";
import { assignBooking } from "./assign-booking";
import type { TCoordinatorDeps } from "./coordinator-deps";
import { ASSIGN_ALL_JOB, type TAssignAllPayload } from "./start-assign-all";

export type TAssignAllOutcome = { runId: string; total: number; handedOver: number };

/** The `assign_all.run` job (registered by the runtime's startWorkers). */
export function assignAllJob(deps: TCoordinatorDeps): TJobDefinition<TAssignAllPayload> {
  return defineJob<TAssignAllPayload>({
    name: ASSIGN_ALL_JOB,
    run: (payload, ctx) => runAssignAll({ ...deps, log: ctx.log ?? deps.log }, payload, ctx),
  });
}

/**
 * One pass of the auto-assigner over the run's bookings, ONE AT A TIME in the run's order, so earlier bookings
 * choose their tables first (the order a parallel fan-out of booking.assign jobs could not keep). Each booking
 * goes through assignBooking exactly as its own job would (lock, version fence, plan, commit or review); bookings
 * placed meanwhile exit `already_assigned`, so a retried run repeats no work. A booking that fails transiently
 * (lock busy, rate limited) is handed to its own booking.assign job, whose retries and review-on-exhaustion
 * apply, rather than failing the whole run. Then the run is marked finished.
 */
export async function runAssignAll(
  deps: TCoordinatorDeps,
  { runId }: TAssignAllPayload,
  ctx: Pick<TJobContext, "signal"> = {},
): Promise<TAssignAllOutcome> {
  const run = await deps.db.kysely
    .selectFrom("assign_all_runs")
    .select(["id", "restaurant_id", "booking_ids"])
    .where("id", "=", runId)
    .executeTakeFirst();
  if (!run) return { runId, total: 0, handedOver: 0 };
  let handedOver = 0;
  for (const bookingId of run.booking_ids) {
    if (ctx.signal?.aborted) throw new Error(`assign-all run ${runId} was stopped; the retry resumes it`);
    try {
      await assignBooking(deps, { bookingId, trigger: "bulk", signal: ctx.signal });
    } catch (error) {
      deps.log.warn({ err: error, runId, bookingId }, "assign-all: booking handed to its own assignment job");
      await handOver(deps, { bookingId, restaurantId: run.restaurant_id });
      handedOver += 1;
    }
  }
  await deps.db.kysely
    .updateTable("assign_all_runs")
    .set({ finished_at: new Date() })
    .where("id", "=", runId)
    .execute();
  return { runId, total: run.booking_ids.length, handedOver };
}

async function handOver(
  deps: TCoordinatorDeps,
  { bookingId, restaurantId }: { bookingId: string; restaurantId: string },
) {
  await deps.db.transaction(async (tx) => {
    const booking = await findBookingView(tx, { bookingId });
    if (!booking) return;
    await enqueueBookingEffects(tx, {
      effects: ["requestAssignment"],
      bookingId,
      restaurantId,
      stateVersion: booking.stateVersion,
      enqueue: deps.enqueue,
    });
  });
}
