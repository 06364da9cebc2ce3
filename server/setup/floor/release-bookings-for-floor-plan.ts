import { releaseHoldInTx } from "@/server/assignment/release-hold";
import { unassignTablesInTx } from "@/server/assignment/unassign-tables";
import { findAssignedTableIds } from "@/server/booking/booking-repository";
import { loadBookingForTransition } from "@/server/booking/load-booking-for-transition";
import type { TBookingActor } from "@/server/booking/machine";
import { transitionBookingInTx } from "@/server/booking/transition-booking";
import type { Db } from "@/server/infra/db/open-db";

/** Stored as the review reason: the review queue shows words staff gave as "Sent to review by staff: …". */
export const FLOOR_PLAN_REVIEW_REASON = "its tables were taken off for a floor plan change; choose new tables";

export type TReleasedBooking = { bookingId: string; reference: string; status: string };

/**
 * The editor's "move them to review first": each booking loses its tables (live holds released, assigned tables
 * unassigned through the usual path, one history row) and goes to manual review with the reason, so the manager
 * can save the plan and re-seat them from the review queue. No assign job is queued: a person chooses the tables.
 * All or nothing; a booking of another restaurant is NOT_FOUND; one that cannot go to review (already seated)
 * is INVALID_TRANSITION, naming it.
 */
export async function releaseBookingsForFloorPlan({
  db,
  restaurantId,
  bookingIds,
  actor,
  now = new Date(),
}: {
  db: Db;
  restaurantId: string;
  bookingIds: readonly string[];
  actor: TBookingActor;
  now?: Date;
}): Promise<TReleasedBooking[]> {
  const ids = [...new Set(bookingIds)].sort();
  return db.transaction(async (tx) => {
    const released: TReleasedBooking[] = [];
    for (const bookingId of ids) {
      const { booking } = await loadBookingForTransition(tx, { bookingId, restaurantId, actor, now });
      const holds = await tx
        .selectFrom("holds")
        .select("id")
        .where("booking_id", "=", bookingId)
        .where("expires_at", ">", now)
        .execute();
      for (const hold of holds) await releaseHoldInTx(tx, { restaurantId, holdId: hold.id, actor });
      if ((await findAssignedTableIds(tx, bookingId)).length > 0) {
        await unassignTablesInTx(tx, {
          bookingId,
          restaurantId,
          actor,
          reason: FLOOR_PLAN_REVIEW_REASON,
          metadata: { via: "ops.floor_plan.release" },
          now,
        });
      }
      const status =
        booking.status === "manual_review"
          ? booking.status
          : (
              await transitionBookingInTx(tx, {
                bookingId,
                restaurantId,
                event: { type: "REQUEST_REVIEW", reason: FLOOR_PLAN_REVIEW_REASON },
                actor,
                reason: FLOOR_PLAN_REVIEW_REASON,
                metadata: { via: "ops.floor_plan.release" },
                now,
              })
            ).status;
      released.push({ bookingId, reference: booking.reference, status });
    }
    return released;
  });
}
