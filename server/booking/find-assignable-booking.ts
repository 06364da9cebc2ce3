import type { Queryable } from "@/server/infra/db/open-db";

/**
 * One booking with what assigning it needs from its restaurant (settings, the rules the machine reads) and its
 * service period's seating window, in one read. Unlocked: every write re-checks under the booking's row lock.
 */
export async function findAssignableBooking(db: Queryable, bookingId: string) {
  return db
    .selectFrom("bookings as b")
    .innerJoin("restaurants as r", "r.id", "b.restaurant_id")
    .leftJoin("service_periods as sp", "sp.id", "b.service_period_id")
    .selectAll("b")
    .select([
      "r.auto_confirm",
      "r.timezone",
      "r.slot_minutes",
      "r.venue_version",
      "r.no_show_undo_minutes",
      "r.check_in_lead_minutes",
      "sp.opens_at",
      "sp.last_seating_at",
    ])
    .where("b.id", "=", bookingId)
    .executeTakeFirst();
}

export type TAssignableBookingRecord = NonNullable<Awaited<ReturnType<typeof findAssignableBooking>>>;
