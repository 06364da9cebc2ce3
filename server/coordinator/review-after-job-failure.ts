import { transitionBooking } from "@/server/booking/transition-booking";
import { LockBusyError } from "@/server/infra/locks";
import { coordinatorActor, type TCoordinatorDeps } from "./coordinator-deps";
import { loadAssignableBooking } from "./load-assignable-booking";
import { recordAttempt } from "./record-assignment-attempt";

const LOCK_TTL_MS = 15_000;
const STILL_OWED = ["assignment_pending", "assignment_in_progress"];

export type TJobFailureReason = "ASSIGNMENT_RETRIES_EXHAUSTED" | "ASSIGNMENT_ERROR";

/**
 * The last assign job of a booking failed (its final retry, or a deterministic error that is not retried): no
 * job will move the booking again, so it goes to manual review with the reason instead of staying in
 * assignment_pending / assignment_in_progress for ever. Under the booking lock, so a runner that is still
 * working on it (and will settle it) is left alone. Best effort: returns whether it moved the booking.
 */
export async function reviewAfterJobFailure(
  deps: TCoordinatorDeps,
  { bookingId, reasonCode, error }: { bookingId: string; reasonCode: TJobFailureReason; error: unknown },
): Promise<boolean> {
  const started = performance.now();
  const log = deps.log.child({ bookingId, trigger: "job" });
  try {
    return await deps.locks.withLock(`booking:${bookingId}`, LOCK_TTL_MS, async () => {
      const booking = await loadAssignableBooking(deps.db.kysely, bookingId);
      if (!booking || !STILL_OWED.includes(booking.status)) return false;
      const message = error instanceof Error ? error.message : String(error);
      await transitionBooking({
        db: deps.db,
        bookingId,
        event: { type: "REQUEST_REVIEW", reason: reasonCode },
        expectedVersion: booking.stateVersion,
        actor: coordinatorActor("job"),
        reason: reasonCode,
        metadata: { error: message },
        enqueue: deps.enqueue,
      });
      await recordAttempt(deps.db.kysely, log, {
        bookingId,
        restaurantId: booking.restaurantId,
        trigger: "job",
        attempt: 1,
        outcome: "error",
        reasonCode,
        durationMs: performance.now() - started,
        extra: { error: message },
      });
      log.warn({ reasonCode, err: error }, "assignment job gave up; booking sent to manual review");
      return true;
    });
  } catch (parkError) {
    // Lock busy: another runner holds the booking and will settle it. Anything else is logged for ops.
    const level = parkError instanceof LockBusyError ? "info" : "error";
    log[level]({ err: parkError, reasonCode }, "could not send the booking to manual review after its job failed");
    return false;
  }
}
