import { commitAssignmentInTx } from "@/server/assignment/commit-assignment";
import type { TBookingSeen } from "@/server/booking/load-booking-for-transition";
import { isDomainError } from "@/server/errors/domain-error";
import type { ErrorCode } from "@/server/errors/error-codes";
import type { AttemptTrigger, BookingStatus } from "@/server/infra/db/schema";
import { TransientError } from "@/server/infra/resilience";
import type { Logger } from "@/server/infra/telemetry/logger";
import { observeCommitDuration, observePlannerDuration } from "@/server/infra/telemetry/metrics";
import type { TPlanResult, TTablePlan } from "@/server/planner";
import type { TAssignOutcome } from "./assign-outcome";
import { coordinatorActor, type TCoordinatorDeps } from "./coordinator-deps";
import { failAssignment } from "./fail-assignment";
import type { TAssignableBookingRow } from "./load-assignable-booking";
import { planBookingTables, type TPlanningContext } from "./plan-booking-tables";
import { attemptRow, recordAttempt, reportAttempt, type TAttemptRecord } from "./record-assignment-attempt";
import { settleAfterLostFence } from "./settle-after-lost-fence";
import { type TRepairSummary, tryOnlineRepair } from "./try-online-repair";

// A burst for one slot herds: every runner ranks the same tables first, and one wins each round while the others
// queue behind its table lock only to lose. So a runner aims at its own share of its ranking: with k runners racing
// for an overlapping window whose booking ids sort before its own, it takes the (k+1)-th plan among those that seat
// the party like the best one (see pickShare). Every runner sorts the racers the same way, so they spread over the
// ranking instead of piling onto the best plan. A runner that still loses plans again on a fresh snapshot, which
// shows every winner so far and the racers still left. Measured on a burst of 30 (same-slot-burst test): walking on
// down the stale ranking after a loss collided with the other racers' shares (up to 10 commits for one booking);
// a fresh snapshot after each loss settled every booking in at most 4. Spreading over every plan instead of the
// like ones sat parties of two at four-tops that the parties of four racing them needed: with 40 runners at once
// (bench:pipeline's burst on a 40-session lock pool) ten of them then found no table left. Without racers a booking gets the best plan, as before.
// Plans ranked, besides one per racer ahead:
const RANKING_LIMIT = 5;
// Bounds for a runner that keeps losing. A lost commit costs a snapshot, a transaction that waited behind the
// winner's table lock, and its attempt row: a few milliseconds on an idle database. 10 commits are twice the most
// a burst of 40 parties for one slot needed (bench:pipeline's "same-slot burst": at most 5), and cap a hopeless
// booking at a few tens of milliseconds of database work. 3 s of retrying means the database is overwhelmed: the
// inline path has handed over to the job by then (INLINE_ASSIGN_DEADLINE_MS, 1.5 s by default) and a job frees
// its worker. Past either bound the booking goes back to the queue (transient: the job retries after its backoff).
const MAX_COMMITS = 10;
const RETRY_WINDOW_MS = 3000;
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

export type TPlacementContext = {
  deps: TCoordinatorDeps;
  log: Logger;
  bookingId: string;
  restaurantId: string;
  trigger: AttemptTrigger;
  /** The booking as claimed: `version` is the fencing token of every commit, `seen` the row it acts on. */
  booking: TAssignableBookingRow;
  version: number;
  seen: TBookingSeen;
  /** The run's deadline (the inline request's, or the lock's lease): checked before every plan and commit. */
  aborted: () => boolean;
};

/**
 * Plan → commit with the version as fencing token, for a booking this run has claimed. A stale plan (a table
 * taken meanwhile, or the floor changed) is planned again on a fresh snapshot, within the bounds above; a booking
 * that no table set can seat is offered to the online repair (tryOnlineRepair), then goes to review. `attempts` counts the assignment_attempts rows written (one per
 * commit tried, or the planning that found no plan).
 */
export async function placeBookingOnTables(
  ctx: TPlacementContext,
): Promise<{ outcome: TAssignOutcome; attempts: number }> {
  const { deps, log, booking, version } = ctx;
  const started = performance.now();
  let attempts = 0;
  // The settings read with the booking serve until a commit says the floor changed.
  let planning: TPlanningContext | undefined = booking.planning;
  const done = (outcome: TAssignOutcome) => ({ outcome, attempts });
  const giveUp = async (why: "commit_budget" | "time_budget" | "no_plan_left") =>
    done(
      await failAssignment(ctx, {
        version,
        kind: "transient",
        reasonCode: "CONFLICT_RETRIES_EXHAUSTED",
        metadata: { why, commits: attempts, elapsedMs: Math.round(performance.now() - started) },
      }),
    );

  for (;;) {
    if (ctx.aborted()) throw new TransientError("assignment deadline passed");
    if (attempts >= MAX_COMMITS) return giveUp("commit_budget");
    if (attempts > 0 && performance.now() - started >= RETRY_WINDOW_MS) return giveUp("time_budget");
    const attemptStarted = performance.now();
    const result = await planBookingTables({
      db: deps.db.kysely,
      booking,
      asOf: deps.now?.() ?? new Date(),
      limit: RANKING_LIMIT,
      spreadAmongRacers: true,
      ...(planning ? { planning } : {}),
    });
    observePlannerDuration({ seconds: result.diagnostics.durationMs / 1000 });
    const { plan, rank } = pickShare(result);
    if (!plan) {
      // Every table this booking could have had went to runners racing it during this run: the retry decides on
      // a settled floor (and sends it to review with the planner's reasons if it still finds none).
      if (attempts > 0) return giveUp("no_plan_left");
      // What is left is set aside for earlier bookings held up by a fault: wait for them (retry after the
      // backoff), rather than send this one to review for tables it may well get once they are seated.
      if (result.reservedForEarlier > 0) {
        return done(
          await failAssignment(ctx, {
            version,
            kind: "transient",
            reasonCode: "WAITING_FOR_EARLIER_BOOKINGS",
            metadata: { earlierBookings: result.reservedForEarlier },
          }),
        );
      }
      attempts += 1;
      // Before review: a bounded re-plan of the movable bookings around it may seat it (issue #14).
      const repaired = await tryOnlineRepair(ctx, { attemptStarted });
      if (repaired.outcome) return done(repaired.outcome);
      return done(await failWithoutPlan(ctx, { result, attemptStarted, repair: repaired.summary }));
    }
    attempts += 1;
    const commitStarted = performance.now();
    const assigned: TAttemptRecord = {
      ...attemptBase(ctx, attempts, attemptStarted),
      outcome: "assigned",
      reasonCode: null,
      tableIds: plan.tableIds,
      strategy: "weighted",
      diagnostics: result.diagnostics,
      extra: { score: plan.score, rank: rank + 1, snapshotMs: result.snapshotMs },
    };
    try {
      const status = await commitPlan(ctx, { plan, attempt: assigned });
      reportAttempt(log, assigned);
      observeCommitDuration({ seconds: (performance.now() - commitStarted) / 1000, outcome: "assigned" });
      return done({ outcome: "assigned", status, tableIds: plan.tableIds });
    } catch (error) {
      observeCommitDuration({ seconds: (performance.now() - commitStarted) / 1000, outcome: "failed" });
      if (isDomainError(error) && STALE_PLAN_CODES.includes(error.code)) {
        await recordAttempt(deps.db.kysely, log, {
          ...attemptBase(ctx, attempts, attemptStarted),
          outcome: "conflict",
          reasonCode: error.code,
          tableIds: plan.tableIds,
          diagnostics: result.diagnostics,
          extra: { conflicts: error.meta, rank: rank + 1 },
        });
        // A lost race leaves the floor as it was; anything else means it changed: read the settings again.
        if (error.code !== "TABLE_CONFLICT") planning = undefined;
        continue;
      }
      if (isDomainError(error, "STALE_VERSION") || isDomainError(error, "INVALID_TRANSITION")) {
        return done(await settleAfterLostFence(ctx));
      }
      throw error;
    }
  }
}

/**
 * This runner's share of the ranking: with k racers ahead, the (k+1)-th of the plans that seat the party like the
 * best one does (as many tables, as many seats), wrapping around when there are fewer. Spreading over those only
 * costs no seats: a party of two never takes a four-top that a party of four racing it needs while two-tops are left.
 */
function pickShare(result: TPlanResult & { racersAhead: number }): { plan: TTablePlan | undefined; rank: number } {
  const best = result.plans[0];
  if (!best) return { plan: undefined, rank: 0 };
  const alike = result.plans.flatMap((plan, rank) =>
    plan.capacity === best.capacity && plan.tableIds.length === best.tableIds.length ? [{ plan, rank }] : [],
  );
  return alike[result.racersAhead % alike.length] ?? { plan: best, rank: 0 };
}

/**
 * ASSIGNMENT_SUCCEEDED, then CONFIRM when the restaurant auto-confirms: one call, one row lock, in one transaction
 * with the outbox jobs; the "assigned" attempt row goes with it (it exists exactly when the assignment does).
 */
async function commitPlan(
  ctx: TPlacementContext,
  { plan, attempt }: { plan: TTablePlan; attempt: TAttemptRecord },
): Promise<BookingStatus> {
  return ctx.deps.db.transaction(async (tx) => {
    const committed = await commitAssignmentInTx(tx, {
      restaurantId: ctx.restaurantId,
      bookingId: ctx.bookingId,
      tableIds: plan.tableIds,
      expectedVersion: ctx.version,
      seen: ctx.seen,
      event: "ASSIGNMENT_SUCCEEDED",
      followedBy: ctx.booking.autoConfirm ? [{ type: "CONFIRM" }] : [],
      actor: coordinatorActor(ctx.trigger),
      metadata: { score: plan.score, capacity: plan.capacity, overage: plan.overage },
      enqueue: ctx.deps.enqueue,
      attempt: attemptRow(attempt),
    });
    return committed.body.status;
  });
}

/** No table set can seat the party (deterministic): to review with the planner's reasons and the nearest times. */
async function failWithoutPlan(
  ctx: TPlacementContext,
  { result, attemptStarted, repair }: { result: TPlanResult; attemptStarted: number; repair: TRepairSummary },
): Promise<TAssignOutcome> {
  const nextTimes = result.nextTimes.map((t) => new Date(t).toISOString());
  await recordAttempt(ctx.deps.db.kysely, ctx.log, {
    ...attemptBase(ctx, 1, attemptStarted),
    outcome: "no_plan",
    reasonCode: "NO_PLAN",
    diagnostics: result.diagnostics,
    extra: { nextTimes, repair },
  });
  return failAssignment(ctx, {
    version: ctx.version,
    kind: "deterministic",
    reasonCode: "NO_PLAN",
    metadata: { rejected: result.diagnostics.rejected, nextTimes, repair },
  });
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
