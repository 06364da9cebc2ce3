import { transitionBooking } from "@/server/booking/transition-booking";
import type { Db } from "@/server/infra/db/open-db";
import { SEED_ACTOR } from "@/server/testing/factories";

/**
 * Sends a booking to manual review as the coordinator or a member of staff would: REQUEST_REVIEW with the reason
 * stored on the booking, and for "NO_PLAN" the assignment attempt whose diagnostics explain it. Returns its version.
 */
export async function sendToReview(
  db: Db,
  {
    restaurantId,
    bookingId,
    reason,
    rejected,
  }: { restaurantId: string; bookingId: string; reason: string; rejected?: Record<string, number> },
): Promise<number> {
  if (rejected) {
    await db.kysely
      .insertInto("assignment_attempts")
      .values({
        restaurant_id: restaurantId,
        booking_id: bookingId,
        trigger: "job",
        attempt: 1,
        outcome: "no_plan",
        reason_code: reason,
        duration_ms: 1,
        planner_stats: JSON.stringify({ rejected, nextTimes: [] }),
      })
      .execute();
  }
  const result = await transitionBooking({
    db,
    bookingId,
    event: { type: "REQUEST_REVIEW", reason },
    actor: SEED_ACTOR,
    reason,
  });
  return result.stateVersion;
}
