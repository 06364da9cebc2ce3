import { transitionBooking } from "@/server/booking/transition-booking";
import { isDomainError } from "@/server/errors/domain-error";
import type { AttemptTrigger } from "@/server/infra/db/schema";
import { LockBusyError } from "@/server/infra/locks";
import { TransientError } from "@/server/infra/resilience";
import type { TAssignOutcome, TAssignResult } from "./assign-outcome";
import { coordinatorActor, PLACED_STATUSES, type TCoordinatorDeps } from "./coordinator-deps";
import { loadAssignableBooking, type TAssignableBookingRow } from "./load-assignable-booking";
import { placeBookingOnTables } from "./place-booking-on-tables";
import { settleAfterLostFence } from "./settle-after-lost-fence";

// A run takes tens of milliseconds; a holder that dies or hangs frees the booking within this. It matches the
// booking.assign job's expiry (queue-specs.ts): the job that resumes a dead worker's booking finds it unlocked.
const LOCK_TTL_MS = 5_000;

/**
 * ARCHITECTURE §6: lock the booking → CAS to assignment_in_progress → snapshot → plan → commit with the version as
 * fencing token → assigned (→ confirmed + notify when the restaurant auto-confirms), in one transaction with the
 * outbox jobs. Whoever runs second (inline or job) finds the booking placed and exits `already_assigned`.
 * A booking found in assignment_in_progress was left by a runner that died after its CAS: it is resumed, and the
 * version fence makes a zombie's late commit fail. Transient trouble (lock busy, rate limited, connection) throws
 * TransientError for the job to retry; failures of the plan itself go through the machine (retry or review).
 * A lost race moves on to the next plans of the runner's own ranking (placeBookingOnTables), within bounds.
 * `known`: the booking as its creator just committed it (the inline path) — the first read is skipped; the claim's
 * compare-and-set on its version still refuses it if anyone moved the booking since.
 */
export async function assignBooking(
  deps: TCoordinatorDeps,
  {
    bookingId,
    trigger,
    signal,
    known,
  }: { bookingId: string; trigger: AttemptTrigger; signal?: AbortSignal; known?: TAssignableBookingRow },
): Promise<TAssignResult> {
  const started = performance.now();
  const log = deps.log.child({ bookingId, trigger });
  let attempts = 0;
  const finish = (outcome: TAssignOutcome): TAssignResult => {
    const result = { ...outcome, bookingId, attempts, durationMs: performance.now() - started };
    log.info(
      { event: "auto_assign.summary", ...result, durationMs: Math.round(result.durationMs * 100) / 100 },
      "auto_assign.summary",
    );
    return result;
  };
  try {
    const booking = known?.id === bookingId ? known : await loadAssignableBooking(deps.db.kysely, bookingId);
    if (!booking) return finish({ outcome: "skipped", status: null, reasonCode: "NOT_FOUND" });
    // Whoever runs second (usually the job after a successful inline run) stops here, before the rate limiter:
    // a no-op must not spend the restaurant's assignment budget (it would halve it) nor take a lock. Placed
    // statuses only move on by staff action, which queues a fresh job; the checks under the lock stay.
    if ((PLACED_STATUSES as readonly string[]).includes(booking.status)) {
      return finish({ outcome: "already_assigned", status: booking.status });
    }
    if (deps.assignmentLimiter) {
      const decision = await deps.assignmentLimiter.limit(booking.restaurantId);
      if (!decision.success)
        throw new TransientError(`assignment rate limit reached for restaurant ${booking.restaurantId}`, {
          deferral: true,
        });
    }
    return await deps.locks.withLock(`booking:${bookingId}`, LOCK_TTL_MS, async (lock) => {
      // The hot path (a pending booking) claims with the version read above: if anyone moved the booking since,
      // the compare-and-set fails and we report what it became — no second read. Anything else (a claim to
      // resume, a status that changed) is re-read under the lock first.
      const current =
        booking.status === "assignment_pending" ? booking : await loadAssignableBooking(deps.db.kysely, bookingId);
      if (!current) return finish({ outcome: "skipped", status: null, reasonCode: "NOT_FOUND" });
      if ((PLACED_STATUSES as readonly string[]).includes(current.status)) {
        return finish({ outcome: "already_assigned", status: current.status });
      }
      let version = current.stateVersion;
      // The booking as it stands after our claim: the commit acts on it without reading it again.
      let seen = current.seen;
      if (current.status === "assignment_pending") {
        try {
          const claimed = await transitionBooking({
            db: deps.db,
            bookingId,
            event: { type: "START_ASSIGNMENT" },
            expectedVersion: version,
            seen,
            actor: coordinatorActor(trigger),
            enqueue: deps.enqueue,
          });
          version = claimed.stateVersion;
          seen = {
            ...seen,
            status: claimed.status,
            state_version: claimed.stateVersion,
            assignment_failures: claimed.assignmentFailures,
          };
        } catch (error) {
          if (isDomainError(error, "STALE_VERSION") || isDomainError(error, "INVALID_TRANSITION")) {
            return finish(await settleAfterLostFence({ deps, bookingId }));
          }
          throw error;
        }
      } else if (current.status !== "assignment_in_progress") {
        return finish({
          outcome: "skipped",
          status: current.status,
          reasonCode: `STATUS_${current.status.toUpperCase()}`,
        });
      }
      const placed = await placeBookingOnTables({
        deps,
        log,
        bookingId,
        restaurantId: current.restaurantId,
        trigger,
        booking: current,
        version,
        seen,
        aborted: () => Boolean(signal?.aborted || lock.signal.aborted),
      });
      attempts = placed.attempts;
      return finish(placed.outcome);
    });
  } catch (error) {
    if (error instanceof LockBusyError) {
      log.info({ event: "auto_assign.summary", outcome: "lock_busy" }, "auto_assign.summary");
      throw new TransientError(`booking ${bookingId} is being assigned by another runner`, { cause: error });
    }
    throw error;
  }
}
