import { commitAssignmentInTx } from "@/server/assignment/commit-assignment";
import { transitionBooking } from "@/server/booking/transition-booking";
import { isDomainError } from "@/server/errors/domain-error";
import type { ErrorCode } from "@/server/errors/error-codes";
import type { AttemptTrigger, BookingStatus } from "@/server/infra/db/schema";
import { LockBusyError } from "@/server/infra/locks";
import { TransientError } from "@/server/infra/resilience";
import { observeCommitDuration, observePlannerDuration } from "@/server/infra/telemetry/metrics";
import { coordinatorActor, PLACED_STATUSES, type TCoordinatorDeps } from "./coordinator-deps";
import { failAssignment } from "./fail-assignment";
import { loadAssignableBooking, type TAssignableBookingRow } from "./load-assignable-booking";
import { planBookingTables } from "./plan-booking-tables";
import { attemptRow, recordAttempt, reportAttempt, type TAttemptRecord } from "./record-assignment-attempt";

export type TAssignOutcome =
  | { outcome: "assigned"; status: BookingStatus; tableIds: string[] }
  | { outcome: "already_assigned"; status: BookingStatus }
  | { outcome: "manual_review"; reasonCode: string }
  | { outcome: "retry_scheduled"; reasonCode: string }
  | { outcome: "skipped"; status: BookingStatus | null; reasonCode: string };

export type TAssignResult = TAssignOutcome & { bookingId: string; attempts: number; durationMs: number };

// A lost race re-plans with fresh occupancy at most this many times before it counts as a transient failure.
const MAX_PLANS = 3;
// The commit re-validates the plan against the venue as it is now. Besides a table taken meanwhile, staff may have
// changed the floor between our snapshot and our commit (table deactivated, capacity or adjacency edited): the
// plan is stale, not the booking unplaceable, so these re-plan on a fresh snapshot too instead of failing the run.
const STALE_PLAN_CODES: readonly ErrorCode[] = [
  "TABLE_CONFLICT",
  "TABLE_UNAVAILABLE",
  "CAPACITY",
  "NOT_MERGEABLE",
  "NOT_CONNECTED",
  "CROSS_ZONE",
];
// Long enough for a slow commit; a holder that dies frees the booking within this.
const LOCK_TTL_MS = 15_000;

/**
 * ARCHITECTURE §6: lock the booking → CAS to assignment_in_progress → snapshot → plan → commit with the version as
 * fencing token → assigned (→ confirmed + notify when the restaurant auto-confirms), in one transaction with the
 * outbox jobs. Whoever runs second (inline or job) finds the booking placed and exits `already_assigned`.
 * A booking found in assignment_in_progress was left by a runner that died after its CAS: it is resumed, and the
 * version fence makes a zombie's late commit fail. Transient trouble (lock busy, rate limited, connection) throws
 * TransientError for the job to retry; failures of the plan itself go through the machine (retry or review).
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
        throw new TransientError(`assignment rate limit reached for restaurant ${booking.restaurantId}`);
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
      const ctx = { deps, log, bookingId, restaurantId: current.restaurantId, trigger };
      while (attempts < MAX_PLANS) {
        attempts += 1;
        if (signal?.aborted || lock.signal.aborted) throw new TransientError("assignment deadline passed");
        const attemptStarted = performance.now();
        const plan = await planBookingTables({
          db: deps.db.kysely,
          booking: current,
          asOf: deps.now?.() ?? new Date(),
          // A re-plan after a lost race reads the settings again: the floor itself may have changed.
          ...(attempts === 1 ? { planning: current.planning } : {}),
        });
        observePlannerDuration({ seconds: plan.diagnostics.durationMs / 1000 });
        const best = plan.plans[0];
        if (!best) {
          await recordAttempt(deps.db.kysely, log, {
            ...attemptBase(ctx, attempts, attemptStarted),
            outcome: "no_plan",
            reasonCode: "NO_PLAN",
            diagnostics: plan.diagnostics,
            extra: { nextTimes: plan.nextTimes.map((t) => new Date(t).toISOString()) },
          });
          return finish(
            await failAssignment(ctx, {
              version,
              kind: "deterministic",
              reasonCode: "NO_PLAN",
              metadata: {
                rejected: plan.diagnostics.rejected,
                nextTimes: plan.nextTimes.map((t) => new Date(t).toISOString()),
              },
            }),
          );
        }
        const commitStarted = performance.now();
        const assigned: TAttemptRecord = {
          ...attemptBase(ctx, attempts, attemptStarted),
          outcome: "assigned",
          reasonCode: null,
          tableIds: best.tableIds,
          strategy: "weighted",
          diagnostics: plan.diagnostics,
          extra: { score: best.score, snapshotMs: plan.snapshotMs },
        };
        try {
          const status = await deps.db.transaction(async (tx) => {
            // ASSIGNMENT_SUCCEEDED, then CONFIRM when the restaurant auto-confirms: one call, one row lock; the
            // "assigned" attempt row goes with it (it exists exactly when the assignment does).
            const committed = await commitAssignmentInTx(tx, {
              restaurantId: current.restaurantId,
              bookingId,
              tableIds: best.tableIds,
              expectedVersion: version,
              seen,
              event: "ASSIGNMENT_SUCCEEDED",
              followedBy: current.autoConfirm ? [{ type: "CONFIRM" }] : [],
              actor: coordinatorActor(trigger),
              metadata: { score: best.score, capacity: best.capacity, overage: best.overage },
              enqueue: deps.enqueue,
              attempt: attemptRow(assigned),
            });
            return committed.body.status;
          });
          reportAttempt(log, assigned);
          observeCommitDuration({ seconds: (performance.now() - commitStarted) / 1000, outcome: "assigned" });
          return finish({ outcome: "assigned", status, tableIds: best.tableIds });
        } catch (error) {
          observeCommitDuration({ seconds: (performance.now() - commitStarted) / 1000, outcome: "failed" });
          if (isDomainError(error) && STALE_PLAN_CODES.includes(error.code)) {
            // Someone took a table (or changed the floor) between our snapshot and commit: re-plan on fresh data.
            await recordAttempt(deps.db.kysely, log, {
              ...attemptBase(ctx, attempts, attemptStarted),
              outcome: "conflict",
              reasonCode: error.code,
              tableIds: best.tableIds,
              diagnostics: plan.diagnostics,
              extra: { conflicts: error.meta },
            });
            continue;
          }
          if (isDomainError(error, "STALE_VERSION") || isDomainError(error, "INVALID_TRANSITION")) {
            return finish(await settleAfterLostFence(ctx));
          }
          throw error;
        }
      }
      return finish(
        await failAssignment(ctx, { version, kind: "transient", reasonCode: "CONFLICT_RETRIES_EXHAUSTED" }),
      );
    });
  } catch (error) {
    if (error instanceof LockBusyError) {
      log.info({ event: "auto_assign.summary", outcome: "lock_busy" }, "auto_assign.summary");
      throw new TransientError(`booking ${bookingId} is being assigned by another runner`, { cause: error });
    }
    throw error;
  }
}

function attemptBase(
  ctx: { bookingId: string; restaurantId: string; trigger: AttemptTrigger },
  attempt: number,
  attemptStarted: number,
) {
  return {
    bookingId: ctx.bookingId,
    restaurantId: ctx.restaurantId,
    trigger: ctx.trigger,
    attempt,
    durationMs: performance.now() - attemptStarted,
  };
}

/** Our version fence failed: someone else (staff, a zombie runner) moved the booking. Report what it is now. */
async function settleAfterLostFence(ctx: { deps: TCoordinatorDeps; bookingId: string }): Promise<TAssignOutcome> {
  const now = await loadAssignableBooking(ctx.deps.db.kysely, ctx.bookingId);
  if (!now) return { outcome: "skipped", status: null, reasonCode: "NOT_FOUND" };
  if ((PLACED_STATUSES as readonly string[]).includes(now.status))
    return { outcome: "already_assigned", status: now.status };
  if (now.status === "assignment_pending" || now.status === "assignment_in_progress") {
    throw new TransientError(`booking ${ctx.bookingId} changed during assignment; retrying`);
  }
  return { outcome: "skipped", status: now.status, reasonCode: "STALE_VERSION" };
}
