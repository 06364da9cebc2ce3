import { createBooking, type TCreateBookingInput, type TCreateBookingResult } from "@/server/booking/create-booking";
import { BOOKING_ASSIGN_JOB } from "@/server/booking/enqueue-booking-effects";
import type { TEnqueue } from "@/server/infra/queue/job-definition";
import { isTransientError } from "@/server/infra/resilience";
import { assignBooking } from "./assign-booking";
import type { TAssignResult } from "./assign-outcome";
import type { TCoordinatorDeps } from "./coordinator-deps";
import { assignableFromCreated } from "./load-assignable-booking";

export type TCreateAndAssignResult = TCreateBookingResult & {
  /** What the inline fast path achieved within its deadline; null when it handed over to the job. */
  assignment: TAssignResult | null;
};

/**
 * POST /api/bookings' use case: create the booking and queue `booking.assign` in ONE transaction (the outbox),
 * then try the same assignment inline under a deadline. Whichever of inline or job runs first wins; the other
 * exits `already_assigned`. Past the deadline, or on a transient failure, the guest gets the booking as pending
 * and the durable job finishes the work — nothing is lost if this process dies right after the commit.
 */
export async function createAndAssignBooking(
  deps: TCoordinatorDeps & { wakeAssignWorkers?: () => void },
  { deadlineMs, ...input }: Omit<TCreateBookingInput, "enqueue"> & { deadlineMs: number },
): Promise<TCreateAndAssignResult> {
  const created = await createBooking({
    db: deps.db,
    ...input,
    enqueue: withInlineHeadStart(deps.enqueue, deadlineMs),
  });
  if (!created.fresh || created.body.status !== "assignment_pending" || deadlineMs <= 0) {
    deps.wakeAssignWorkers?.();
    return { ...created, assignment: null };
  }
  const controller = new AbortController();
  const inline = assignBooking(deps, {
    bookingId: created.body.bookingId,
    trigger: "inline",
    signal: controller.signal,
    known: assignableFromCreated(created.fresh),
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(null);
    }, deadlineMs);
  });
  try {
    const assignment = await Promise.race([inline, deadline]);
    if (assignment === null) {
      deps.log.warn(
        { bookingId: created.body.bookingId, deadlineMs },
        "inline assignment deadline passed; job takes over",
      );
      // The inline run stops at its next checkpoint; its outcome no longer matters to this request.
      inline.catch(() => undefined);
      deps.wakeAssignWorkers?.();
    }
    return { ...created, assignment };
  } catch (error) {
    // The booking is committed and its job queued: whatever went wrong inline, the guest's booking stands.
    const level = isTransientError(error) ? "info" : "error";
    deps.log[level]({ bookingId: created.body.bookingId, err: error }, "inline assignment deferred to the job");
    deps.wakeAssignWorkers?.();
    return { ...created, assignment: null };
  } finally {
    clearTimeout(timer);
  }
}

/** An inline attempt that failed early (transient) leaves its booking to a job that starts at most this late. */
const MAX_HEAD_START_SECONDS = 2;

/**
 * The outbox's `booking.assign` job, due once the inline attempt's deadline has passed (rounded up to a second)
 * rather than at once: a worker that took it earlier only waited on the booking lock the inline run holds and
 * failed (LockBusy, retried with backoff) — under a backlog, over a thousand wasted attempts in a 10-minute soak.
 * Crash-safety is unchanged: the job is in the same transaction as the booking; it only starts later (≤ 2 s).
 */
function withInlineHeadStart(enqueue: TEnqueue, deadlineMs: number): TEnqueue {
  if (deadlineMs <= 0) return enqueue;
  const startAfterSeconds = Math.min(Math.ceil(deadlineMs / 1000), MAX_HEAD_START_SECONDS);
  return (tx, job) =>
    enqueue(tx, job.name === BOOKING_ASSIGN_JOB ? { ...job, options: { ...job.options, startAfterSeconds } } : job);
}
