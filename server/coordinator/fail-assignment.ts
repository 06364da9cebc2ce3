import { findAssignmentFailures } from "@/server/booking/find-assignment-failures";
import type { TAssignmentFailureKind } from "@/server/booking/machine";
import { transitionBooking } from "@/server/booking/transition-booking";
import { isDomainError } from "@/server/errors/domain-error";
import type { AttemptTrigger } from "@/server/infra/db/schema";
import type { TEnqueue } from "@/server/infra/queue/job-definition";
import { TransientError } from "@/server/infra/resilience";
import type { TAssignOutcome } from "./assign-outcome";
import { coordinatorActor, type TCoordinatorDeps } from "./coordinator-deps";

const BASE_DELAY_SECONDS = 2;
const MAX_DELAY_SECONDS = 120;

/** Exponential backoff with full jitter: failure n waits a random time in [base·2^(n-1)/2, base·2^(n-1)]. */
export function retryDelaySeconds(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** Math.max(0, failures - 1));
  return Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}

/**
 * Hands a failed attempt to the machine: a transient failure with retries left goes back to assignment_pending
 * and its re-queued job waits out the backoff; a deterministic one (no plan exists) or the last retry goes to
 * manual_review with the reason code, which ops see in the review queue.
 */
export async function failAssignment(
  ctx: { deps: TCoordinatorDeps; bookingId: string; trigger: AttemptTrigger },
  {
    version,
    kind,
    reasonCode,
    metadata = {},
  }: { version: number; kind: TAssignmentFailureKind; reasonCode: string; metadata?: Record<string, unknown> },
): Promise<TAssignOutcome> {
  try {
    const result = await transitionBooking({
      db: ctx.deps.db,
      bookingId: ctx.bookingId,
      event: { type: "ASSIGNMENT_FAILED", kind, reason: reasonCode },
      expectedVersion: version,
      actor: coordinatorActor(ctx.trigger),
      reason: reasonCode,
      metadata,
      enqueue: delayedEnqueue(ctx.deps.enqueue),
    });
    return result.status === "manual_review"
      ? { outcome: "manual_review", reasonCode }
      : { outcome: "retry_scheduled", reasonCode };
  } catch (error) {
    if (isDomainError(error, "STALE_VERSION")) {
      throw new TransientError(`booking ${ctx.bookingId} changed while its failure was recorded`, { cause: error });
    }
    throw error;
  }
}

/** The re-queued assign job starts after the backoff for the booking's failure count. */
function delayedEnqueue(enqueue: TEnqueue): TEnqueue {
  return async (tx, job) => {
    if (job.name !== "booking.assign") return enqueue(tx, job);
    const failures = await findAssignmentFailures(tx, String((job.payload as { bookingId?: unknown }).bookingId));
    const startAfterSeconds = retryDelaySeconds(failures ?? 1);
    return enqueue(tx, { ...job, options: { ...job.options, startAfterSeconds } });
  };
}
