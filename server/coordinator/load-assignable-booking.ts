import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";
import type { TAssignableBooking } from "./plan-booking-tables";

export type TAssignableBookingRow = TAssignableBooking & {
  status: BookingStatus;
  stateVersion: number;
  assignmentFailures: number;
  autoConfirm: boolean;
};

/** The booking as the coordinator needs it (unlocked read: every write re-checks under the row lock). */
export async function loadAssignableBooking(db: Queryable, bookingId: string): Promise<TAssignableBookingRow | null> {
  const row = await db
    .selectFrom("bookings as b")
    .innerJoin("restaurants as r", "r.id", "b.restaurant_id")
    .select([
      "b.id",
      "b.restaurant_id",
      "b.party_size",
      "b.starts_at",
      "b.ends_at",
      "b.source",
      "b.preferred_zone_id",
      "b.service_period_id",
      "b.status",
      "b.state_version",
      "b.assignment_failures",
      "r.auto_confirm",
    ])
    .where("b.id", "=", bookingId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    restaurantId: row.restaurant_id,
    partySize: row.party_size,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    source: row.source,
    preferredZoneId: row.preferred_zone_id,
    servicePeriodId: row.service_period_id,
    status: row.status,
    stateVersion: row.state_version,
    assignmentFailures: row.assignment_failures,
    autoConfirm: row.auto_confirm,
  };
}
