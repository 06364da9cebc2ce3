import type { Queryable } from "@/server/infra/db/open-db";
import type { BookingStatus } from "@/server/infra/db/schema";

export type TBookingStatusRow = { id: string; status: BookingStatus; startsAt: Date };

/** Status and start of each of these bookings that exists (missing ids are simply absent). */
export async function findBookingStatuses(db: Queryable, bookingIds: readonly string[]): Promise<TBookingStatusRow[]> {
  if (bookingIds.length === 0) return [];
  const rows = await db
    .selectFrom("bookings")
    .select(["id", "status", "starts_at"])
    .where("id", "in", [...bookingIds])
    .execute();
  return rows.map((r) => ({ id: r.id, status: r.status, startsAt: new Date(r.starts_at) }));
}
