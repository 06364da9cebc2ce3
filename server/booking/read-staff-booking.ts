import type { Queryable } from "@/server/infra/db/open-db";
import type { StaffRole } from "@/server/infra/db/schema";
import type { TBookingActor } from "./machine";
import { readStaffBookingResponse } from "./staff-booking-response";
import type { TStaffBookingResponse } from "./staff-booking-schema";

/**
 * The booking as a staff action's response shows it (after a change, or as a STALE_VERSION's `current`): the one
 * staff booking object, with what this actor may send next. NOT_FOUND if it is gone.
 */
export async function readStaffBooking(
  db: Queryable,
  {
    bookingId,
    actor,
    role,
    now = new Date(),
  }: { bookingId: string; actor: TBookingActor; role: StaffRole; now?: Date },
): Promise<TStaffBookingResponse> {
  return readStaffBookingResponse(db, { bookingId, viewer: { actor: { ...actor, role }, now } });
}
