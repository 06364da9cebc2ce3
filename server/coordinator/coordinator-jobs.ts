import { holdsSweeperJob } from "@/server/assignment/sweep-expired-holds";
import type { TBookingAssignPayload, TBookingNotifyPayload } from "@/server/booking/enqueue-booking-effects";
import { defineJob, type TJobContext, type TJobDefinition } from "@/server/infra/queue/job-definition";
import type { JobContext } from "@/server/infra/queue/job-types";
import { classifyError } from "@/server/infra/resilience";
import type { TMailTransport } from "@/server/notifications/mail-transport";
import { sendBookingNotification } from "@/server/notifications/send-booking-notification";
import { assignBooking } from "./assign-booking";
import type { TAssignResult } from "./assign-outcome";
import type { TCoordinatorDeps } from "./coordinator-deps";
import { pruneRetention } from "./prune-retention";
import { reviewAfterJobFailure } from "./review-after-job-failure";
import { reviewOrphanedBookings } from "./review-orphaned-bookings";

/**
 * The background work, as job definitions the queue registers in every worker: assignment (the durable half of
 * the pipeline), guest emails, the hold sweeper, retention and the orphaned-booking safety net. Transient failures throw and are retried by the
 * queue; handled outcomes (already assigned, sent to review) return normally.
 */
export function createCoordinatorJobs({
  deps,
  mail,
  mailFrom,
}: {
  deps: TCoordinatorDeps;
  mail: TMailTransport;
  mailFrom: string;
}): TJobDefinition<never>[] {
  const assign = defineJob<TBookingAssignPayload>({
    name: "booking.assign",
    run: (payload, ctx) => runAssignJob(deps, payload, ctx),
  });
  const notify = defineJob<TBookingNotifyPayload>({
    name: "booking.notify",
    run: (payload) =>
      sendBookingNotification({
        db: deps.db,
        transport: mail,
        mailFrom,
        bookingId: payload.bookingId,
        kind: payload.kind,
      }),
  });
  const retention = defineJob<Record<string, never>>({
    name: "retention.prune",
    cron: "17 3 * * *",
    run: () => pruneRetention({ db: deps.db }),
  });
  const reconcile = defineJob<Record<string, never>>({
    name: "bookings.reconcile",
    cron: "* * * * *",
    retry: { limit: 0 },
    run: async (_payload, ctx) => {
      const moved = await reviewOrphanedBookings({ ...deps, log: ctx.log ?? deps.log });
      if (moved > 0) (ctx.log ?? deps.log).warn({ moved }, "orphaned bookings (no assignment job left) sent to review");
      return { moved };
    },
  });
  return [assign, notify, holdsSweeperJob, retention, reconcile] as TJobDefinition<never>[];
}

/**
 * One run of `booking.assign`. A transient failure is thrown for the queue to retry — except on the final
 * attempt; a deterministic one is not retried at all. In both of those cases no job would ever touch the booking
 * again, so it is sent to manual review first (then the error is rethrown so the job still reads as failed).
 */
export async function runAssignJob(
  deps: TCoordinatorDeps,
  payload: TBookingAssignPayload,
  ctx: TJobContext & Partial<Pick<JobContext, "isFinalAttempt">>,
): Promise<TAssignResult> {
  const jobDeps = { ...deps, log: ctx.log ?? deps.log };
  try {
    return await assignBooking(jobDeps, { bookingId: payload.bookingId, trigger: "job", signal: ctx.signal });
  } catch (error) {
    const deterministic = classifyError(error) === "deterministic";
    if (deterministic || ctx.isFinalAttempt) {
      await reviewAfterJobFailure(jobDeps, {
        bookingId: payload.bookingId,
        reasonCode: deterministic ? "ASSIGNMENT_ERROR" : "ASSIGNMENT_RETRIES_EXHAUSTED",
        error,
      });
    }
    throw error;
  }
}
