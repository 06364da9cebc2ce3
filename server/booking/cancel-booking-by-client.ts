import { DomainError } from "@/server/errors/domain-error";
import type { Db } from "@/server/infra/db/open-db";
import type { TEnqueue } from "@/server/infra/queue/job-definition";
import { bookingNotFound } from "./find-booking-by-reference";
import { findBookingView, type TBookingView } from "./find-booking-view";
import { loadBookingForTransition, type TBookingSeen } from "./load-booking-for-transition";
import { allowedEvents, type TBookingActor, type TBookingContext } from "./machine";
import { transitionBookingInTx } from "./transition-booking";

export type TCancelByClientResult = {
  booking: TBookingView;
  /** False when the booking was already cancelled: nothing was written and no email queued. */
  cancelledNow: boolean;
};

/**
 * DELETE /api/bookings/{reference}: a booking client cancels its restaurant's booking. One transaction: the booking
 * is row-locked, the machine's CANCEL frees its tables and holds (transition_booking) and queues the cancellation
 * email (outbox) — so concurrent cancels queue on the lock and all but the first find it cancelled and answer it as
 * it is (idempotent: one cancellation, one email). A booking that has started, or whose guests came (checked in,
 * completed, no-show), is the restaurant's to change: INVALID_TRANSITION.
 */
export async function cancelBookingByClient({
  db,
  enqueue,
  restaurantId,
  reference,
  actor,
  now = new Date(),
}: {
  db: Db;
  enqueue: TEnqueue;
  restaurantId: string;
  reference: string;
  actor: TBookingActor;
  now?: Date;
}): Promise<TCancelByClientResult> {
  return db.transaction(async (tx) => {
    // The reference → id mapping never changes, so it needs no lock; the booking itself is locked next.
    const found = await findBookingView(tx, { restaurantId, reference });
    if (!found) throw bookingNotFound(reference);
    const { booking, context } = await loadBookingForTransition(tx, { bookingId: found.id, restaurantId, actor, now });
    const cancelledNow = booking.status !== "cancelled";
    if (cancelledNow) {
      assertClientMayCancel(booking, context, now);
      await transitionBookingInTx(tx, {
        bookingId: booking.id,
        restaurantId,
        event: { type: "CANCEL" },
        actor,
        now,
        enqueue,
        seen: booking,
        reason: "cancelled by the booking client",
      });
    }
    // Read again under the lock: `found` may predate a cancel that committed while this request waited for it.
    const current = await findBookingView(tx, { bookingId: booking.id });
    if (!current) throw bookingNotFound(reference);
    return { booking: current, cancelledNow };
  });
}

/**
 * The machine decides whether CANCEL exists for this status and actor; a client may additionally not cancel once
 * the booking's time has come (the guests may be at the table: only the restaurant knows).
 */
function assertClientMayCancel(booking: TBookingSeen, context: TBookingContext, now: Date): void {
  const started = now.getTime() >= booking.starts_at.getTime();
  if (!started && allowedEvents(booking.status, context).includes("CANCEL")) return;
  throw new DomainError(
    "INVALID_TRANSITION",
    started
      ? `booking ${booking.reference} has already started; it can no longer be cancelled online`
      : `booking ${booking.reference} is ${booking.status}; it can no longer be cancelled online`,
    {
      meta: { status: booking.status, event: "CANCEL", allowedEvents: allowedEvents(booking.status, context) },
      hint: "Contact the restaurant to change or cancel a booking that has started or whose guests have arrived",
    },
  );
}
