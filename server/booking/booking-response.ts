import type { BookingStatus } from "@/server/infra/db/schema";
import type { TBookingView } from "./find-booking-view";

/**
 * The booking object of every booking-client response (GET/DELETE /api/bookings/{reference}, POST /api/bookings):
 * `version` is the compare-and-set version a later change must name; `tables` are empty until the booking is
 * placed. No guest contact details, notes or internal state (review reasons, failures) reach a client.
 */
export type TBookingResponse = {
  id: string;
  reference: string;
  status: BookingStatus;
  version: number;
  startsAt: string;
  endsAt: string;
  partySize: number;
  guestName: string;
  tables: { id: string; name: string }[];
};

export function toBookingResponse(booking: TBookingView): TBookingResponse {
  return {
    id: booking.id,
    reference: booking.reference,
    status: booking.status,
    version: booking.stateVersion,
    startsAt: booking.startsAt.toISOString(),
    endsAt: booking.endsAt.toISOString(),
    partySize: booking.partySize,
    guestName: booking.guestName,
    tables: booking.tables.map((table) => ({ id: table.id, name: table.label })),
  };
}
