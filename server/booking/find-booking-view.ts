import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";

/** A booking as its API responses describe it: lifecycle status and version, time, party, and its tables. */
export type TBookingView = {
  id: string;
  restaurantId: string;
  reference: string;
  status: BookingStatus;
  stateVersion: number;
  startsAt: Date;
  endsAt: Date;
  partySize: number;
  guestName: string;
  /** The assigned tables (not holds), by label; empty until the booking is placed and after it is released. */
  tables: { id: string; label: string }[];
};

/**
 * The booking with id `bookingId`, or the booking of `restaurantId` with this reference; undefined when there is
 * none (a reference of another restaurant included). Two reads: the row, then its assigned tables.
 */
export async function findBookingView(
  db: Queryable,
  where: { bookingId: string } | { restaurantId: string; reference: string },
): Promise<TBookingView | undefined> {
  let query = db
    .selectFrom("bookings")
    .select(["id", "restaurant_id", "reference", "status", "state_version", "starts_at", "ends_at", "party_size"])
    .select("guest_name");
  query =
    "bookingId" in where
      ? query.where("id", "=", where.bookingId)
      : query.where("reference", "=", where.reference).where("restaurant_id", "=", where.restaurantId);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const tables = await db
    .selectFrom("allocations as a")
    .innerJoin("tables as t", "t.id", "a.table_id")
    .select(["t.id", "t.label"])
    .where("a.booking_id", "=", row.id)
    .where("a.kind", "=", "assignment")
    .orderBy("t.label")
    .orderBy("t.id")
    .execute();
  return {
    id: row.id,
    restaurantId: row.restaurant_id,
    reference: row.reference,
    status: row.status,
    stateVersion: row.state_version,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    partySize: row.party_size,
    guestName: row.guest_name,
    tables,
  };
}
