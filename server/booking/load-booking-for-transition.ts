import { DomainError } from "@/server/http/errors";
import type { Tx } from "@/server/infra/db/open-db";
import { findBookingForUpdate, findNoShowAt, type TLockedBooking } from "./booking-repository";
import { DEFAULT_MAX_ASSIGNMENT_RETRIES, type TBookingActor, type TBookingContext } from "./machine";

export type TLoadedBooking = { booking: TLockedBooking; context: TBookingContext };

/**
 * Locks the booking and builds the machine context for `actor` at `now`. Locking first means concurrent writers
 * queue here and each evaluates the machine on the row as it is after the previous one committed; a caller that
 * sent an expected version learns STALE_VERSION instead of acting on a booking it has not seen.
 * A booking of another restaurant is NOT_FOUND (never reveal it exists).
 */
export async function loadBookingForTransition(
  tx: Tx,
  {
    bookingId,
    restaurantId,
    expectedVersion,
    actor,
    now = new Date(),
    maxAssignmentRetries = DEFAULT_MAX_ASSIGNMENT_RETRIES,
  }: {
    bookingId: string;
    restaurantId?: string;
    expectedVersion?: number;
    actor: TBookingActor;
    now?: Date;
    maxAssignmentRetries?: number;
  },
): Promise<TLoadedBooking> {
  const booking = await findBookingForUpdate(tx, bookingId);
  if (!booking || (restaurantId !== undefined && booking.restaurant_id !== restaurantId)) {
    throw new DomainError("NOT_FOUND", `booking ${bookingId} not found`, { meta: { bookingId } });
  }
  if (expectedVersion !== undefined && booking.state_version !== expectedVersion) {
    throw new DomainError(
      "STALE_VERSION",
      `booking ${booking.reference} is at version ${booking.state_version} (${booking.status}), not ${expectedVersion}`,
      {
        meta: {
          bookingId,
          reference: booking.reference,
          status: booking.status,
          currentVersion: booking.state_version,
          expectedVersion,
        },
      },
    );
  }
  const noShowAt = booking.status === "no_show" ? await findNoShowAt(tx, booking.id) : null;
  return {
    booking,
    context: {
      actor: { type: actor.type, id: actor.id, role: actor.role ?? null },
      now: now.getTime(),
      startsAt: booking.starts_at.getTime(),
      noShowAt: noShowAt?.getTime() ?? null,
      assignmentFailures: booking.assignment_failures,
      maxAssignmentRetries,
      noShowUndoMinutes: booking.no_show_undo_minutes,
      checkInLeadMinutes: booking.check_in_lead_minutes,
    },
  };
}
