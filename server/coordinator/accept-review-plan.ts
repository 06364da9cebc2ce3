import { commitAssignmentInTx } from "@/server/assignment/commit-assignment";
import { loadFloorNames, requireOwnTables } from "@/server/availability/load-floor-names";
import { findAssignableBooking } from "@/server/booking/find-assignable-booking";
import { loadBookingForTransition } from "@/server/booking/load-booking-for-transition";
import type { TBookingActor } from "@/server/booking/machine";
import { readStaffBooking } from "@/server/booking/read-staff-booking";
import type { TStaffBookingResponse } from "@/server/booking/staff-booking-schema";
import { withCurrentOnStale } from "@/server/booking/with-current-on-stale";
import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import type { StaffRole } from "@/server/infra/db/schema";
import type { TEnqueue } from "@/server/infra/queue/job-definition";

/**
 * A manager resolves a booking in review by accepting a plan: its tables are committed (MANUAL_ASSIGN, then CONFIRM
 * when the restaurant auto-confirms, as the coordinator would have) under the booking's row lock, fenced by the
 * version the manager saw. Refusals write nothing: STALE_VERSION carries the booking as it is now, a booking that
 * left review is INVALID_TRANSITION, tables taken meanwhile TABLE_CONFLICT, tables of another restaurant NOT_FOUND.
 */
export async function acceptReviewPlan({
  db,
  restaurantId,
  bookingId,
  actor,
  role,
  planTableIds,
  expectedVersion,
  enqueue,
  now = new Date(),
}: {
  db: Db;
  restaurantId: string;
  bookingId: string;
  actor: TBookingActor;
  /** The manager's role here: the answer's allowedEvents are theirs. */
  role: StaffRole;
  planTableIds: readonly string[];
  expectedVersion: number;
  enqueue?: TEnqueue;
  now?: Date;
}): Promise<TStaffBookingResponse> {
  const names = await loadFloorNames(db.kysely, { restaurantId });
  requireOwnTables({
    names,
    tableIds: planTableIds,
    hint: "Accept a plan of the review queue: its tables are this restaurant's",
  });
  return withCurrentOnStale(db, { bookingId, actor, role }, async () =>
    db.transaction(async (tx) => {
      const { booking } = await loadBookingForTransition(tx, { bookingId, restaurantId, expectedVersion, actor, now });
      if (booking.status !== "manual_review") {
        throw new DomainError(
          "INVALID_TRANSITION",
          `booking ${booking.reference} is ${booking.status}, not in review`,
          {
            meta: { bookingId, status: booking.status },
            hint: "Someone resolved it already: reload the review queue",
          },
        );
      }
      const record = await findAssignableBooking(tx, bookingId);
      await commitAssignmentInTx(tx, {
        restaurantId,
        bookingId,
        tableIds: planTableIds,
        expectedVersion,
        seen: booking,
        event: "MANUAL_ASSIGN",
        followedBy: record?.auto_confirm ? [{ type: "CONFIRM" }] : [],
        actor,
        reason: "review accepted",
        metadata: { via: "review" },
        now,
        ...(enqueue ? { enqueue } : {}),
      });
      const accepted = await readStaffBooking(tx, { bookingId, actor, role, now });
      if (!accepted) throw new Error(`booking ${bookingId} vanished inside its own transaction`);
      return accepted;
    }),
  );
}
