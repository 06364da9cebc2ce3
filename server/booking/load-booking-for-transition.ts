import { DomainError } from "@/server/errors/domain-error";
import type { Tx } from "@/server/infra/db/open-db";
import { findBookingForUpdate, findNoShowAt, type TLockedBooking } from "./booking-repository";
import { DEFAULT_MAX_ASSIGNMENT_RETRIES, type TBookingActor, type TBookingContext } from "./machine";

/** What the machine's guards and the write functions read of a booking. */
export type TBookingSeen = Pick<
  TLockedBooking,
  | "id"
  | "restaurant_id"
  | "reference"
  | "status"
  | "state_version"
  | "starts_at"
  | "assignment_failures"
  | "no_show_undo_minutes"
  | "check_in_lead_minutes"
>;

export type TLoadedBooking = { booking: TBookingSeen; context: TBookingContext };

/**
 * Locks the booking and builds the machine context for `actor` at `now`. Locking first means concurrent writers
 * queue here and each evaluates the machine on the row as it is after the previous one committed; a caller that
 * sent an expected version learns STALE_VERSION instead of acting on a booking it has not seen.
 * A booking of another restaurant is NOT_FOUND (never reveal it exists).
 *
 * `seen`: the booking as the caller already has it — inserted or row-locked earlier in this transaction, or read
 * just before at the version it will pass as the fencing token. The machine is then evaluated on it without a
 * second read: every change to a booking goes through a versioned transition (the trigger refuses any other
 * status change, and no other write touches the columns the guards read), so the write's compare-and-set on
 * that version refuses it if the booking moved since, exactly as STALE_VERSION here would have.
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
    seen,
  }: {
    bookingId: string;
    restaurantId?: string;
    expectedVersion?: number;
    actor: TBookingActor;
    now?: Date;
    maxAssignmentRetries?: number;
    seen?: TBookingSeen;
  },
): Promise<TLoadedBooking> {
  const booking = currentSeen({ seen, bookingId, expectedVersion }) ?? (await findBookingForUpdate(tx, bookingId));
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
  return { booking, context: bookingContextOf(booking, { actor, now, noShowAt, maxAssignmentRetries }) };
}

/** `seen` when it is this booking at the version the caller fences with (else it must be read). */
export function currentSeen({
  seen,
  bookingId,
  expectedVersion,
}: {
  seen?: TBookingSeen;
  bookingId: string;
  expectedVersion?: number;
}): TBookingSeen | null {
  if (!seen || seen.id !== bookingId) return null;
  return (expectedVersion ?? seen.state_version) === seen.state_version ? seen : null;
}

/** The machine's context for `actor` acting on `booking` at `now`. */
export function bookingContextOf(
  booking: Pick<TBookingSeen, "starts_at" | "assignment_failures" | "no_show_undo_minutes" | "check_in_lead_minutes">,
  {
    actor,
    now,
    noShowAt = null,
    maxAssignmentRetries = DEFAULT_MAX_ASSIGNMENT_RETRIES,
  }: { actor: TBookingActor; now: Date; noShowAt?: Date | null; maxAssignmentRetries?: number },
): TBookingContext {
  return {
    actor: { type: actor.type, id: actor.id, role: actor.role ?? null },
    now: now.getTime(),
    startsAt: booking.starts_at.getTime(),
    noShowAt: noShowAt?.getTime() ?? null,
    assignmentFailures: booking.assignment_failures,
    maxAssignmentRetries,
    noShowUndoMinutes: booking.no_show_undo_minutes,
    checkInLeadMinutes: booking.check_in_lead_minutes,
  };
}
