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
    return { code: "NO_PLAN", message: describeNoPlan({ partySize, rejected }).message };
  }
  if (reviewReason === null) return { code: null, message: "Sent to review without a reason." };
  const words = REASON_WORDS[reviewReason];
  if (words) return { code: reviewReason, message: words };
  // Anything else was typed by a member of staff when they asked for review.
  return { code: "REQUESTED", message: `Sent to review by staff: ${reviewReason}` };
}
