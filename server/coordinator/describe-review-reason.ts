import type { TRejectionCounts } from "@/server/planner";
import { describeNoPlan } from "./describe-table-plan";
import type { TLastAttempt } from "./find-last-attempts";

/** What the coordinator and its jobs store as a review reason, in words (NO_PLAN is told from its diagnostics). */
const REASON_WORDS: Readonly<Record<string, string>> = {
  CONFLICT_RETRIES_EXHAUSTED:
    "Automatic assignment kept losing its tables to other bookings being placed at the same time.",
  ASSIGNMENT_RETRIES_EXHAUSTED: "Automatic assignment failed on every retry (the service was having trouble).",
  ASSIGNMENT_ERROR: "Automatic assignment hit an error it cannot retry.",
  WAITING_FOR_EARLIER_BOOKINGS: "The free tables were set aside for earlier bookings still waiting for theirs.",
};

/**
 * Why a booking is in review, for the queue: the reason stored when it went there (a coordinator code, or the
 * words staff gave with REQUEST_REVIEW) and, for "no plan", what the planner ruled out at its last attempt.
 */
export function describeReviewReason({
  reviewReason,
  partySize,
  lastAttempt,
}: {
  reviewReason: string | null;
  partySize: number;
  lastAttempt: TLastAttempt | undefined;
}): { code: string | null; message: string } {
  if (reviewReason === "NO_PLAN" || (reviewReason === null && lastAttempt?.outcome === "no_plan")) {
    const rejected = (lastAttempt?.plannerStats.rejected ?? {}) as Partial<TRejectionCounts>;
    const repair = describeRepair(lastAttempt?.plannerStats.repair);
    return { code: "NO_PLAN", message: `${describeNoPlan({ partySize, rejected }).message}${repair}` };
  }
  if (reviewReason === null) return { code: null, message: "Sent to review without a reason." };
  const words = REASON_WORDS[reviewReason];
  if (words) return { code: reviewReason, message: words };
  // Anything else was typed by a member of staff when they asked for review.
  return { code: "REQUESTED", message: `Sent to review by staff: ${reviewReason}` };
}

/** What the online repair tried before review (issue #14), as a sentence to append; "" when it did not run. */
function describeRepair(repair: unknown): string {
  if (!repair || typeof repair !== "object") return "";
  const r = repair as { enabled?: boolean; found?: boolean; lost?: string; movable?: number };
  if (r.enabled === false) return " Online repair is switched off for this restaurant.";
  if (r.found && r.lost)
    return " Online repair found moves that would seat it, but the floor changed before they could be made.";
  if (r.found === false) {
    return r.movable
      ? ` Online repair could not seat it by moving any of the ${r.movable} movable booking${r.movable === 1 ? "" : "s"} around it.`
      : " Online repair had no booking it could move (none movable around this time).";
  }
  return "";
}
