import { z } from "zod";
import { DomainError } from "@/server/errors/domain-error";
import type { Queryable } from "@/server/infra/db/open-db";
import { BOOKING_STATUSES, type StaffRole } from "@/server/infra/db/schema";
import { toBookingResponse } from "./booking-response";
import { findStaffBooking, type TStaffBookingView } from "./find-staff-bookings";
import { bookingContextOf } from "./load-booking-for-transition";
import type { TBookingActor } from "./machine";
import { STAFF_EVENT_NAMES, staffAllowedEvents } from "./staff-booking-events";

/**
 * The booking object of every staff response (ops lists, detail, edits, walk-ins): the booking contract (id,
 * reference, status, version, startsAt, endsAt, partySize, tables) plus guest contact, channel, notes, the review
 * reason, and `allowedEvents` — what this member of staff may send now (role and machine guards both applied),
 * by the names POST /api/ops/bookings/{id}/transitions accepts. The ONE staff booking object: every staff route
 * answers with it, and a 409 STALE_VERSION carries it as `current`.
 */
export const ZStaffBookingSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(BOOKING_STATUSES),
  version: z.number().int(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  partySize: z.number().int(),
  tables: z.array(z.object({ id: z.uuid(), name: z.string() })),
  guestName: z.string(),
  guestEmail: z.string().nullable(),
  guestPhone: z.string().nullable(),
  source: z.enum(["online", "phone", "walk_in", "ops"]),
  notes: z.string().nullable(),
  reviewReason: z.string().nullable(),
  allowedEvents: z.array(z.enum(STAFF_EVENT_NAMES)),
});

export type TStaffBookingResponse = z.infer<typeof ZStaffBookingSchema>;

/** The booking contract alone (what every booking object carries) and the guest's name. */
export const ZBookingContractSchema = ZStaffBookingSchema.pick({
  id: true,
  reference: true,
  status: true,
  version: true,
  startsAt: true,
  endsAt: true,
  partySize: true,
  tables: true,
  guestName: true,
});

/** Who is looking, and when: allowedEvents depend on the role and on the clock (check-in and undo windows). */
export type TStaffViewer = { actor: TBookingActor & { role: StaffRole }; now: Date };

/** The viewer for a member of staff acting in a restaurant with `role`, now. */
export function staffViewer({ staffId, role, now = new Date() }: { staffId: string; role: StaffRole; now?: Date }) {
  return { actor: { type: "staff", id: staffId, role }, now } satisfies TStaffViewer;
}

/** The booking as staff see it now; NOT_FOUND if it no longer exists. */
export async function readStaffBookingResponse(
  db: Queryable,
  { bookingId, viewer }: { bookingId: string; viewer: TStaffViewer },
): Promise<TStaffBookingResponse> {
  const booking = await findStaffBooking(db, bookingId);
  if (!booking) throw new DomainError("NOT_FOUND", `booking ${bookingId} not found`, { meta: { bookingId } });
  return toStaffBookingResponse(booking, viewer);
}

export function toStaffBookingResponse(booking: TStaffBookingView, viewer: TStaffViewer): TStaffBookingResponse {
  const context = bookingContextOf(
    {
      starts_at: booking.startsAt,
      assignment_failures: booking.assignmentFailures,
      no_show_undo_minutes: booking.noShowUndoMinutes,
      check_in_lead_minutes: booking.checkInLeadMinutes,
    },
    { actor: viewer.actor, now: viewer.now, noShowAt: booking.noShowAt },
  );
  return {
    ...toBookingResponse(booking),
    guestEmail: booking.guestEmail,
    guestPhone: booking.guestPhone,
    source: booking.source,
    notes: booking.notes,
    reviewReason: booking.reviewReason,
    allowedEvents: staffAllowedEvents({ role: viewer.actor.role, status: booking.status, context }),
  };
}
